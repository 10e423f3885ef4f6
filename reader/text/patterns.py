"""Regular expressions compiled when first used.

Compiling a pattern with a CJK range ([\\u4e00-\\u9fff]) costs about a millisecond in
Python's `re`, and the modules the article list needs define dozens. Those only some
pages use (web copies, glosses, controls) are then compiled only when such a page
comes, not at every start (benchmarks/bench_reader.py measures the start).
"""

from __future__ import annotations

import re
from typing import Any, cast


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern that behaves as ``re.compile(pattern, flags)``, compiled at its first use."""
    return cast("re.Pattern[str]", _Lazy(pattern, flags))


class _Lazy:
    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        # Only names not found on the instance come here: a method, once asked for,
        # is kept on it, so the next call costs what a compiled pattern's does.
        value = getattr(re.compile(*self._source), name)
        if callable(value):
            self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return f"lazy({self._source[0]!r})"
