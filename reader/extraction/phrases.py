"""Noun phrases read off jieba's part-of-speech tags: the word-level half of counted.py.

Each reader takes the tagged words on one side of a figure and returns word indexes
(first, last) of a phrase, or None. jieba tags news words inconsistently (火速 a noun,
确诊 a verb); the shipped dictionary (reader/data/userdict.txt) corrects the tags of
the domain's words, and the readers lean on what is true of Chinese noun phrases:
modifiers come before their head, a verb after a head noun begins the predicate, 的
ends a modifier, 、/和/及 join two nouns.
"""

from __future__ import annotations

import re

Tag = tuple[str, str]  # (word, jieba flag)

NOUNS = frozenset(("n", "nr", "nrfg", "nrt", "ns", "nt", "nz", "nw", "ng", "an", "j", "eng", "zg", "k", "q"))
NAMES = frozenset(("nr", "nrfg", "nrt"))
PLACES = frozenset(("ns",))
# May stand before a head noun in its phrase: 疑似病人, 不明原因肺炎患者, 中风险地区, 新型冠状病毒.
MODIFIERS = frozenset(("a", "b", "f", "v", "vn", "i", "l", "s", "an", "vd", "z"))
# Words jieba tags as nouns that quantify, point or tell a time: 全部进入, 目前.
NOT_NOUNS = frozenset(
    ("全部", "全体", "所有", "总计", "合计", "累计", "其中", "以上", "左右", "目前", "时", "期间", "当日",
     "当天", "今天", "昨天", "现在", "同时", "之后", "以来", "一线", "当中")
)  # fmt: skip
# Between a noun and its number (rule 3): 党员共有156人, 床位达到13348张, 宜兰县及花莲县各2例.
LINKS = frozenset(
    ("达到", "达", "為", "为", "是", "有", "共", "共有", "已有", "约", "总计", "合计", "都", "均",
     "已", "还有", "仍有", "已达", "最多", "多达", "共计", "计", "累计", "其中", "各", "分别", "占",
     "佔", "已经", "总共", "一共", "超过", "超", "逾", "近", "将近", "接近", "不到", "不足")
)  # fmt: skip
# Verbs that report, handle or plan what is counted: the predicate, never part of its
# noun (新增本土确诊87例 → 本土确诊; 接种新冠疫苗 → 新冠疫苗; 预计进出港旅客 → 进出港旅客).
PREDICATES = frozenset(
    ("新增", "接种", "接收", "接受", "完成", "收治", "排查", "采购", "购买", "购置", "发放", "派出",
     "抽调", "报告", "发现", "确认", "出现", "核减", "排除", "登记", "调派", "选派", "动员", "召开",
     "开展", "拥有", "走访", "慰问", "摸排", "招募", "征集", "收到", "募集", "筹集", "拨付", "下拨",
     "划拨", "匡列", "预计", "计划", "需要", "涉及", "包含", "包括", "覆盖", "惠及", "帮助", "检查",
     "督导", "组建", "成立", "设立", "建立", "安排", "运抵", "启运", "发往", "运往", "送往", "投入",
     "取得", "获得", "领取", "得到")
)  # fmt: skip
COORDINATORS = frozenset(("和", "及", "与", "或", "以及", "、", "跟", "同", "暨"))
QUOTES = frozenset('“”"「」『』')
BOUNDARY = frozenset("，,。；;：:！!？?（）()《》\n\t 　…")
PREPOSITIONS = frozenset(("在", "于", "於", "从", "從", "赴", "到", "自", "向", "对", "由", "经"))
# 为 and the verbs ending in it: "3例由疑似病例转为确诊病例", "110例移除为空号".
BECOME = frozenset(("为", "為", "转为", "轉為", "改为", "变为", "调整为", "移除为", "列为", "确诊为"))
# "The whole X", "each X": a scope, like a place, never counted (覆盖全村646户).
SCOPE = re.compile(r"^(?:全|各|本|该|每)(?:国|省|市|县|区|镇|乡|村|街道|社区|州|旗|院|校|厂)$")
LEVEL = re.compile(r"^(?:[一二三四五六七八九十]|\d)+级$")  # 一级网格22个: a level is part of the noun
ITEM_ENDS = frozenset(("另", "其中", "分别", "分別", "等"))
RUN_STOPS = frozenset(("d", "p", "r", "m", "c", "u", "uj", "x"))
MAX_STATUS = 8  # characters of a status after 例 (境外移入, 移除为空号)
MAX_CASE_NOUN = 16  # a case noun phrase after 例 ending on a noun (新型冠状病毒肺炎相关通报)

_ASCII = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]*")


def merge_latin(tags: list[Tag]) -> list[Tag]:
    """A Latin-and-digit run is one noun, as written: COVID-19, 5G (jieba cuts COVID / - / 19)."""
    out: list[Tag] = []
    for word, flag in tags:
        latin = bool(_ASCII.fullmatch(word)) or word in ("-", "－")
        if latin and out and out[-1][1] == "eng" and (_has_letter(out[-1][0]) or _has_letter(word)):
            out[-1] = (out[-1][0] + word, "eng")
        elif latin and word not in ("-", "－") and (_has_letter(word) or _next_is_letter(tags, word)):
            out.append((word, "eng"))
        else:
            out.append((word, flag))
    return out


def _next_is_letter(tags: list[Tag], word: str) -> bool:
    n = next((i for i, (w, _) in enumerate(tags) if w is word), -1)
    return 0 <= n < len(tags) - 1 and _has_letter(tags[n + 1][0]) and bool(_ASCII.fullmatch(tags[n + 1][0]))


def _has_letter(word: str) -> bool:
    return any("A" <= ch.upper() <= "Z" for ch in word)


def words(tags: list[Tag], first: int, last: int) -> str:
    return "".join(w for w, _ in tags[first:last])


def chars(tags: list[Tag], n: int) -> int:
    """Characters of the first ``n`` words."""
    return sum(len(w) for w, _ in tags[:n])


def is_noun(word: str, flag: str) -> bool:
    nounish = flag in NOUNS or flag.startswith("n")
    return nounish and word not in NOT_NOUNS and word.strip() != ""


def is_modifier(word: str, flag: str) -> bool:
    return (flag in MODIFIERS or bool(LEVEL.match(word))) and word not in LINKS and word not in NOT_NOUNS


def is_predicate(tags: list[Tag], n: int) -> bool:
    """A verb of reporting or handling that is the clause's predicate; not when it is
    glued to a one-character noun (接收方)."""
    word, _flag = tags[n]
    glued = n + 1 < len(tags) and len(tags[n + 1][0]) == 1 and is_noun(*tags[n + 1])
    return word in PREDICATES and not glued


# --- after the unit ------------------------------------------------------------------


def phrase_after(tags: list[Tag]) -> tuple[int, int] | None:
    """The noun phrase ``tags`` open with: modifiers (adjectives, verbs, levels, joined by
    和/、) may come before its first noun; after a noun, nouns continue it, and so do a
    coordination (、 和 及 等) or a run of distinguishing words and verbal nouns that leads
    on to another noun (疫情防控工作领导小组), and a verbal noun that ends the clause
    (6项重点工作). A verb after a noun begins the predicate."""
    n, head = 0, -1
    while n < len(tags):
        word, flag = tags[n]
        if word in QUOTES:
            n += 1
        elif is_noun(word, flag):
            head, n = n, n + 1
        elif head < 0 and is_modifier(word, flag) and not is_predicate(tags, n):
            n += 1
        elif head < 0 and n > 0 and word in COORDINATORS and n + 1 < len(tags) and is_modifier(*tags[n + 1]):
            n += 1  # 预防和治疗中药配方颗粒
        elif n > 0 and (word in COORDINATORS or word == "等"):
            following = next_noun(tags, n + 1, verb=True)
            if following is None:
                break
            n = following
        elif head >= 0 and flag in ("vn", "b") and next_noun(tags, n + 1) is not None:
            n = next_noun(tags, n + 1) or n + 1
        elif head == n - 1 and flag == "vn" and (n + 1 == len(tags) or tags[n + 1][1] in ("p", "d")):
            head, n = n, n + 1
        else:
            break
    return None if head < 0 else (0, head + 1)


def next_noun(tags: list[Tag], n: int, verb: bool = False) -> int | None:
    """Where a noun comes next, past adjectives and verbal nouns only (a coordination
    must lead to one); with ``verb``, also past one verb right before the noun (驻村干部)."""
    while n < len(tags):
        word, flag = tags[n]
        if is_noun(word, flag):
            return n
        glued_verb = verb and flag == "v" and n + 1 < len(tags) and is_noun(*tags[n + 1])
        if not (flag in ("a", "b", "f", "vn") or LEVEL.match(word) or word in QUOTES or glued_verb):
            return None
        n += 1
    return None


def relative_clause(tags: list[Tag]) -> int | None:
    """Words of a relative clause that opens ``tags`` with a verb or a preposition and
    ends in 的 (涉及学生的, 可供隔离人员使用的, 像史双林这样的), 的 included; None if none."""
    if not tags or is_noun(*tags[0]) or tags[0][0] in QUOTES:
        return None
    for n, (word, _flag) in enumerate(tags):
        if word == "的" and n + 1 < len(tags):
            return n + 1
        if word in BOUNDARY or word in COORDINATORS:
            return None  # 扩音功放机与村里的大喇叭: the 的 is another item's
    return None


def after_become(tags: list[Tag]) -> int | None:
    """Words up to and including 为 / 转为 / 移除为 near the start (3例由疑似病例转为确诊病例)."""
    for n, (word, _flag) in enumerate(tags[:6]):
        if word in BECOME or (n > 0 and len(word) <= 3 and word.endswith(("为", "為"))):
            return n + 1
        if word in BOUNDARY:
            break
    return None


def case_run(tags: list[Tag]) -> tuple[int, bool] | None:
    """(words, reaches the item's end) of a status after 例 (境外移入, 调查中, 航空器感染)
    or of a case noun phrase running to the end of its item (COVID-19确定病例), when short."""
    count = length = 0
    for word, flag in tags:
        if word in COORDINATORS or word in BOUNDARY or word in ITEM_ENDS or flag in RUN_STOPS:
            break
        count, length = count + 1, length + len(word)
    if not count:
        return None
    whole = count == len(tags) or tags[count][0] in BOUNDARY | COORDINATORS | ITEM_ENDS
    if length <= MAX_STATUS or (length <= MAX_CASE_NOUN and is_noun(*tags[count - 1])):
        return count, whole
    return None


# --- before the number ---------------------------------------------------------------


def links_before(tags: list[Tag]) -> int:
    """Where the words before a number end once the link words right before it are left out."""
    n = len(tags)
    while n and (tags[n - 1][0] in LINKS or tags[n - 1][0] in QUOTES):
        n -= 1
    return n


def phrase_before(tags: list[Tag], n: int) -> tuple[int, int | None]:
    """The first word of the noun phrase that ends with word ``n - 1``, read backwards:
    nouns, modifiers and verbs inside it, 、/和/等 between two nouns (or two verbs), a
    quoted name or a book title whole; a link, a predicate, a place, a scope, 的 or
    punctuation ends it, and so does a preposition with its place (在沪密切接触者 →
    密切接触者). Returns (first word, the predicate verb it stopped at, if it did)."""
    first = n - 1
    k = n - 2
    predicate = None
    while k >= 0:
        word, flag = tags[k]
        if word in CLOSING:
            opening = _opening(tags, k)
            if opening is None:
                break
            first, k = opening, opening - 1
            continue
        if (word in COORDINATORS or word == "等") and k > 0 and _joins(tags, k):
            first, k = k - 1, k - 2  # 宣传册、宣传单; 工人和农民; 预防和治疗
            continue
        if (
            word in LINKS
            or word in BOUNDARY
            or word == "的"
            or flag in PLACES
            or flag in ("s", "d", "ad", "p", "r", "m", "t", "c", "u", "uj")
            or SCOPE.match(word)
        ):
            break
        if is_predicate(tags, k):
            predicate = k
            break
        if flag in ("v", "vd") and k > 0 and _subject_before(tags[k - 1]):
            predicate = k  # 企业捐赠酒精, 医院集中救治: a subject and its verb, the noun after is counted
            break
        if is_noun(word, flag) or is_modifier(word, flag) or flag in ("v", "vn") or word in QUOTES:
            first, k = k, k - 1
            continue
        break
    if k >= 0 and tags[k][0] in PREPOSITIONS and tags[first][1] in ("j", "ns", "s") and first < n - 1:
        first += 1
    while first < n - 1 and tags[first][0] in COORDINATORS:
        first += 1
    return first, predicate


CLOSING = {"”": "“", "」": "「", "』": "『", "》": "《", '"': '"'}


def _opening(tags: list[Tag], k: int) -> int | None:
    """The word index of the opening mark of the quoted name or title closed at ``k``
    (“战时”临时党支部, 《致全县人民书》等资料), if it is short."""
    opening = CLOSING[tags[k][0]]
    for i in range(k - 1, max(-1, k - 8), -1):
        if tags[i][0] == opening:
            return i
        if tags[i][0] in BOUNDARY:
            return None
    return None


def _joins(tags: list[Tag], k: int) -> bool:
    """The coordinator at ``k`` joins two nouns, or two verbs (预防和治疗)."""
    left, right = tags[k - 1], tags[k + 1] if k + 1 < len(tags) else ("", "")
    if is_noun(*left) and left[1] not in PLACES:
        return True
    return left[1] in ("v", "vn") and right[1] in ("v", "vn")


# Who acts: words for institutions and people, whose verb after them is a predicate.
AGENT_ENDS = (
    "企业", "公司", "单位", "医院", "政府", "部门", "学校", "组织", "机构", "协会", "银行", "集团", "商会",
    "个人", "社区", "村委", "街道", "工人", "群众", "党员", "干部", "居民", "职工", "市民", "人员", "者",
    "员", "民", "委", "局", "办", "站", "所", "队", "厂", "店",
)  # fmt: skip


def is_agent(phrase: str) -> bool:
    return phrase.endswith(AGENT_ENDS)


def _subject_before(word: Tag) -> bool:
    """What stands before a verb makes it the clause's predicate: an agent, an adverb, a
    place word (县里), or another verb."""
    text, flag = word
    return is_agent(text) or flag in ("d", "ad", "s", "v", "vd", "vn") or text.endswith(("里", "内", "上"))


def verb_prefix(word: str) -> int:
    """Characters of a predicate jieba joined to its object in one word (收治病人 → 2)."""
    return next((len(v) for v in PREDICATES if word.startswith(v) and len(word) > len(v) + 1), 0)


def leading_verb(tags: list[Tag], first: int, n: int) -> bool:
    """The phrase tags[first:n] opens with a verb that takes the rest as its object (not
    one glued to a one-character noun: 返港渔船)."""
    return tags[first][1] in ("v", "vd") and first + 1 < n and len(tags[first + 1][0]) > 1
