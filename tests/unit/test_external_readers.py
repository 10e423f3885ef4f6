"""The seed gold's exports read by tools nobody here wrote (the test extras):
label-studio-converter, spaCy's `convert`, seqeval, bratiaa and pybrat, each span's
text checked against the page it came from."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.annotation.store import AnnotationStore
from reader.corpus.agreement import agreement
from reader.export import export
from reader.export.bio import unescape
from tests.conftest import ROOT

GOLD = ROOT / "annotations"


def _gold(corpus) -> dict[str, list[tuple[str, int, int]]]:
    store = AnnotationStore(GOLD)
    return {p.name: sorted(s.key for s in store.load(p).annotations.spans) for p in corpus.pages}


def test_label_studio_converter_reads_every_region_with_the_pages_text(corpus, tmp_path):
    from label_studio_converter import Converter

    export(corpus, GOLD, "label-studio", tmp_path / "ls", "codepoints")  # the converter counts code points
    converter = Converter(config=str(tmp_path / "ls" / "label-studio-config.xml"), project_dir=str(tmp_path))
    converter.convert_to_json_min(
        str(tmp_path / "ls" / "label-studio.json"), str(tmp_path / "min"), is_dir=False
    )
    records = json.loads((tmp_path / "min" / "result.json").read_text(encoding="utf-8"))
    texts = {p.name: p.text for p in corpus.pages}
    regions = 0
    for record in records:
        text = texts[record["source"]]
        for region in record["label"]:
            assert text[region["start"] : region["end"]] == region["text"]
            regions += 1
    assert len(records) == len(corpus.pages)
    assert regions == sum(map(len, _gold(corpus).values()))


def _bio(corpus, tmp_path: Path) -> tuple[Path, list[str]]:
    export(corpus, GOLD, "bio", tmp_path / "bio")
    pages = [
        r.split("\t")[1] for r in (tmp_path / "bio" / "annotations.bio.pages.tsv").read_text().splitlines()
    ]
    return tmp_path / "bio" / "annotations.bio", pages


def _runs(tags: list[str]) -> list[tuple[int, int]]:
    return [
        (s, e + 1)
        for _, s, e in __import__("seqeval.metrics.sequence_labeling").metrics.sequence_labeling.get_entities(
            tags
        )
    ]


def test_spacy_convert_reads_the_bio_export_figures_as_entities_and_events_as_tags(corpus, tmp_path):
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    bio, pages = _bio(corpus, tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "spacy", "convert", str(bio), str(tmp_path), "-c", "ner", "-t", "spacy"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    docs = list(DocBin().from_disk(tmp_path / "annotations.spacy").get_docs(Vocab()))
    assert len(docs) == len(pages)
    texts = {p.name: p.text for p in corpus.pages}
    gold = _gold(corpus)
    for doc, name in zip(docs, pages, strict=True):
        text = texts[name]
        assert "".join(unescape(t.text) for t in doc) == text  # a token per character
        figures = [(e.start, e.end) for e in doc.ents]
        for start, end in figures:  # token i is character i
            assert "".join(unescape(t.text) for t in doc[start:end]) == text[start:end]
        assert figures == [(s, e) for label, s, e in gold[name] if label == "figure"]
        events = _runs([t.tag_ for t in doc])
        assert sorted(events) == sorted((s, e) for label, s, e in gold[name] if label == "event")


def test_seqeval_reads_every_span_of_the_bio_export(corpus, tmp_path):
    from seqeval.metrics import f1_score

    bio, pages = _bio(corpus, tmp_path)
    documents = bio.read_text(encoding="utf-8").split("-DOCSTART- -X- O O\n")[1:]
    texts = {p.name: p.text for p in corpus.pages}
    gold = _gold(corpus)
    for rows, name in zip(documents, pages, strict=True):
        cells = [r.split("\t") for r in rows.split("\n") if r]
        text = "".join(unescape(c[0]) for c in cells)
        assert text == texts[name]
        found = []
        for column, label in ((1, "event"), (2, "figure")):
            tags = [c[column] for c in cells]
            found += [(label, s, e) for s, e in _runs(tags)]
            assert f1_score([tags], [tags]) in (1.0, 0.0)  # seqeval takes the tags as they are
        assert sorted(found) == gold[name]
        assert all(texts[name][s:e] for _, s, e in found)


def _brat_project(corpus, tmp_path: Path, drop: int) -> Path:
    """A bratiaa project: the gold as annotator a, the gold less every drop-th span as b."""
    project = tmp_path / "project"
    export(corpus, GOLD, "brat", project / "a")
    less = tmp_path / "less"
    shutil.copytree(GOLD, less)
    for path in less.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["spans"] = [s for n, s in enumerate(data["spans"]) if n % drop]
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    export(corpus, less, "brat", project / "b")
    shutil.copy(project / "a" / "annotation.conf", project / "annotation.conf")
    (project / "a" / "annotation.conf").unlink()
    (project / "b" / "annotation.conf").unlink()
    return project


def test_bratiaa_f1_of_two_exports_is_what_agree_says(corpus, tmp_path):
    import bratiaa

    project = _brat_project(corpus, tmp_path, drop=4)
    f1 = bratiaa.compute_f1_agreement(str(project))
    by_label = dict(zip(f1.labels, f1.mean_sd_per_label()[0], strict=True))
    ours = agreement(corpus, [GOLD, tmp_path / "less"]).report
    for label, name in (("event", "Event"), ("figure", "Figure")):
        assert by_label[name] == pytest.approx(ours.score(label, "strict").f1)
    assert 0 < by_label["Figure"] < 1


def test_pybrat_reads_the_brat_export_every_span_its_text(corpus, tmp_path):
    from pybrat.parser import BratParser

    export(corpus, GOLD, "brat", tmp_path / "brat")
    examples = BratParser(error="raise").parse(str(tmp_path / "brat"))
    texts = {p.text for p in corpus.pages}
    entities = 0
    for example in examples:
        assert example.text in texts
        for entity in example.entities:
            assert entity.mention == " ".join(example.text[s.start : s.end] for s in entity.spans)
            entities += 1
    assert entities == sum(map(len, _gold(corpus).values()))


def test_spacy_char_span_takes_a_code_point_export_outside_the_bmp(tmp_path):
    import spacy
    from spacy.tokens import Doc

    from reader.annotation.editing import Editor
    from reader.corpus.corpus import load_corpus

    text = "𠮷野家 😷 口罩2000个,3月2日捐赠口罩500个。\n"
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.txt").write_text(text, encoding="utf-8")
    corpus = load_corpus(tmp_path / "pages")
    editor = Editor(AnnotationStore(tmp_path / "ann"), "t")
    for needle in ("2000个", "500个"):
        start = text.index(needle)
        editor.tag(corpus.pages[0], "figure", start, start + len(needle))
    for unit, lands in (("codepoints", True), ("utf16", False)):
        export(corpus, tmp_path / "ann", "jsonl", tmp_path / unit, unit)
        line = json.loads((tmp_path / unit / "annotations.jsonl").read_text(encoding="utf-8"))
        chars = list(line["text"])  # a token per character: no tokenizer decides the edges
        doc = Doc(spacy.blank("xx").vocab, words=chars, spaces=[False] * len(chars))
        shown = [doc.char_span(s, e) for s, e, _ in line["label"]]
        # spaCy counts code points: a UTF-16 export lands beside the figures
        assert ([x.text for x in shown if x is not None] == ["2000个", "500个"]) is lands
