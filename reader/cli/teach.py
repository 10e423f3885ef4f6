"""`epireader teach`: terms people tagged that jieba cuts wrongly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from reader.cli.common import (
    annotation_problems,
    annotations_option,
    corpus_argument,
    domain_errors,
    no_follow_option,
    open_corpus,
    say,
)


@click.command("teach")
@corpus_argument
@annotations_option
@click.option("--apply", is_flag=True, help="Add the listed terms to the user dictionary.")
@click.option(
    "--min-count",
    type=int,
    default=2,
    show_default=True,
    help="List terms, units and rejected words seen at least this often.",
)
@no_follow_option
def teach_command(path: Path, annotations: Path, apply: bool, min_count: int, no_follow: bool) -> int:
    """What the tags teach jieba and the extractor; --apply writes it.

    Counted nouns go to ANNOTATIONS/userdict.txt, which the reader loads next time;
    units the extractor lacks and words whose suggestions were rejected twice go to
    ANNOTATIONS/lexicon.toml, which extract, suggestions and eval read. PATH is the
    corpus (default: seeds). Annotation files that cannot be read are named on
    stderr and left out; the exit code is then 1.
    """
    from reader.corpus.corpus import Corpus
    from reader.corpus.teach import (
        USER_DICT_NAME,
        add_to_user_dict,
        apply_lexicon_entries,
        find_candidates,
        propose_lexicon_entries,
        user_dict_terms,
    )
    from reader.text.segment import Segmenter

    corpus = open_corpus(path, annotations, follow_links=not no_follow)
    user_dict = annotations / USER_DICT_NAME
    user_dict_terms(user_dict)  # jieba reads it as UTF-8 text: anything else is one line here
    # find_candidates stops at the first unreadable file; the rest can still teach.
    problems = annotation_problems(corpus, annotations)
    readable = Corpus(corpus.root, [p for p in corpus.pages if p.name not in problems])
    segmenter = Segmenter(extra_dicts=(user_dict,))
    candidates, conflicts = find_candidates(readable, annotations, segmenter)
    candidates = [c for c in candidates if c.count >= min_count]
    say(f"counted nouns jieba cuts into pieces ({len(candidates)}):")
    for c in candidates:
        say(f"  {c.term:<12} jieba: {'/'.join(c.cut):<20} tagged {c.count}×")
    say(f"\ntag edges inside a jieba word ({len(conflicts)}; not added, shown for review):")
    for conflict in conflicts[:50]:
        say(f"  {conflict.page} {conflict.label} {conflict.text!r} ends inside {conflict.word!r}")
    entries = propose_lexicon_entries(readable, annotations, min_count)
    say(f"\nlexicon entries the tags and rejections teach the extractor ({len(entries)}):")
    for entry in entries:
        example = f"  e.g. {entry.examples[0]}" if entry.examples else ""
        say(f"  {entry.kind:<12} {entry.word:<8} seen {entry.count}×{example}")
    if apply and candidates:
        with domain_errors(f"teach --apply: nothing added to {user_dict}"):
            written = add_to_user_dict(annotations, [c.term for c in candidates], segmenter)
        say(f"\nadded {len(candidates)} term(s) to {written}")
    if apply and entries:
        with domain_errors("teach --apply: nothing added to the lexicon"):
            written = apply_lexicon_entries(annotations, entries)
        say(f"added {len(entries)} lexicon entr{'y' if len(entries) == 1 else 'ies'} to {written}")
    elif (candidates or entries) and not apply:
        say("\nrun again with --apply to add these to the user dictionary and the lexicon")
    _teach_counted(readable, annotations, segmenter, apply)
    for name, problem in problems.items():
        say(f"epireader: {name}: left out: {problem}", err=True)
    return 1 if problems else 0


def _teach_counted(corpus: Any, annotations: Path, segmenter: Any, apply: bool) -> None:
    """What the tags teach the counted-noun prefill (reader/extraction/ranker.py)."""
    from reader.corpus.learning import apply_weights, learn, lessons

    taught = lessons(corpus, annotations, segmenter)
    examples = len(taught.examples())
    say(f"\ncounted nouns: {len(taught.figures)} figure tag(s), {examples} with a choice among candidates")
    if apply:
        with domain_errors("teach --apply: no counted-noun weights written"):
            path, weights = apply_weights(annotations, taught)
        done = f"wrote {len(weights)} weight(s) to {path}" if weights else f"nothing to learn; {path} removed"
        say(f"  {done}")
    elif learn(taught):
        say("  run again with --apply to write the learned weights (counted-weights.json)")
