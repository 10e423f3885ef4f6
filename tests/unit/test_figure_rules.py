"""Each named figure rule, by its own examples: the rule is what makes the difference."""

from __future__ import annotations

import pytest

from reader.cli.main import main
from reader.extraction.figure_rules import RULES
from reader.extraction.figures import find_figures


def _found(text: str, skip: frozenset[str] = frozenset()) -> tuple[str, ...]:
    return tuple(f.text for f in find_figures(text, skip=skip))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_the_rule_decides_its_example(rule) -> None:
    assert _found(rule.example) == rule.leaves
    # Off, the example reads otherwise: the rule, not another one, drops or changes the figure.
    assert _found(rule.example, frozenset({rule.name})) != rule.leaves


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_the_rule_lets_its_near_case_through(rule) -> None:
    kept = _found(rule.keeps)
    assert kept, f"no figure in {rule.keeps!r}"
    assert kept == _found(rule.keeps, frozenset({rule.name}))


def test_names_are_unique_and_every_rule_says_its_guideline() -> None:
    assert len({r.name for r in RULES}) == len(RULES)
    assert all(r.guideline and r.example and r.keeps for r in RULES)


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("工作了3年", ("3年",)),  # a year rule once read the text's end as 年代
        ("近14天", ("近14天",)),  # …and 近 at the end as "the most recent"
        ("上万人民群众", ("上万",)),  # a vague amount goes through the same rules as a numeral
    ],
)
def test_the_end_of_the_text_is_no_character(text: str, figures: tuple[str, ...]) -> None:
    assert _found(text) == figures


def test_extract_rules_lists_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--rules"]) == 0
    output = capsys.readouterr().out
    lines = output.splitlines()
    assert lines[0].split("\t")[0] == "rule"
    assert [line.split("\t")[0] for line in lines[1:]] == [r.name for r in RULES]
    assert "2500万人口" in output
