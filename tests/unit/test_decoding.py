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
