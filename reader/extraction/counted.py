"""What a figure counts (`counted`): candidates by the guidelines' rules, one chosen.

The guidelines' "What is counted" section, in its order, inside the figure's own
clause (never across another figure):

1. the noun phrase right after the unit, up to its head noun ("8200余名党员" → 党员);
   after a relative clause ending in 的, the head after it ("7宗涉及学生的输入个案" →
   输入个案), but a noun right before 的 is the possessor the unit counts ("7个县直单位的
   113名党员" → 县直单位); after 为 or a 由…转为 phrase, the noun it ends in;
2. after 例/宗/起 with no noun after it, the status written right after the unit
   ("10例境外输入" → 境外输入);
3. else the noun phrase right before the number, with only link words between (共, 累计,
   其中, 各, 分别, 达, 为, 有, 约, 占 and a bracketed aside), a leading verb of reporting
   dropped ("新增本土确诊87例" → 本土确诊);
4. else nothing.

Never: durations, ages, percentages, temperatures, distances, a place, a person's name,
a time word, a group's size ("30人的先锋队"). Money counts the thing or the money's
name, never the payer, the recipient or what it bought.

Each rule proposes candidates (`Candidate`: a span of the text, or none), each with
features; `choose` scores them with weights: the rules' own order by default
(`RULE_PRIOR`), or weights a project learned from its tags (reader/extraction/ranker.py).
jieba's part-of-speech tags, through the Segmenter, decide what a noun is, on a few
characters around the figure only; domain words it tags wrongly are corrected there
(reader/data/userdict.txt).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reader.extraction import phrases as ph
from reader.extraction.phrases import BOUNDARY, NAMES, PLACES, SCOPE, Tag
from reader.extraction.units import kind_of
from reader.text.segment import Segmenter
from reader.text.spans import Span

WINDOW = 30  # characters looked at on each side of a figure, at most (the clause decides)

# --- what a unit says ------------------------------------------------------------------
MONEY = frozenset(
    ("元", "万元", "亿元", "千元", "百元", "美元", "欧元", "歐元", "港元", "港币", "港幣", "新台币", "新臺幣",
     "台币", "臺幣", "英镑", "英鎊", "日元", "块钱", "塊錢", "角")
)  # fmt: skip
PERCENT = frozenset(("%", "％", "‰", "百分之", "个百分点", "個百分點", "百分点", "百分點", "成"))
# Temperatures, distances and multiples count nothing.
SCALES = frozenset(
    ("℃", "摄氏度", "攝氏度", "华氏度", "華氏度", "度", "米", "公里", "千米", "厘米", "毫米", "公尺", "里",
     "裏", "倍", "度电", "度電", "步")
)  # fmt: skip
PERSON_UNITS = frozenset(("人", "人次"))  # themselves nouns for people: nothing after them is counted
# Units that count people or cases: their phrase ends on its last word for people
# (11名医护人员火速赶往现场 → 医护人员; 3例不明原因肺炎患者情况 → 不明原因肺炎患者).
PEOPLE_UNITS = frozenset(("名", "位", "例", "员", "員"))
INSTITUTION_UNITS = frozenset(("家", "所", "座"))  # 3800多家企业人员: the enterprises
CASE_UNITS = frozenset(("例", "宗", "起"))
# Activities after 轮/次 are not counted (三轮核酸检测); a meeting or other event is.
FREQUENCY_UNITS = frozenset(("次", "轮", "輪", "遍", "趟", "回"))
EVENT_ENDS = ("会", "會", "议", "議", "赛", "賽", "演练", "演練", "讲座", "講座", "仪式", "儀式", "活动",
              "活動")  # fmt: skip
PERSON_ENDS = tuple("者员員客民众眾生师師工士兵属屬友手官警医醫女男童孩")
PERSON_WORDS = (
    "干部", "幹部", "同志", "代表", "老人", "病人", "儿童", "家长", "人口", "人士", "人员", "人員", "党员",
    "黨員", "群众", "群眾", "患者", "病患", "职工", "職工", "队员", "隊員", "骨干", "书记", "書記", "男性",
    "女性", "男子", "女子", "居民", "村民", "家属", "亲属", "学生", "青年", "少年", "住户", "住戶", "人数",
    "人數", "病例", "警力", "兵力", "人力",
)  # fmt: skip
MONEY_ENDS = tuple("款费費金钱錢税稅额額资資薪")
MONEY_WORDS = ("价值", "價值", "款物", "善款", "资金", "党费", "捐款", "募资", "集资")
WORTH = frozenset(("价值", "总价值", "價值", "總價值", "总值"))
GOODS_ENDS = tuple("物品药藥械具材粮糧菜果奶衣服罩套盒箱瓶桶袋包被液剂劑苗米面麵油肉蛋粒")
# Verbs of giving before money name it when no noun is written (捐款1.7万元 → 捐款).
GIVING = ("捐", "募资", "集资", "赠")
# Money that bought something or is spent on a purpose counts nothing (采购防控物资1749万元).
SPENDING = ("采购", "购买", "购置", "购进", "用于", "用作", "支付", "拨付", "花费")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible counted noun: text[start:end] (start == end: none), the rule that
    proposed it, and the features a ranker weighs (`choose`)."""

    rule: str
    start: int
    end: int
    features: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return self.start >= self.end


# How candidates rank when nothing was learned: the guidelines' order of the rules.
RULE_PRIOR: dict[str, float] = {
    "rule=never": 100.0,  # a kind of figure that counts nothing, whatever else is written
    "rule=item": 55.0,  # after 例: a case phrase running to the end of its item
    "rule=after": 50.0,
    "rule=after-of": 51.0,  # past a relative clause ending in 的: its head
    "rule=after-become": 48.0,
    "rule=status": 40.0,
    "rule=before": 30.0,
    "rule=before-verb": 25.0,
    "rule=none": 10.0,
}


PRIOR = "prior"  # the feature that carries the rules' own order into learned weights


def prior(candidate: Candidate) -> float:
    """The rules' own score of a candidate (their order), scaled for the ranker."""
    return sum(RULE_PRIOR.get(f, 0.0) for f in candidate.features) / 10.0


def score(candidate: Candidate, weights: Mapping[str, float]) -> float:
    """A candidate's score: the rules' order, and what a project learned (ranker.py)."""
    total = weights.get(PRIOR, 10.0) * prior(candidate)
    for feature in candidate.features:
        total += weights.get(feature, 0.0)
    return total


def choose(candidates: list[Candidate], weights: Mapping[str, float] | None = None) -> Candidate:
    """The best-scored candidate; the first of equals (the rules list them in their order).
    Without learned ``weights``, the rules' order decides."""
    weights = weights or {}
    best, best_score = candidates[0], float("-inf")
    for candidate in candidates:
        value = score(candidate, weights)
        if value > best_score:
            best, best_score = candidate, value
    return best


def counted_places(
    text: str,
    figures: list[Span],
    segmenter: Segmenter,
    weights: Mapping[str, float] | None = None,
) -> list[tuple[int, int] | None]:
    """Where each figure's counted noun is written in ``text`` (None: nothing counted).

    Figures written one right after another share the noun written before the first
    ("捐赠酒精10桶十瓶1大箱" → 酒精 for each; "群众近5000户15000余人" → 群众)."""
    wheres: list[tuple[int, int] | None] = []
    for n, figure in enumerate(figures):
        start = figure.start
        floor = figures[n - 1].end if n else 0
        ceiling = figures[n + 1].start if n + 1 < len(figures) else len(text)
        # A noun is never looked for across the figure before or after.
        found = candidates(text, start, figure.end, figure.attrs, segmenter, (floor, ceiling))
        chosen = choose(found, weights)
        where = None if chosen.empty else (chosen.start, chosen.end)
        if where is None and n and floor == start and wheres[-1] is not None and wheres[-1][1] <= floor:
            where = wheres[-1] if wheres[-1][0] < figures[n - 1].start else None
        wheres.append(where)
    return wheres


def unit_class(unit: str) -> str:
    """What a unit measures, as the counted rules need it."""
    if not unit:
        return "bare"
    if unit in PERCENT:
        return "percent"
    if unit in MONEY:
        return "money"
    if unit in SCALES:
        return "scale"
    kind = kind_of(unit)
    if kind in ("time", "age"):
        return kind
    if unit in PERSON_UNITS:
        return "person"
    if unit in CASE_UNITS:
        return "case"
    if kind == "measure":
        return "amount"  # weight, volume, area: the thing measured
    if kind == "list":
        return "list"
    return "count"


def candidates(
    text: str,
    start: int,
    end: int,
    attrs: dict[str, Any],
    segmenter: Segmenter,
    bounds: tuple[int, int] | None = None,
) -> list[Candidate]:
    """Every candidate the rules propose for the figure text[start:end], in the rules'
    order, ending with none."""
    floor, ceiling = bounds or (0, len(text))
    unit = str(attrs.get("unit") or "")
    kind = unit_class(unit)
    context = (f"unit={kind}",)
    if kind in ("percent", "scale", "time", "age"):
        return [Candidate("never", start, start, ("rule=never", *context))]
    found: list[Candidate] = []
    after_start = _past_worth(text, end, ceiling)
    stop = _clause_end(text, after_start)
    if after_start == end:
        stop = min(stop, ceiling)
    after = tag(segmenter, text[after_start:stop]) if stop > after_start else []
    if kind == "person":
        if after and after[0][0] == "的":  # 30人的先锋队: a group's size
            return [Candidate("never", start, start, ("rule=never", *context, "group-size"))]
    else:
        between = text[floor:start]
        listed = len(between) <= 8 and any(c in between for c in "、及和与")
        in_list = floor > _clause_start(text, start) and listed
        found += _after(after_start, after, unit, kind, in_list)
    hi = _aside_before(text, start, floor)
    lo = max(_clause_start(text, hi), floor)
    if hi > lo:
        found += _before(tag(segmenter, text[lo:hi]), lo, unit, kind, text[lo:hi])
    found.append(Candidate("none", start, start, ("rule=none",)))
    return [_with(c, context) for c in found]


def tag(segmenter: Segmenter, text: str) -> list[Tag]:
    return ph.merge_latin(segmenter.pos_tag(text))


def _with(candidate: Candidate, context: tuple[str, ...]) -> Candidate:
    extra = tuple(f"{f}|{c}" for f in candidate.features if f.startswith("rule=") for c in context)
    return Candidate(candidate.rule, candidate.start, candidate.end, candidate.features + context + extra)


def _cand(
    rule: str, base: int, tags: list[Tag], phrase: tuple[int, int], extra: tuple[str, ...] = (), skip: int = 0
) -> Candidate:
    first, last = phrase
    start, end = base + ph.chars(tags, first) + skip, base + ph.chars(tags, last)
    head = tags[last - 1][0] if last > first else ""
    lead = tags[first][0] if last > first else ""
    features = (f"rule={rule}", f"{rule}|head={head}", f"{rule}|lead={lead}", *extra)
    return Candidate(rule, start, end, features)


def _past_worth(text: str, end: int, ceiling: int) -> int:
    """After "2465台价值1540万元的空调": where the phrase of 台 begins, past the price
    (another figure) and its 的; else ``end``."""
    for word in WORTH:
        if text.startswith(word, end) and end + len(word) <= ceiling <= end + len(word) + 2:
            of = text.find("的", ceiling, ceiling + WINDOW)
            cut = min((i for i in (text.find(c, ceiling, of) for c in BOUNDARY) if i >= 0), default=-1)
            if of >= 0 and cut < 0:
                return of + 1
    return end


def _names_people(phrase: str) -> bool:
    return phrase.endswith(PERSON_ENDS) or phrase.endswith(PERSON_WORDS)


def _names_money_or_goods(phrase: str) -> bool:
    return phrase.endswith(MONEY_ENDS) or phrase.endswith(GOODS_ENDS) or phrase.endswith(MONEY_WORDS)


# --- rule 1 and 2: after the unit ---------------------------------------------------


def _after(base: int, tags: list[Tag], unit: str, kind: str, in_list: bool) -> list[Candidate]:
    if not tags:
        return []
    if in_list:
        tags = tags[: next((n for n, (w, _) in enumerate(tags) if w == "等"), len(tags))]
    out: list[Candidate] = []
    if kind == "money":
        if tags[0][0] == "的":  # 价值N元的X, 每人50万元的保险: the thing after 的
            return _phrase(out, "after-of", base + 1, tags[1:], unit)
        phrase = ph.phrase_after(tags)
        if phrase and (ph.is_noun(*tags[0]) or _names_money_or_goods(ph.words(tags, *phrase))):
            out.append(_cand("after", base, tags, phrase))
        return out
    if kind == "case":
        become = ph.after_become(tags)
        if become is not None:
            rest = tags[become:]
            _phrase(out, "after-become", base + ph.chars(tags, become), rest, unit)
            run = ph.case_run(rest)
            if not out and run is not None:
                out.append(_cand("status", base + ph.chars(tags, become), rest, (0, run[0])))
        run = ph.case_run(tags)
        if run is not None:
            out.append(_cand("item" if run[1] else "status", base, tags, _trim(tags, (0, run[0]), unit)))
    relative = ph.relative_clause(tags)
    if relative is not None:
        _phrase(out, "after-of", base + ph.chars(tags, relative), tags[relative:], unit)
    phrase = ph.phrase_after(tags)
    if phrase is None and kind in ("count", "list") and tags[0][1] in ("v", "vn") and _subject_ends(tags, 1):
        phrase = (0, 1)  # 两份通知分别于: right after a measure word, a word is its noun
    if phrase is not None and unit in PEOPLE_UNITS:
        phrase = _to_people(tags, phrase)
    if phrase is not None and not _is_time(tags[phrase[1] - 1][0]):
        out.append(_cand("after", base, tags, _trim(tags, phrase, unit)))
    if unit in FREQUENCY_UNITS:
        out = [c for c in out if ph.words(tags, 0, len(tags)).startswith(EVENT_ENDS) or _event(c, tags, base)]
    return out


def _to_people(tags: list[Tag], phrase: tuple[int, int]) -> tuple[int, int]:
    """A count of people whose phrase names none runs on through a verb to the noun for
    people it modifies (两名重点关注人员: 重点 | 关注 | 人员)."""
    first, last = phrase
    if _names_people(ph.words(tags, first, last)):
        return phrase
    for i in range(last, min(len(tags), last + 3)):
        word, flag = tags[i]
        if ph.is_noun(word, flag) and _names_people(ph.words(tags, first, i + 1)):
            return first, i + 1
        if flag not in ("v", "vn", "b", "a") or word in ph.BOUNDARY:
            break
    return phrase


def _event(candidate: Candidate, tags: list[Tag], base: int) -> bool:
    return any(f.endswith(EVENT_ENDS) for f in candidate.features if "|head=" in f)


# Adverbs that follow a plural subject (两份通知分别于…, 三名队员均已…).
SUBJECT_ADVERBS = frozenset(
    ("分别", "分別", "均", "都", "全部", "已", "已经", "已經", "正在", "先后", "先後")
)  # fmt: skip


def _subject_ends(tags: list[Tag], n: int) -> bool:
    return n < len(tags) and tags[n][0] in SUBJECT_ADVERBS


def _phrase(out: list[Candidate], rule: str, base: int, tags: list[Tag], unit: str) -> list[Candidate]:
    phrase = ph.phrase_after(tags)
    if phrase is not None:
        out.append(_cand(rule, base, tags, _trim(tags, phrase, unit)))
    return out


def _trim(tags: list[Tag], phrase: tuple[int, int], unit: str) -> tuple[int, int]:
    """A count of people ends on its last word for people; a count of institutions
    on the last word before its staff."""
    first, last = phrase
    if unit in PEOPLE_UNITS:
        people = [
            i for i in range(first, last) if tags[i][1] != "v" and _names_people(ph.words(tags, first, i + 1))
        ]
        if people:
            last = people[-1] + 1
    elif unit in INSTITUTION_UNITS and last - first > 1 and _names_people(tags[last - 1][0]):
        last -= 1
    return first, last


# --- rule 3: before the number -------------------------------------------------------


def _before(tags: list[Tag], lo: int, unit: str, kind: str, words: str) -> list[Candidate]:
    n = ph.links_before(tags)
    if not n:
        return []
    linked = ("linked",) if n < len(tags) else ()
    last, flag = tags[n - 1]
    if kind == "money" and last.startswith(GIVING):  # 捐款1.7万元, 捐资捐物: the giving names it
        first = n - 1
        while first > 0 and tags[first - 1][0].startswith(GIVING):
            first -= 1
        return [_cand("before", lo, tags, (first, n), ("giving", *linked))]
    if last in WORTH and not (n > 1 and ph.is_noun(*tags[n - 2])):
        return []  # a bare 价值: "worth", not a noun (物资价值 is one)
    status_head = flag == "b" and n > 1 and tags[n - 2][1] in ("b", "n")  # 本土确诊
    level_head = bool(ph.LEVEL.match(last))  # 其中一级10个、二级5个
    if not (ph.is_noun(last, flag) or status_head or level_head) or flag in PLACES or SCOPE.match(last):
        return []  # a verb, a place or a scope between: nothing counted before
    if _is_time(last):
        return []
    first, predicate = ph.phrase_before(tags, n)
    phrase = ph.words(tags, first, n)
    if n - first == 1 and flag in NAMES:
        return []  # a person's name (张建明5人); names in a list are summed up (甲和乙两人)
    if kind == "money" and (any(v in words for v in SPENDING) or not _names_money_or_goods(phrase)):
        return []  # money that bought something, or a payer, or a recipient
    if kind == "person" and not (_names_people(phrase) or _all_names(tags, first, n)):
        return []
    if kind == "list" and unit and phrase.endswith(unit[-1]):
        return []  # 呼兰区、阿城区、双城区三区: a list of names
    default = _past_predicate(tags, first, n)
    skip = ph.verb_prefix(tags[default][0]) if default == n - 1 else 0  # 收治病人 → 病人
    out = [_cand("before", lo, tags, (default, n), linked, skip)]
    if default > first:
        out.append(_cand("before-verb", lo, tags, (first, n), (*linked, f"verb={tags[default - 1][0]}")))
    elif predicate is not None and predicate == first - 1:
        # The verb the phrase stopped at, with its object: 救治重症患者 (a project may prefer it).
        out.append(_cand("before-verb", lo, tags, (predicate, n), (*linked, f"verb={tags[predicate][0]}")))
    return out


def _past_predicate(tags: list[Tag], first: int, n: int) -> int:
    """Where rule 3's noun begins once a verb that is the clause's predicate is left out:
    one that opens the phrase (缴纳特殊党费, 募捐消毒液), or one that follows an agent
    (企业捐赠酒精, 区环卫工人捐赠口罩), its object being the noun."""
    start = first
    for i in range(first, n - 1):
        if tags[i][1] not in ("v", "vd") or not ph.leading_verb(tags, i, n):
            continue
        if i == first or _is_agent(ph.words(tags, first, i)):
            start = i + 1
    return start


def _is_agent(phrase: str) -> bool:
    return ph.is_agent(phrase) or _names_people(phrase)


def _all_names(tags: list[Tag], first: int, n: int) -> bool:
    return all(tags[i][1] in NAMES or tags[i][0] in ph.COORDINATORS for i in range(first, n))


TIME_NOUNS = ("时间", "时段", "时间段", "時間", "時段", "时候", "日夜", "日日夜夜")


def _is_time(word: str) -> bool:
    return word.endswith(TIME_NOUNS)


# --- the clause ---------------------------------------------------------------------


def _clause_end(text: str, end: int) -> int:
    stop = min(len(text), end + WINDOW)
    for i in range(end, stop):
        if text[i] in BOUNDARY and text[i] not in "（(":
            return i
        if text[i] in "（(":
            return i
    return stop


def _clause_start(text: str, start: int) -> int:
    lo = max(0, start - WINDOW)
    for i in range(start - 1, lo - 1, -1):
        if text[i] in BOUNDARY:
            return i + 1
    return lo


def _aside_before(text: str, start: int, floor: int) -> int:
    """Where the words before a figure end, past a bracketed aside: 确诊病例(轻型)4例."""
    if start > floor and text[start - 1] in ")）":
        lo = max(floor, start - WINDOW)
        opening = max(text.rfind("(", lo, start - 1), text.rfind("（", lo, start - 1))
        if opening > lo:
            return opening
    return start
