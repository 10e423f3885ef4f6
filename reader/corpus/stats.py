"""`epireader stats`: articles, characters, tags, suggestions, reviewed share, annotators.

``stats_records`` holds the numbers (typed, for JSON); ``stats_rows`` shows them as
text, the same for the reader's stats screen and the command's table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reader.corpus.entries import PageStats

STATS_COLUMNS = ("page", "articles", "chars", "events", "figures", "open sugg.", "reviewed", "annotators")


def _record(name: str, items: list[PageStats]) -> dict[str, Any]:
    return {
        "page": name,
        "articles": sum(s.articles for s in items),
        "chars": sum(s.chars for s in items),
        "events": sum(s.tags["event"] for s in items),
        "figures": sum(s.tags["figure"] for s in items),
        "open_suggestions": sum(s.suggestions for s in items),
        "reviewed": sum(s.reviewed for s in items),
        "annotators": sorted({a for s in items for a in s.annotators}),
        "problem": None,
    }


def stats_records(stats: Iterable[PageStats]) -> list[dict[str, Any]]:
    """One record per page, then the corpus total (over the readable pages) last."""
    items = list(stats)
    records = []
    for s in items:
        if s.problem:
            records.append({**dict.fromkeys(_record("", [])), "page": s.name, "problem": s.problem})
        else:
            records.append(_record(s.name, [s]))
    records.append(_record(f"corpus ({len(items)} pages)", [s for s in items if not s.problem]))
    return records


def _row(record: dict[str, Any]) -> list[str]:
    if record["problem"]:
        return [record["page"], "—", "—", "—", "—", "—", "—", f"unreadable: {record['problem']}"]
    articles, reviewed = record["articles"], record["reviewed"]
    share = f"{reviewed}/{articles} ({reviewed / articles:.0%})" if articles else "—"
    counts = (record[k] for k in ("articles", "chars", "events", "figures", "open_suggestions"))
    return [record["page"], *map(str, counts), share, ", ".join(record["annotators"]) or "—"]


def stats_rows(stats: Iterable[PageStats]) -> list[list[str]]:
    return [_row(r) for r in stats_records(stats)]
