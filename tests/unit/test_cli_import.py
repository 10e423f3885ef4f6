"""`epireader import`, export's own errors, and --no-follow (commands run in-process)."""

from __future__ import annotations

import json
import os

import pytest

from reader.cli.group import cli
from reader.cli.main import main

PAGE = "全县174个党员先锋岗,8200余名党员深入一线。\n"


@pytest.fixture
def tagged(tmp_path):
    """A one-page corpus with one figure tagged, and its jsonl export."""
    from reader.annotation.editing import Editor
    from reader.annotation.store import AnnotationStore
    from reader.corpus.corpus import load_corpus

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p.txt").write_text(PAGE, encoding="utf-8")
    page = load_corpus(pages).pages[0]
    start = page.text.index("8200余名")
    Editor(AnnotationStore(tmp_path / "ann"), "t").tag(page, "figure", start, start + 6)
    assert main(["export", str(pages), "--annotations", str(tmp_path / "ann"), "--format", "jsonl",
                 "--out", str(tmp_path / "out")]) == 0  # fmt: skip
    return pages, tmp_path / "out" / "annotations.jsonl"


def test_import_brings_an_export_back_into_a_new_folder_and_exits_0(tagged, tmp_path, capsys):
    pages, exported = tagged
    capsys.readouterr()
    fresh = tmp_path / "fresh"  # does not exist yet: import makes it
    assert main(["import", "jsonl", str(exported), str(pages), "--annotations", str(fresh)]) == 0
    out, err = capsys.readouterr()
    assert out == "jsonl: 1 span(s) added, 0 already there; 1 annotation file(s) written\n"
    assert err == ""
    spans = json.loads((fresh / "p.json").read_text(encoding="utf-8"))["spans"]
    assert [(s["label"], s["text"]) for s in spans] == [("figure", "8200余名")]
    assert main(["import", "jsonl", str(exported), str(pages), "--annotations", str(fresh)]) == 0
    assert "0 span(s) added, 1 already there" in capsys.readouterr().out


def test_import_of_a_span_that_does_not_match_its_page_exits_1_with_the_reason_on_stderr(
    tagged, tmp_path, capsys
):
    pages, _ = tagged
    lines = tmp_path / "x.jsonl"
    record = {"source": "p.txt", "label": "figure", "start": 0, "end": 2, "text": "不对", "attrs": {}}
    lines.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    capsys.readouterr()
    code = main(["import", "extract", str(lines), str(pages), "--annotations", str(tmp_path / "new")])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.startswith("extract: 0 span(s) added")  # the summary alone on stdout
    assert (
        err
        == f"epireader: {lines}:1: figure 0-2 not imported: the file says '不对', the page p.txt has '全县'\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "jsonl", "{tmp}/missing.jsonl", "{pages}"], "epireader: cannot import: no such file"),
        (
            ["import", "fixtures", "{tmp}/x", "{pages}"],
            "Invalid value for 'FORMAT': 'fixtures' is not one of",
        ),
        (["export", "{pages}", "--format", "jsonl", "--out", "{tmp}/a-file"], "epireader: cannot export: "),
    ],
    ids=["unreadable-source", "format-that-cannot-be-imported", "export-into-a-file"],
)
def test_import_and_export_errors_are_one_line_exit_2(tagged, tmp_path, capsys, args, message):
    pages, _ = tagged
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    args = [a.format(tmp=tmp_path, pages=pages) for a in args]
    capsys.readouterr()
    assert main([*args, "--annotations", str(tmp_path / "ann")]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err


def test_import_refuses_a_file_where_the_annotations_folder_should_be(tagged, tmp_path, capsys):
    pages, exported = tagged
    (tmp_path / "not-a-folder").write_text("x", encoding="utf-8")
    capsys.readouterr()
    code = main(
        ["import", "jsonl", str(exported), str(pages), "--annotations", str(tmp_path / "not-a-folder")]
    )
    assert code == 2
    assert "not-a-folder is not a folder" in capsys.readouterr().err


# --- --no-follow ---------------------------------------------------------------------


@pytest.fixture
def linked(tmp_path):
    """A corpus folder with one page of its own and one linked from outside it."""
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.txt").write_text("全县3个村。\n", encoding="utf-8")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "own.txt").write_text(PAGE, encoding="utf-8")
    os.symlink(tmp_path / "elsewhere" / "secret.txt", pages / "link.txt")
    return pages


def test_every_command_that_opens_a_corpus_has_no_follow():
    import click

    ctx = click.Context(cli)
    every = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}  # each imported now
    assert len(every) >= 11 and all(every.values())
    assert {
        name for name, command in every.items() if "no_follow" in {p.name for p in command.params}
    } == set(every)


@pytest.mark.parametrize("no_follow", [False, True])
def test_no_follow_leaves_out_pages_linked_from_outside(linked, tmp_path, capsys, no_follow):
    flag = ["--no-follow"] if no_follow else []
    ann = str(tmp_path / "ann")
    assert main(["stats", str(linked), "--annotations", ann, "--format", "json", *flag]) == 0
    stats_pages = [p["page"] for p in json.loads(capsys.readouterr().out)["pages"]]
    assert main(["extract", str(linked), "--jobs", "1", "--no-progress", *flag]) == 0
    sources = {json.loads(line)["source"] for line in capsys.readouterr().out.splitlines()}
    expected = ["own.txt"] if no_follow else ["link.txt", "own.txt"]
    assert stats_pages == expected
    assert sources == {str(linked / name) for name in expected}


def test_extract_names_an_entry_it_cannot_read_and_exits_1(linked, capsys):
    os.symlink(linked / "gone.txt", linked / "broken.txt")
    assert main(["extract", str(linked), "--jobs", "1"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"epireader: {linked / 'broken.txt'}: skipped, broken symbolic link",
        "epireader: extract: 3/3 pages, 1 skipped",
    ]
