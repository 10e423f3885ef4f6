"""eval over several gold sets; teach --apply grows the lexicon the extractor reads."""

from __future__ import annotations

from reader.annotation.editing import Editor
from reader.annotation.store import AnnotationStore
from reader.corpus.corpus import load_corpus
from reader.extraction.extractor import extract_text
from reader.extraction.lexicon import load_lexicon
from tests.unit.test_cli import run_cli, tsv_tables


def test_eval_without_a_path_scores_seeds_and_heldout_apart():
    result = run_cli("eval")
    assert result.returncode == 0, result.stderr
    [scores] = tsv_tables(result.stdout)
    assert scores[0][0] == "set"
    assert {row[0] for row in scores[1:]} == {"seeds", "heldout"}
    assert "seeds:" in result.stderr and "heldout:" in result.stderr and "counted exact" in result.stderr


def test_eval_sets_are_named_on_the_command_line_and_min_f1_names_the_set_below(tmp_path):
    result = run_cli("eval", "--set", "dev=heldout/pages:heldout/annotations", "--min-f1", "0.9999")
    assert result.returncode == 1
    [scores] = tsv_tables(result.stdout)
    assert {row[0] for row in scores[1:]} == {"dev"}
    assert "dev figure strict F1" in result.stderr
    bad = run_cli("eval", "--set", "nothing")
    assert bad.returncode == 2 and "NAME=CORPUS:ANNOTATIONS" in bad.stderr


def test_teach_apply_writes_an_unknown_unit_and_the_extractor_then_finds_it(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("院子里堆着5摞报纸。\n", encoding="utf-8")
    (pages / "b.txt").write_text("桌上放着两摞文件。\n", encoding="utf-8")
    corpus = load_corpus(pages)
    a = corpus.page("a.txt")
    ann = tmp_path / "ann"
    start = a.text.index("5摞")
    Editor(AnnotationStore(ann), "t").tag(a, "figure", start, start + 2, {"value": 5, "unit": "摞"})
    assert "两摞" not in [s.text for s in extract_text(corpus.page("b.txt").text, lexicon=load_lexicon(ann))]
    once = run_cli("teach", str(pages), "--annotations", str(ann))
    assert "摞" not in once.stdout  # tagged once: the default --min-count is 2
    listed = run_cli("teach", str(pages), "--annotations", str(ann), "--min-count", "1")
    assert "units" in listed.stdout and "摞" in listed.stdout and not (ann / "lexicon.toml").exists()
    applied = run_cli("teach", str(pages), "--annotations", str(ann), "--apply", "--min-count", "1")
    assert applied.returncode == 0, applied.stderr
    assert "摞" in load_lexicon(ann).units
    found = [s.text for s in extract_text(corpus.page("b.txt").text, lexicon=load_lexicon(ann))]
    assert "两摞" in found


def test_extract_reads_the_lexicon_of_the_annotations_folder(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "b.txt").write_text("桌上放着两摞文件。\n", encoding="utf-8")
    ann = tmp_path / "ann"
    ann.mkdir()
    plain = run_cli("extract", str(pages), "--annotations", str(ann))
    (ann / "lexicon.toml").write_text('units = ["摞"]\n', encoding="utf-8")
    taught = run_cli("extract", str(pages), "--annotations", str(ann))
    assert "两摞" not in plain.stdout and "两摞" in taught.stdout
    (ann / "lexicon.toml").write_bytes(b'units = ["\xff"]\n')
    broken = run_cli("extract", str(pages), "--annotations", str(ann))
    assert broken.returncode == 2 and "lexicon.toml: not UTF-8" in broken.stderr


def test_eval_says_when_articles_look_untagged_and_points_to_reviewed_only(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    text = "第一篇\n\n全县8200余名党员到岗。\n\n第二篇\n\n另有300名志愿者和50辆车。\n"
    (pages / "a.txt").write_text(text, encoding="utf-8")
    page = load_corpus(pages).page("a.txt")
    start = page.text.index("8200余名")
    ann = tmp_path / "ann"
    Editor(AnnotationStore(ann), "t").tag(page, "figure", start, start + 6, {"value": 8200})
    result = run_cli("eval", str(pages), "--annotations", str(ann))
    assert "1 article(s) of 1 tagged page(s) have no tag but spans found" in result.stderr
    assert "--reviewed-only" in result.stderr
    quiet_text = text.replace("另有300名志愿者和50辆车", "其余照常")
    (tmp_path / "pages" / "a.txt").write_text(quiet_text, encoding="utf-8")
    quiet = run_cli("eval", str(pages), "--annotations", str(ann))
    assert "have no tag" not in quiet.stderr  # every article with finds is tagged
