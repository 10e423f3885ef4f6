"""Numerals, exclusions and time normalisation: every example of the guidelines."""

from __future__ import annotations

import pytest

from reader.extraction.extractor import find_events, find_figures
from reader.extraction.quantities import cn_to_int, number_value, parse_figure, parse_time


@pytest.mark.parametrize(
    ("text", "value"),
    [("两万", 20000), ("十", 10), ("十五", 15), ("二十三", 23), ("一百零五", 105), ("三千五百", 3500),
     ("千", 1000), ("八", 8), ("二〇二〇", 2020), ("三十万", 300000)],
)  # fmt: skip
def test_chinese_numerals(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize(
    ("text", "value"), [("1.7万", 17000), ("1367万", 13670000), ("8200", 8200), ("16.9万", 169000)]
)
def test_mixed_numerals(text, value):
    assert number_value(text) == value


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "unit"),
    [
        ("8200余名", 8200, "more-than", "名"),
        ("174个", 174, "exact", "个"),
        ("1.7万元", 17000, "exact", "元"),
        ("119246人", 119246, "exact", "人"),
        ("近5000户", 5000, "under", "户"),  # 近 is "nearly": under
        ("300多名", 300, "more-than", "名"),
        ("5220户", 5220, "exact", "户"),
        ("10个", 10, "exact", "个"),
        ("十瓶", 10, "exact", "瓶"),
        ("1大箱", 1, "exact", "大箱"),
        ("1-2个", 1, "range", "个"),
        ("三四个小时", 3, "range", "个小时"),
        ("数百份", None, "vague", "份"),
        ("上万件", 10000, "more-than", "件"),  # 上万: more than ten thousand
        ("近万名", 10000, "under", "名"),
        ("几万步", None, "vague", "步"),
        ("超过500万元", 5000000, "more-than", "元"),
        ("24小时", 24, "exact", "小时"),
        ("74岁", 74, "exact", "岁"),
        ("10%", 10, "exact", "%"),
        ("32℃", 32, "exact", "℃"),
        ("两米", 2, "exact", "米"),
        ("一分钟", 1, "exact", "分钟"),
        ("一个月", 1, "exact", "个月"),
        ("12个小时", 12, "exact", "个小时"),
        ("2个多小时", 2, "more-than", "个小时"),
        ("15户左右", 15, "about", "户"),
        ("3人以上", 3, "more-than", "人"),
        ("约30000元", 30000, "about", "元"),
        ("千余名", 1000, "more-than", "名"),
        ("八次", 8, "exact", "次"),
    ],
)
def test_figure_attributes(text, value, qualifier, unit):
    attrs = parse_figure(text)
    assert (attrs["value"], attrs["qualifier"], attrs["unit"]) == (value, qualifier, unit)


def _figures(text: str) -> list[str]:
    return [f.text for f in find_figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全县8200余名党员深入一线", ["8200余名"]),
        ("174个党员先锋岗", ["174个"]),
        ("捐款1.7万元", ["1.7万元"]),
        ("近5000户15000余人", ["近5000户", "15000余人"]),
        ("300多名员工", ["300多名"]),
        ("确保5220户11863人全覆盖", ["5220户", "11863人"]),
        ("一级10个、二级5个、三级21个", ["10个", "5个", "21个"]),
        ("收到酒精10桶十瓶1大箱", ["10桶", "十瓶", "1大箱"]),
        ("每人包联1-2个居民小区", ["1-2个"]),
        ("一坐就是三四个小时", ["三四个小时"]),
        ("检查核对了数百份信息资料", ["数百份"]),
        ("上万件医疗物资", ["上万件"]),
        ("连续三天三夜没回家", ["三天", "三夜"]),
        ("近14天内有旅居史", ["14天"]),
        ("我每天至少坚守12个小时", ["12个小时"]),
        ("总价值超过500万元", ["超过500万元"]),
        ("每天行程几万步", ["几万步"]),
        ("全村排查出1名武汉返乡人员", ["1名"]),
        ("最忙时一分钟接电话", ["一分钟"]),
        ("累计接收2,048.67万元", ["2,048.67万元"]),
    ],
)
def test_figures_found(text, expected):
    assert _figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "4月13日凌晨1时30分",  # dates and clock times belong to events
        "14:30 分区管控",
        "开展第二轮全员抗原自测",  # ordinals
        "第一时间启动响应机制",
        "试行第九版",
        "病例7、病例9",  # identifiers
        "金城阅山小区2号楼",
        "在209国道设站",
        "一批84消毒液",
        "N90标准的口罩",
        "涉及六十六中的集中管控",
        "三桥街道的工作人员",
        "村“两委”紧急部署",  # fixed names and slogans
        "“三区”划分精准",
        "由四大班子带队",
        "“五包一”包联责任制",
        "“六合一”工作标准",
        "采取“四不两直”方式",
        "“一书一图五表”",
        "深入抗疫一线",
        "一条信息打破了夜晚的宁静",  # the indefinite 一
        "不久前,一名住户从外地返并",
        "一场与病毒的较量",
        "几个小时下来",  # 几 alone is no numeral
    ],
)
def test_exclusions(text):
    assert _figures(text) == []


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("4月13日凌晨1时30分,一条信息", {"month": 4, "day": 13, "part": "凌晨", "hour": 1, "minute": 30}),
        ("14:30 分区管控", {"hour": 14, "minute": 30}),
        ("截至3月2日晚7时,娄烦县", {"month": 3, "day": 2, "part": "晚", "hour": 19}),
        ("3月2日下午3时", {"month": 3, "day": 2, "part": "下午", "hour": 15}),
        ("4月13深夜,30车防疫物资抵达", {"month": 4, "day": 13, "part": "深夜"}),
        ("1月22至23日,吉县", {"month": 1, "day": 22, "day_end": 23}),
        ("大年初二接到命令后", {"calendar": "大年初二"}),
        ("大年初二接到命令后,第一时间挨家挨户排查", {"calendar": "大年初二"}),  # 第一时间 is no clock
        ("2月10日(农历正月十七)", {"month": 2, "day": 10, "calendar": "农历正月十七"}),
        ("2019年12月", {"year": 2019, "month": 12}),
        ("4日凌晨到达火车站", {"day": 4, "part": "凌晨"}),
    ],
)
def test_time_normalisation(text, time):
    assert parse_time(text) == time


@pytest.mark.parametrize(
    ("text", "events"),
    [
        ("4月13日凌晨1时30分,一条信息打破了夜晚的宁静:王答乡发现初筛阳性人员。清徐县启动响应。",
         ["4月13日凌晨1时30分,一条信息打破了夜晚的宁静:王答乡发现初筛阳性人员"]),
        ("2:00 快速响应\n清徐综合办公大楼灯火通明。", ["2:00 快速响应"]),
        ("截至3月2日晚7时,娄烦县有2个网吧停业。", ["截至3月2日晚7时,娄烦县有2个网吧停业"]),
        ("连日来,吉县连续召开八次会议。目前,疫情平稳。今天,我们出发。", []),
        ("这6例感染者分别于4月4日、4月7日转运至医院。", ["于4月4日、4月7日转运至医院"]),
        ("从大年初二开始,我们一直在乡镇驻守。", ["从大年初二开始,我们一直在乡镇驻守"]),
        # A relative day word fused with a clock time anchors through it (guidelines, Event).
        ("他们值班一整晚,直到次日上午8时才下班。", ["次日上午8时才下班"]),
        ("每次行动都在凌晨,大家早早集结。", []),
        ("今天（4月8日），武汉解封。", ["今天（4月8日），武汉解封"]),
        ("记者昨天（22日）从市里获悉。", ["昨天（22日）从市里获悉"]),
        ("今(18)日,全市开展核酸检测。", ["今(18)日,全市开展核酸检测"]),
    ],
)  # fmt: skip
def test_events_found(text, events):
    assert [e.text for e in find_events(text)] == events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("北京、湖南、广东各一宗", ["一宗"]),
        ("共发生3起事故", ["3起"]),
        ("276列火车", ["276列"]),
        ("5艘船", ["5艘"]),
        ("增长约20倍", ["约20倍"]),
        ("提高0.7个百分点", ["0.7个百分点"]),
        ("年满18周岁", ["18周岁"]),
        ("已经接近290万人次", ["接近290万人次"]),
        ("接种41001剂次", ["41001剂次"]),
        ("300多辆车次", ["300多辆车次"]),
        ("新增确诊病例162例", ["162例"]),
        ("两千零五十三宗", ["两千零五十三宗"]),
        ("五千六人", ["五千六人"]),
        ("二点五一亿人次", ["二点五一亿人次"]),
        ("覆盖率为百分之七十三点九", ["百分之七十三点九"]),
        ("气温零下10摄氏度", ["零下10摄氏度"]),
        ("18歲至64歲", ["18歲至64歲"]),
        ("12—17周岁", ["12—17周岁"]),
        ("20多歲至40多歲", ["20多歲至40多歲"]),
        ("合计691，027.05万元", ["691，027.05万元"]),
        ("方舱医院床位3500张", ["3500张"]),
        ("一个高风险区、三个中风险地区", ["一个", "三个"]),
        ("作为拥有2500万人口的城市", ["2500万"]),
        ("其中90余万已出结果", ["90余万"]),
        ("在一米多深的洪水中", ["一米多"]),
    ],
)
def test_figures_of_general_chinese(text, expected):
    from reader.extraction.extractor import extract_text

    found = [f.text for f in extract_text(text) if f.label == "figure"]
    assert found == expected


@pytest.mark.parametrize(
    "text",
    ["病例7为男性", "新增一例确诊病例", "19:00—23:00开放", "“三村一区”", "武汉三镇", "附近的7号楼"],
)
def test_not_figures_of_general_chinese(text):
    from reader.extraction.extractor import extract_text

    assert [f.text for f in extract_text(text) if f.label == "figure"] == []


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "unit"),
    [
        ("18岁至64岁", 18, "range", "岁"),
        ("百分之七十三点九", 73.9, "exact", "百分之"),
        ("零下10摄氏度", -10, "exact", "摄氏度"),
        ("二点五一亿人次", 251_000_000, "exact", "人次"),
        ("90余万", 900_000, "more-than", ""),
        ("3.4万多名", 34_000, "more-than", "名"),
        ("691，027.05万元", 6_910_270_500, "exact", "元"),
        ("35岁及以下", 35, "under", "岁"),
        ("一个多月", 1, "more-than", "个月"),
        ("兩三百米", 200, "range", "米"),
    ],
)
def test_figure_attributes_of_general_chinese(text, value, qualifier, unit):
    attrs = parse_figure(text)
    assert (attrs["value"], attrs["qualifier"], attrs["unit"]) == (value, qualifier, unit)
