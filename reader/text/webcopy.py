"""Where the items of a web copy begin, and the lines that are never a heading.

A page laid out without blank lines (text copied from a web page: one paragraph a
line) still holds several items when it is a digest or a roundup. Its headings are
read with a stronger test than a newspaper page's, because a short line there may
as well be a photo caption or a sub-heading of one article:

- a heading line is short (at most ``HEADING_CHARS`` characters without glosses),
  has no punctuation of running text (。！？；… nor ，、：), no date, and is no
  source or dateline (央视网消息, 新华社…电, 本报讯, 臨汾新聞網訊) and no numbered
  label (一、…, （一）…, 1. …, 病例1);
- it comes first on the page or after a closed item: a line ending a sentence
  (maybe followed by its source and editor: 。（央视）, 。(完) 【编辑:…】), a byline,
  a caption or a notice's sign-off;
- it (with at most two more heading lines: kicker, title, sub-title) is followed by
  body text that reads as sentences, and the title (its last line) has at least
  ``TITLE_MIN_CHARS`` characters: a shorter line (杨某简历, 相关链接) names a part of
  an item, not a new one;
- a headline run into its item's source on one line (``标题 本报讯（记者 …）…``,
  ``标题央视网消息：…``) is a heading too: the text before the source is the title;
- the page is read as several items only when it opens with such a heading.

A notice's sign-off (issuer lines, then a line that is only a date, at the end of
the page or before a heading) closes the notice like a byline, on any page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from reader.text.normalize import GLOSS
from reader.text.patterns import lazy

HEADING_CHARS = 30
TITLE_MIN_CHARS = 6  # shorter lines (杨某简历, 相关链接, 北京) name a part, not an item
MAX_HEADING_LINES = 3

# A source or dateline that opens a news item: 央视网消息（新闻联播）：, 新华社北京4月8日电,
# 本报讯（记者 魏薇）, 臨汾新聞網訊. It says who reports, not what: it is no part of a title.
DATELINE = lazy(
    r"^(?:[\u4e00-\u9fffA-Za-z]{1,10}(?:消息|讯|訊)(?:[（(][^）)\n]{1,12}[）)])?(?:[：:]|\s)"
    r"|(?:新华社|新華社|中新社|中新网|中新網)[\u4e00-\u9fff\d]{0,12}电"
    r"|本报讯|本報訊|本台消息|据[\u4e00-\u9fff]{2,10}报道[，,]?"
    r"|[（(](?:通讯员|记者)[^）)\n]{0,20}[）)])\s*"
)
# A source that cannot be part of a headline, so that a headline fused to it without
# a space is still seen: 标题本报讯…, 标题央视网消息（新闻联播）：…, 标题新华社北京4月8日电.
_FUSED_SOURCE = lazy(
    r"本报讯|本報訊|央视网消息|央視網消息"
    r"|(?:新华社|新華社|中新社|中新网|中新網)[\u4e00-\u9fff]{1,8}\d{1,2}月\d{1,2}日电"
)
# Numbered labels of a notice's parts and cases: they never start an article.
LABEL = lazy(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|[一二三四五六七八九十]{1,3}[、.．]"
    r"|\d{1,2}(?:[、．]|\.(?!\d))"
    r"|[\u2460-\u2473\u2776-\u277f]"
    r"|(?:确诊|確診|无症状感染者|無症狀感染者|本土|输入|境外输入)?(?:病例|個案|个案)\s*\d{1,4}(?!\d)(?![例人名]))"
)
# A line that is only a date, as a notice is signed: 2022年4月13日, 二〇二二年四月十三日.
_SIGNED_DATE = lazy(
    r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]$"
)
_TERMINAL = tuple("。！？!?；;…")
_CLOSERS = "”’」』)）\"'"
_RUNNING = lazy("[,。，;；!！?？、:：…]")
_DATE = lazy(r"\d{1,2}月\d{1,2}日")
_SENTENCE = lazy("[。！？!?；;]")
_FIRST_WORD = lazy(r"(\S+)\s+")
_ENDED_KINDS = frozenset(("byline", "caption", "signoff"))
# What a web copy writes after an item's last sentence: its source, 完, its editor.
_END_MARKS = lazy(r"(?:\s|[（(][^（()）]{1,12}[)）]|【[^【】]{1,20}】)+$")


class Line(Protocol):
    """A non-empty line of the page as the splitter classified it (``articles.Block``)."""

    @property
    def text(self) -> str: ...
    @property
    def kind(self) -> str: ...


def is_label(text: str) -> bool:
    return bool(LABEL.match(text))


def signoff_lines(lines: Sequence[Line]) -> list[int]:
    """Indices of the lines of each notice sign-off: one to three issuer lines (short,
    no punctuation) after body text, then a date alone on its line, then the end of
    the page or a line that is not body text (the next item's heading)."""
    found: list[int] = []
    for i, line in enumerate(lines):
        text = line.text
        if i == 0 or text[-1] not in "日号" or not _SIGNED_DATE.match(text):
            continue
        if i + 1 < len(lines) and lines[i + 1].kind == "body":
            continue  # a heading, its date, its body: the date line of an item
        first = i
        while first > 0 and i - first < 3 and lines[first - 1].kind == "heading":
            first -= 1
        if first < i and first > 0 and lines[first - 1].kind == "body":
            found.extend(range(first, i + 1))
    return found


def _heading_like(text: str) -> bool:
    shown = GLOSS.sub("", text)
    return (
        len(shown) <= HEADING_CHARS
        and not _RUNNING.search(shown)
        and not _DATE.search(shown)
        and not DATELINE.match(shown)
        and not LABEL.match(shown)
    )


def _is_heading(line: Line) -> bool:
    return line.kind == "heading" and _heading_like(line.text)


def _ends_item(line: Line) -> bool:
    if line.kind in _ENDED_KINDS:
        return True
    text = _END_MARKS.sub("", line.text) if line.text[-1] in ")）】" else line.text
    return text.rstrip(_CLOSERS).endswith(_TERMINAL)


def _reads_as_sentences(text: str) -> bool:
    return bool(_SENTENCE.search(text))


def fused_title(text: str) -> str | None:
    """The headline of a line that runs a headline into its item's source, if it is one."""
    cut = None
    m = _FIRST_WORD.match(text)
    if m and DATELINE.match(text[m.end() :]) and not DATELINE.match(text):
        cut = m.start(1) + len(m.group(1))
        rest = text[m.end() :]
    elif (m := _FUSED_SOURCE.search(text, 1, HEADING_CHARS + 40)) is not None:
        cut = m.start()
        rest = text[cut:]
    if cut is None or not _heading_like(text[:cut]) or len(GLOSS.sub("", text[:cut])) < 4:
        return None
    return text[:cut] if _reads_as_sentences(rest) else None


def webcopy_headers(lines: Sequence[Line]) -> tuple[list[tuple[int, int]], dict[int, str]]:
    """The items of a page without blank lines: (first line, title line) of each, and
    the titles of lines that fuse a headline with its lede. No items when the page
    does not open with a heading."""
    headers: list[tuple[int, int]] = []
    titles: dict[int, str] = {}
    i = 0
    while i < len(lines):
        if i > 0 and not _ends_item(lines[i - 1]):
            i += 1
            continue
        if lines[i].kind == "body" and (title := fused_title(lines[i].text)):
            headers.append((i, i))
            titles[i] = title
            i += 1
            continue
        run = i
        while run < len(lines) and run - i < MAX_HEADING_LINES and _is_heading(lines[run]):
            run += 1
        after = run
        while after < len(lines) and lines[after].kind in ("sub", "byline", "caption"):
            after += 1
        body = after < len(lines) and lines[after].kind in ("body", "label")
        titled = run > i and len(GLOSS.sub("", lines[run - 1].text)) >= TITLE_MIN_CHARS
        if titled and body and _reads_as_sentences(lines[after].text):
            headers.append((i, run - 1))
            i = after
        else:
            i += 1
        if not headers:
            return [], {}  # the page does not open with a heading: one article
    return headers, titles
