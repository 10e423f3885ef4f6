"""Every format once: its name, how it is written and how it is read back.

``export`` and ``import_annotations`` (reader/export/importing.py) both look formats
up here, so a format is defined in its own module and named in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.corpus.corpus import Corpus
from reader.export import bio, brat, doccano, extract, fixtures, label_studio, label_studio_reading, webanno
from reader.export.documents import documents
from reader.export.incoming import ImportOptions, IncomingDoc, Unit
from reader.export.output import OutputFolder

# Writers take the pages one at a time: an archive (or a 50 MB page) is never held whole.
Writer = Callable[..., None]  # (docs, folder), and the offset unit when ``units``
Reader = Callable[[Path, ImportOptions], list[IncomingDoc]]


@dataclass(frozen=True)
class Format:
    name: str
    summary: str  # one line, for --help
    write: Writer
    read: Reader | None = None  # None: the format cannot be imported
    origin: str = "manual"  # origin of an imported span that carries none
    units: bool = False  # its offsets can count UTF-16 code units or code points (--offsets)
    whole: bool = True  # export then import gives the annotation files back byte for byte


REGISTRY: dict[str, Format] = {
    f.name: f
    for f in (
        Format("fixtures", "one JSON file per article, for tests", fixtures.write_fixtures),
        Format("brat", "brat standoff (.txt + .ann per page)", brat.write_brat, brat.read_brat_files),
        Format("jsonl", "doccano JSONL", doccano.write_doccano, doccano.read_doccano_file, units=True),
        Format(
            "label-studio",
            "Label Studio JSON tasks",
            label_studio.write_label_studio,
            label_studio_reading.read_label_studio_file,
            units=True,
        ),
        Format("bio", "character-level BIO columns (CoNLL)", bio.write_bio, bio.read_bio_file, whole=False),
        Format(
            "webanno",
            "WebAnno TSV 3.3 (INCEpTION, WebAnno), our words as its tokens",
            webanno.write_webanno,
            webanno.read_webanno_files,
            whole=False,
        ),
        Format(
            "extract",
            "the JSONL lines `epireader extract` prints",
            extract.write_extract,
            extract.read_extract_file,
            origin="suggested",
        ),
    )
}
FORMATS = tuple(REGISTRY)  # what export writes
IMPORT_FORMATS = tuple(name for name, f in REGISTRY.items() if f.read is not None)
ROUND_TRIP_FORMATS = tuple(name for name in IMPORT_FORMATS if REGISTRY[name].whole)


def get_format(name: str, *, importing: bool = False) -> Format:
    """The format called ``name``; ValueError naming the choices otherwise."""
    choices = IMPORT_FORMATS if importing else FORMATS
    if name not in choices:
        raise ValueError(f"unknown format {name!r}; choose one of {', '.join(choices)}")
    return REGISTRY[name]


def export(corpus: Corpus, annotations: Path, fmt: str, out: Path, offsets: Unit | None = None) -> list[Path]:
    """Write ``fmt`` files into the folder ``out``; returns the files written, in order.
    ``offsets``: the unit of a format that has a choice (its default otherwise).

    ValueError for an unknown format or a unit it has no choice of, ExportError when
    ``out`` cannot be written, StoreError when an annotation file cannot be read.
    """
    form = get_format(fmt)
    if offsets is not None and not form.units:
        choices = ", ".join(name for name, f in REGISTRY.items() if f.units)
        raise ValueError(f"--offsets is for {choices}; {fmt} has one unit (see the README's formats table)")
    folder = OutputFolder(out)
    if form.units and offsets is not None:
        form.write(documents(corpus, annotations), folder, offsets)
        return folder.written
    # Each page is read, written and let go before the next. An unreadable annotation
    # file stops the export there: files written before it stay (each is whole), the
    # one being written is not left behind.
    form.write(documents(corpus, annotations), folder)
    return folder.written
