"""Who is tagging: the name recorded on each tag when none is given.

Its own module so that `epireader PATH` can find the folder a person's tags go to
without loading the annotation model before the first screen.
"""

from __future__ import annotations

import getpass
import os


def default_annotator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return os.environ.get("USER", "unknown")
