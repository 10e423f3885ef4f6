"""Each export format read back into spans (round trip), offsets converted per tool."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.annotation.editing import Session
from reader.annotation.store import AnnotationStore
from reader.corpus.corpus import load_corpus
from reader.export.formats import (
    FORMATS,
    codepoint_offset,
    export,
    read_bio,
    read_brat,
    read_doccano,
    read_fixture,
    read_label_studio,
    utf16_offset,
)
from tests.conftest import ROOT

ASTRAL = "吉野家𠮷 😷 口罩2000个,𡈽 3个。\n\n3月2日下午3时,𠮷家捐赠口罩500个。\n"


@pytest.fixture()
def astral(tmp_path):
    """A page with characters outside the BMP before every span."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "astral.txt").write_text(ASTRAL, encoding="utf-8")
    corpus = load_corpus(pages)
    page = corpus.pages[0]
    session = Session(AnnotationStore(tmp_path / "ann"), "t")
    for label, needle in (("figure", "2000个"), ("figure", "3个"), ("figure", "500个"),
                          ("event", "3月2日下午3时,𠮷家捐赠口罩500个")):  # fmt: skip
        start = page.text.index(needle)
        session.tag(page, label, start, start + len(needle), {"value": 1})
    return corpus, tmp_path / "ann"


def _gold_keys(corpus, annotations):
    keys = {}
    for page in corpus.pages:
        path = AnnotationStore(annotations).path_for(page.name)
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            keys[page.name] = sorted((s["label"], s["start"], s["end"]) for s in data["spans"])
    return keys


def _read_back(fmt: str, out: Path, corpus) -> dict[str, list[tuple[str, int, int]]]:
    texts = {p.name: p.text for p in corpus.pages}
    back: dict[str, list[tuple[str, int, int]]] = {}
    if fmt == "brat":
        for ann in out.glob("*.ann"):
            text = (out / (ann.stem + ".txt")).read_text(encoding="utf-8")
            back[ann.stem + ".txt"] = sorted(read_brat(text, ann.read_text(encoding="utf-8")))
            assert text == texts[ann.stem + ".txt"]
    elif fmt == "jsonl":
        for line in (out / "annotations.jsonl").read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            back[data["meta"]["source"]] = sorted(read_doccano(data))
    elif fmt == "label-studio":
        for task in json.loads((out / "label-studio.json").read_text(encoding="utf-8")):
            back[task["data"]["source"]] = sorted(read_label_studio(task))
    elif fmt == "bio":
        rows = (out / "annotations.bio").read_text(encoding="utf-8").split("\n")
        starts = [i for i, r in enumerate(rows) if r.startswith("# source = ")]
        for n, i in enumerate(starts):
            name = rows[i].split(" = ", 1)[1]
            chunk = rows[i : starts[n + 1] if n + 1 < len(starts) else len(rows)]
            text, keys = read_bio(chunk)
            assert text == texts[name]
            back[name] = sorted(keys)
    else:
        for path in out.glob("*.json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            base = data["article"]["start"]
            keys = [(lab, s + base, e + base) for lab, s, e in read_fixture(data)]
            back.setdefault(data["source"], []).extend(keys)
        back = {k: sorted(v) for k, v in back.items()}
    return back


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_of_the_gold(fmt, corpus, tmp_path):
    annotations = ROOT / "annotations"
    export(corpus, annotations, fmt, tmp_path / "a")
    assert _read_back(fmt, tmp_path / "a", corpus) == _gold_keys(corpus, annotations)


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_outside_the_bmp(fmt, astral, tmp_path):
    corpus, annotations = astral
    export(corpus, annotations, fmt, tmp_path / "a")
    assert _read_back(fmt, tmp_path / "a", corpus) == _gold_keys(corpus, annotations)


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_are_deterministic(fmt, astral, tmp_path):
    corpus, annotations = astral
    first = export(corpus, annotations, fmt, tmp_path / "one")
    second = export(corpus, annotations, fmt, tmp_path / "two")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_utf16_offsets_count_astral_characters_twice(astral, tmp_path):
    corpus, annotations = astral
    export(corpus, annotations, "label-studio", tmp_path)
    task = json.loads((tmp_path / "label-studio.json").read_text(encoding="utf-8"))[0]
    text = corpus.pages[0].text
    first = next(r["value"] for r in task["annotations"][0]["result"] if r["value"]["text"] == "2000个")
    cp = text.index("2000个")
    assert first["start"] == cp + 2  # 𠮷 and 😷 come before it, two code units each
    # What a JavaScript front end would slice with those units:
    units = text.encode("utf-16-le")
    assert units[first["start"] * 2 : first["end"] * 2].decode("utf-16-le") == "2000个"
    assert codepoint_offset(text, utf16_offset(text, cp)) == cp


def test_brat_splits_spans_at_line_breaks(tmp_path):
    pages = tmp_path / "p"
    pages.mkdir()
    (pages / "x.txt").write_text(
        "自4月7日综改区成立疫情防\n\n控志愿者服务队临时党支部以来,已召开4次会议。\n", encoding="utf-8"
    )
    corpus = load_corpus(pages)
    page = corpus.pages[0]
    end = page.text.index("。")
    Session(AnnotationStore(tmp_path / "ann"), "t").tag(page, "event", 0, end)
    export(corpus, tmp_path / "ann", "brat", tmp_path / "brat")
    line = (tmp_path / "brat" / "x.ann").read_text(encoding="utf-8").splitlines()[0]
    cut = page.text.index("\n")
    assert line.split("\t")[1] == f"Event 0 {cut};{cut + 2} {end}"
    assert read_brat(page.text, line) == [("event", 0, end)]
