"""The unit lexicon: every measure word and unit the extractor knows, with its kind.

Built from jieba's own dictionary (its ``q`` words) plus compound count units, units
of measure and money, and their traditional forms, by scripts/build_units.py into
reader/data/units.tsv. Read once per process; the project lexicon (lexicon.toml)
adds units on top.

Kinds: ``count`` (名, 宗, 人次), ``time`` (小时, 天: durations), ``age`` (岁, 周岁),
``measure`` (元, 米, %, 个百分点), ``list`` (区, 县, 级: a unit only where the numeral
sums up a list written right before it).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

UNITS_FILE = "units.tsv"
# 一个多月, 两个半小时: the qualifier sits inside the measure word of a duration.
_INNER = ("个多", "个半", "多个")
_INNER_TIMES = ("小时", "月", "星期", "钟头", "礼拜")


@lru_cache(maxsize=1)
def builtin_units() -> dict[str, str]:
    """unit → kind, from the generated data file."""
    text = resources.files("reader.data").joinpath(UNITS_FILE).read_text(encoding="utf-8")
    kinds: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            unit, kind, _source = line.split("\t")
            kinds[unit] = kind
    for inner in _INNER:
        for time in _INNER_TIMES:
            kinds[inner + time] = "time"
    kinds["个月"] = "time"
    return kinds


@lru_cache(maxsize=32)
def unit_kinds(extra: tuple[str, ...] = ()) -> dict[str, str]:
    kinds = dict(builtin_units())
    for unit in extra:
        kinds.setdefault(unit, "count")
    return kinds


@lru_cache(maxsize=32)
def unit_pattern(extra: tuple[str, ...] = ()) -> str:
    """A regular-expression alternation of every unit, longest first (人次 before 人)."""
    units = sorted(unit_kinds(extra), key=lambda u: (-len(u), u))
    return "|".join(map(re.escape, units))


def kind_of(unit: str, extra: tuple[str, ...] = ()) -> str:
    return unit_kinds(extra).get(unit, "count")
