"""Each export format read back into spans (round trip), offsets converted per tool,
and the output folder written without writing through links."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from reader.annotation.editing import Editor
from reader.annotation.store import AnnotationStore
from reader.corpus.corpus import load_corpus
from reader.export import FORMATS, ExportError, export, read_fixture
from reader.export.bio import read_bio
from reader.export.brat import read_brat
from reader.export.doccano import read_doccano
from reader.export.label_studio_reading import read_label_studio
from reader.export.offsets import codepoint_offset, utf16_offset
from reader.export.registry import REGISTRY
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
    session = Editor(AnnotationStore(tmp_path / "ann"), "t")
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
        names = [r.split("\t")[1] for r in (out / "annotations.bio.pages.tsv").read_text().splitlines()]
        starts = [i for i, r in enumerate(rows) if r == "-DOCSTART- -X- O O"]
        assert len(starts) == len(names) and not any(r.startswith("#") for r in rows)
        for n, (i, name) in enumerate(zip(starts, names, strict=True)):
            text, keys = read_bio(rows[i : starts[n + 1] if n + 1 < len(starts) else len(rows)])
            assert text == texts[name]
            back[name] = sorted(keys)
    elif fmt == "webanno":
        from reader.export.incoming import ImportOptions
        from reader.export.webanno import read_webanno_files

        for doc in read_webanno_files(out, ImportOptions()):
            assert all(texts[doc.source][s.start : s.end] == s.text for s in doc.spans if not s.fragments)
            back[doc.source] = sorted(s.key for s in doc.spans)
    elif fmt == "extract":
        for line in (out / "spans.jsonl").read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            assert texts[data["source"]][data["start"] : data["end"]] == data["text"]
            back.setdefault(data["source"], []).append((data["label"], data["start"], data["end"]))
        back = {k: sorted(v) for k, v in back.items()}
    else:
        for path in out.glob("*.json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            base = data["article"]["start"]
            keys = [(lab, s + base, e + base) for lab, s, e in read_fixture(data)]
            back.setdefault(data["source"], []).extend(keys)
        back = {k: sorted(v) for k, v in back.items()}
    return back


def test_every_format_has_one_record_with_a_writer():
    assert FORMATS == tuple(REGISTRY)
    assert set(FORMATS) >= {"fixtures", "brat", "jsonl", "label-studio", "bio", "extract"}
    assert all(callable(REGISTRY[name].write) for name in FORMATS)


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


def test_a_utf16_offset_inside_a_surrogate_pair_is_refused():
    text = "𠮷家"
    assert codepoint_offset(text, 2) == 1
    with pytest.raises(ValueError, match="character boundary"):
        codepoint_offset(text, 1)
    with pytest.raises(ValueError):
        codepoint_offset(text, 4)


def test_brat_splits_spans_at_line_breaks(tmp_path):
    pages = tmp_path / "p"
    pages.mkdir()
    (pages / "x.txt").write_text(
        "自4月7日综改区成立疫情防\n\n控志愿者服务队临时党支部以来,已召开4次会议。\n", encoding="utf-8"
    )
    corpus = load_corpus(pages)
    page = corpus.pages[0]
    end = page.text.index("。")
    Editor(AnnotationStore(tmp_path / "ann"), "t").tag(page, "event", 0, end)
    export(corpus, tmp_path / "ann", "brat", tmp_path / "brat")
    line = (tmp_path / "brat" / "x.ann").read_text(encoding="utf-8").splitlines()[0]
    cut = page.text.index("\n")
    assert line.split("\t")[1] == f"Event 0 {cut};{cut + 2} {end}"
    assert read_brat(page.text, line) == [("event", 0, end)]


# --- writing the output folder ----------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "brat"])
def test_a_link_in_the_output_folder_is_replaced_and_its_target_left_alone(fmt, astral, tmp_path):
    corpus, annotations = astral
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    name = "annotations.jsonl" if fmt == "jsonl" else "astral.ann"
    (out / name).symlink_to(victim)
    written = export(corpus, annotations, fmt, out)
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (out / name).is_symlink()
    assert out / name in written and (out / name).stat().st_size > 0


def test_a_linked_sub_folder_is_replaced_by_a_real_one(tmp_path):
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    (pages / "sub" / "p.txt").write_text("吉县8200余名党员。\n", encoding="utf-8")
    corpus = load_corpus(pages)
    Editor(AnnotationStore(tmp_path / "ann"), "t").tag(corpus.pages[0], "figure", 2, 8)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    export(corpus, tmp_path / "ann", "brat", out)
    assert list(elsewhere.iterdir()) == []
    assert (out / "sub").is_dir() and not (out / "sub").is_symlink()
    assert (out / "sub" / "p.ann").read_text(encoding="utf-8").startswith("T1\tFigure 2 8\t")


def test_exported_files_follow_the_umask_not_private_temp_file_modes(astral, tmp_path):
    corpus, annotations = astral
    old = os.umask(0o022)
    try:
        [path] = export(corpus, annotations, "jsonl", tmp_path / "out")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_an_existing_file_as_output_folder_is_one_clear_error(astral, tmp_path):
    corpus, annotations = astral
    out = tmp_path / "taken"
    out.write_text("mine\n", encoding="utf-8")
    with pytest.raises(ExportError, match="is a file") as caught:
        export(corpus, annotations, "jsonl", out)
    assert "\n" not in str(caught.value)
    assert out.read_text(encoding="utf-8") == "mine\n"
    with pytest.raises(ExportError, match="is a file"):
        export(corpus, annotations, "jsonl", out / "below")


def test_an_unwritable_output_folder_is_one_clear_error(astral, tmp_path, monkeypatch):
    corpus, annotations = astral
    out = tmp_path / "locked"
    out.mkdir()
    out.chmod(0o500)
    if os.geteuid() == 0:
        # root writes through mode bits: make the folder refuse new files as it would.
        real_open = os.open

        def refuse(path, flags, mode=0o777, **kwargs):
            if Path(path).parent == out:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, flags, mode, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    try:
        with pytest.raises(ExportError, match="permission denied") as caught:
            export(corpus, annotations, "jsonl", out)
    finally:
        out.chmod(0o700)
    assert str(caught.value) == f"cannot write {out / 'annotations.jsonl'}: permission denied"
    assert list(out.iterdir()) == []


def test_an_unknown_format_names_the_choices(astral, tmp_path):
    corpus, annotations = astral
    with pytest.raises(ValueError, match="choose one of fixtures, brat"):
        export(corpus, annotations, "conll", tmp_path / "out")


def test_jsonl_pages_stay_one_per_line_whatever_line_separators_the_text_holds(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p.txt").write_text("第一\u2028第二\x85第三\u20298200余名。\n", encoding="utf-8")
    corpus = load_corpus(pages)
    page = corpus.pages[0]
    Editor(AnnotationStore(tmp_path / "ann"), "t").tag(
        page, "figure", page.text.index("8200"), len(page.text) - 2
    )
    for fmt, name in (("jsonl", "annotations.jsonl"), ("extract", "spans.jsonl")):
        export(corpus, tmp_path / "ann", fmt, tmp_path / fmt)
        lines = (tmp_path / fmt / name).read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1
        assert "\u2028" in json.dumps(json.loads(lines[0]), ensure_ascii=False)


def test_json_written_in_pieces_with_generators_is_what_json_dumps_writes_with_lists():
    """jsonl and Label Studio write a page's spans as generators (never all built at once)."""
    from reader.export.jsonout import json_pieces, one_line

    attrs = [{"value": i / 2, 3: i % 2 == 0} for i in range(5)]  # a key that is not a string too
    records = [{"start": i, "text": f"第{i}例\u2028", "attrs": attrs[i]} for i in range(5)]
    labels = [[r["start"], r["start"] + 1, "figure"] for r in records]
    built = {"label": labels, "meta": [{"spans": records, "none": None, "empty": []}], "text": "党员\x85"}
    lazy = {"label": iter(labels), "meta": [{"spans": iter(records), "none": None, "empty": iter([])}],
            "text": "党员\x85"}  # fmt: skip
    assert "".join(json_pieces(lazy)) == one_line(built)
    assert "\u2028" not in one_line(built) and "\\u2028" in one_line(built)


def test_brat_notes_apply_in_file_order_whether_before_or_after_their_text_bound_line():
    from reader.export.brat_reading import parse_ann

    ann = "\n".join([
        "#1\tAnnotatorNotes T1\tfirst",
        '#2\tAnnotatorNotes T1\t{"unit": "A"}',
        "T1\tFigure 0 4\t8200",
        '#3\tAnnotatorNotes T1\t{"unit": "B"}',
        "#4\tAnnotatorNotes T1\tsecond",
    ])  # fmt: skip
    (span,) = parse_ann(ann, "x.ann")
    assert span.attrs == {"unit": "B"}  # the later note wins, as it always did
    assert span.extras == {"note": "first\nsecond"}


def test_a_bio_export_of_no_pages_is_one_empty_line(tmp_path):
    from reader.export.bio import write_bio
    from reader.export.output import OutputFolder

    write_bio([], OutputFolder(tmp_path / "out"))
    assert (tmp_path / "out" / "annotations.bio").read_text(encoding="utf-8") == "\n"


def test_utf16_tables_keep_no_text_alive_and_never_compare_an_equal_text_character_by_character():
    import sys

    compared = []

    class Watched(str):
        __hash__ = str.__hash__

        def __eq__(self, other):
            compared.append(1)
            return str.__eq__(self, other)

    first, second = Watched("𠮷野家" * 1000), Watched("𠮷野家" * 1000)  # equal, two objects
    held = sys.getrefcount(first)
    assert codepoint_offset(first, 2) == codepoint_offset(second, 2) == 1
    assert sys.getrefcount(first) == held  # a page's text is not kept by the conversion
    assert compared == []
