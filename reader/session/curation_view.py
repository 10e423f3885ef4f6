"""What the curation screen draws for the site in hand, made without Textual: the
article with GOLD's tags and the site marked, each annotator's spans and attributes
side by side, what GOLD holds there, and the status line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reader.session.curation import CurationSession, Item
from reader.text.spans import Span

if TYPE_CHECKING:
    from reader.text.document import Document

MAX_SHOWN_TEXT = 40  # characters of a span's text in a column (the article shows it whole)
# The columns' height limit in the screen's stylesheet (.curate-column max-height): more
# lines than that are cut, so past it the columns are drawn compact.
MAX_COLUMN_LINES = 8
# A column narrower than this (cells) is drawn compact: an agreeing field's value there
# would push the differing ones out of sight.
COMPACT_BELOW = 36


@dataclass
class Column:
    title: str
    lines: list[str]


@dataclass
class CurationState:
    document: Document
    marks: list[Span]  # GOLD's tags of the article (event / figure) and the site ("site")
    site: tuple[int, int]  # where the site is, for the cursor and the scroll
    columns: list[Column]
    gold: str  # what GOLD holds at the site
    status: str


def state(session: CurationSession, width: int = 0) -> CurationState | None:
    """The site in hand as the screen draws it; None when there is nothing to curate.

    ``width``: the screen's columns, to fit the status line and the annotators' columns
    to (0: as wide as they come)."""
    from reader.text.document import Document

    item = session.item
    if item is None:
        return None
    page, site = session.page_of(item), item.site
    article = page.articles[item.ref.index]
    key = (page.name, article.index)
    document = session.documents.get(key)
    if document is None or document.page is not page:
        document = session.documents[key] = Document.open(page, article)
    tags = session.editor.annotations(page).in_article(article)
    marks: list[Span] = [Span(t.label, t.start, t.end, t.text) for t in tags]
    marks.append(Span("site", site.start, site.end))
    return CurationState(
        document=document,
        marks=marks,
        site=(site.start, site.end),
        columns=_columns(session, item, width),
        gold=_gold_line(session, item),
        status=_status(session, item, width),
    )


def _columns(session: CurationSession, item: Item, width: int) -> list[Column]:
    count = len(session.folders)
    full = [_column(session, item, who) for who in range(count)]
    narrow = 0 < width and width // count < COMPACT_BELOW
    if narrow or max(len(c.lines) + 1 for c in full) > MAX_COLUMN_LINES:
        return [_column(session, item, who, compact=True) for who in range(count)]
    return full


def _column(session: CurationSession, item: Item, who: int, compact: bool = False) -> Column:
    """One annotator's spans at the site, the differing fields (≠) first under each: what
    the decision turns on. Compact, the other fields are named on one line without their
    values: the same in every column that holds the span, or it is one folder's alone."""
    site = item.site
    title = f"{who + 1} {session.names[who]}"
    spans = site.spans[who]
    if not spans:
        return Column(title, ["— nothing here"])
    lines = []
    for span in spans:
        differ = set(site.differing_fields(span.key))
        lines.append(f"{_short(span.text)} {span.start}–{span.end}")
        if len(site.holders(span.key)) < len(site.spans):
            lines.append("  (not in every folder)")
        for name in sorted(differ):
            value = _value(span.attrs[name]) if name in span.attrs else "—"
            lines.append(f"≠ {name}: {value}")
        same = sorted(set(span.attrs) - differ)
        if compact and same:  # a span one folder alone holds has nothing to agree with
            agree = "same" if len(site.holders(span.key)) > 1 else "with"
            lines.append(f"  {agree}: {', '.join(same)}")
        elif not compact:
            lines += [f"  {name}: {_value(span.attrs[name])}" for name in same]
    return Column(title, lines)


def _gold_line(session: CurationSession, item: Item) -> str:
    here = session.gold_here(item)
    decided = "decided" if session.decided(item) else "undecided"
    if not here:
        what = "nothing" if session.decided(item) else "nothing yet"
        return f"GOLD here: {what} · {decided}"
    shown = ", ".join(f"{_short(t.text, 16)} {t.start}–{t.end}" for t in here)
    return f"GOLD here: {shown} · {decided}"


def _status(session: CurationSession, item: Item, width: int = 0) -> str:
    """Where the curation is; at ``width`` the page's name gives way (…), so that the
    place's number, label and article stay whole."""
    page = session.page_of(item)
    agreed = " (agreed)" if item.site.agreed else ""
    where = f"{session.position + 1}/{len(session.items)}{agreed}"
    before = f"{where} · {session.undecided()} open · {item.site.label} · "
    after = f" · article {item.ref.index + 1}/{len(page.articles)}"
    name = page.name
    room = width - 2 - len(before) - len(after)  # 2: the status line's padding
    if width and len(name) > room:
        name = name.removesuffix(".txt")
        name = name if len(name) <= room else _short(name, max(room, 2))
    return before + name + after


def _short(text: str, width: int = MAX_SHOWN_TEXT) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= width else text[: width - 1] + "…"


def _value(value: Any) -> str:
    if value is None:
        return "∅"
    if isinstance(value, dict):
        return " ".join(f"{k}={_value(v)}" for k, v in value.items()) or "{}"
    if value == "":
        return "''"
    return str(value)
