"""Page dates given outside the pages: a date in a page's file name, or the corpus's
``page-dates.tsv``.

An event's date takes the page's date where the page itself gives the rest of it no
year or month (reader/extraction/dates.py). A page states its own date in its text
(a dateline, a header date, 发布时间, a notice's sign-off); when it does not, the
date in its file name (``2020-04-14``, ``20200414``, ``2020-04``) is used, and a
``page-dates.tsv`` in the corpus folder wins over the file name:

    # page file name <TAB> ISO date or month
    000_1b80620b9e734545.txt	2022-04-14
    002_337bf66f5a191e40.txt	2020-02

Lines for pages the corpus does not have are ignored; a line that is not a name, a
TAB and an ISO date or month is named in `problems` (one line each) and skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reader.extraction.dates import PageDate, date_in_name, parse_iso
from reader.text.file_reads import read_regular
from reader.text.files import NotRegular
from reader.text.page import Page

PAGE_DATES_NAME = "page-dates.tsv"


@dataclass(frozen=True)
class PageDates:
    given: dict[str, PageDate] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    def for_page(self, name: str) -> PageDate | None:
        """The date of page ``name`` given outside its text, or None."""
        return self.given.get(name) or date_in_name(name)


NONE = PageDates()


def page_dates(folder: Path) -> PageDates:
    """The page dates of the corpus in ``folder`` (its page-dates.tsv, if any)."""
    path = folder / PAGE_DATES_NAME
    try:
        st = path.stat()
    except OSError:
        return NONE
    return _read(str(path), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=8)
def _read(where: str, _size: int, _mtime: int) -> PageDates:
    path = Path(where)
    try:
        text = read_regular(path).decode("utf-8-sig")
    except (OSError, NotRegular, UnicodeDecodeError) as exc:
        reason = exc.reason if isinstance(exc, UnicodeDecodeError) else (exc.strerror or str(exc))
        return PageDates(problems=(f"{path}: cannot be read ({reason}); page dates from it are ignored",))
    given: dict[str, PageDate] = {}
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, tab, value = line.partition("\t")
        date = parse_iso(value) if tab else None
        if not name.strip() or date is None:
            shown = line if len(line) <= 60 else line[:57] + "…"
            problems.append(f"{path}:{number}: not a page name, a TAB and an ISO date or month: {shown!r}")
            continue
        given[name.strip()] = date
    return PageDates(given, tuple(problems))


def source_date(page: Page) -> PageDate | None:
    """The date of ``page`` given outside its text: its corpus folder's page-dates.tsv
    (the folder the page's name is relative to), else its file name."""
    depth = len(Path(page.name).parts)
    path = page.path
    folder = path.parents[depth - 1] if 0 < depth <= len(path.parents) else path.parent
    return page_dates(folder).for_page(page.name)
