from __future__ import annotations

import pytest

from reader.text.decoding import decode_bytes

TEXT = "吉县众志成城。\n8200余名党员。\n"


def test_utf8_plain_bom_and_crlf_decode_to_the_same_text():
    plain = decode_bytes(TEXT.encode("utf-8"))
    bom_crlf = decode_bytes(b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert plain.text == TEXT
    assert bom_crlf.text == TEXT
    assert plain.note is None and bom_crlf.note is None


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("gb18030", "吉县众志成城。69个机关企事业单位党组织的千余名党员分赴城区54个居民小区。\n"),
        ("big5", "吉縣眾志成城。69個機關企事業單位黨組織的千餘名黨員分赴城區54個居民小區。\n"),
    ],
)
def test_legacy_encodings_are_detected_and_marked(encoding, text):
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding == encoding
    assert encoding in (decoded.note or "")


def test_utf16_with_bom():
    decoded = decode_bytes(TEXT.encode("utf-16"))
    assert decoded.text == TEXT


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        ("\n\n  \u3000\n".encode(), "white space"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_unreadable_inputs_get_a_reason(data, reason):
    decoded = decode_bytes(data)
    assert not decoded.readable
    assert reason in decoded.problem


def test_truncated_utf8_keeps_what_is_whole_and_says_so():
    data = TEXT.rstrip("\n").encode("utf-8")[:-1]
    decoded = decode_bytes(data)
    assert decoded.text == TEXT.rstrip("\n")[:-1]
    assert "truncated" in decoded.note


def test_a_utf8_page_with_a_few_nul_bytes_is_read_with_its_nuls_and_marked():
    data = "吉县众志成城。\x008200余名党员。\x00\n".encode()
    decoded = decode_bytes(data)
    assert decoded.readable
    assert decoded.text == "吉县众志成城。\x008200余名党员。\x00\n"
    assert decoded.text.index("8200") == 8  # the NUL still counts: offsets are the file's
    assert decoded.note == "contains 2 NUL bytes"


def test_a_nul_byte_note_joins_the_other_notes():
    data = ("党员\x00" + TEXT.rstrip("\n")).encode("utf-8")[:-1]
    decoded = decode_bytes(data)
    assert decoded.note.startswith("truncated UTF-8") and decoded.note.endswith("; contains 1 NUL byte")


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,  # controls all over
        TEXT.encode("utf-8") + b"\x00" * 200,  # more NULs than text
        TEXT.encode("utf-16-le"),  # UTF-16 without its BOM: a NUL every other byte
        "吉县\x00众志成城".encode("gb18030"),  # a NUL in a page that is not UTF-8
        b"\x00\n\x00\n",  # nothing but NULs and line breaks
    ],
)
def test_binary_data_and_nul_laden_non_utf8_are_still_refused(data):
    decoded = decode_bytes(data)
    assert not decoded.readable
    assert decoded.problem in ("binary data, not text", "no text (only white space)")
