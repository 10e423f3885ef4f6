"""The counted noun of a figure: where the noun it counts is written, from jieba's tags.

The noun phrase right after the unit ("174个党员先锋岗" → 党员先锋岗), or, when none
follows, the one right before the numeral ("方舱医院床位3500张" → 床位). jieba's
part-of-speech tagger decides what a noun is, through the Segmenter
(reader/text/segment.py), and only on a short window around the figure. Durations
and ages count nothing. What the unit itself says narrows the choice:

- 人 is itself a noun (a person): a noun after "119246人" is what the people do or
  have (核酸检测工作), never what is counted; before it, only a noun naming people
  (患者, 接触者, 旅客) or one joined by a link word (党员共有156人) is the group.
- money measures money: the noun before an amount is its fund (资金, 党费, 物资价值)
  or else a payer, recipient or purchase (武汉市297万元, 采购防控物资1749万元), which
  the amount does not count; 价值 alone before it means "worth" (价值6万元的防护用品).
- 例 counts cases whose noun (病例) is usually left out: a status right after it
  names them (10例境外移入, 16216例确诊, 1例不明).
"""

from __future__ import annotations

from typing import Any

from reader.extraction.units import kind_of
from reader.text.segment import Segmenter

WINDOW = 12  # characters looked at on each side of a figure
# jieba flags of words that can head a counted noun phrase (zg/k: suffixes such as 员, 者).
NOUNISH = frozenset(
    ("n", "nr", "nrfg", "nrt", "ns", "nt", "nz", "nw", "ng", "vn", "an", "j", "l", "eng", "zg", "k")
)
SUFFIXES = frozenset(("zg", "k"))
# Flags that may open a phrase before its first noun: 疑似病人, 不明原因肺炎患者, 青年志愿者,
# 中风险地区, 密接人员 (ad).
OPENERS = frozenset(("b", "a", "ad", "s", "f", "v", "t", "nrfg"))
MONEY_OPENERS = OPENERS - {"v"}
# Words jieba tags as nouns that are quantifiers or adverbs here: 全部进入, 总数为.
NOT_NOUNS = frozenset(
    ("全部", "全体", "所有", "总数", "总计", "合计", "累计", "其中", "以上", "左右", "目前", "时")
)
# Words skipped when looking back from the numeral: 党员共有156人, 床位达到13348张, 总数的24.9%,
# 宜兰县及花莲县各2例 (各, 分别: "each", "respectively", like 都/均).
LINKS = frozenset(
    ("达到", "达", "为", "是", "有", "共", "共有", "已有", "约", "总计", "合计", "总数", "的", "都", "均",
     "已", "还有", "仍有", "已达", "最多", "多达", "最", "共计", "计", "超过", "超", "逾", "近",
     "将近", "接近", "各", "分别", "已经")
)  # fmt: skip
# "Worth": alone before an amount it links a thing to its price (价值6万元的防护用品,
# 2465台价值1540万元的空调); after a noun it is part of it (物资价值).
WORTH = frozenset(("价值", "总价值", "价值约"))
CLAUSE = frozenset('，,。；;：:！!？?、（）()"「」《》\n 　')
QUOTES = frozenset("“”")  # a quoted name inside the phrase stays in it: 30名“大白”志愿者
NOT_COUNTED = frozenset(("time", "age"))
MONEY = ("元", "美元", "欧元", "港元", "港币", "新台币", "台币", "英镑", "日元", "块钱")
PERCENT = ("%", "％", "‰", "百分之")
# Units that are themselves nouns for people: what follows them is not what they count.
PERSON_UNITS = ("人", "人次")
# A bare 人 count names its group before it only through a link or with a noun for people.
LINKED_ONLY = ("人",)
# Last characters (or words) of nouns for people: 患者, 党员, 旅客, 居民, 群众, 学生 …
PERSON_ENDS = tuple("者员客民众生师工士兵属户友手官")
PERSON_WORDS = frozenset(("干部", "同志", "代表", "老人", "病人", "儿童", "家长", "人口", "人士"))
# Heads of nouns for money, which an amount can count: 资金, 善款, 党费, 基金, 物资价值, 总额 …
MONEY_ENDS = tuple("款费金钱税额价值薪资")
NOT_MONEY = ("物资",)  # goods, whose 资 is not money
MONEY_WORDS = frozenset(
    ("资金", "募资", "集资", "投资", "出资", "融资", "工资", "资产", "收入", "产值", "利润", "补贴",
     "补助", "成本", "预算", "营收", "款物", "捐款", "捐资")
)  # fmt: skip
CASE_UNITS = ("例",)
CASE_STATUS_MAX = 6  # characters of a case status after 例 (境外移入, 移除为空号)
CONJUNCTIONS = frozenset(("及", "和", "与", "或", "以及", "并"))


def _clause_after(text: str, end: int) -> int:
    """End of the clause that starts at ``end`` (at most WINDOW characters)."""
    stop = min(len(text), end + WINDOW)
    for i in range(end, stop):
        if text[i] in CLAUSE:
            return i
    return stop


def _clause_before(text: str, start: int) -> int:
    lo = max(0, start - WINDOW)
    for i in range(start - 1, lo - 1, -1):
        if text[i] in CLAUSE:
            return i + 1
    return lo


def _aside_before(text: str, start: int, floor: int) -> int:
    """Where the words before a figure end, past a parenthetical aside: 确诊病例(轻型)4例."""
    if start > floor and text[start - 1] in ")）":
        lo = max(floor, start - WINDOW)
        opening = max(text.rfind("(", lo, start - 1), text.rfind("（", lo, start - 1))
        if opening > lo:
            return opening
    return start


def _is_noun(word: str, flag: str) -> bool:
    return flag in NOUNISH and word not in NOT_NOUNS and word not in WORTH and bool(word.strip())


def _leading_phrase(tags: list[tuple[str, str]], openers: frozenset[str] = OPENERS) -> int:
    """Characters of the noun phrase the tagged words open with (0 if none).

    Openers (verbs, modifiers, time words) may come before the first noun; after a
    noun, only nouns continue it. The phrase ends on its last noun.
    """
    length = taken = 0
    seen_noun = False
    for word, flag in tags:
        if word in QUOTES:
            taken += len(word)
        elif _is_noun(word, flag):
            taken += len(word)
            length, seen_noun = taken, True
        elif not seen_noun and flag in openers and word not in LINKS:
            taken += len(word)
        else:
            break
    return length


def _case_status(tags: list[tuple[str, str]]) -> tuple[int, int]:
    """(characters skipped, characters of the status) after 例 when no noun follows.

    A link (为) may come first; the status runs to a conjunction or the clause's end,
    and is short: a longer run is a clause of its own (4例来自于华南海鲜市场的…).
    """
    skip = length = 0
    words = list(tags)
    while words and words[0][0] in LINKS | {"為"}:
        skip += len(words.pop(0)[0])
    if not words or not words[0][1].startswith(("v", "a", "s")):
        return 0, 0
    for word, _flag in words:
        if word in CONJUNCTIONS or not word.strip():
            break
        length += len(word)
    return (skip, length) if length <= CASE_STATUS_MAX else (0, 0)


def _trailing_phrase(tags: list[tuple[str, str]]) -> tuple[int, int, str]:
    """(characters of the noun phrase the tagged words end with, characters of links after it,
    its last word).

    Links (共有, 达到, 的) between the noun and the numeral are skipped: 党员共有156人.
    A suffix (者) takes in the verb it makes a noun of: 接触者.
    """
    words = list(tags)
    tail = 0
    while words and words[-1][0] in LINKS:
        tail += len(words.pop()[0])
    length, head, taken = 0, "", []
    for word, flag in reversed(words):
        if not (_is_noun(word, flag) or word in WORTH) or (flag == "vn" and not length):
            if taken == [words[-1]] and words[-1][1] in SUFFIXES and word.strip():
                length += len(word)  # 接触 + 者
            break  # a verbal noun (排查, 检测) right before is an action, not what is counted
        length += len(word)
        head = head or word
        taken.append((word, flag))
    if all(word in WORTH for word, _ in taken):
        return 0, tail, head  # 价值 alone means "worth": no noun phrase
    return length, tail, head


def _names_people(head: str, phrase: str) -> bool:
    return head in PERSON_WORDS or phrase.endswith(PERSON_ENDS) or phrase.endswith(tuple(PERSON_WORDS))


def _names_money(head: str, phrase: str) -> bool:
    return head in MONEY_WORDS or (
        phrase.endswith(MONEY_ENDS) and not phrase.endswith(NOT_MONEY) and phrase not in WORTH
    )


def counted_span(
    text: str,
    start: int,
    end: int,
    attrs: dict[str, Any],
    segmenter: Segmenter,
    bounds: tuple[int, int] | None = None,
) -> tuple[int, int] | None:
    """Where the noun a figure text[start:end] counts is written, or None.

    Durations and ages count nothing; a percentage names what it is a share of
    before it (覆盖率超过12%). ``bounds`` are the ends of the neighbouring figures: a
    noun is never looked for across one.
    """
    floor, ceiling = bounds or (0, len(text))
    unit = str(attrs.get("unit") or "")
    kind = kind_of(unit) if unit else ""
    if kind in NOT_COUNTED or (kind == "measure" and unit not in MONEY + PERCENT):
        return None
    if unit not in PERCENT and unit not in PERSON_UNITS:
        stop = min(_clause_after(text, end), ceiling)
        if stop > end:
            tags = segmenter.pos_tag(text[end:stop])
            # After an amount of money a verb is what the money is for (55万元用于…).
            length = _leading_phrase(tags, MONEY_OPENERS if unit in MONEY else OPENERS)
            if length:
                return end, end + length
            if unit in CASE_UNITS:
                skip, length = _case_status(tags)
                if length:
                    return end + skip, end + skip + length
    hi = _aside_before(text, start, floor)
    lo = max(_clause_before(text, hi), floor)
    if lo >= hi:
        return None
    length, tail, head = _trailing_phrase(segmenter.pos_tag(text[lo:hi]))
    if not length:
        return None
    phrase = text[hi - tail - length : hi - tail]
    if unit in LINKED_ONLY and not tail and not _names_people(head, phrase):
        return None
    if unit in MONEY and not _names_money(head, phrase):
        return None
    return hi - tail - length, hi - tail
