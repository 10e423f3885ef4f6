"""`epireader stats`: articles, characters, tags, suggestions, reviewed share, annotators."""

from __future__ import annotations

from collections.abc import Iterable

from reader.corpus.index import PageStats

STATS_COLUMNS = ("page", "articles", "chars", "events", "figures", "open sugg.", "reviewed", "annotators")


def _row(name: str, items: list[PageStats]) -> list[str]:
    articles = sum(s.articles for s in items)
    reviewed = sum(s.reviewed for s in items)
    share = f"{reviewed}/{articles} ({reviewed / articles:.0%})" if articles else "—"
    annotators = sorted({a for s in items for a in s.annotators})
    return [
        name,
        str(articles),
        str(sum(s.chars for s in items)),
        str(sum(s.tags["event"] for s in items)),
        str(sum(s.tags["figure"] for s in items)),
        str(sum(s.suggestions for s in items)),
        share,
        ", ".join(annotators) or "—",
    ]


def stats_rows(stats: Iterable[PageStats]) -> list[list[str]]:
    items = list(stats)
    rows = []
    for s in items:
        if s.problem:
            rows.append([s.name, "—", "—", "—", "—", "—", "—", f"unreadable: {s.problem}"])
        else:
            rows.append(_row(s.name, [s]))
    rows.append(_row(f"corpus ({len(items)} pages)", [s for s in items if not s.problem]))
    return rows


def stats_table(stats: Iterable[PageStats]) -> str:
    rows = [list(STATS_COLUMNS), *stats_rows(stats)]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(STATS_COLUMNS))]
    return "\n".join(
        "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(r)).rstrip() for r in rows
    )


def _width(text: str) -> int:
    from reader.text.layout import char_width

    return sum(char_width(ch) for ch in text)
