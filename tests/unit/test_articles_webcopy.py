"""Pages without blank lines (web copies) holding several items, and notices.

Every page here is invented; see reader/text/webcopy.py for the rule.
"""

from __future__ import annotations

import pytest

from reader.text.articles import split_page


def _blank_lines(lines: str) -> str:
    """The same page laid out as a newspaper page: a blank line between lines."""
    return "\n\n".join(lines.strip().split("\n")) + "\n"


def _titles(text: str) -> list[str]:
    return [a.title for a in split_page(text)]


DIGEST = """\
甲市新增2例本土确诊病例
4月13日0—24时，甲市新增本土确诊病例2例，均在隔离管控中发现。（甲市日报）
乙县启动第三轮全员核酸检测
4月14日起，乙县在全县范围内开展第三轮全员核酸检测。全县共设检测点120个。(完) 【编辑:王五】
丙区恢复公交运营
自4月15日起，丙区公交线路逐步恢复运营，乘客须扫码乘车。
"""


def test_a_digest_of_headline_lines_without_blank_lines_is_split_into_its_items():
    articles = split_page(DIGEST)
    titles = ["甲市新增2例本土确诊病例", "乙县启动第三轮全员核酸检测", "丙区恢复公交运营"]
    assert [a.title for a in articles] == titles
    assert articles[1].start == DIGEST.index("乙县启动")
    # An item's source and editor after its last sentence stay with it.
    assert DIGEST[articles[0].start : articles[0].end].endswith("均在隔离管控中发现。（甲市日报）")
    assert articles[-1].end == len(DIGEST.rstrip("\n"))


ROUNDUP = """\
本周各地防控要闻
甲市朝阳区部分地区调整为低风险
甲市朝阳区4月18日起将部分地区调整为低风险地区。相关小区解除封控。
乙市启动复工复产白名单
乙市经信委公布首批复工复产企业白名单，共666家。
丙市加强机场口岸防控
丙市机场即日起对入境人员实行闭环管理，入境航班全部定点停靠。
"""


def test_a_roundup_with_headed_sections_is_split_at_each_section():
    articles = split_page(ROUNDUP)
    titles = ["甲市朝阳区部分地区调整为低风险", "乙市启动复工复产白名单", "丙市加强机场口岸防控"]
    assert [a.title for a in articles] == titles
    assert articles[0].kicker == ("本周各地防控要闻",)


FUSED = """\
甲县新增1例确诊病例 本报讯（记者 张三）4月13日，甲县新增确诊病例1例。
该病例系集中隔离人员，已转运至定点医院。
乙镇开展环境消杀本报讯（通讯员 李四）连日来，乙镇组织人员对公共场所进行消杀。
丙村志愿者上岗 央视网消息：丙村30名志愿者今天起在卡口值守。
"""


def test_a_headline_fused_with_its_source_on_one_line_starts_an_item():
    articles = split_page(FUSED)
    assert [a.title for a in articles] == ["甲县新增1例确诊病例", "乙镇开展环境消杀", "丙村志愿者上岗"]
    assert articles[1].start == FUSED.index("乙镇")


@pytest.mark.parametrize(
    "page",
    [
        # A dateline that opens a line is the item's source, not a fused headline.
        "甲县疫情防控通报\n中新网北京12月28日电 (陈杭)北京市顺义区今日发布通告。\n"
        "本报讯 全县各地落实防控措施。\n",
        # The first line is body text: the short lines after it are captions or a
        # sub-heading of the one article (the seed page 003 is laid out so).
        "甲县干部群众众志成城、共克时艰\n党员重温入党誓词\n志愿者发放物资\n正文第一句，全县行动起来。\n"
        "杨某简历\n杨某，男，1963年1月出生。\n",
        # A short line names a part of the item (a résumé, links), not a new item.
        "杨某被开除党籍\n经查，杨某利用职务便利谋取利益。\n杨某简历\n杨某，男，1963年1月出生。\n",
        # A short line after an unfinished sentence carries it on.
        "甲县全员核酸检测完成\n截至今天下午，全县共采样\n十二万人次\n结果均为阴性。\n",
    ],
)
def test_web_copies_that_do_not_open_as_items_stay_one_article(page):
    assert len(split_page(page)) == 1


NOTICE = """\
关于新增1例无症状感染者的情况通报
4月13日，甲县新增1例无症状感染者，现将有关情况通报如下。
一、基本情况
病例1
男，35岁，甲镇人。4月12日在集中隔离点核酸检测阳性。
（一）活动轨迹
4月10日在家中，未外出。
1.密切接触者管理
已追踪密切接触者12人，均已集中隔离。
二、防控措施
已对其居住小区实行封控管理。
甲县新冠肺炎疫情防控工作领导小组办公室
2022年4月13日
"""


@pytest.mark.parametrize("layout", ["web copy", "blank lines"])
def test_a_notice_with_numbered_case_labels_stays_one_article(layout):
    text = NOTICE if layout == "web copy" else _blank_lines(NOTICE)
    [article] = split_page(text)
    assert article.title == "关于新增1例无症状感染者的情况通报"
    assert text[article.start : article.end].endswith("2022年4月13日")


SIGNED_THEN_ITEM = """\
关于暂停堂食的通告
为防止疫情扩散，即日起全县餐饮单位暂停堂食服务。恢复时间另行通知。
甲县新冠肺炎疫情防控工作领导小组办公室
甲县市场监督管理局
二〇二二年四月十三日
乙镇开展全员核酸检测
4月14日，乙镇组织全员核酸检测，共采样1.2万人。
"""


@pytest.mark.parametrize("layout", ["web copy", "blank lines"])
def test_a_notice_sign_off_closes_it_and_the_next_item_follows(layout):
    text = SIGNED_THEN_ITEM if layout == "web copy" else _blank_lines(SIGNED_THEN_ITEM)
    notice, item = split_page(text)
    assert notice.title == "关于暂停堂食的通告" and item.title == "乙镇开展全员核酸检测"
    assert text[notice.start : notice.end].endswith("二〇二二年四月十三日")
    assert item.start == text.index("乙镇开展")


def test_a_date_line_under_a_heading_is_the_item_s_date_not_a_sign_off():
    text = _blank_lines("甲县通报\n全县新增病例2例。\n乙镇新闻\n2022年4月13日\n乙镇今天开展核酸检测。\n")
    assert _titles(text) == ["甲县通报", "乙镇新闻"]
