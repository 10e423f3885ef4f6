"""Keywords: nouns, verbs, names and places only; a place with its longer form counts once."""

from __future__ import annotations

import pytest

from reader.corpus.keywords import KeywordModel, keyword_counts
from reader.text.articles import view_of_text

FRAGMENTS = {"余名", "余间", "余元", "万元", "一手", "旗飘扬", "守牢守", "经省"}
PLACE_SUFFIXES = "省市县区镇乡村街"


@pytest.fixture(scope="module")
def seed_keywords(corpus, segmenter):
    model = KeywordModel(segmenter)
    tokens = {}
    for page, article in corpus.articles:
        tokens[(page.name, article.index)] = segmenter.tokenize(page.view(article))
        model.add_article(tokens[(page.name, article.index)])
    return {key: [k.word for k in model.keywords(toks, 12)] for key, toks in tokens.items()}


def test_numeral_measure_and_cut_fragments_never_reach_a_seed_top_12(seed_keywords):
    assert len(seed_keywords) > 20
    for key, words in seed_keywords.items():
        assert len(words) == 12, key
        assert not FRAGMENTS & set(words), (key, FRAGMENTS & set(words))


def test_a_place_and_its_longer_form_never_both_show(seed_keywords):
    for key, words in seed_keywords.items():
        for word in words:
            assert not any(word + s in words for s in PLACE_SUFFIXES), (key, word)
    # 离石区 is the longer form and stays where 离石 stood beside it.
    assert any("离石区" in words for words in seed_keywords.values())
    assert not any("离石" in words for words in seed_keywords.values())


def test_the_longer_form_takes_the_count_of_the_shorter(segmenter):
    text = "离石区开展防控工作。离石的志愿者上门服务,离石区的干部值守路口。\n"
    counts = keyword_counts(segmenter.tokenize(view_of_text(text)), segmenter)
    assert "离石" not in counts and counts["离石区"] == 3


def test_a_count_after_a_figure_is_not_a_keyword(segmenter):
    text = "全县排查房屋400余间,捐款2万元,发放口罩3000余个,群众纷纷点赞房屋整洁。\n"
    counts = keyword_counts(segmenter.tokenize(view_of_text(text)), segmenter)
    assert not {"余间", "万元", "余个"} & set(counts)
    assert counts["房屋"] == 2 and "群众" in counts
