"""Import: spans from another tool's files into annotation files, checked and merged.

Every span is checked against the page before it is taken: the text the file says it
covers must be the page text at its offsets (UTF-16 offsets are already converted by
the format's reader). A span that does not match is listed, never imported. Without
``replace``, tags already in an annotation file are never changed: a span already
there (same label and offsets) is left as it is, one whose attributes or note differ
is listed as a conflict, and only new spans are added. With ``replace``, a page's
tags become the file's. Each page is saved through AnnotationStore, so the save is
atomic, refused when another process changed the file, and never made over a file
that cannot be read.

What comes back: brat, doccano (``jsonl``), Label Studio and ``extract`` files that
epireader wrote give the annotation files back byte for byte, each carrying what it
cannot state itself in its own extension point (see each format's module). Files
made by the tools themselves give label, offsets and text (brat notes and Label
Studio's old ``meta.attrs`` also attributes); the rest is filled in: a new id,
context from the page, ``annotator``, the format's origin, the time of the import.
Orphans, rejections and reviewed marks a file carries are added to the page's (with
``replace``: take their place); a file that carries none leaves the page's alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.annotation import predictions
from reader.annotation.annotator import default_annotator
from reader.annotation.gold import personal_folder
from reader.annotation.model import (
    CONTEXT,
    PageAnnotations,
    Rejection,
    ReviewedMark,
    Tag,
    new_id,
    now_iso,
)
from reader.annotation.predictions import Prediction
from reader.annotation.store import (
    AnnotationStore,
    StoreError,
    WriteFailed,
    digest,
    file_errors,
    is_empty,
    schema_errors,
)
from reader.corpus.corpus import Corpus
from reader.export.incoming import SKIPPED, ImportOptions, Incoming, IncomingDoc
from reader.export.pages import PageFinder
from reader.export.registry import get_format
from reader.export.report import Conflict, ImportReport, Mismatch
from reader.text import files
from reader.text.page import Page
from reader.text.spans import Span


def import_annotations(
    corpus: Corpus,
    fmt: str,
    path: Path,
    annotations_dir: Path,
    *,
    replace: bool = False,
    annotator: str | None = None,
    options: ImportOptions | None = None,
) -> ImportReport:
    """Read ``path`` as ``fmt`` and write its spans into the annotation files of
    ``annotations_dir``. ValueError for a format that cannot be imported,
    ImportFileError when ``path`` cannot be read as that format; everything else is
    in the report. ``annotator`` names who added spans the file does not attribute.
    A document the file attributes to an annotator (Label Studio's ``completed_by``)
    goes to that annotator's own folder, ``annotators/NAME/`` beside
    ``annotations_dir``, as the reader keeps them (annotation/gold.py)."""
    form = get_format(fmt, importing=True)
    assert form.read is not None
    docs = form.read(path, options or ImportOptions())
    report = ImportReport(fmt)
    pages = PageFinder(corpus)
    grouped: dict[tuple[str, str], tuple[Page, list[IncomingDoc]]] = {}
    suggested: dict[str, tuple[Page, list[Prediction]]] = {}
    for doc in docs:
        if _count_dropped(doc, report):
            continue
        page = pages.find(doc)
        doc.text = None  # found (or not) by it: not held beside the page it is (a page's size)
        if page is None:
            named = f"page {doc.source!r}" if doc.source else "its text"
            report.problems.append(f"{doc.where}: {named} is no page of the corpus; not imported")
        elif not page.readable:
            report.problems.append(f"{doc.where}: page {page.name} cannot be read ({page.problem})")
        else:
            grouped.setdefault((doc.annotator or "", page.name), (page, []))[1].append(doc)
            if doc.suggestions:
                suggested.setdefault(page.name, (page, []))[1].extend(_predictions(page, doc, report))
    context = _Context(report, annotator or default_annotator(), form.origin, replace)
    stores: dict[str, AnnotationStore] = {}
    for (who, _), (page, page_docs) in grouped.items():
        folder = personal_folder(annotations_dir.parent, who) if who else annotations_dir
        store = stores.setdefault(who, AnnotationStore(folder))
        before = len(report.written)
        try:
            _import_page(
                store, page, page_docs, dataclasses.replace(context, annotator=who or context.annotator)
            )
        except WriteFailed as exc:
            if not exc.no_more_writes:
                report.problems.append(f"{page.name}: not imported: {exc}")
                continue
            # A full disk, a read-only folder: every page after would fail the same way.
            raise ImportStopped(
                f"{exc}; {len(report.written)} of {len(grouped)} page(s) written, "
                f"{page.name} and the rest not (every file written is whole)"
            ) from None
        if who and len(report.written) > before:
            report.folders.add(str(folder))
    for page, spans in suggested.values():
        _keep_suggestions(annotations_dir, page, spans, report)
    return report


def _count_dropped(doc: IncomingDoc, report: ImportReport) -> bool:
    """What the document holds that is not imported, into the report's counts; a
    document that cannot be imported at all (no text, its offset unit unknown) is one
    line, and True."""
    skipped = doc.dropped.pop(SKIPPED, 0)
    report.skipped += skipped
    report.not_imported.update(+doc.dropped)  # + leaves out kinds counted 0
    if doc.problem:
        count = len(doc.spans) + len(doc.suggestions)
        report.problems.append(f"{doc.where}: {count} span(s) not imported: {doc.problem}")
        doc.spans, doc.suggestions = [], []
    return doc.problem is not None


def _predictions(page: Page, doc: IncomingDoc, report: ImportReport) -> Iterator[Prediction]:
    """The document's suggested spans that match the page; the rest are reported."""
    for span in doc.suggestions:
        if span.problem:
            report.problems.append(f"{span.problem}; not imported")
        elif _covered(page.text, span) != span.text:
            said = Span(span.label, span.start, span.end, span.text)
            report.mismatches.append(Mismatch(page.name, said, _covered(page.text, span), span.at))
        else:
            model = (span.extras or {}).get("model_version", "")
            yield Prediction(span.label, span.start, span.end, span.text, model_version=str(model))
    doc.suggestions = []


def _keep_suggestions(folder: Path, page: Page, spans: list[Prediction], report: ImportReport) -> None:
    try:
        added = predictions.save(folder, page, spans)
    except OSError as exc:
        report.problems.append(f"{page.name}: {len(spans)} suggestion(s) not kept: {files.reason(exc)}")
        return
    report.suggestions += added
    report.already += len(spans) - added


class ImportStopped(StoreError):
    """The annotations folder took no more files (a full disk, read-only): one line
    that says what was written and what was not."""


@dataclass(frozen=True)
class _Context:
    report: ImportReport
    annotator: str
    origin: str
    replace: bool


def _import_page(store: AnnotationStore, page: Page, docs: list[IncomingDoc], ctx: _Context) -> None:
    report = ctx.report
    loaded = store.load(page)
    if loaded.read_only:
        report.problems.append(f"{page.name}: not imported: {loaded.problem}")
        return
    ann = loaded.annotations
    before = digest(ann)
    existed = loaded.path.exists()
    tags = _checked_tags(page, _taken_over(docs), ctx)
    if ctx.replace:
        _replace_spans(ann, tags, report)
    else:
        _merge_spans(ann, tags, report)
    for doc in docs:
        if doc.page is not None:
            try:
                _page_lists(ann, doc.page, ctx.replace)
            except (TypeError, KeyError, ValueError) as exc:
                report.problems.append(f"{doc.where}: page data not imported ({exc})")
    errors = file_errors(ann)
    if errors:
        report.problems.append(f"{page.name}: not imported: the result does not fit the schema: {errors[0]}")
        return
    if digest(ann) == before and (existed or is_empty(ann)):
        return  # nothing new: the file (or its absence) stays as it is
    try:
        store.save(loaded)
    except WriteFailed:
        raise
    except StoreError as exc:
        report.problems.append(f"{page.name}: not imported: {exc}")
        return
    report.written.append(page.name)


Checked = tuple[Tag, frozenset[str]]  # a tag and which of attrs/note the file stated


def _taken_over(docs: list[IncomingDoc]) -> Iterator[Incoming]:
    """The docs' spans in order, each let go by its doc as it is handed on: a span is
    gone once it is a tag, so a big page's 250,000 are never held twice."""
    for doc in docs:
        spans, doc.spans = doc.spans, []
        spans.reverse()
        while spans:
            yield spans.pop()


# Which of attrs/note a file stated: one of four sets, shared (a set each took 0.2 KB a tag).
_STATED = {frozenset(s): frozenset(s) for s in ((), ("attrs",), ("note",), ("attrs", "note"))}


def _checked_tags(page: Page, spans: Iterable[Incoming], ctx: _Context) -> list[Checked]:
    """The spans that match the page, as tags; the rest go to the report."""
    tags: dict[tuple[str, int, int], Checked] = {}
    for span in spans:
        if span.problem:
            ctx.report.problems.append(f"{span.problem}; not imported")
            continue
        found = _covered(page.text, span)
        if found != span.text:
            ctx.report.mismatches.append(
                # Only what the line names: the file's attributes and carried fields go.
                Mismatch(page.name, Span(span.label, span.start, span.end, span.text), found, span.at)
            )
            continue
        tag = _tag(page.text, span, ctx)
        problem = _tag_problem(page, tag)
        if problem:
            ctx.report.problems.append(f"{span.at}: {span.label} {span.start}-{span.end}: {problem}")
        elif tag.key in tags:  # a span stated twice in one file is added once
            ctx.report.already += 1
        else:
            stated = {"attrs"} if span.attrs is not None else set()
            stated |= {"note"} & set(span.extras or {})
            tags[tag.key] = (tag, _STATED[frozenset(stated)])
    return list(tags.values())


def _covered(text: str, span: Incoming) -> str:
    """What the page shows where the span says it is, in the form the file gives it."""
    if not 0 <= span.start < span.end <= len(text):
        return ""
    if span.fragments is None:
        return text[span.start : span.end]
    pieces, last = [], span.start
    for start, end in span.fragments:
        # Between brat fragments only line breaks (and spaces) may lie: our spans are
        # continuous, and one over a line break was split there on export.
        if start < last or end > span.end or text[last:start].strip():
            return "(discontinuous over text)"
        pieces.append(text[start:end])
        last = end
    return " ".join(pieces)


def _tag(text: str, span: Incoming, ctx: _Context) -> Tag:
    carried: dict[str, Any] = span.extras or {}
    stamp = now_iso()
    return Tag(
        id=carried.get("id") or new_id(),
        label=span.label,
        start=span.start,
        end=span.end,
        text=text[span.start : span.end],
        before=carried.get("before", text[max(0, span.start - CONTEXT) : span.start]),
        after=carried.get("after", text[span.end : span.end + CONTEXT]),
        # The incoming span's own dict, not a copy: each was parsed for it alone, and
        # the incoming spans are let go once they are tags.
        attrs=span.attrs if span.attrs is not None else {},
        note=carried.get("note", ""),
        annotator=carried.get("annotator", ctx.annotator),
        origin=carried.get("origin", ctx.origin),
        created=carried.get("created", stamp),
        updated=carried.get("updated", carried.get("created", stamp)),
    )


def _tag_problem(page: Page, tag: Tag) -> str | None:
    """Carried fields of the wrong type or value (a hand-edited export)."""
    # The record alone against its part of the schema: the quick check passes most.
    errors = schema_errors(tag.to_json(), "span")
    return f"not imported: {errors[0]}" if errors else None


def _differs(old: Tag, new: Tag, stated: frozenset[str]) -> str:
    """What the file says differently about a tag the page has; what a file does not
    state (doccano has no attributes) differs in nothing."""
    fields = [f for f in ("attrs", "note") if f in stated and getattr(old, f) != getattr(new, f)]
    return " and ".join("attributes" if f == "attrs" else f for f in fields)


def _free_id(tag: Tag, taken: set[str]) -> None:
    while tag.id in taken:
        tag.id = new_id()
    taken.add(tag.id)


def _merge_spans(ann: PageAnnotations, tags: list[Checked], report: ImportReport) -> None:
    # One set of ids and one sort for the page, not one per tag: PageAnnotations.add
    # scans and sorts every span, which made a page with n tags cost n^2 (minutes on a
    # 4 MB page). The incoming tags are unique by key (_checked_tags), so nothing
    # add would refuse can come in twice.
    existing = {t.key: t for t in ann.spans}
    taken = {t.id for t in (*ann.spans, *ann.orphans)}
    for tag, stated in tags:
        old = existing.get(tag.key)
        differs = _differs(old, tag, stated) if old is not None else ""
        if old is None:
            _free_id(tag, taken)
            ann.spans.append(tag)
            report.added += 1
        elif differs:
            said = Span(tag.label, tag.start, tag.end, tag.text)
            report.conflicts.append(Conflict(ann.page, said, differs))
        else:
            report.already += 1
    ann.spans = ann.sorted_spans()


def _replace_spans(ann: PageAnnotations, tags: list[Checked], report: ImportReport) -> None:
    old_keys = {t.key for t in ann.spans}
    new_keys = {t.key for t, _ in tags}
    ann.spans = []
    taken = {t.id for t in ann.orphans}
    for tag, _ in tags:
        _free_id(tag, taken)
        ann.spans.append(tag)
    ann.spans = ann.sorted_spans()
    report.removed += len(old_keys - new_keys)
    report.added += len(new_keys - old_keys)
    report.already += len(new_keys & old_keys)


def _page_lists(ann: PageAnnotations, data: dict[str, Any], replace: bool) -> None:
    """Orphans, rejections and reviewed marks the file carries: replacing the page's
    (``replace``) or added to them."""
    if not isinstance(data, dict):
        raise ValueError("not an object")
    orphans = [Tag.from_json(o) for o in data.get("orphans", [])]
    rejected = [Rejection.from_json(r) for r in data.get("rejected", [])]
    reviewed = [ReviewedMark.from_json(r) for r in data.get("reviewed", [])]
    if replace:
        ann.orphans = orphans if "orphans" in data else ann.orphans
        ann.rejected = rejected if "rejected" in data else ann.rejected
        ann.reviewed = reviewed if "reviewed" in data else ann.reviewed
        return
    ids = {t.id for t in (*ann.spans, *ann.orphans)}
    ann.orphans += [o for o in orphans if o.id not in ids]
    ann.rejected += [r for r in rejected if r not in ann.rejected]
    ann.reviewed += [r for r in reviewed if not ann.is_reviewed(r.article)]
