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


def state(session: CurationSession) -> CurationState | None:
    """The site in hand as the screen draws it; None when there is nothing to curate."""
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
        columns=[_column(session, item, who) for who in range(len(session.folders))],
        gold=_gold_line(session, item),
        status=_status(session, item),
    )


def _column(session: CurationSession, item: Item, who: int) -> Column:
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
        for name in sorted({*span.attrs, *differ}):
            mark = "≠" if name in differ else " "
            value = _value(span.attrs[name]) if name in span.attrs else "—"
            lines.append(f"{mark} {name}: {value}")
    return Column(title, lines)


def _gold_line(session: CurationSession, item: Item) -> str:
    here = session.gold_here(item)
    decided = "decided" if session.decided(item) else "undecided"
    if not here:
        what = "nothing" if session.decided(item) else "nothing yet"
        return f"GOLD here: {what} · {decided}"
    shown = ", ".join(f"{_short(t.text, 16)} {t.start}–{t.end}" for t in here)
    return f"GOLD here: {shown} · {decided}"


def _status(session: CurationSession, item: Item) -> str:
    page = session.page_of(item)
    agreed = " (agreed)" if item.site.agreed else ""
    return (
        f"{session.position + 1}/{len(session.items)}{agreed} · {session.undecided()} open · "
        f"{item.site.label} · {page.name} · article {item.ref.index + 1}/{len(page.articles)}"
    )


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
