"""Turn the bytes of a page file into page text, or a one-line reason why not.

The page text is the single reference for every offset in epireader: it is the file
decoded, with a byte-order mark removed and CRLF/CR line ends turned into LF. Nothing
else is changed, so offsets count code points of what the file says.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

# Byte-order marks, UTF-32 before UTF-16: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))


@dataclass(frozen=True)
class Decoded:
    """The outcome of decoding one file.

    ``text`` is None when the file is unreadable; ``problem`` then says why in one line.
    A readable file may still carry a ``note`` (legacy encoding, truncated tail).
    """

    text: str | None
    encoding: str | None
    problem: str | None = None
    note: str | None = None

    @property
    def readable(self) -> bool:
        return self.text is not None


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _few(count: int, size: int) -> bool:
    return count <= max(4, size // 50)


def _looks_binary(data: bytes) -> bool:
    # Text has very few C0 controls (UTF-16 and UTF-32 are caught by their BOM first).
    # NUL bytes in text happen (a crashed writer, a bad copy), a few of them: such a
    # page is still read, as UTF-8 only, and marked. Many NULs are binary or BOM-less
    # UTF-16, and no encoding guess on them is worth showing.
    sample = data[:4096]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if not _few(controls, len(sample)):
        return True
    nuls = data.count(0)
    if nuls and not _few(nuls, len(data)):
        return True
    if nuls:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            return not (exc.start >= len(data) - 3 and exc.reason == "unexpected end of data")
    return False


def decode_bytes(data: bytes) -> Decoded:
    if not data:
        return Decoded(None, None, "empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                return Decoded(None, codec, f"broken {codec} after its byte-order mark ({exc.reason})")
            return _finish(normalise_newlines(text.lstrip("\ufeff")), codec.replace("-sig", ""), None)
    if _looks_binary(data):
        return Decoded(None, None, "binary data, not text")
    try:
        return _finish(normalise_newlines(data.decode("utf-8")), "utf-8", None)
    except UnicodeDecodeError as exc:
        # A file cut inside its last character is still a page: keep what is whole.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            text = data[: exc.start].decode("utf-8")
            note = f"truncated UTF-8: last {len(data) - exc.start} byte(s) of a cut character dropped"
            return _finish(normalise_newlines(text), "utf-8", note)
    import charset_normalizer  # only legacy-encoded pages need it (~30 ms to import)

    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        return Decoded(None, None, "not UTF-8 and no known encoding fits")
    encoding = best.encoding
    # GB2312 and GBK are subsets of GB18030; decoding with the superset loses nothing.
    if encoding in ("gb2312", "gbk"):
        encoding = "gb18030"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return Decoded(None, None, f"not UTF-8; detected {encoding} but it does not decode")
    return _finish(normalise_newlines(text), encoding, f"decoded as {encoding} (not UTF-8)")


def _finish(text: str, encoding: str, note: str | None) -> Decoded:
    if not text.replace("\x00", "").strip():
        return Decoded(None, encoding, "no text (only white space)")
    nuls = text.count("\x00")
    if nuls:
        # Kept in the text, not removed: every offset must count what the file says.
        found = f"contains {nuls} NUL byte{'s' if nuls > 1 else ''}"
        note = f"{note}; {found}" if note else found
    return Decoded(text, encoding, None, note)
