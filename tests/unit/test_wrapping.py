"""Wrapping by our own rules: widths as Textual draws them, numbers, glosses, headings."""

from __future__ import annotations

import unicodedata

import pytest
from rich.cells import cell_len

from reader.text.articles import split_page
from reader.text.layout import layout_article
from reader.text.page import load_page
from reader.text.safe import printable, safe_text
from tests.conftest import SEEDS


def _page(prefix: str):
    return load_page(next(SEEDS.glob(f"{prefix}_*.txt")))


def _lines(text: str, width: int):
    article = split_page(text)[0]
    return layout_article(text, article, width)


def _drawn(line) -> str:
    return "".join(c.text for c in line.cells)


def _east_asian_width(ch: str) -> int:
    """The width table layout.py used to have: it disagrees with Rich on hundreds of code points."""
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


DISAGREEING = [
    chr(c)
    for c in range(0x20, 0x30000)
    if not 0xD800 <= c < 0xE000 and chr(c).isprintable() and cell_len(chr(c)) != _east_asian_width(chr(c))
]


def test_there_are_code_points_where_the_tables_disagree():
    assert "☰" in DISAGREEING and len(DISAGREEING) > 500


@pytest.mark.parametrize("width", [5, 9, 16, 23, 40])
def test_lines_fit_the_width_as_rich_measures_them(width):
    # Each odd character after a Han one, as it would stand in running text.
    text = "".join(f"中{ch}" for ch in DISAGREEING) + "。"
    lines = _lines(text, width)
    assert lines
    for line in lines:
        drawn = _drawn(line)
        assert sum(c.width for c in line.cells) == cell_len(drawn)
        assert cell_len(drawn) <= width


@pytest.mark.parametrize("width", range(10, 81))
def test_quoted_number_on_page_002_stays_on_one_line(width):
    page = _page("002")
    article = next(a for a in page.articles if "“84”消毒液" in page.text[a.start : a.end])
    lines = layout_article(page.text, article, width, page.view(article).glosses)
    drawn = [_drawn(line) for line in lines]
    assert any("“84”" in d for d in drawn)
    assert not any(d.endswith(("“8", "“")) or d.startswith(("4”", "”")) for d in drawn)


NUMBERS = ["“84”", "3.5%", "１２０００", "10:30", "1,200", "（２０２０）", "ＣＯＶＩＤ１９"]


@pytest.mark.parametrize("width", range(6, 31))
def test_numbers_with_separators_and_quotes_are_never_split(width):
    text = "各地群众捐赠" + "的物资和".join(NUMBERS) + "的口罩共计。"
    drawn = [_drawn(line) for line in _lines(text, width)]
    for number in NUMBERS:
        if cell_len(number) > width:
            continue  # cannot stand on one line at all
        assert any(number in d for d in drawn), (number, drawn)


WITH_UNITS = {
    "全市新建住房": ["2.79万套", "3.0万个", "1.7万元", "90余万人"],  # 万 or 亿 and the unit
    "累计检测": ["3,358,228人次", "1,200架次", "86例", "5,000余人次"],  # a measure word
}


@pytest.mark.parametrize("width", range(14, 31))
@pytest.mark.parametrize("lead", list(WITH_UNITS))
def test_a_number_stays_with_its_wan_and_unit(lead, width):
    text = lead + "，另有".join(WITH_UNITS[lead]) + "投入使用。"
    drawn = [_drawn(line) for line in _lines(text, width)]
    for number in WITH_UNITS[lead]:
        assert any(number in d for d in drawn), (number, drawn)


def test_a_number_wider_than_the_line_is_still_shown_whole_over_lines():
    text = "编号12345678901234567890。"
    drawn = [_drawn(line) for line in _lines(text, 8)]
    assert "".join(drawn) == text and all(cell_len(d) <= 8 for d in drawn)


@pytest.mark.parametrize("width", range(10, 61))
def test_a_gloss_stays_with_its_character_on_page_003(width):
    page = _page("003")
    article = page.articles[0]
    glosses = page.view(article).glosses
    assert len(glosses) > 100
    line_of: dict[int, int] = {}
    for y, line in enumerate(layout_article(page.text, article, width, glosses)):
        if line.cells:
            assert not line.cells[0].gloss, _drawn(line)
        for cell in line.cells:
            for i in range(cell.start, cell.end):
                line_of[i] = y
    for start, end in glosses:
        # The glossed character and every character of its gloss share one line.
        assert {line_of[i] for i in range(start - 1, end)} == {line_of[start - 1]}


def test_hidden_glosses_leave_no_cells():
    page = _page("003")
    article = page.articles[0]
    glosses = page.view(article).glosses
    lines = layout_article(page.text, article, 30, glosses, show_glosses=False)
    shown = {i for line in lines for c in line.cells for i in range(c.start, c.end)}
    assert not any(start in shown for start, _ in glosses)


def test_headings_are_drawn_without_their_marks_but_keep_page_offsets():
    page = _page("002")
    marked = 0
    for article in page.articles:
        for line in layout_article(page.text, article, 40):
            if line.kind not in ("md", "sub") or not line.cells:
                continue
            assert not _drawn(line).startswith("#")
            if page.text[line.start - 1] in " #":
                marked += 1
            for cell in line.cells:
                assert cell.text == page.text[cell.start : cell.end]
    assert marked >= 10
    heading = page.text.index("## 党旗引领下的一线奋战")
    article = page.articles[0]
    starts = [line.start for line in layout_article(page.text, article, 40)]
    assert heading + 3 in starts and heading not in starts


def test_markdown_heading_marks_are_left_out_at_every_level():
    text = "# 一级标题\n\n正文第一段,说明情况。\n\n#### 四级标题\n\n正文第二段,继续说明。\n"
    article = split_page(text)[0]
    drawn = [_drawn(line) for line in layout_article(text, article, 40) if line.cells]
    assert drawn == ["一级标题", "正文第一段,说明情况。", "四级标题", "正文第二段,继续说明。"]


UNSAFE = "标题\x1b[2J清屏\x07响铃\x9b控制\udcff字节\x7f删除\t制表\u200b零宽e\u0301"


def test_layout_draws_one_safe_glyph_per_page_character():
    for line in _lines(UNSAFE, 12):
        for cell in line.cells:
            assert safe_text(cell.text) == cell.text
            if cell.end - cell.start == 1:
                assert len(cell.text) == 1


def test_printable_is_safe_text_on_one_line():
    assert printable("\x9b2J") == safe_text("\x9b2J") == "\\x9b2J"
    assert printable("a\udcffb") == "a\\xffb"
    assert printable("x\ty") == "x y"
    assert printable("\x1b[2J") == "\u241b[2J"
