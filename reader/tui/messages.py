"""The one message the app's workers post: what a session job reported (reader/session/jobs.py)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class JobReport(Message):
    """A plain value a job of the reading session reported, for the UI thread to apply."""

    value: object
