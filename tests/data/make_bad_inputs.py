#!/usr/bin/env python3
"""Write a catalogue of awkward input pages into a folder (default: ./bad-pages).

Every page here is something a real corpus contains. A reader must open the folder
without a traceback: each page is either shown correctly or listed with a clear reason.
"""
import os, sys

SEEDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "seeds")


def seed(name: str) -> str:
    return open(os.path.join(SEEDS, name), encoding="utf-8").read()


def main(out: str) -> None:
    os.makedirs(out, exist_ok=True)
    simp = seed("000_1b80620b9e734545.txt")
    trad = "吉縣眾志成城。69個機關企事業單位黨組織的千餘名黨員分赴城區54個居民小區。\n"

    def write(name: str, data: bytes) -> None:
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)

    write("gb18030.txt", simp.encode("gb18030"))                      # legacy mainland encoding
    write("big5.txt", trad.encode("big5"))                             # legacy Taiwan/HK encoding
    write("utf8-bom-crlf.txt", b"\xef\xbb\xbf" + simp.replace("\n", "\r\n").encode("utf-8"))
    write("utf16.txt", simp.encode("utf-16"))                          # with its BOM
    write("empty.txt", b"")
    write("whitespace-only.txt", "\n\n   \u3000\n".encode("utf-8"))
    write("binary.txt", bytes(range(256)) * 8)                         # NUL bytes and all
    write("truncated-utf8.txt", simp.encode("utf-8")[:-1])             # cut inside the last character
    write("one-long-line.txt", (simp.replace("\n", "") * 30).encode("utf-8"))
    write("terminal-escapes.txt", "标题\n\n正文\x1b[2J\x1b[31m红色\x1b]52;c;ZXZpbA==\x07结束。8200余名党员。\n".encode("utf-8"))
    write("markup-brackets.txt", "[bold]不是粗体[/bold] [link=x]链接[/link] 8200余名党员。\n".encode("utf-8"))
    write("astral-chars.txt", "𠮷野家 😷 口罩2000个,𡈽 3个。\n".encode("utf-8"))  # outside the BMP
    write("combining.txt", "e\u0301 ñ 党员\u200b先锋岗\ufeff 5名。\n".encode("utf-8"))  # zero-width and combining
    write("not-a-page.json", b'{"spans": []}')                         # a non-.txt file in the folder


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bad-pages")
