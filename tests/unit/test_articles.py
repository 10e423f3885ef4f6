from __future__ import annotations

from itertools import pairwise

import pytest

from reader.text.articles import split_page
from reader.text.normalize import GLOSS
from reader.text.page import load_page
from tests.conftest import SEEDS

EXPECTED = {
    "000": [
        "党旗所指 一往无前",
        "党建引领“网格红” 社区圆梦“微心愿”",
        "时刻坚持“人物链条同防”",
        "又有6例本土新冠肺炎感染者治愈出院",
    ],
    "001": [
        "党旗领航 筑牢安全屏障",
        "精准管控 满足患者需求",
        "守好防线 保障群众健康",
        "防控升级 打响阻击战役",
        "合心聚力 防疫人人有责",
        "贴心服务 感受社区暖意",
    ],
    "002": [
        "党旗引领下的一线奋战",
        "疫情当前 爱心奔涌",
        "离石区滨河街道 多举措助力疫情防控",
        "无偿捐献暖人心 众志成城战疫情",
        "女儿驰援武汉,母亲坚守村医岗位",
        "吴城镇:严格网格化管理 织密「网格防疫安全网」",
    ],
    "004": ["同心抗疫 再苦再累也值得", "“大白”志愿者战“疫”10小时", "“党员红”服务队冲到一线"],
}


def _page(prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return load_page(path)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_named_articles_come_out_separately(prefix):
    titles = [a.title for a in _page(prefix).articles]
    for title in EXPECTED[prefix]:
        assert title in titles


def test_district_kickers_are_kept_with_001_reports():
    articles = _page("001").articles
    kickers = {a.title: a.kicker for a in articles}
    assert kickers["精准管控 满足患者需求"] == ("尖草坪区",)
    assert "小店区" in kickers["党旗领航 筑牢安全屏障"]


def test_traditional_page_without_layout_is_one_article():
    assert len(_page("003").articles) == 1


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_articles_are_ordered_disjoint_and_inside_the_page(prefix):
    page = _page(prefix)
    last_end = 0
    for article in page.articles:
        assert last_end <= article.start < article.end <= len(page.text)
        # The title really stands in the article's own range of the page, once the
        # glosses (which titles leave out) are left out of the page too.
        assert article.title in GLOSS.sub("", page.text[article.start : article.end])
        for paragraph in article.paragraphs:
            assert article.start <= paragraph.start and paragraph.end <= article.end
        last_end = article.end
    # Nothing but white space is left outside the articles.
    outside = page.text[: page.articles[0].start] + page.text[page.articles[-1].end :]
    assert not outside.strip()


def _paragraph_with(page, needle: str):
    for article in page.articles:
        for paragraph in article.paragraphs:
            joined = "".join(page.text[s:e] for s, e in paragraph.parts)
            if needle in joined:
                return paragraph, joined
    raise AssertionError(f"{needle!r} is not inside one paragraph")


def test_column_breaks_are_joined():
    for prefix, needle in [
        ("000", "卫健部门积极调派医护人员"),
        ("002", "昨日,马红霞"),
        ("004", "自4月7日综改区成立疫情防控志愿者服务队"),
    ]:
        paragraph, _ = _paragraph_with(_page(prefix), needle)
        assert len(paragraph.parts) >= 2


def test_headings_are_not_joined_to_the_body():
    page = _page("000")
    for article in page.articles:
        for paragraph in article.paragraphs:
            text = "".join(page.text[s:e] for s, e in paragraph.parts)
            if text.startswith("2:00"):
                assert text == "2:00 快速响应"


def test_unstructured_text_stays_one_article():
    text = "这是一段没有标题的文字,没有任何版面结构。\n第二行也是正文,继续叙述。\n"
    articles = split_page(text)
    assert len(articles) == 1
    assert articles[0].start == 0 and articles[0].end == len(text.rstrip("\n"))


def test_title_of_glossed_page_003_has_no_gloss_but_offsets_stay():
    page = _page("003")
    article = page.articles[0]
    assert article.title == "縣委書記崔紹民、代縣長趙松強督導檢查疫情防控工作落實情況"
    assert not GLOSS.search(article.title) and "(" not in article.title
    # The article still starts at the page's first line, glosses and all.
    first_line = page.text[article.start : page.text.index("\n", article.start)]
    assert first_line.startswith("縣委書記") and "督導(dǎo)" in first_line
    assert article.paragraphs[0].start == article.start


def test_titles_and_kickers_carry_no_markdown_marks():
    for prefix in ("002", "000"):
        for article in _page(prefix).articles:
            for text in (article.title, *article.kicker):
                assert not text.startswith("#") and not text.endswith("#"), text
    text = "# 报纸 #\n\n## 标题(biāo)文字 ##\n\n正文第一段,说明情况。\n"
    article = split_page(text)[-1]
    assert article.title == "标题文字" and article.kicker == ("报纸",)


def test_a_page_of_one_million_characters_on_one_line_is_shown_in_bounded_parts():
    from reader.text.articles import MAX_ARTICLE_CHARS

    text = ("4月13日凌晨1时30分,全县8200余名党员深入一线,向疫而行。" * 40_000)[:1_000_000]
    parts = split_page(text)
    assert len(parts) > 40
    assert all(a.length <= MAX_ARTICLE_CHARS for a in parts)
    assert parts[0].start == 0 and parts[-1].end == len(text)
    assert all(a.end == b.start for a, b in pairwise(parts))  # nothing lost between
    assert all(text[a.end - 1] == "。" for a in parts[:-1])  # cut at sentence ends
    assert [a.index for a in parts] == list(range(len(parts)))
    assert parts[1].title.endswith(f"(2/{len(parts)})") and len(parts[0].title) <= 110


def test_one_character_count_for_the_list_and_stats(tmp_path):
    """The list's 字 and `stats`' chars are one count: no white space, no line breaks."""
    import json
    import subprocess
    import sys

    (tmp_path / "p").mkdir()
    text = "防控快讯\n\n全县 8200余名党员\n深入一线。\n\n　新增确诊病例162例。\n"
    (tmp_path / "p" / "one.txt").write_text(text, encoding="utf-8")
    [article] = split_page(text)
    assert article.chars == len(text.replace("\n", "").replace(" ", "").replace("\u3000", ""))
    out = subprocess.run(
        [sys.executable, "-m", "reader.cli.main", "stats", str(tmp_path / "p"), "--format", "json",
         "--annotations", str(tmp_path / "ann")],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    pages = [row for row in json.loads(out)["pages"] if row["page"] == "one.txt"]
    assert pages[0]["chars"] == article.chars


def test_keywords_are_shown_as_the_traditional_page_writes_them():
    from reader.text.document import Document
    from reader.text.segment import Segmenter

    page = load_page(SEEDS / "003_135e622cae84e7d9.txt")
    doc = Document.open(page, page.articles[0], Segmenter.shared())
    doc.keywords = [("吉县", 0.3), ("党员", 0.1)]
    assert doc.keywords_as_written() == [("吉縣", 0.3), ("黨員", 0.1)]
    assert doc.keyword_words() == {"吉县", "党员"}  # what the text's words are matched with


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("央视网消息（新闻联播）：肺炎疫情发生以来，湖北物资短缺。", "肺炎疫情发生以来，湖北物资短缺。"),
        ("新华社北京4月8日电 武汉解除离汉通道管控。", "武汉解除离汉通道管控。"),
        ("本报讯（记者 魏薇）我省疫情防控形势严峻。", "我省疫情防控形势严峻。"),
        ("合作社用电量回升。", "合作社用电量回升。"),  # 社 … 电 in a sentence is no dateline
        ("好消息！全县清零。", "好消息！全县清零。"),
    ],
)
def test_a_dateline_or_source_is_not_the_title(first_line, title):
    [article] = split_page(first_line + "\n第二句话。\n")
    assert article.title == title
