"""The project lexicon (lexicon.toml): read by extraction, grown from tags and rejections."""

from __future__ import annotations

import shutil

import pytest

from reader.annotation.model import Rejection, Tag
from reader.annotation.store import AnnotationStore
from reader.corpus.corpus import load_corpus
from reader.corpus.teach import apply_lexicon_entries, propose_lexicon_entries
from reader.extraction.extractor import extract_text
from reader.extraction.lexicon import Lexicon, LexiconError, load_lexicon, parse_lexicon

PAGE_A = "本周北京、湖南、广东各一宗。昨日又新增8宗。仓库里堆着5摞文件。\n"
PAGE_B = "另有3宗在核查。桌上放着两摞报表。“三村”的干部在案16316和案16317中。\n"


def _figures(text: str, lexicon: Lexicon | None = None) -> list[str]:
    return [s.text for s in extract_text(text, lexicon=lexicon) if s.label == "figure"]


def _corpus(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text(PAGE_A, encoding="utf-8")
    (pages / "b.txt").write_text(PAGE_B, encoding="utf-8")
    return load_corpus(pages), tmp_path / "annotations"


def _tag(corpus, annotations, page_name: str, span: str, rejections: tuple[str, ...] = ()) -> None:
    page = corpus.page(page_name)
    store = AnnotationStore(annotations)
    loaded = store.load(page)
    if span:
        start = page.text.index(span)
        loaded.annotations.add(Tag.make(page.text, "figure", start, start + len(span), annotator="t"))
    for text in rejections:
        start = page.text.index(text)
        loaded.annotations.rejected.append(
            Rejection(label="figure", start=start, end=start + len(text), text=text)
        )
    store.save(loaded)


def test_missing_file_is_an_empty_lexicon(tmp_path):
    assert not load_lexicon(tmp_path)


def test_bad_lexicon_names_the_problem(tmp_path):
    (tmp_path / "lexicon.toml").write_text("units = 3\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="units must be a list"):
        load_lexicon(tmp_path)
    with pytest.raises(LexiconError, match="unknown key"):
        parse_lexicon('colours = ["红"]')


def test_traditional_entries_are_compared_simplified():
    assert parse_lexicon('units = ["擔"]\nfixed = ["三村一區"]').fixed == ("三村一区",)


def test_lexicon_units_fixed_and_identifiers_change_extraction():
    text = "仓库里堆着5摞文件，“三村”在案16316中有3宗。"
    assert "5摞" not in _figures(text)
    taught = Lexicon(units=("摞",), fixed=("三村",), identifiers=("案",))
    assert _figures(text, taught) == ["5摞", "3宗"]


def test_a_unit_tagged_min_count_times_teaches_it_elsewhere(tmp_path):
    corpus, annotations = _corpus(tmp_path)
    _tag(corpus, annotations, "a.txt", "8宗")
    _tag(corpus, annotations, "a.txt", "5摞")
    assert propose_lexicon_entries(corpus, annotations) == []  # seen once: --min-count is 2
    proposed = propose_lexicon_entries(corpus, annotations, min_count=1)
    # 宗 is in the built-in lexicon already (a measure word); 摞 is not, and is proposed.
    assert [(e.kind, e.word) for e in proposed] == [("units", "摞")]
    apply_lexicon_entries(annotations, proposed)
    lexicon = load_lexicon(annotations)
    assert lexicon.units == ("摞",)
    page_b = corpus.page("b.txt").text
    assert "3宗" in _figures(page_b, lexicon)
    assert "两摞" in _figures(page_b, lexicon) and "两摞" not in _figures(page_b)
    # Applying again adds nothing twice.
    apply_lexicon_entries(annotations, propose_lexicon_entries(corpus, annotations, min_count=1))
    assert load_lexicon(annotations).units == ("摞",)


def test_a_tag_whose_unit_no_longer_fits_its_text_teaches_nothing(tmp_path):
    """An edge edit shrank 16,216例確診 to 16,216例 and left unit 例确诊: not learned."""
    from reader.annotation.editing import Editor
    from reader.corpus.teach import fits

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("本港新增16,216例確診，另有16,216例確診待核。\n", encoding="utf-8")
    corpus = load_corpus(pages)
    page = corpus.page("a.txt")
    editor = Editor(AnnotationStore(tmp_path / "ann"), "t")
    for start in (page.text.index("16,216"), page.text.rindex("16,216")):
        tag = editor.tag(page, "figure", start, start + 7, {"value": 16216, "unit": "例确诊", "counted": ""})
        assert not fits(tag, page.text)
    assert propose_lexicon_entries(corpus, tmp_path / "ann", min_count=1) == []
    stale = editor.tag(page, "figure", 2, 4, {"unit": "", "counted": "确诊病例"})  # noun nowhere near
    assert not fits(stale, page.text)


def test_rejected_twice_becomes_fixed_or_identifier(tmp_path):
    corpus, annotations = _corpus(tmp_path)
    _tag(corpus, annotations, "a.txt", "", rejections=("一宗",))
    _tag(corpus, annotations, "b.txt", "", rejections=("16316", "16317"))
    proposed = {(e.kind, e.word): e.count for e in propose_lexicon_entries(corpus, annotations)}
    assert proposed == {("identifiers", "案"): 2}  # 一宗 was rejected once only: no entry
    apply_lexicon_entries(annotations, propose_lexicon_entries(corpus, annotations))
    assert load_lexicon(annotations).identifiers == ("案",)


def test_heldout_copy_keeps_working_with_a_lexicon(tmp_path):
    from tests.conftest import ROOT

    folder = tmp_path / "annotations"
    shutil.copytree(ROOT / "heldout" / "annotations", folder)
    (folder / "lexicon.toml").write_text('fixed = ["武汉三镇"]\n', encoding="utf-8")
    assert load_lexicon(folder).fixed == ("武汉三镇",)
