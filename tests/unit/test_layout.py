from __future__ import annotations

import pytest
from rich.cells import cell_len

from reader.text.layout import NO_LINE_END, NO_LINE_START, char_width, layout_article


@pytest.mark.parametrize("width", [20, 31, 40, 57, 80])
def test_wrapping_keeps_line_rules_on_every_seed(corpus, width):
    for page, article in corpus.articles:
        lines = layout_article(page.text, article, width, page.view(article).glosses)
        shown = [c for line in lines for c in line.cells]
        # Every visible character of every paragraph is shown once, in order.
        starts = [c.start for c in shown]
        assert starts == sorted(starts) and len(set(starts)) == len(starts)
        for line in lines:
            if not line.cells:
                continue
            assert sum(c.width for c in line.cells) <= width
            if len(line.cells) > 1:
                assert line.cells[0].text not in NO_LINE_START
                assert line.cells[-1].text not in NO_LINE_END


def test_numbers_are_not_split_across_lines(corpus):
    page, article = corpus.articles[0]
    for width in range(12, 60):
        for line in layout_article(page.text, article, width):
            text = "".join(c.text for c in line.cells)
            # "8200" must never be cut: no line ends in "82" or starts with "00余".
            assert not text.endswith(("82", "820")) or "8200" in text
            assert not text.startswith(("00余", "0余"))


def test_double_width_characters_count_two():
    assert char_width("党") == 2 and char_width("8") == 1 and char_width("𠮷") == 2
    assert char_width("\u0301") == 0


def test_widths_are_the_ones_textual_draws_with():
    # Trigrams and spacing vowel signs: east_asian_width says 1, Rich (and so Textual) not.
    assert char_width("☰") == cell_len("☰") == 2
    assert char_width("\u093e") == cell_len("\u093e") == 0
