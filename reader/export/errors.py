"""The two errors an export or import stops with, each one line for the user."""

from __future__ import annotations


class ExportError(Exception):
    """An export that cannot be written; the message is one line for the user."""


class ImportFileError(Exception):
    """A file to import that cannot be read as its format; one line for the user."""
