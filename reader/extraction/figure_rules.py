"""The rules that decide which numeral matches are figures: one named rule per fact of Chinese.

``find_figures`` (figures.py) matches a numeral with its qualifiers and unit, then hands
each match, as a ``Candidate``, through ``RULES`` in order. A rule returns the candidate
unchanged (not its case), changed (a qualifier or unit that belongs elsewhere), or None
(no figure). Each rule names the part of the annotation guidelines it implements and an
example it drops or changes; tests/unit/test_figure_rules.py checks every example with
the rule on and off, and ``epireader extract --rules`` prints the table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from reader.extraction.lexicon import EMPTY, Lexicon
from reader.extraction.units import kind_of

COUNT_CUES = ("各", "只", "仅", "共", "只有", "仅有", "其中", "共有", "均为")
# A numeral right after these is an identifier or an ordinal: 第二轮, 编号3, 案16316, N95.
IDENTIFIER_BEFORE = ("第", "编号", "案", "号", "No", "NO", "no", "#", "＃", "路", "街")
# One-character identifier cues that also end common words (个案, 方案): a cue only at a word's start.
WORD_CUES = ("案",)
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A unit followed by these characters is the first half of another word: 人民, 人口, 72集团军,
# 天津, 半夜. The number is then read without that unit (2500万人口 → 2500万).
NOT_UNIT_BEFORE = {
    "人": "民口", "集": "团", "天": "津河", "口": "罩岸", "夜": "间里", "家": "长属乡",
    "里": "屯铺堡庄营店湾沟坡岭巷塘",  # 三里屯, 五里铺: place names
}  # fmt: skip
# 近 is part of the word before it in 附近, 最近, 临近 …: then it qualifies nothing.
NEAR_WORDS = "附最临靠邻就远亲接将"
# 日 counts days only after a word that measures a stretch of time (共7日, 前1日, 长达7日);
# elsewhere a number before 日 is a date, which belongs to an event.
DAY_CUES = ("共", "达", "前", "后", "後", "续", "历时", "满", "期", "每", "约", "近", "逾", "超过")
# 日 counts days when a stretch of time follows it: 三日来, 7日内, 5日1次.
DAYS_COUNTED = re.compile(r"(?:以来|来|之内|内)|(?:\d+|[一二两三四五六七八九十]+)次")
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")


@dataclass(frozen=True)
class Candidate:
    """One numeral match and what the rules need to see around it (offsets into ``text``)."""

    text: str
    start: int
    end: int
    num_start: int
    num: str
    unit: str = ""
    kind: str = ""  # the unit's kind (units.tsv): count, list, measure, time, age …
    unit1: str = ""  # the unit after the first numeral of a range (3人至5天)
    ranged: bool = False  # a second numeral after a dash or 至: 1-2个, 18歲至64歲
    range_end: int = 0  # where the unit after the first numeral ends, when there is one
    pre: str = ""  # the qualifier before the numeral (近, 约 …)
    post: str = ""  # 余/多 right after the numeral
    big: bool = False  # 万 or 亿 ends the numeral
    vague: bool = False  # 数百, 上万, 近千: a magnitude, not a numeral
    masked: bool = False  # the numeral lies inside a fixed name, a weekday or a quoted slogan
    maybe_article: bool = False  # a lone 一: kept only beside other counts (decided after all)
    lexicon: Lexicon = EMPTY

    def followed_by(self, chars: str) -> bool:
        """The character after the figure is one of ``chars`` (never true at the text's end)."""
        return self.end < len(self.text) and self.text[self.end] in chars


Verdict = Candidate | None


@dataclass(frozen=True)
class Rule:
    name: str
    guideline: str  # the part of annotation-guidelines.md it implements
    example: str  # a text the rule drops or changes a figure in
    leaves: tuple[str, ...]  # the figures found in the example with every rule on
    keeps: str  # a near case the rule lets through unchanged (each figure in it is found)
    apply: Callable[[Candidate], Verdict]


def _fixed_name(c: Candidate) -> Verdict:
    return None if c.masked else c


def is_identifier_before(text: str, start: int, extra: tuple[str, ...] = ()) -> bool:
    """A letter, digit or identifier word (第, 编号, 路 …) right before ``start``."""
    if start == 0:
        return False
    prev = text[start - 1]
    if prev.isdigit() or prev in ".．" or ("A" <= prev <= "Z") or ("a" <= prev <= "z"):
        return True
    before = text[max(0, start - 4) : start]
    if before.endswith(WORD_CUES) and _CJK.match(text, max(0, start - 2)) and start >= 2:
        return False  # 个案3例, 方案12个: the cue is the end of another word, not an identifier's mark
    return before.endswith(IDENTIFIER_BEFORE) or (bool(extra) and before.endswith(extra))


def _identifier(c: Candidate) -> Verdict:
    return None if is_identifier_before(c.text, c.num_start, c.lexicon.identifiers) else c


def _two_units(c: Candidate) -> Verdict:
    if c.unit1 and c.unit1 != c.unit:  # 3人至5天: two figures, not one range; the second is found next
        unit, kind = c.unit1, kind_of(c.unit1, c.lexicon.units)
        return replace(c, end=c.range_end, unit=unit, kind=kind, unit1="", range_end=0, ranged=False)
    return c


def _needs_unit(c: Candidate) -> Verdict:
    if c.unit:
        return c
    if c.vague:
        return c if c.text.startswith(("数", "几"), c.start) else None  # 数百 is a figure, 上万 alone is not
    return c if c.big or "分之" in c.num else None  # 2500万(人口), 百分之六十: large or a share


def lists_before(text: str, start: int) -> bool:
    """A list (a、b、c) written right before ``start`` in the same clause."""
    window = text[max(0, start - 14) : start]
    for stop in "，,。；;：:\n":
        window = window.rpartition(stop)[2]
    return "、" in window


def lists_after(text: str, end: int) -> bool:
    """A list (a、b) written right after ``end`` in brackets or after a colon:
    "两站一点（甲站、乙站、丙点）"."""
    window = text[end : end + 30]
    opened = re.match(r"[^，,。；;\n]{0,6}?[（(：:]", window)
    if opened is None:
        return False
    inner = window[opened.end() :]
    for stop in "）)。；;\n":
        inner = inner.partition(stop)[0]
    return "、" in inner


def _list_word(c: Candidate) -> Verdict:
    if c.kind != "list" or lists_before(c.text, c.num_start) or lists_after(c.text, c.end):
        return c
    return None


def _unit_starts_word(c: Candidate) -> Verdict:
    if not (c.unit and c.followed_by(NOT_UNIT_BEFORE.get(c.unit, ""))):
        return c
    if not c.big or c.ranged:
        return None
    return replace(c, end=c.end - len(c.unit), unit="", kind="")  # 2500万人口: the number alone


def _day_is_date(c: Candidate) -> Verdict:
    if c.unit != "日":
        return c
    counted = c.text[max(0, c.num_start - 2) : c.num_start].endswith(DAY_CUES)
    return c if counted or DAYS_COUNTED.match(c.text, c.end) else None


def _half_year(c: Candidate) -> Verdict:
    part = c.unit in ("夜", "年") and c.num == "半" and c.text[c.num_start - 1 : c.num_start] in ("上", "下")
    return None if part else c


def _year(c: Candidate) -> Verdict:
    if c.unit not in ("年", "周年"):
        return c
    if c.unit == "周年" or _YEAR.fullmatch(c.num) or c.followed_by("级度代初底末前后"):
        return None
    return c


def _reduplicated(c: Candidate) -> Verdict:
    return None if len(c.unit) == 1 and c.text.startswith(c.unit, c.end) else c


def _more_after_measure(c: Candidate) -> Verdict:
    if c.kind == "measure" and c.text.startswith("多", c.end) and not c.post:
        return replace(c, end=c.end + 1)
    return c


def _near_of_word(c: Candidate) -> Verdict:
    if c.pre == "近" and c.start > 0 and c.text[c.start - 1] in NEAR_WORDS:
        return replace(c, start=c.num_start, pre="")
    return c


def _near_recent(c: Candidate) -> Verdict:
    if c.pre == "近" and c.kind == "time" and c.followed_by("内来"):
        return replace(c, start=c.num_start, pre="")
    return c


def _at_least(c: Candidate) -> Verdict:
    return replace(c, start=c.num_start, pre="") if c.pre == "至少" else c


def _lone_one(c: Candidate) -> Verdict:
    if c.num in ("一", "壹") and c.kind in ("count", "list", "") and not c.ranged and not c.vague:
        if not c.text[max(0, c.num_start - 3) : c.num_start].endswith(COUNT_CUES):
            return replace(c, maybe_article=True)
    return c


# name, guideline, example, the figures it leaves, a near case kept, the test
RULES: tuple[Rule, ...] = (
    Rule("fixed-name", "Not figures: numerals inside fixed names and slogans",
         "黄金24小时", (), "发放“3包”物资", _fixed_name),
    Rule("identifier", "Not figures: ordinals, identifiers and names",
         "第3批和N95口罩", (), "个案3例", _identifier),
    Rule("two-units", "Two quantities written together are two figures",
         "3人至5天", ("3人", "5天"), "3人至5人", _two_units),
    Rule("needs-unit", "A figure is a numeral with its unit; 几/数 vague amounts",
         "增加到15", (), "数百", _needs_unit),
    Rule("list-word", "A numeral that sums up a list written next to it",
         "运城四县", (), "太原、大同两市", _list_word),
    Rule("unit-starts-word", "The measure word or unit that follows (人民, 人口 are words)",
         "2500万人口", ("2500万",), "2500万人次", _unit_starts_word),
    Rule("day-is-date", "Not figures: dates (日 counts days only as a stretch)",
         "3日召开", (), "三日来", _day_is_date),
    Rule("half-year", "Not figures: dates (上半年, 下半夜)",
         "上半年", (), "半年", _half_year),
    Rule("year", "Not figures: dates (a year, 年度, 年代, an anniversary)",
         "2021年", (), "工作了3年", _year),
    Rule("reduplicated", "一 with a doubled measure word means every",
         "3箱、一桶桶", ("3箱",), "两道防线", _reduplicated),
    Rule("more-after-measure", "Any qualifier right after it (一米多)",
         "一米多远", ("一米多",), "300多米", _more_after_measure),
    Rule("near-of-word", "A qualifier only counts when it qualifies the number",
         "附近三名", ("三名",), "近三名", _near_of_word),
    Rule("near-recent", "A qualifier only counts when it qualifies (近14天内)",
         "近14天内", ("14天",), "近14天", _near_recent),
    Rule("at-least", "A qualifier only counts when it qualifies (至少)",
         "至少12个小时", ("12个小时",), "约12个小时", _at_least),
    Rule("lone-one", "一 used as the indefinite article, unless beside counts",
         "新增一例", (), "河北、江西各一宗", _lone_one),
)  # fmt: skip


def judged(candidate: Candidate, skip: frozenset[str] = frozenset()) -> Verdict:
    """The candidate after every rule (None when one drops it); ``skip`` turns rules off by name."""
    for rule in RULES:
        if rule.name in skip:
            continue
        verdict = rule.apply(candidate)
        if verdict is None:
            return None
        candidate = verdict
    return candidate


def rules_table() -> str:
    """The rules, one per line, as ``epireader extract --rules`` prints them."""
    lines = ["rule\tguideline\texample\tfigures"]
    lines += [f"{r.name}\t{r.guideline}\t{r.example}\t{'、'.join(r.leaves) or '-'}" for r in RULES]
    return "\n".join(lines) + "\n"
