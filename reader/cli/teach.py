"""`epireader teach`: terms people tagged that jieba cuts wrongly."""

from __future__ import annotations

from pathlib import Path

import click

from reader.cli.common import annotations_option, corpus_argument, open_corpus


@click.command("teach")
@corpus_argument
@annotations_option
@click.option("--apply", is_flag=True, help="Add the listed terms to the user dictionary.")
@click.option(
    "--min-count",
    type=int,
    default=2,
    show_default=True,
    help="List terms tagged at least this often.",
)
def teach_command(path: Path, annotations: Path, apply: bool, min_count: int) -> int:
    """List tagged terms jieba cuts wrongly; --apply teaches them.

    The counted nouns go to ANNOTATIONS/userdict.txt, which the reader loads next
    time. PATH is the corpus (default: seeds).
    """
    from reader.corpus.teach import USER_DICT_NAME, add_to_user_dict, find_candidates
    from reader.text.segment import Segmenter

    corpus = open_corpus(path, annotations)
    segmenter = Segmenter(extra_dicts=(annotations / USER_DICT_NAME,))
    candidates, conflicts = find_candidates(corpus, annotations, segmenter)
    candidates = [c for c in candidates if c.count >= min_count]
    click.echo(f"counted nouns jieba cuts into pieces ({len(candidates)}):")
    for c in candidates:
        click.echo(f"  {c.term:<12} jieba: {'/'.join(c.cut):<20} tagged {c.count}×")
    click.echo(f"\ntag edges inside a jieba word ({len(conflicts)}; not added, shown for review):")
    for conflict in conflicts[:50]:
        click.echo(f"  {conflict.page} {conflict.label} {conflict.text!r} ends inside {conflict.word!r}")
    if apply and candidates:
        written = add_to_user_dict(annotations, [c.term for c in candidates], segmenter)
        click.echo(f"\nadded {len(candidates)} term(s) to {written}")
    elif candidates:
        click.echo("\nrun again with --apply to add these terms to the user dictionary")
    return 0
