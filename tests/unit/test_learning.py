"""The prefill learns from corrections: kept, learned from, and measured honestly."""

from __future__ import annotations

import json

from reader.annotation.corrections import CORRECTIONS_NAME
from reader.corpus.corpus import load_corpus
from reader.corpus.learning import leave_one_page_out, lessons
from reader.extraction.counted_choice import Candidate, choose
from reader.extraction.ranker import WEIGHTS_NAME, Example, parse_weights, train
from reader.session.reading import ReadingSession
from reader.text.articles import ArticleRef
from tests.conftest import page_folder

# Invented pages: in each, a verb of treating stands before what is counted. The rules
# leave the verb out (重症患者); this project's annotator keeps it (救治重症患者).
PAGE_A = "医院集中救治重症患者309人。\n\n县里统一救治重症患者58人。\n\n市里陆续救治重症患者71人。\n"
PAGE_B = "另一家医院救治重症患者12人。\n"


def _session(tmp_path, segmenter) -> ReadingSession:
    corpus = load_corpus(page_folder(tmp_path, [("a.txt", PAGE_A), ("b.txt", PAGE_B)]))
    session = ReadingSession(corpus, tmp_path / "ann", "tester")
    session.set_segmenter(segmenter)
    return session


def _relearned(session: ReadingSession):
    """What the relearn job reports (the reader runs it in a worker)."""
    from reader.session.jobs import Jobs, collect

    seen, report = collect()
    Jobs(session).relearn(report)
    return seen[0].learned


def _tag_and_correct(session: ReadingSession, ref: ArticleRef, number: str, counted: str) -> None:
    session.open(ref)
    start = session.page.text.index(number)
    tag = session.edits.tag("figure", start, start + len(number)).value
    assert tag.attrs["counted"] == "重症患者"  # what the rules propose
    attrs = dict(tag.attrs, counted=counted)
    assert session.edits.update(tag, attrs, "").ok


def test_three_corrections_of_a_kind_change_the_next_pages_prefill(tmp_path, segmenter):
    session = _session(tmp_path, segmenter)
    b_start = PAGE_B.index("12人")
    session.open(ArticleRef("b.txt", 0))
    assert session.prefill("figure", b_start, b_start + 3)["counted"] == "重症患者"
    for number in ("309人", "58人", "71人"):
        _tag_and_correct(session, ArticleRef("a.txt", 0), number, "救治重症患者")
    assert session.relearn_due
    # Each correction is kept: what was proposed, what was saved, where.
    kept = json.loads((tmp_path / "ann" / CORRECTIONS_NAME).read_text(encoding="utf-8"))
    assert [(c["field"], c["proposed"], c["saved"], c["text"]) for c in kept] == [
        ("counted", "重症患者", "救治重症患者", n) for n in ("309人", "58人", "71人")
    ]
    notice = session.use_learned(_relearned(session))
    assert WEIGHTS_NAME in notice.text
    weights = parse_weights((tmp_path / "ann" / WEIGHTS_NAME).read_text(encoding="utf-8"))
    assert weights  # a readable file of feature weights, no pickle
    session.open(ArticleRef("b.txt", 0))
    assert session.prefill("figure", b_start, b_start + 3)["counted"] == "救治重症患者"


def test_one_correction_does_not_overturn_a_rule(tmp_path, segmenter):
    session = _session(tmp_path, segmenter)
    _tag_and_correct(session, ArticleRef("a.txt", 0), "309人", "救治重症患者")
    session.use_learned(_relearned(session))
    b_start = PAGE_B.index("12人")
    session.open(ArticleRef("b.txt", 0))
    assert session.prefill("figure", b_start, b_start + 3)["counted"] == "重症患者"


def test_no_examples_teach_nothing_and_weights_only_add_to_the_rules():
    assert train([]) == {}
    first = Candidate("before", 0, 2, ("rule=before",))
    other = Candidate("none", 0, 0, ("rule=none",))
    # The person agreed with the rules: nothing to change.
    weights = train([Example((first, other), 0)])
    assert choose([first, other], weights) is first


def test_leave_one_page_out_never_trains_on_the_page_it_predicts(tmp_path, segmenter, monkeypatch):
    """Each page is predicted with weights learned without it: a feature only that page
    has is never in the weights used for it."""
    from reader.corpus import learning

    corpus = load_corpus(page_folder(tmp_path, [("a.txt", PAGE_A), ("b.txt", PAGE_B)]))
    session = ReadingSession(corpus, tmp_path / "ann", "tester")
    session.set_segmenter(segmenter)
    for number in ("309人", "58人", "71人"):
        _tag_and_correct(session, ArticleRef("a.txt", 0), number, "救治重症患者")
    taught = lessons(corpus, tmp_path / "ann", segmenter)
    seen: list[set[str]] = []
    real = learning.train
    monkeypatch.setattr(
        learning, "train", lambda ex: seen.append({f.candidates[0].rule for f in ex}) or real(ex)
    )
    measured = leave_one_page_out(taught)
    assert measured.figures == 3 and seen == [set()]  # page a left out: nothing else to learn from
    assert measured.rules_agreement == measured.learned_agreement == 0.0
