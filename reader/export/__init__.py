"""Exports into other tools' formats and imports back from them.

One module per format (fixtures, brat, doccano, label_studio, bio, extract), each
with its writer and, where the format can be imported, its reader; registry.py names
them once for ``export`` and ``import_annotations``.
"""

from reader.export.errors import ExportError, ImportFileError
from reader.export.fixtures import read_fixture
from reader.export.importing import ImportReport, import_annotations
from reader.export.registry import (
    FORMATS,
    IMPORT_FORMATS,
    REGISTRY,
    ROUND_TRIP_FORMATS,
    Format,
    export,
    get_format,
)

__all__ = [
    "FORMATS",
    "IMPORT_FORMATS",
    "REGISTRY",
    "ROUND_TRIP_FORMATS",
    "ExportError",
    "Format",
    "ImportFileError",
    "ImportReport",
    "export",
    "get_format",
    "import_annotations",
    "read_fixture",
]
