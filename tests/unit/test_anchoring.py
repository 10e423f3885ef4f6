"""Re-anchoring, called directly: tags placed again on a changed page text (no files)."""

from __future__ import annotations

from reader.annotation.anchoring import place, reanchor
from reader.annotation.model import PageAnnotations, Tag

TEXT = (
    "4月13日凌晨1时30分,王答乡发现初筛阳性人员。全县174个党员先锋岗严防死守,8200余名党员深入抗疫一线。\n"
    "河东片区119246人的核酸检测工作圆满完成。\n"
)


def _tag(text: str, needle: str, occurrence: int = 0, label: str = "figure") -> Tag:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return Tag.make(text, label, start, start + len(needle), annotator="t")


def _page(text: str, *tags: Tag) -> PageAnnotations:
    return PageAnnotations("p.txt", "0" * 64, len(text), spans=list(tags))


def _texts(tags: list[Tag]) -> list[str]:
    return [t.text for t in tags]


def test_text_inserted_before_tags_moves_them_onto_the_same_words():
    annotations = _page(TEXT, _tag(TEXT, "8200余名"), _tag(TEXT, "119246人"))
    changed = "(本报记者)" + TEXT
    result = reanchor(annotations, changed)
    assert result.moved == 2 and annotations.orphans == []
    for tag in annotations.spans:
        assert changed[tag.start : tag.end] == tag.text
        assert tag.before == changed[max(0, tag.start - 16) : tag.start]


def test_a_tag_whose_text_and_context_are_unchanged_stays_as_it_is():
    tag = _tag(TEXT, "174个")
    annotations = _page(TEXT, tag)
    result = reanchor(annotations, TEXT + "补充一句。\n")
    assert result.moved == 0 and result.messages == []
    assert annotations.spans == [tag]


def test_a_change_inside_a_tag_makes_it_an_orphan_that_is_kept():
    annotations = _page(TEXT, _tag(TEXT, "8200余名"), _tag(TEXT, "174个"))
    result = reanchor(annotations, TEXT.replace("8200余名", "8300余名"))
    assert _texts(annotations.orphans) == ["8200余名"]
    assert _texts(annotations.spans) == ["174个"]
    assert any("orphaned figure '8200余名'" in m for m in result.messages)


def test_a_repeated_short_text_is_placed_by_its_context():
    text = "甲村抽调5名民警。乙村抽调5名医生。\n"
    annotations = _page(text, _tag(text, "5名", occurrence=1))
    changed = "新增一句。" + text
    reanchor(annotations, changed)
    (tag,) = annotations.spans
    assert changed[tag.start : tag.end + 2] == "5名医生"


def test_a_short_text_among_several_with_no_context_left_is_orphaned_not_guessed():
    text = "甲村抽调5名民警。乙村抽调5名医生。\n"
    tag = _tag(text, "5名", occurrence=1)
    assert place(tag, "丙队5名。丁队5名。") is None


def test_an_orphan_is_placed_again_when_its_text_comes_back():
    annotations = _page(TEXT, _tag(TEXT, "8200余名"))
    reanchor(annotations, TEXT.replace("8200余名", "8300余名"))
    assert _texts(annotations.orphans) == ["8200余名"]
    result = reanchor(annotations, TEXT)
    assert annotations.orphans == []
    (tag,) = annotations.spans
    assert TEXT[tag.start : tag.end] == "8200余名"
    assert any("re-placed orphan" in m for m in result.messages)


def test_only_the_given_tags_are_reanchored():
    misplaced = _tag(TEXT, "174个")
    misplaced.start, misplaced.end = 0, 4  # as if the file had been edited by hand
    other = _tag(TEXT, "119246人")
    annotations = _page(TEXT, misplaced, other)
    reanchor(annotations, TEXT, only=[misplaced])
    assert {TEXT[t.start : t.end] for t in annotations.spans} == {"174个", "119246人"}
    assert any(t is other for t in annotations.spans)


def test_a_tag_beyond_the_end_of_a_shorter_text_is_placed_or_orphaned_without_error():
    far = _tag(TEXT, "119246人")
    gone = _tag(TEXT, "8200余名")
    far.start, far.end = 10**9, 10**9 + 7
    short = "119246人的核酸检测工作圆满完成。\n"
    annotations = _page(short, far, gone)
    reanchor(annotations, short)
    assert [short[t.start : t.end] for t in annotations.spans] == ["119246人"]
    assert _texts(annotations.orphans) == ["8200余名"]
