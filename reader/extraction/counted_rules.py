"""The guidelines' rules for what a figure counts, on the words jieba tagged around it:
rules 1 and 2 after the unit, rule 3 before the number (reader/extraction/counted.py
lists them and gathers their candidates).
"""

from __future__ import annotations

from reader.extraction import phrases as ph
from reader.extraction.counted_choice import Candidate
from reader.extraction.phrases import NAMES, PLACES, SCOPE, Tag

# Units that count people or cases: their phrase ends on its last word for people
# (11名医护人员火速赶往现场 → 医护人员; 3例不明原因肺炎患者情况 → 不明原因肺炎患者).
PEOPLE_UNITS = frozenset(("名", "位", "例", "员", "員"))
INSTITUTION_UNITS = frozenset(("家", "所", "座"))  # 3800多家企业人员: the enterprises
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


def _cand(
    rule: str, base: int, tags: list[Tag], phrase: tuple[int, int], extra: tuple[str, ...] = (), skip: int = 0
) -> Candidate:
    first, last = phrase
    start, end = base + ph.chars(tags, first) + skip, base + ph.chars(tags, last)
    head = tags[last - 1][0] if last > first else ""
    lead = tags[first][0] if last > first else ""
    features = (f"rule={rule}", f"{rule}|head={head}", f"{rule}|lead={lead}", *extra)
    return Candidate(rule, start, end, features)


def _names_people(phrase: str) -> bool:
    return phrase.endswith(PERSON_ENDS) or phrase.endswith(PERSON_WORDS)


def _names_money_or_goods(phrase: str) -> bool:
    return phrase.endswith(MONEY_ENDS) or phrase.endswith(GOODS_ENDS) or phrase.endswith(MONEY_WORDS)


# --- rule 1 and 2: after the unit ---------------------------------------------------


def after_unit(base: int, tags: list[Tag], unit: str, kind: str, in_list: bool) -> list[Candidate]:
    """Rules 1 and 2: candidates among the words right after the unit (from ``base``)."""
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


def before_number(tags: list[Tag], lo: int, unit: str, kind: str, words: str) -> list[Candidate]:
    """Rule 3: candidates among the words before the number (from ``lo``)."""
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
