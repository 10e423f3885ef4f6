from __future__ import annotations

import pytest

from reader.corpus.keywords import KeywordModel
from reader.text.articles import view_of_text
from reader.text.normalize import to_simplified


@pytest.mark.parametrize("term", ["核酸检测", "管控区", "防范区", "党员先锋岗", "流调溯源", "封控区"])
def test_domain_terms_are_one_word(segmenter, term):
    assert term in segmenter.cut(f"全县174个{term}严防死守")


def test_tokens_point_at_their_page_text(segmenter, corpus):
    for page, article in corpus.articles:
        for token in segmenter.tokenize(page.view(article)):
            source = page.text[token.start : token.end]
            if token.kind == "garbled":
                continue
            # The page text under a token is the word, up to glosses, breaks and t2s.
            from reader.text.normalize import GLOSS

            squeezed = "".join(GLOSS.sub("", source).split())
            assert to_simplified(squeezed) == token.word


def test_column_break_is_segmented_across_the_gap(segmenter, corpus):
    page = corpus.page(next(p.name for p in corpus.pages if p.name.startswith("002")))
    article = next(a for a in page.articles if "女儿驰援武汉" in a.title)
    words = [t for t in segmenter.tokenize(page.view(article)) if t.word == "昨日"]
    assert words, "昨 / 日 across the column break should be one word"
    assert page.text[words[0].start : words[0].end] == "昨\n\n日"


def test_traditional_page_segments_like_simplified(segmenter):
    view = view_of_text("縣委書記崔紹民、代縣長趙松強督導(dǎo)檢查疫情防控工作")
    words = [t.word for t in segmenter.tokenize(view)]
    assert "督导" in words and "检查" in words
    assert "(" not in words and "d" not in words


def test_mojibake_is_one_garbled_token(segmenter):
    view = view_of_text("指导工作?!耙钊胴瀼芈鋵嵙暯娇倳浿匾甘揪?,切实扛牢政治责任")
    garbled = [t for t in segmenter.tokenize(view) if t.kind == "garbled"]
    assert len(garbled) == 1
    assert garbled[0].word.startswith("?!耙钊")


def test_corpus_weighting_pushes_corpus_wide_words_down(segmenter, corpus):
    model = KeywordModel(segmenter)
    token_lists = [segmenter.tokenize(p.view(a)) for p, a in corpus.articles]
    for tokens in token_lists:
        model.add_article(tokens)
    stock = KeywordModel(segmenter)  # no documents: stock jieba IDF only
    stock_top = [{k.word for k in stock.keywords(t, 5)} for t in token_lists]
    ours_top = [{k.word for k in model.keywords(t, 5)} for t in token_lists]
    common = {"疫情", "防控"}
    assert sum(bool(common & s) for s in stock_top) >= 5  # the problem is real
    assert sum(bool(common & s) for s in ours_top) == 0
    assert model.corpus_factor("疫情") < 0.2 < model.corpus_factor("王答")


def test_textrank_option_gives_keywords_of_the_article(segmenter, corpus):
    from reader.corpus.keywords import textrank_keywords

    page, article = corpus.articles[0]
    words = [k.word for k in textrank_keywords(segmenter, page.view(article).text, 8)]
    assert len(words) == 8
    assert all(w in page.view(article).text for w in words)
    assert "党员" in words or "核酸检测" in words


def test_asking_if_a_chinese_word_is_a_stop_word_loads_no_keyword_tables_and_answers_as_jieba():
    """The index counts keyword candidates without jieba.analyse (~150 MB of IDF tables):
    jieba's stop words are English, so a word with no ASCII letter is none of them."""
    from reader.text.segment import Segmenter

    fresh, loaded = Segmenter(), Segmenter()
    loaded.warm_up()
    assert all(word.isascii() for word in loaded._tfidf_model().stop_words)  # what the shortcut assumes
    for word in ["党员", "疫情防控", "ＴＨＥ", "the", "The", "IS", "数据2022"]:
        assert fresh.is_stop_word(word) == loaded.is_stop_word(word), word
    assert not fresh.is_stop_word("核酸检测")
    fresh_without_ascii = Segmenter()
    assert not fresh_without_ascii.is_stop_word("党员") and fresh_without_ascii._tfidf is None


@pytest.mark.parametrize(
    ("text", "number"),
    [("累计3,358,228人次", "3,358,228"), ("共3,341,439人", "3,341,439"), ("另12,345.6元", "12,345.6"),
     ("新增16,216例確診", "16,216")],
)  # fmt: skip
def test_a_number_with_thousands_separators_is_one_word(segmenter, text, number):
    words = [t.word for t in segmenter.tokenize(view_of_text(text))]
    assert number in words, words


def test_commas_between_small_numbers_still_separate_them(segmenter):
    words = [t.word for t in segmenter.tokenize(view_of_text("1,2,3号楼"))]
    assert "1,2,3" not in words and "1" in words


def test_the_tagger_made_first_by_two_threads_at_once_keeps_the_user_dictionary_tags(monkeypatch):
    """jieba hands the user dictionaries' tags to the first tagger that cuts: two made at
    once (an article's keywords and the keyword weights, in two workers) left the one
    kept without them, so 隔离点 (a noun by reader/data/userdict.txt) lost its tag and
    the keywords came out otherwise (found as snapshot differences under pytest -n 2)."""
    import threading
    import time

    from reader.text import segment

    made = []
    first_made = segment._pos_tokenizer

    def slow_first(tokenizer):
        made.append(1)
        if len(made) == 1:
            time.sleep(0.3)  # the first asker is overtaken by the second
        return first_made(tokenizer)

    monkeypatch.setattr(segment, "_pos_tokenizer", slow_first)
    fresh = segment.Segmenter()
    threads = [threading.Thread(target=fresh.pos_tag, args=("隔离点",)) for _ in range(2)]
    threads[0].start()
    time.sleep(0.05)
    threads[1].start()
    for thread in threads:
        thread.join()
    assert fresh.pos_tag("隔离点") == [("隔离点", "n")]
    assert len(made) == 1  # one tagger
