"""safe_text: no control character or lone surrogate ever reaches the screen."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.text.safe import safe_text

C0_C1 = re.compile("[\x00-\x1f\x7f-\x9f]")
SURROGATE = re.compile("[\ud800-\udfff]")
# Every code point, lone surrogates included (a file name decoded with surrogateescape).
ANY_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()))


@given(ANY_TEXT, st.booleans(), st.booleans())
def test_no_control_character_or_surrogate_survives(text, newlines, tabs):
    shown = safe_text(text, newlines=newlines, tabs=tabs)
    allowed = ("\n" if newlines else "") + ("\t" if tabs else "")
    assert not [ch for ch in C0_C1.findall(shown) if ch not in allowed]
    assert not SURROGATE.search(shown)
    if newlines and tabs:
        assert shown.count("\n") == text.count("\n") and shown.count("\t") == text.count("\t")


@given(
    st.text(
        alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
        | st.sampled_from("，。、“”0123456789余名𠮷😷")
    )
)
def test_plain_cjk_text_passes_unchanged(text):
    assert safe_text(text) == text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "␛[2J"),
        ("\x07", "␇"),
        ("\x00", "␀"),
        ("\x7f", "␡"),
        ("\x9b31m", "\\x9b31m"),  # CSI: ESC [ in one C1 byte
        ("a\nb\tc", "a␊b␉c"),
    ],
)
def test_controls_become_visible_symbols(raw, shown):
    assert safe_text(raw) == shown


def test_newlines_and_tabs_are_kept_only_when_asked():
    assert safe_text("a\nb\tc", newlines=True) == "a\nb␉c"
    assert safe_text("a\nb\tc", tabs=True) == "a␊b\tc"
    assert safe_text("a\r\nb", newlines=True) == "a␍\nb"


def test_an_undecodable_file_name_shows_its_bytes():
    name = os.fsdecode(b"caf\xe9-\xff.txt")  # Latin-1 bytes on a UTF-8 system
    assert safe_text(name) == "caf\\xe9-\\xff.txt"
    assert safe_text("\ud800x") == "\\ud800x"
