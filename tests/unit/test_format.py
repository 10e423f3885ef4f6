"""One definition of the annotation file: the JSON Schema and the model's FIELDS agree.

reader/data/annotation.schema.json is what outside tools validate against;
reader/annotation/model.py is what epireader writes. These tests fail when one of
them gains, loses or reorders a key without the other.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from reader.annotation.editing import Editor
from reader.annotation.fileformat import dumps, schema, schema_errors
from reader.annotation.model import PageAnnotations, Rejection, ReviewedMark, Tag
from reader.annotation.store import AnnotationStore
from reader.text.articles import Article
from reader.text.page import load_page
from reader.text.spans import Span
from tests.conftest import ROOT

RECORDS = {  # the schema's object -> the model class that writes it
    "page": PageAnnotations,
    "span": Tag,
    "rejection": Rejection,
    "review": ReviewedMark,
}


def _schema_object(name: str) -> dict:
    return schema() if name == "page" else schema()["$defs"][name]


@pytest.mark.parametrize("name", RECORDS)
def test_schema_properties_are_the_model_fields_in_the_same_order(name):
    properties = list(_schema_object(name)["properties"])
    fields = list(RECORDS[name].FIELDS)
    assert set(properties) == set(fields)
    assert properties == fields


@pytest.mark.parametrize("name", RECORDS)
def test_schema_refuses_keys_the_model_does_not_know(name):
    # An unknown key passing the schema would crash from_json (cls(**data)) on load.
    assert _schema_object(name).get("additionalProperties") is False


@pytest.mark.parametrize("name", RECORDS)
def test_every_model_field_without_a_default_is_required_by_the_schema(name):
    no_default = {
        f.name
        for f in dataclasses.fields(RECORDS[name])
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    assert no_default <= set(_schema_object(name)["required"])


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("page", "text_length"),
        ("span", "start"),
        ("span", "end"),
        ("rejection", "start"),
        ("rejection", "end"),
        ("review", "article"),
    ],
)
def test_offsets_and_counts_are_non_negative_json_integers(name, key):
    rule = _schema_object(name)["properties"][key]
    assert rule["type"] == "integer"
    assert rule["minimum"] in (0, 1)  # an end is at least 1: it is after a start >= 0


TEXT = "4月13日凌晨1时30分,王答乡发现初筛阳性人员。全县174个党员先锋岗严防死守,8200余名党员深入抗疫一线。\n"


@pytest.fixture()
def written(tmp_path: Path):
    """A file written by the store with every kind of record in it."""
    (tmp_path / "p.txt").write_text(TEXT, encoding="utf-8")
    page = load_page(tmp_path / "p.txt")
    store = AnnotationStore(tmp_path / "annotations")
    session = Editor(store, "tester")
    start = TEXT.index("8200余名")
    tag = session.tag(page, "figure", start, start + 6, {"value": 8200, "qualifier": "more-than"})
    session.update(page, tag.id, {"value": 8200, "counted": "党员"}, "a note")
    start = TEXT.index("174个")
    session.reject(page, Span("figure", start, start + 4, "174个"))
    session.toggle_reviewed(page, Article(0, "标题", 0, len(TEXT)))
    return page, store


def test_a_file_written_by_the_store_validates_against_the_schema(written):
    page, store = written
    data = json.loads(store.path_for(page.name).read_text(encoding="utf-8"))
    assert schema_errors(data) == []
    assert data["spans"] and data["rejected"] and data["reviewed"]


def test_load_then_save_gives_the_same_bytes(written):
    page, store = written
    path = store.path_for(page.name)
    before = path.read_bytes()
    fresh = AnnotationStore(store.directory)
    loaded = fresh.load(page)
    assert not loaded.read_only and not loaded.changed
    fresh.save(loaded)
    assert path.read_bytes() == before


def test_the_gold_files_are_byte_for_byte_what_the_store_writes(corpus):
    store = AnnotationStore(ROOT / "annotations")
    for page in corpus.pages:
        loaded = store.load(page)
        assert loaded.problem is None and not loaded.changed, page.name
        assert dumps(loaded.annotations) == loaded.path.read_bytes(), page.name


def _whole(annotations: PageAnnotations) -> bytes:
    """The file as one json.dumps of the model: the definition the pieces must match."""
    text = json.dumps(annotations.to_json(), ensure_ascii=False, indent=2) + "\n"
    return "".join(f"\\u{ord(c):04x}" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text).encode("utf-8")


def _every_kind_of_record(name: str, copies: int) -> PageAnnotations:
    text = "4月13日凌晨1时30分,全县8200余名党员。" * copies
    spans = [
        Tag.make(text, "figure", i * 24 + 14, i * 24 + 22, annotator="a", attrs={"value": 8200, "unit": "名"})
        for i in range(copies)
    ]
    orphan = Tag.make(text, "event", 0, 5, annotator="b", attrs={"time": {"month": 4, "day": 13}})
    return PageAnnotations(
        name, "0" * 64, len(text), spans=spans, orphans=[orphan],
        rejected=[Rejection(label="figure", start=3, end=5, text=text[3:5], by="a", at="t")],
        reviewed=[ReviewedMark(0, "标题", "a", "t")],
    )  # fmt: skip


@pytest.mark.parametrize(
    "annotations",
    [
        PageAnnotations("empty.txt", "0" * 64, 0),
        _every_kind_of_record("p.txt", 3),
        _every_kind_of_record("bytes-\udcff\udc80.txt", 2),  # a page name that is not UTF-8
        _every_kind_of_record("big.txt", 400),  # written in several pieces
    ],
    ids=["nothing", "every-list", "non-utf8-name", "many-pieces"],
)
def test_a_file_written_a_record_at_a_time_has_the_bytes_of_one_json_dumps(annotations):
    assert dumps(annotations) == _whole(annotations)


def test_the_gold_files_written_a_record_at_a_time_are_their_own_bytes():
    for path in sorted((ROOT / "annotations").glob("*.json")):
        loaded = AnnotationStore(ROOT / "annotations").load(load_page(ROOT / "seeds" / f"{path.stem}.txt"))
        assert dumps(loaded.annotations) == _whole(loaded.annotations) == path.read_bytes()


_ODD_VALUES = [
    None,
    True,
    False,
    0,
    -1,
    1,
    1.0,
    2.5,
    "",
    "x",
    "event",
    "manual",
    [],
    {},
    {"a": 1},
    [1],
    10**20,
]


@pytest.mark.parametrize("part", ["span", "rejection", "review"])
def test_the_quick_check_passes_only_records_jsonschema_passes(part):
    """fileformat's quick check of a record (25 s -> 1.5 s for a file of 250,000 tags)
    never lets through what the schema refuses: every field of a real record set to odd
    values, removed, or joined by an unknown key."""
    import random

    from reader.annotation.fileformat import _certainly_fits, _validator

    gold = json.loads(sorted((ROOT / "annotations").glob("*.json"))[0].read_text("utf-8"))
    base = {
        "span": gold["spans"][0],
        "rejection": {"label": "figure", "start": 3, "end": 5, "text": "8200", "by": "a", "at": "t"},
        "review": {"article": 0, "title": "标题", "by": "a", "at": "t"},
    }[part]
    fits, validator = _certainly_fits(part), _validator(part)
    assert fits(base) and not list(validator.iter_errors(base))
    rng = random.Random(part)
    mutants = [{k: v for k, v in base.items() if k != key} for key in base]
    mutants += [dict(base, **{key: value}) for key in [*base, "unknown"] for value in _ODD_VALUES]
    for _ in range(300):
        item = dict(base)
        for key in rng.sample(list(base), rng.randint(1, 3)):
            item[key] = rng.choice(_ODD_VALUES)
        mutants.append(item)
    passed = 0
    for item in mutants:
        if fits(item):
            passed += 1
            assert not list(validator.iter_errors(item)), item
    assert passed > len(base)  # it does pass the harmless changes (a note, a date as any string)
