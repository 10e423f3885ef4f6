"""Patterns compiled at first use (reader/text/patterns.py) behave as compiled ones."""

from __future__ import annotations

import re

from reader.text import patterns
from reader.text.patterns import lazy


def test_a_lazy_pattern_matches_as_the_compiled_one() -> None:
    source, flags = r"(\d{1,2})月(\d{1,2})日", re.IGNORECASE
    eager, late = re.compile(source, flags), lazy(source, flags)
    text = "4月13日凌晨1时30分，5月1日"
    assert late.match(text).groups() == eager.match(text).groups() == ("4", "13")  # type: ignore[union-attr]
    assert [m.span() for m in late.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert late.sub("<d>", text) == eager.sub("<d>", text)
    assert late.search("无日期") is None
    assert (late.pattern, late.flags, late.groups) == (eager.pattern, eager.flags, eager.groups)


def test_it_compiles_at_first_use_only(monkeypatch) -> None:
    compiled: list[str] = []
    real = re.compile

    def counting(source: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(source)
        return real(source, flags)

    monkeypatch.setattr(patterns.re, "compile", counting)
    late = lazy("[\u4e00-\u9fff]+")
    assert compiled == []  # defining it compiles nothing
    assert late.findall("吉县 2022") == ["吉县"]
    assert late.findall("临汾") == ["临汾"]
    assert compiled == ["[\u4e00-\u9fff]+"]  # the method is kept: no second lookup
