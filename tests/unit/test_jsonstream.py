"""Annotation files are read a piece at a time (reader/annotation/jsonstream.py): the
result and the error messages must be json.loads's, wherever the chunks are cut, and
a big file must never be held whole."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from reader.annotation.jsonstream import JSONError, Lazy, TooDeep, documents, members
from reader.annotation.store import AnnotationStore
from reader.text.page import load_page

ROOT = Path(__file__).resolve().parents[2]
ARRAYS = {"spans", "orphans"}


def pieces(raw: bytes, size: int) -> list[bytes]:
    return [raw[i : i + size] for i in range(0, len(raw), size)]


def rebuilt(raw: bytes, size: int) -> dict:
    """The object ``members`` reads, put back together."""
    out: dict = {}
    for key, index, value in members(pieces(raw, size), ARRAYS):
        if index is None:
            out[key] = value
        else:
            out[key].append(value)
    return out


DOCUMENTS = [
    # numbers, literals and escapes a chunk can cut through; a non-BMP character and a
    # lone surrogate written as escapes (a page name that is not UTF-8 is stored so)
    b'{"n": 12345678901234567890, "f": -1.5e-7, "t": true, "z": null, '
    b'"s": "a\\"b\\\\c\\u00e9\\ud83d\\ude00"}',
    '{"page": "p\\udc80.txt", "spans": [{"text": "8200余名党员", "attrs": {"value": 8200}}, '
    '{"x": []}]}'.encode(),
    b'  {\n  "spans" :\n [ ] ,\r\n "orphans": [ [1, [2, [3]]], {} ]  , "other": [1, 2]}\n\n',
    b'{"spans": 5, "orphans": "not an array"}',  # array members that are not arrays
    b"{}",
]


@pytest.mark.parametrize("raw", DOCUMENTS)
@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, 1 << 20])
def test_members_read_what_json_loads_reads_wherever_the_chunks_are_cut(raw, size):
    assert rebuilt(raw, size) == json.loads(raw)


@pytest.mark.parametrize("size", [4093, 4096, 4099, 65_537])
def test_numbers_and_strings_cut_by_chunk_edges_anywhere_in_a_long_file_read_whole(size):
    """Past the first chunk a value is cut wherever a chunk ends: "1." of "1.5", "-" of
    "-2e-3", half a string."""
    items = [
        [1.5, -2e-3, 12345678901234567890, 0.125, True, None, "党员" * (i % 7), {"k": i / 8}]
        for i in range(4000)
    ]
    raw = json.dumps({"page": "p", "spans": items, "end": 1.25}, ensure_ascii=False).encode()
    assert rebuilt(raw, size) == json.loads(raw)


def test_a_syntax_error_is_reported_without_reading_the_rest_of_the_file():
    read = []

    def chunks():
        yield b'{"spans": [{"a": 1} {"b": 2}, '
        for n in range(10_000):
            read.append(n)
            yield b'{"c": 3}, ' * 100

    with pytest.raises(JSONError, match="Expecting ','"):
        list(members(chunks(), ARRAYS))
    assert len(read) < 100


def test_a_seed_annotation_file_reads_the_same_in_pieces():
    raw = next(iter(sorted((ROOT / "annotations").glob("*.json")))).read_bytes()
    assert rebuilt(raw, 4096) == json.loads(raw)
    assert rebuilt(raw, 5) == json.loads(raw)


def test_array_items_come_one_at_a_time_in_file_order():
    raw = b'{"a": 1, "spans": [10, 20, 30], "b": 2}'
    assert list(members([raw], ARRAYS)) == [
        ("a", None, 1), ("spans", None, []), ("spans", 0, 10), ("spans", 1, 20), ("spans", 2, 30),
        ("b", None, 2),
    ]  # fmt: skip


INVALID = [
    b"{x",
    b'{"a" 1}',
    b'{"a": 1} x',
    b'{"spans": [1, 2',
    b'{"a": 1,\n "b": [1,\n  2,\n  tru]}',
    b'{"spans": [1,\n\n 2 3]}',
    b"",
    b'{"a": "unterminated',
]


@pytest.mark.parametrize("raw", INVALID)
@pytest.mark.parametrize("size", [1, 4, 1 << 20])
@pytest.mark.parametrize("reader", ["members", "documents"])
def test_invalid_json_is_refused_with_the_line_column_and_char_json_names(raw, size, reader):
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(raw)
    where = f"line {expected.value.lineno} column {expected.value.colno} (char {expected.value.pos})"
    with pytest.raises(JSONError) as got:
        if reader == "members":
            list(members(pieces(raw, size) or [b""], ARRAYS))
        else:  # entry by entry, every container a Lazy (see read_documents below)
            read_documents(raw, size, lines=False)
    assert str(got.value).endswith(where), (str(got.value), where)


def test_bytes_that_are_not_utf8_are_refused_naming_the_byte():
    with pytest.raises(JSONError, match="not UTF-8 at byte 9"):
        list(members([b'{"a": "', b"xx\xff\xfe", b'"}'], ARRAYS))


def test_a_file_starting_with_a_bom_is_refused_as_json_refuses_it():
    with pytest.raises(JSONError, match="Unexpected UTF-8 BOM"):
        list(members(["\ufeff{}".encode()], ARRAYS))


def test_nesting_past_the_parsers_recursion_is_refused_not_a_crash():
    with pytest.raises(TooDeep):
        list(members(pieces(b'{"spans":' + b"[" * 100_000, 1 << 16), ARRAYS))


def _dense_file(tmp_path: Path, copies: int) -> tuple[Path, AnnotationStore]:
    """A page made of ``copies`` copies of a seed page, tagged with its gold on every copy."""
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    text = load_page(seed).text + "\n\n"
    gold = json.loads((ROOT / "annotations" / f"{seed.stem}.json").read_text("utf-8"))
    spans = [
        dict(s, id=f"{s['id']}-{c}", start=s["start"] + c * len(text), end=s["end"] + c * len(text))
        for c in range(copies)
        for s in gold["spans"]
    ]
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "big.txt").write_text(text * copies, "utf-8")
    page = load_page(tmp_path / "pages" / "big.txt")
    data = {"schema_version": 1, "page": "big.txt", "text_sha256": page.sha256, "text_length": len(page.text),
            "spans": spans}  # fmt: skip
    store = AnnotationStore(tmp_path / "ann")
    store.directory.mkdir()
    store.path_for("big.txt").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return tmp_path / "pages" / "big.txt", store


def test_loading_a_densely_tagged_page_never_holds_the_whole_file_or_all_its_span_dicts(tmp_path):
    path, store = _dense_file(tmp_path, 100)
    page = load_page(path)
    store.load(page)  # imports (jsonschema …) and caches are not what is measured
    tracemalloc.start()
    loaded = store.load(page)
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert loaded.problem is None and len(loaded.annotations.spans) > 5_000
    # What a load keeps is the tags themselves; parsing the file whole held its bytes
    # and every span's dict beside them (the peak was 5.2x what is kept; now ~1.4x).
    assert peak < 2 * kept, (peak, kept)
    # Slotted tags, and one copy of what repeats (annotator, dates, units, attrs keys):
    # ~0.8 KB a tag, where a __dict__ per tag and per-tag copies took ~1.3 KB.
    assert kept / len(loaded.annotations.spans) < 1000


def test_a_batch_load_keeps_the_spans_in_under_two_thirds_of_what_the_tags_take(tmp_path):
    path, store = _dense_file(tmp_path, 100)
    page = load_page(path)
    store.load(page, batch=True)  # imports and caches are not what is measured
    sizes = []
    for batch in (False, True):
        tracemalloc.start()
        loaded = store.load(page, batch=batch)
        sizes.append(tracemalloc.get_traced_memory()[0])
        tracemalloc.stop()
        del loaded
    tags, spans = sizes
    # No id, context, note or times: what eval and the index read of a dense page
    # (~0.48 KB a span here, against ~0.81 KB a tag; the attrs are most of the rest).
    assert spans < 0.67 * tags, (spans, tags)


# --- documents: nested arrays and objects read as they are asked for (import) ------

EVERYWHERE = [(), ("*",), ("spans",), ("meta",), ("meta", "epireader"), ("meta", "epireader", "spans"),
              ("orphans", "*"), ("*", "annotations"), ("*", "annotations", "*")]  # fmt: skip


def whole(value):
    """A value read by ``documents``, its Lazy parts read out."""
    if isinstance(value, Lazy):
        entries = [(key, whole(item)) for key, item in value.entries()]
        return dict(entries) if value.kind == "object" else [item for _, item in entries]
    return value


def read_documents(raw: bytes, size: int, lines: bool, patterns=EVERYWHERE) -> list:
    read = documents(pieces(raw, size) or [b""], patterns, lines=lines)
    return [(line, whole(value)) for line, value in read]


NESTED = [
    *DOCUMENTS,
    b'{"label": [[0, 4, "figure"]], "meta": {"epireader": {"spans": [{"start": 0, "x": [1, {"y": 2}]}, {}]},'
    b' "source": "a.txt"}, "text": "\\u8fd9\\u662f"}',
    b'[{"annotations": [{"result": [{"id": "a"}], "was_cancelled": false}], "data": {"text": "t"}}, {}, []]',
    b"[]",
    b'  "just a string" ',
    b"12.5",
]


@pytest.mark.parametrize("raw", NESTED)
@pytest.mark.parametrize("size", [1, 2, 5, 64, 1 << 20])
def test_a_document_read_entry_by_entry_is_what_json_loads_reads(raw, size):
    assert read_documents(raw, size, lines=False) == [(1, json.loads(raw))]


@pytest.mark.parametrize("size", [1, 3, 1 << 20])
def test_json_lines_are_read_one_document_a_line_with_their_line_numbers(size):
    lines = [raw.replace(b"\n", b" ").replace(b"\r", b" ") for raw in NESTED]
    raw = b"\n".join(lines[:3]) + b"\n\n   \n" + b"\n".join(lines[3:]) + b"\n"
    numbers = [1, 2, 3, *range(6, 6 + len(lines) - 3)]
    assert read_documents(raw, size, lines=True) == list(zip(numbers, map(json.loads, lines), strict=True))


def test_entries_left_unread_are_read_past_and_the_next_entry_is_right():
    raw = b'{"meta": {"epireader": {"spans": [1, 2, 3]}, "after": [4]}, "text": "t"}'
    docs = documents(pieces(raw, 2), EVERYWHERE, lines=False)
    _, root = next(docs)
    seen = []
    for key, value in root.entries():
        if key == "meta":
            for inner, part in value.entries():
                seen.append(inner)
                if inner == "epireader":
                    for _ in part.entries():
                        break  # the rest of it is never asked for
                    break  # nor the rest of meta
        else:
            seen.append((key, value))
    assert seen == ["epireader", ("text", "t")]
    assert list(docs) == []  # and nothing after the document


@pytest.mark.parametrize("raw", [b'{"a": 1} {"b": 2}\n', b"[1] 2\n"])
def test_a_second_document_on_a_line_is_extra_data(raw):
    with pytest.raises(JSONError, match="Extra data"):
        read_documents(raw, 3, lines=True)


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        (b'{"a": 1}\r{"b": 2}\r\n{"c": 3}', [(1, {"a": 1}), (1, {"b": 2}), (2, {"c": 3})]),  # old Mac ends
        (
            '{"a": 1}\n \u3000 \f\n{"b": 2}\n'.encode(),
            [(1, {"a": 1}), (3, {"b": 2})],
        ),  # blank as strip sees it
    ],
)
def test_json_lines_end_where_a_line_by_line_reader_ends_them(raw, read):
    assert read_documents(raw, 2, lines=True) == read


def test_a_json_line_that_goes_on_to_the_next_line_is_refused():
    with pytest.raises(JSONError, match="goes on past its line: line 2"):
        read_documents(b'{"a": 1}\n{"b":\n 2}\n', 3, lines=True)
