"""Counted nouns and the one prefill function the attribute form and the extractor share."""

from __future__ import annotations

import pytest

from reader.corpus.evaluate import evaluate_sets
from reader.extraction.attributes import read_span
from reader.extraction.extractor import extract_text
from reader.extraction.scoring import counted_agrees
from tests.conftest import ROOT


def _prefill(text: str, span: str, label: str = "figure") -> dict:
    start = text.index(span)
    return read_span(text, label, start, start + len(span)).attrs


@pytest.mark.parametrize(
    ("text", "span", "counted"),
    [
        # Invented sentences, one per rule or hard case of the guidelines' "What is counted".
        ("全县8200余名党员深入一线", "8200余名", "党员"),  # 1: the noun after the unit
        ("174个党员先锋岗严防死守", "174个", "党员先锋岗"),
        ("11名医护人员火速赶往现场", "11名", "医护人员"),  # a count of people ends on them
        ("抽调7宗涉及学生的输入个案", "7宗", "输入个案"),  # past a relative clause with 的
        ("有3例由疑似病例转为确诊病例。", "3例", "确诊病例"),  # after 转为
        ("包联的7个县直单位的113名党员", "7个", "县直单位"),  # a possessor is what 个 counts
        ("共有3800多家企业人员复工", "3800多家", "企业"),  # 家 counts the enterprises
        ("另有10例境外输入，", "10例", "境外输入"),  # 2: a status after 例
        ("其中16,216例確診，", "16,216例", "確診"),  # as the page writes it
        ("方舱医院床位3500张。", "3500张", "方舱医院床位"),  # 3: the phrase before
        ("驾乘人员共14人。", "14人", "驾乘人员"),  # through a link word
        ("阳性病例12人。", "12人", "阳性病例"),
        ("出动警力300人。", "300人", "警力"),
        ("新增本土确诊87例。", "87例", "本土确诊"),  # a verb of reporting is left out
        ("累计接种新冠疫苗186420剂次。", "186420剂次", "新冠疫苗"),
        ("確診病例(輕型)4例、", "4例", "確診病例"),  # past an aside in brackets
        ("其中3人已治愈。", "3人", ""),  # 4: the noun only in an earlier clause
        ("核减3例。", "3例", ""),  # a verb alone
        ("累计采样52318人次。", "52318人次", ""),
        ("坚守了24小时。", "24小时", ""),  # durations, ages, percentages count nothing
        ("74岁老人", "74岁", ""),
        ("占11.2%；", "11.2%", ""),
        ("零下15摄氏度的寒夜", "零下15摄氏度", ""),
        ("收到10吨蔬菜。", "10吨", "蔬菜"),  # an amount takes the thing
        ("捐款1.7万元。", "1.7万元", "捐款"),  # a verb of giving names the money
        ("缴纳党费5000元。", "5000元", "党费"),
        ("协议采购防控物资1749万元，", "1749万元", ""),  # not what it bought
        ("送来价值6万元的防护用品", "6万元", "防护用品"),
        ("物资价值3932.68万元，", "3932.68万元", "物资价值"),
        ("宜蘭縣及花蓮縣各2例，", "2例", ""),  # never a place
        ("组建了1000余人的志愿者队伍", "1000余人", ""),  # a group's size
        ("开展三轮核酸检测。", "三轮", ""),  # activities after 轮
        ("连续召开八次专题会议。", "八次", "专题会议"),  # a meeting is counted
        ("建成12个5G基站。", "12个", "5G基站"),  # digits inside the next noun
        ("收到企业捐赠酒精10桶十瓶1大箱。", "十瓶", "酒精"),  # a list takes its noun
        ("涉及群众近5000户15000余人。", "15000余人", "群众"),
        ("每天为两名重点关注人员测量体温", "两名", "重点关注人员"),
    ],
)
def test_counted_noun(text, span, counted):
    got = _prefill(text, span)["counted"]
    assert counted_agrees(counted, got), (counted, got)


def test_prefill_reads_value_unit_and_time():
    attrs = _prefill("新增确诊病例162例。", "162例")
    assert (attrs["value"], attrs["qualifier"], attrs["unit"]) == (162, "exact", "例")
    sentence = "晚上6：50，最后几箱防护服全部打包完毕"
    event = _prefill(sentence, sentence, "event")
    # A clock time with no date before it on a page with no date: no date.
    assert event == {
        "time": {"hour": 18, "minute": 50, "part": "晚上"},
        "summary": "",
        "date": None,
        "date_from": "unknown-year",
    }


def test_prefill_and_extractor_agree():
    text = "截至目前，已有320位醫師願意參與，方舱医院床位3500张。"
    for span in extract_text(text):
        if span.label == "figure":
            assert read_span(text, "figure", span.start, span.end).attrs["counted"] == span.attrs["counted"]


def test_counted_agreement_with_the_gold():
    sets = [
        ("seeds", ROOT / "seeds", ROOT / "annotations"),
        ("heldout", ROOT / "heldout" / "pages", ROOT / "heldout" / "annotations"),
    ]
    floors = {"seeds": 0.90, "heldout": 0.90}  # the floors (the README gives the scores)
    for result in evaluate_sets(sets):
        print(f"{result.name}: counted agreement {result.report.counted_agreement:.3f}")
        assert result.report.counted.gold > 250
        assert result.report.counted_agreement >= floors[result.name]


@pytest.mark.parametrize(
    ("gold", "found", "agrees"),
    [
        ("", "", True),
        ("党员", "党员", True),
        ("党员先锋岗", "党员", False),  # word for word, not containment
        (None, "", True),  # null and "" both say: nothing counted
        ("", "党员", False),
        ("床位", "口罩", False),
    ],
)
def test_agreement_rule(gold, found, agrees):
    assert counted_agrees(gold, found) is agrees
