"""The CLI's domain errors: each kind becomes one clear line (a `Failure`), whether or
not its module was loaded before the command ran (`epireader PATH` loads the store
and the lexicon only after its first screen)."""

from __future__ import annotations

import pytest

from reader.annotation.store import StoreError
from reader.cli.common import Failure, domain_errors
from reader.corpus.corpus import CorpusError
from reader.extraction.lexicon import LexiconError
from reader.text.files import FileProblem


@pytest.mark.parametrize(
    ("error", "action", "said"),
    [
        (StoreError("p.json is not valid JSON"), "cannot export", "cannot export: p.json is not valid JSON"),
        (StoreError("p.json is not valid JSON"), "", "p.json is not valid JSON"),
        (LexiconError("lexicon.toml: line 3"), "cannot export", "lexicon.toml: line 3"),
        (CorpusError("no pages in x/"), "cannot export", "no pages in x/"),
    ],
)
def test_a_domain_error_becomes_one_line(error: Exception, action: str, said: str) -> None:
    with pytest.raises(Failure) as caught, domain_errors(action):
        raise error
    assert caught.value.message == said
    assert caught.value.__cause__ is error


def test_a_file_problem_becomes_one_line() -> None:
    problem = FileProblem("x.json: permission denied")
    with pytest.raises(Failure) as caught, domain_errors("cannot import"):
        raise problem
    assert "permission denied" in caught.value.message


def test_other_errors_pass_through() -> None:
    with pytest.raises(KeyError), domain_errors("cannot export"):
        raise KeyError("a bug, not the data")


def test_an_error_named_in_also_gets_the_action() -> None:
    with pytest.raises(Failure) as caught, domain_errors("cannot evaluate", ValueError):
        raise ValueError("bad threshold")
    assert caught.value.message == "cannot evaluate: bad threshold"
