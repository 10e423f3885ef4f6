"""The names this module had before exports became a package, for code that still
imports them from here (the CLI); new code imports from ``reader.export``."""

from reader.export import FORMATS, export, read_fixture

__all__ = ["FORMATS", "export", "read_fixture"]
