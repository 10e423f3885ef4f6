from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text.articles import view_of_text
from reader.text.normalize import GLOSS, ZERO_WIDTH, build_view, to_simplified
from reader.text.page import load_page
from tests.conftest import SEEDS


def _seed_003():
    page = load_page(next(SEEDS.glob("003_*.txt")))
    return page, page.view(page.articles[0])


def test_glosses_are_left_out_and_traditional_is_simplified():
    page, view = _seed_003()
    assert "督导检查" in view.text
    assert "(dǎo)" not in view.text
    start = view.text.index("督导检查")
    a, b = view.to_page(start, start + 4)
    assert page.text[a:b] == "督導(dǎo)檢查"


def test_mojibake_is_marked_and_maps_to_the_garbled_page_text():
    page, view = _seed_003()
    spans = [page.text[slice(*view.to_page(s, e))] for s, e in view.garbled]
    assert "?!耙钊胴瀼芈鋵嵙暯娇倳浿匾甘揪?" in spans
    # Normal traditional text is not mistaken for mojibake.
    assert all("吉縣" not in s and "疫情" not in s for s in spans)


def test_clean_seed_has_no_garbled_stretch():
    page = load_page(next(SEEDS.glob("000_*.txt")))
    for article in page.articles:
        assert page.view(article).garbled == []


# Text made of the things the view changes: Han (simplified and traditional),
# pinyin glosses, zero-width characters, newlines and ordinary punctuation.
pieces = st.sampled_from(
    [
        "縣",
        "黨",
        "員",
        "县",
        "党",
        "员",
        "督導",
        "(dǎo)",
        "(zhàn)",
        "戰",
        "\u200b",
        "\ufeff",
        "8200",
        "余名",
        ",",
        "。",
        "\n",
        "\n\n",
        " ",
        "a",
        "[b]",
        "\x1b",
        "𠮷",
    ]
)


@given(st.lists(pieces, max_size=40), st.data())
@settings(max_examples=300, deadline=None)
def test_any_view_span_maps_back_to_the_characters_that_made_it(parts, data):
    text = "".join(parts)
    view = view_of_text(text)
    assert len(view.origin) == len(view.text)
    assert list(view.origin) == sorted(set(view.origin))  # strictly increasing
    if not view.text:
        return
    start = data.draw(st.integers(0, len(view.text) - 1))
    end = data.draw(st.integers(start + 1, len(view.text)))
    a, b = view.to_page(start, end)
    original = text[a:b]
    # What the page holds there, minus what the view leaves out, is what the view shows.
    kept = GLOSS.sub("", original)
    kept = "".join(ch for ch in kept if ch not in ZERO_WIDTH)
    visible = view.text[start:end]
    # White space around and between paragraphs collapses to one "\n" in the view.
    assert "".join(to_simplified(kept).split()) == "".join(visible.split())
    # No view character comes from a left-out page character.
    hidden = {i for m in GLOSS.finditer(text) for i in range(m.start(), m.end())}
    for i in range(start, end):
        source = text[view.origin[i]]
        assert view.origin[i] not in hidden and source not in ZERO_WIDTH
        if view.text[i] != "\n":
            assert len(to_simplified(source)) == 1


def test_build_view_joins_parts_without_the_gap():
    text = "卫健部门\n\n积极调派医护人员。"
    view = build_view(text, [[(0, 4), (6, len(text))]])
    assert view.text == "卫健部门积极调派医护人员。"
    assert view.to_page(3, 5) == (3, 7)
