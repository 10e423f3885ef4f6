"""Any text made safe to put on the screen: nothing in it can act on the terminal.

A page, a file name or an error message is data. An ESC (``\\x1b[2J`` clears the
screen), a BEL, a CSI (``\\x9b``, ESC [ in one byte) or a NUL must be shown, not sent.
C0 controls and DEL become their Control Pictures (U+2400 block: ␛ ␇ ␀ ␡), one
glyph each; C1 controls become ``\\x9b``-style escapes (there are no pictures for
them); lone surrogates, which ``os.fsdecode`` makes of a file name's undecodable bytes
(surrogateescape), become the byte they stand for, ``\\xff``. The bidirectional
formatting characters (U+202A–U+202E embeddings and overrides, U+2066–U+2069
isolates, U+200E/U+200F and U+061C marks) become ``\\u202e``-style escapes too: a
name like ``bidi\\u202eTXT.exe\\u202c.txt`` would otherwise show reversed (``bidiexe.TXT.txt``)
and shift the columns of a table. Newlines and tabs are kept only where the caller
lays out lines itself.
"""

from __future__ import annotations

import re

from reader.text.patterns import lazy

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = lazy(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_BIDI}]")
_DEL_PICTURE = "\u2421"


def _shown(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return _DEL_PICTURE
    if code < 0xA0:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the byte 0x80–0xFF it replaced
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"  # any other lone surrogate, and the bidi controls


def safe_text(text: str, *, newlines: bool = False, tabs: bool = False) -> str:
    """``text`` with every control character and lone surrogate made visible.

    ``newlines``/``tabs``: keep ``\\n`` and ``\\t`` as they are (for text the caller
    lays out over lines); otherwise they are shown as ␊ and ␉ like any control.
    """
    keep = ("\n" if newlines else "") + ("\t" if tabs else "")

    def replace(match: re.Match[str]) -> str:
        ch = match.group()
        return ch if ch in keep else _shown(ch)

    return _UNSAFE.sub(replace, text)


_JSON_SURROGATES = lazy("[\ud800-\udfff]")
_JSON_UNSAFE = lazy("[\x7f-\x9f\ud800-\udfff]")


def json_escaped(text: str, *, controls: bool = True) -> str:
    """JSON text made by ``json.dumps(…, ensure_ascii=False)`` that can be written as
    UTF-8 and shown on a terminal: the lone surrogates of an undecodable file name
    (``bad\\xffname.txt`` read with surrogateescape), which no UTF-8 file can hold,
    and with ``controls`` DEL and the C1 controls (\\x9b is CSI), which json.dumps
    leaves raw, become ``\\u`` escapes. Any JSON reader turns them back into the
    same string, so a page name goes out and comes back the same."""
    pattern = _JSON_UNSAFE if controls else _JSON_SURROGATES
    return pattern.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def printable(text: str) -> str:
    """A string made safe to show on one line (titles, lists): ``safe_text``, tabs as spaces."""
    return safe_text(text, tabs=True).replace("\t", " ")
