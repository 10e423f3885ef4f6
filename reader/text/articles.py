"""Split a newspaper page into its articles, and an article into paragraphs.

A page file holds several articles. Their boundaries are read off the layout that
newspaper pages share: a run of short heading lines (kicker, then title, maybe a
``——`` sub-heading) followed by body text; bylines (``记者 …``, ``□ …``) and photo
captions (``… 摄``) close an article, and so does a notice's sign-off (issuer, date).
Pages with markdown headings use ``#``/``##``; pages without blank lines (web copies)
are read with the stronger heading test of ``webcopy.py``.
Everything is kept as character ranges of the page text, so any offset inside an
article is also an offset into the page. Titles and kickers alone are display text
(what the article list shows): their markdown marks and pinyin glosses are left out.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from reader.text.normalize import GLOSS, ZERO_WIDTH, View, build_view
from reader.text.patterns import lazy
from reader.text.spans import Ranged, within
from reader.text.webcopy import DATELINE as _DATELINE
from reader.text.webcopy import is_label, signoff_lines, webcopy_headers

# Characters that make a line read as running text rather than a heading.
_BODY_PUNCT = lazy("[,。\uff0c;\uff1b!\uff01?\uff1f、:\uff1a]")
_TERMINAL = tuple("。!\uff01?\uff1f…;\uff1b")
_CLOSING_QUOTES = tuple("”’」』)")
_MD_HEADING = lazy(r"^(#{1,6})\s*(.*)$")
_MD_CLOSING = lazy(r"\s+#+$")
_TIME_HEADING = lazy(r"^\d{1,2}[:\uff1a]\d{2}\s*\S.{0,14}$")
_BYLINE = lazy(
    r"^(□|记\s*者\s|通\s*讯\s*员\s|本报记者|组稿|责任编辑)|文/摄$|^[(\uff08][^()\uff08\uff09]{1,12}[)\uff09]$"
)
_CAPTION = lazy(r"(\s摄|[(\uff08][^()\uff08\uff09]*供图[)\uff09])$")
_SUBHEADING = lazy(r"^(#{1,6}\s*)?——")
_DATE = lazy(r"\d{1,2}月\d{1,2}日")
# Lines that begin an article's body even when they follow a heading closely.
_BODY_OPENERS = ("本报讯", "本报", "(记者", "\uff08记者")
_ENUMERATED = lazy(
    r"\s*(?:[\u2460-\u2473\u2776-\u277f]|\d{1,2}[.、．]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,2}、)"
)


@dataclass(frozen=True, slots=True)
class Block:
    """One non-empty line of the page: its range and what it looks like."""

    start: int
    end: int
    text: str
    kind: str  # heading, md, sub, byline, caption, signoff, label, time, body

    @property
    def md_level(self) -> int:
        m = _MD_HEADING.match(self.text)
        return len(m.group(1)) if m else 0


@dataclass(frozen=True, slots=True)  # 200,000 of them on a 50 MB page
class Paragraph:
    """A paragraph as the reader shows it: one or more blocks joined.

    Blocks are joined when a newspaper column break cut a sentence in two
    ("卫健部门" / "积极调派医护人员"); ``parts`` keeps each block's range so the
    gap between them (the blank line) is known and offsets still map to the page.
    """

    parts: tuple[tuple[int, int], ...]
    kind: str

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


def count_chars(text: str) -> int:
    """How many characters (字) ``text`` has: every character but white space and line
    breaks. The one count the list, the status line and `stats` show."""
    return len("".join(text.split()))


@dataclass(frozen=True)
class Article:
    """One article of a page: a title and a character range of the page text."""

    index: int
    title: str
    start: int
    end: int
    kicker: tuple[str, ...] = ()
    paragraphs: tuple[Paragraph, ...] = field(default=(), repr=False)
    chars: int = 0  # count_chars of its text

    @property
    def length(self) -> int:
        return self.end - self.start

    def contains(self, span: Ranged) -> bool:
        return within(span, self.start, self.end)


R = TypeVar("R", bound=Ranged)


def by_article(articles: Sequence[Article], spans: Iterable[R]) -> list[list[R]]:
    """The spans inside each of a page's articles (in page order, not overlapping), in
    one pass: each span is looked for in the article it starts in, not in every one."""
    starts = [a.start for a in articles]
    inside: list[list[R]] = [[] for _ in articles]
    for span in spans:
        i = bisect.bisect_right(starts, span.start) - 1
        if i >= 0 and articles[i].contains(span):
            inside[i].append(span)
    return inside


@dataclass(frozen=True, order=True)
class ArticleRef:
    """Which article: the page's name (its path in the corpus) and the article's index.

    The one identity of an article everywhere: the reading session, the tree, the
    corpus index, messages and exports.
    """

    page: str
    index: int

    def __str__(self) -> str:
        return f"{self.page}#{self.index + 1}"


_BYLINE_STARTS = ("□", "记", "通", "本报记者", "组稿", "责任编辑", "(", "\uff08")


def classify(text: str) -> str:
    s = text.strip()
    first = s[0]
    # Cheap tests on the first and last characters guard the regular expressions:
    # a page has tens of thousands of lines and most of them are plain body text.
    if first in "#—":
        if _SUBHEADING.match(s):
            return "sub"
        if _MD_HEADING.match(s):
            return "md"
    if first.isdigit() and _TIME_HEADING.match(s) and not _BODY_PUNCT.search(s[5:]):
        return "time"
    if (s.startswith(_BYLINE_STARTS) or s.endswith("摄")) and _BYLINE.search(s):
        return "byline"
    if s[-1] in "摄)\uff09" and _CAPTION.search(s):
        return "caption"
    if len(s) > 40 or _BODY_PUNCT.search(s) or _DATE.search(s):
        return "body"
    return "label" if is_label(s) else "heading"


def blocks_of(text: str) -> list[Block]:
    blocks: list[Block] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            start = pos + lead
            end = start + len(stripped)
            blocks.append(Block(start, end, stripped, classify(stripped)))
        pos += len(line) + 1
    for i in signoff_lines(blocks):  # a notice's issuer and date close it like a byline
        blocks[i] = replace(blocks[i], kind="signoff")
    return blocks


def heading_text(block: Block) -> str:
    """A heading line as a title: without its markdown marks and pinyin glosses.

    A gloss in a title ("督導(dǎo)檢查") is reading help in the page; in a list, cut
    to fit, it leaves fragments such as "督導(dǎ".
    """
    m = _MD_HEADING.match(block.text)
    return _display(_MD_CLOSING.sub("", m.group(2)) if m else block.text)


def _display(text: str) -> str:
    text = GLOSS.sub("", text)
    return "".join(ch for ch in text if ch not in ZERO_WIDTH).strip()


def without_dateline(title: str) -> str:
    """``title`` without the source or dateline an item opens with (never all of it)."""
    rest = title
    while (m := _DATELINE.match(rest)) and m.end() < len(rest):
        rest = rest[m.end() :]
    return rest.lstrip("：:，, ") or title


def _continues(prev: Block, nxt: Block, text: str) -> bool:
    """Whether ``nxt`` carries on the sentence that a column break cut in ``prev``."""
    if prev.kind != "body" and not (prev.kind == "heading" and _DATE.search(prev.text)):
        return False
    if nxt.kind != "body" or nxt.text.startswith(_BODY_OPENERS) or _ENUMERATED.match(nxt.text):
        return False  # a numbered list after a blank line ("要求:" / "①…") starts paragraphs
    if prev.text.endswith(_TERMINAL) or prev.text.endswith(_CLOSING_QUOTES):
        return False
    # Only a single blank line separates the halves of a cut sentence.
    return text.count("\n", prev.end, nxt.start) == 2


def paragraphs_of(text: str, blocks: list[Block]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    parts: list[tuple[int, int]] = []
    kind = ""
    for i, block in enumerate(blocks):
        if parts and _continues(blocks[i - 1], block, text):
            parts.append((block.start, block.end))
            continue
        if parts:
            paragraphs.append(Paragraph(tuple(parts), kind))
        parts, kind = [(block.start, block.end)], block.kind
    if parts:
        paragraphs.append(Paragraph(tuple(parts), kind))
    return paragraphs


def _header_starts(blocks: list[Block]) -> list[tuple[int, int]]:
    """Indices (first block of the header, title block) of each article header."""
    if any(b.kind == "md" and b.md_level <= 2 for b in blocks):
        return _markdown_headers(blocks)
    headers: list[tuple[int, int]] = []
    i = 0
    while i < len(blocks):
        if blocks[i].kind != "heading":
            i += 1
            continue
        run_start = i
        while i < len(blocks) and blocks[i].kind == "heading":
            i += 1
        title = i - 1
        j = i
        while j < len(blocks) and blocks[j].kind in ("sub", "byline", "caption"):
            j += 1
        if j < len(blocks) and blocks[j].kind in ("body", "time", "label"):
            headers.append((run_start, title))
    return headers


def _markdown_headers(blocks: list[Block]) -> list[tuple[int, int]]:
    headers: list[tuple[int, int]] = []
    pending: int | None = None  # a heading with no body yet: it becomes a kicker
    for i, block in enumerate(blocks):
        if block.kind == "md" and block.md_level <= 2:
            if pending is None:
                pending = i
            title = i
            has_body = any(
                b.kind in ("body", "time", "caption") for b in blocks[i + 1 : _next_md(blocks, i + 1)]
            )
            if has_body:
                headers.append((pending, title))
                pending = None
    return headers


def _next_md(blocks: list[Block], start: int) -> int:
    for k in range(start, len(blocks)):
        if blocks[k].kind == "md" and blocks[k].md_level <= 2:
            return k
    return len(blocks)


def split_page(text: str) -> list[Article]:
    """The articles of a page, in order, covering its text without overlap."""
    blocks = blocks_of(text)
    if not blocks:
        return []
    titles: dict[int, str] = {}
    if "\n\n" in text.strip():
        headers = _header_starts(blocks)
    else:  # a web copy: its headings are read with a stronger test (webcopy.py)
        headers, titles = webcopy_headers(blocks)
    if not headers:
        headers = [(0, 0)]
    if headers[0][0] != 0:
        # Text before the first header (a page banner, say) belongs to the first article.
        headers[0] = (0, headers[0][1])
    paragraphs = paragraphs_of(text, blocks)
    articles: list[Article] = []
    next_para = 0
    for n, (first, title) in enumerate(headers):
        start = blocks[first].start
        last = headers[n + 1][0] - 1 if n + 1 < len(headers) else len(blocks) - 1
        end = blocks[last].end
        shown = _display(titles[title]) if title in titles else heading_text(blocks[title])
        title_text = _shortened(without_dateline(shown))
        kicker = tuple(heading_text(b) for b in blocks[first:title])
        taken = []
        while next_para < len(paragraphs) and paragraphs[next_para].end <= end:
            if paragraphs[next_para].start >= start:
                taken.append(paragraphs[next_para])
            next_para += 1
        chars = count_chars(text[start:end])
        articles.append(Article(n, title_text, start, end, kicker, tuple(taken), chars))
    return _bounded(articles, text)


TITLE_CHARS = 100  # a page with no headings has its whole first block as its title


def _shortened(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"


# An article longer than this is shown in parts: a page with no structure (one
# 1,000,000-character line) would otherwise be segmented, laid out and styled whole
# before its first screen. Offsets stay those of the page.
MAX_ARTICLE_CHARS = 20_000
SENTENCE_ENDS = frozenset("。！？!?；;\n")


def _pieces(paragraph: Paragraph, text: str) -> list[Paragraph]:
    """A paragraph cut at sentence ends into pieces of at most MAX_ARTICLE_CHARS."""
    if paragraph.end - paragraph.start <= MAX_ARTICLE_CHARS or len(paragraph.parts) > 1:
        return [paragraph]
    pieces, start = [], paragraph.start
    while paragraph.end - start > MAX_ARTICLE_CHARS:
        limit = start + MAX_ARTICLE_CHARS
        cut = next(
            (i + 1 for i in range(limit - 1, start + MAX_ARTICLE_CHARS // 2, -1) if text[i] in SENTENCE_ENDS),
            limit,
        )
        pieces.append(Paragraph(((start, cut),), paragraph.kind))
        start = cut
    pieces.append(Paragraph(((start, paragraph.end),), paragraph.kind))
    return pieces


def _bounded(articles: list[Article], text: str) -> list[Article]:
    if all(a.length <= MAX_ARTICLE_CHARS for a in articles):
        return articles
    out: list[Article] = []
    for article in articles:
        if article.length <= MAX_ARTICLE_CHARS or not article.paragraphs:
            out.append(replace(article, index=len(out)))
            continue
        groups: list[list[Paragraph]] = [[]]
        size = 0
        for piece in (q for p in article.paragraphs for q in _pieces(p, text)):
            if groups[-1] and size + piece.end - piece.start > MAX_ARTICLE_CHARS:
                groups.append([])
                size = 0
            groups[-1].append(piece)
            size += piece.end - piece.start
        for k, group in enumerate(groups, 1):
            start = article.start if k == 1 else group[0].start
            end = article.end if k == len(groups) else group[-1].end
            title = f"{article.title} ({k}/{len(groups)})"
            chars = count_chars(text[start:end])
            out.append(Article(len(out), title, start, end, article.kicker, tuple(group), chars))
    return out


def view_of_text(page_text: str) -> View:
    """The normalised view of a whole text, its paragraphs as the article splitter reads
    them (column breaks joined): what the extractor reads."""
    return build_view(page_text, [p.parts for p in paragraphs_of(page_text, blocks_of(page_text))])
