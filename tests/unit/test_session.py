"""The reading session, driven directly: no Textual, the rules and the files."""

from __future__ import annotations

import json

import pytest

from reader.annotation.counts import ArticleCount
from reader.session.reading import ReadingSession
from reader.session.words import make_words
from reader.text.articles import ArticleRef
from tests.conftest import ref


@pytest.fixture
def session(corpus, tmp_path):
    return ReadingSession(corpus, tmp_path / "ann", "tester")


def _file(session: ReadingSession):
    path = session.editor.store.path_for(session.page.name)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def test_opening_an_article_gives_its_state(session, corpus):
    first = session.first_ref()
    assert first == ArticleRef(corpus.pages[0].name, 0)
    assert session.open(first) == []
    state = session.state()
    assert state.ref == first and state.tags == [] and state.marks == []
    assert state.status.startswith("0 tags · article 1/")  # the count first: a notice never hides it
    assert f"· {corpus.pages[0].name} · saved in " in state.status
    assert state.count == ArticleCount(tags=0, suggestions=None, reviewed=False)


def test_a_tag_is_saved_with_prefilled_attributes_and_shown(session, corpus):
    session.open(ref(corpus, "000"))
    start = session.page.text.index("8200余名党员")
    result = session.edits.tag("figure", start, start + 6)
    assert result.ok and result.notice is None
    saved = _file(session)["spans"]
    assert [(s["text"], s["attrs"]["value"], s["attrs"]["unit"]) for s in saved] == [("8200余名", 8200, "名")]
    assert [m.label for m in session.state().marks] == ["figure"]
    assert session.tag_at(start + 2).text == "8200余名"
    assert "1 tag ·" in session.status()


def test_delete_undo_redo_say_what_they_did(session, corpus):
    session.open(ref(corpus, "000"))
    start = session.page.text.index("8200余名")
    session.edits.tag("figure", start, start + 6)
    deleted = session.edits.delete_at(start)
    assert deleted.ok and "Deleted figure '8200余名'" in deleted.notice.text
    assert _file(session) is None  # nothing left on the page
    undone = session.edits.step_history(undo=True)
    assert undone.notice.text == "Undone: delete figure '8200余名'"
    assert len(_file(session)["spans"]) == 1
    assert session.edits.step_history(undo=False).notice.text == "Redone: delete figure '8200余名'"
    assert session.edits.delete_at(start).notice.text == "No tag under the cursor"


def test_undo_in_another_article_names_the_page(session, corpus):
    session.open(ref(corpus, "000"))
    start = session.page.text.index("8200余名")
    session.edits.tag("figure", start, start + 6)
    session.open(ref(corpus, "001"))
    notice = session.edits.step_history(undo=True).notice
    assert notice.text.endswith(f"in {corpus.pages[0].name}")


def test_suggestions_accept_and_reject_change_what_is_open(session, corpus):
    session.open(ref(corpus, "004"))
    assert "open suggestion" in session.set_mode("suggest").text
    open_before = session.suggestions()
    assert open_before and all(m.label in ("suggestion",) for m in session.marks())
    first, second = open_before[0], open_before[1]
    assert session.edits.decide(first.start, accept=True).ok
    rejected = session.edits.decide(second.start, accept=False)
    assert "will not come back" in rejected.notice.text
    keys = {f.key for f in session.suggestions()}
    assert first.key not in keys and second.key not in keys
    data = _file(session)
    assert [s["origin"] for s in data["spans"]] == ["accepted"]
    assert [(r["start"], r["end"]) for r in data["rejected"]] == [(second.start, second.end)]
    # the tree's count follows, now that the page's suggestions are known
    count = session.count(session.current)
    assert count.tags == 1 and count.suggestions == len(open_before) - 2


def test_a_count_keeps_the_index_suggestions_until_the_page_is_worked_out(session, corpus):
    target = ref(corpus, "000")
    session.open(target)
    indexed = ArticleCount(tags=0, suggestions=7, reviewed=False)
    assert session.count(target, indexed).suggestions == 7
    other = ref(corpus, "001")
    assert session.count(other, indexed) is indexed  # never opened: the index's word stands


def test_a_corrupt_file_opens_read_only_and_is_never_written(session, corpus, tmp_path):
    target = ref(corpus, "000")
    path = session.editor.store.path_for(target.page)
    path.parent.mkdir(parents=True)
    path.write_text("{oops", encoding="utf-8")
    notices = session.open(target)
    assert notices and notices[0].severity == "error" and "Read-only" in notices[0].text
    result = session.edits.tag("figure", 0, 2)
    assert not result.ok and result.notice.text.startswith("Not saved")
    assert path.read_text(encoding="utf-8") == "{oops"
    assert "READ-ONLY" in session.status()


def test_a_page_saved_by_another_process_is_reloaded_not_overwritten(session, corpus):
    session.open(ref(corpus, "000"))
    start = session.page.text.index("8200余名")
    session.edits.tag("figure", start, start + 6)
    path = session.editor.store.path_for(session.page.name)
    theirs = json.loads(path.read_text(encoding="utf-8"))
    theirs["spans"][0]["note"] = "theirs"
    path.write_text(json.dumps(theirs, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    result = session.edits.delete_at(start)
    assert result.reloaded and "Reloaded its tags from disk" in result.notice.text
    assert session.tag_at(start).note == "theirs"  # their version is what we now show
    assert json.loads(path.read_text(encoding="utf-8"))["spans"][0]["note"] == "theirs"


def test_reviewed_mark_toggles_and_shows_in_status(session, corpus):
    session.open(ref(corpus, "001", 1))
    assert session.edits.toggle_reviewed().notice.text.endswith("reviewed ✓")
    assert "reviewed ✓" in session.status() and session.count(session.current).reviewed
    assert session.edits.toggle_reviewed().notice.text.endswith("not reviewed")


def test_next_article_wraps_round_the_corpus(session, corpus):
    last = ArticleRef(corpus.pages[-1].name, len(corpus.pages[-1].articles) - 1)
    session.open(last)
    assert session.step(1) == session.first_ref()
    session.open(session.first_ref())
    assert session.step(-1) == last


class _CountingSegmenter:
    """The real segmenter, counting how often an article is segmented."""

    def __init__(self, real) -> None:
        self.real = real
        self.tokenized = 0

    def tokenize(self, view):
        self.tokenized += 1
        return self.real.tokenize(view)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_words_made_in_a_worker_are_used_without_segmenting_again(session, segmenter):
    session.open(session.first_ref())
    counting = _CountingSegmenter(segmenter)
    words = make_words(session.document, counting, None)  # what the loading worker does
    assert counting.tokenized == 1
    assert [t.word for t in words.tokens] == [t.word for t in segmenter.tokenize(session.document.view)]
    session.set_segmenter(counting, words)
    assert counting.tokenized == 1  # applied, not made again on the UI thread
    assert session.document.segmented and session.document.tokens is words.tokens
    assert session.document.keywords == words.keywords and words.keywords


def test_words_made_for_another_article_are_made_again_for_the_open_one(session, segmenter, corpus):
    session.open(session.first_ref())
    stale = make_words(session.document, segmenter, None)
    session.open(ref(corpus, "001"))  # the person moved on while jieba loaded
    counting = _CountingSegmenter(segmenter)
    session.set_segmenter(counting, stale)
    assert counting.tokenized == 1
    made = [(t.start, t.word) for t in session.document.tokens]
    assert made == [(t.start, t.word) for t in segmenter.tokenize(session.document.view)]
    assert made != [(t.start, t.word) for t in stale.tokens]


def test_keywords_made_with_another_model_are_made_again(session, segmenter):
    from reader.corpus.keywords import KeywordModel

    session.open(session.first_ref())
    session.set_segmenter(segmenter)
    with_stock_idf = make_words(session.document, segmenter, None)
    model = KeywordModel.from_frequencies(segmenter, 2, {w: 2 for w, _ in with_stock_idf.keywords})
    session.set_keyword_model(model, with_stock_idf)  # made before the model came: not used
    assert session.document.keywords == [] and session.keywords_due
    due = session.words_due()[0]
    assert due.model is model and due.document is session.document
    assert session.words_due() == []  # handed to one worker, not to every report after
    session.set_words(make_words(due.document, due.segmenter, due.model))  # what the worker made
    # Every stock keyword is in both documents of this model: the corpus weighting puts
    # the article's other words ahead of them all.
    assert session.document.keywords
    assert not set(session.document.keyword_words()) & {w for w, _ in with_stock_idf.keywords}


def test_switching_waits_for_no_keywords_and_going_back_shows_them_at_once(session, segmenter, corpus):
    first, second = session.first_ref(), ref(corpus, "001")
    session.set_segmenter(segmenter)
    session.open(first)
    assert session.keywords_due and session.document.keywords == []  # made in a worker, not here
    assert session.document.segmented  # the words themselves are cut at once
    due_first = session.words_due()
    assert [w.document.article.index for w in due_first] == [0, 1]  # and the next one's, for ]
    made_first = make_words(due_first[0].document, segmenter, None)
    session.open(second)
    made_second = make_words(session.words_due()[0].document, segmenter, None)
    session.set_words(made_first)  # arrives after the person moved on: kept, not shown
    assert session.document.keywords == []
    session.set_words(made_second)
    assert session.document.keywords == made_second.keywords and not session.keywords_due
    session.open(first)
    assert not session.keywords_due and session.document.keywords == made_first.keywords


def test_the_article_after_the_last_of_a_page_is_made_ahead_when_its_page_is_read(session, segmenter, corpus):
    session.set_segmenter(segmenter)
    first = corpus.pages[0]
    session.open(ArticleRef(first.name, len(first.articles) - 1))
    due = session.words_due()
    following = corpus.pages[1]
    assert following.is_read  # a folder of pages is read when opened; an archive's are not
    assert [(w.document.page.name, w.document.article.index) for w in due[1:]] == [(following.name, 0)]
    assert session.words_due() == []  # handed over once


@pytest.mark.parametrize("mode", ["tags", "suggest", "review"])
@pytest.mark.parametrize("accept", [True, False])
def test_a_or_r_with_no_suggestion_under_the_cursor_says_why(session, mode, accept):
    session.open(session.first_ref())
    if mode != "tags":
        session.set_mode(mode)
    result = session.edits.decide(-1, accept)  # before the text: nothing is there
    assert not result.ok and result.notice.severity == "warning"
    verb = "accept" if accept else "reject"
    hint = "press p to show suggestions" if mode == "tags" else "none under the cursor"
    assert result.notice.text == f"No suggestion to {verb}: {hint}"
