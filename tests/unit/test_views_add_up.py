"""The corpus views add up only what adds: totals, stocks, charts without double counts."""

from __future__ import annotations

from reader.annotation.editing import Editor
from reader.annotation.store import AnnotationStore
from reader.corpus.corpus import load_corpus
from reader.corpus.index import CorpusIndex
from tests.conftest import page_folder

TEXT = (
    "标题\n\n2020年4月13日，全县8200余名党员到岗，坚守24小时，平均年龄45岁。\n\n"
    "2020年4月14日，又有5000余名党员到岗，坚守12小时。\n\n"
    "4月15日，来了300名志愿者。\n\n2020年5月，总结经验。\n"
)


def _index(tmp_path, tag=True):
    folder = page_folder(tmp_path, [("p.txt", TEXT)])
    corpus = load_corpus(folder)
    store = AnnotationStore(tmp_path / "ann")
    if tag:  # the 4月13日 event tagged a little shorter than the extractor's suggestion of it
        page = corpus.pages[0]
        start = TEXT.index("2020年4月13日")
        Editor(store, "t").tag(page, "event", start, TEXT.index("，坚守"), {"date": "2020-04-13"})
    index = CorpusIndex.open(corpus, tmp_path / "ann")
    index.refresh(store)
    return index


def test_a_stock_on_several_dates_is_a_series_and_durations_and_ages_are_not_summed(tmp_path):
    totals = {(t.counted or "", t.unit): t for t in _index(tmp_path, tag=False).figure_totals()}
    party = totals[("党员", "名")]
    assert (party.figures, party.dates, party.how) == (2, 2, "series")
    hours = totals[("—", "小时")]  # the index shows nothing counted as —
    assert hours.how == "range" and (hours.least, hours.most) == (12, 24)
    assert totals[("—", "岁")].how == "range"
    assert totals[("志愿者", "名")].how == "sum" and totals[("志愿者", "名")].total == 300


def test_an_event_tagged_and_suggested_is_counted_once_and_what_has_no_full_date_is_told(tmp_path):
    index = _index(tmp_path)
    both = dict(index.events_per_day("both"))
    # The tag and its suggestion are one event; 4月15日 takes its year from the article.
    assert both == {"2020-04-13": 1, "2020-04-14": 1, "2020-04-15": 1}
    assert dict(index.events_per_day("tagged")) == {"2020-04-13": 1}
    assert dict(index.events_per_day("suggested")) == {"2020-04-13": 1, "2020-04-14": 1, "2020-04-15": 1}
    assert index.left_out("both") == 1  # 5月 (2020-05): no day, no point on a day chart
    assert index.left_out("tagged") == 0


def test_figures_a_day_chart_cannot_place_are_counted_per_noun_and_unit(tmp_path):
    text = "标题\n\n2020年4月13日，全县8200余名党员到岗。\n\n2020年5月，又有100名党员到岗。\n"
    folder = page_folder(tmp_path, [("p.txt", text)])
    corpus = load_corpus(folder)
    index = CorpusIndex.open(corpus, tmp_path / "ann")
    index.refresh(AnnotationStore(tmp_path / "ann"))
    assert [(d, n) for d, _, n in index.figure_series("党员", "名", "both")] == [("2020-04-13", 1)]
    assert index.left_out("both", ("党员", "名")) == 1  # 2020-05: no day
    assert index.left_out("both", ("志愿者", "名")) == 0
