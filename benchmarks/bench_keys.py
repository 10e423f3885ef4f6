"""The scripted expert annotator: how many keys bring a page's tags to its gold.

Run: python3 benchmarks/bench_keys.py [--set seeds|dev|both] [--pages N] [--show]

Not part of the test run. For each page of a gold set, a copy of the page is opened in
the real app (through Textual's Pilot, with real key presses) and brought to the gold as
an expert who knows the gold would: `p`, `.` to the first suggestion, then `a` on each
suggestion that is a gold span and `r` on each that is not; each gold span no suggestion
gave is tagged by the cheapest keys (a search to its start, shift+→ or shift+end to its
end, alt+←/→ to nudge an edge, f or e); then every tag whose attributes differ from the
gold's is fixed in the form (a candidate's digit, 0 for nothing counted, or typing).
Every key is counted, by what it was for. At the end the saved file is compared with
the gold: level S (label and offsets), level A (also counted, value, unit, qualifier and
an event's date). Keys per gold span: S counts the keys spent on spans, A all keys.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.annotation.store import AnnotationStore  # noqa: E402
from reader.corpus.corpus import load_corpus  # noqa: E402
from reader.session.caret import next_position  # noqa: E402
from reader.text.segment import Segmenter  # noqa: E402
from reader.tui.app import make_app  # noqa: E402
from reader.tui.screens.attributes import AttributeForm  # noqa: E402

SETS = {
    "seeds": (ROOT / "seeds", ROOT / "annotations"),
    "dev": (ROOT / "heldout" / "pages", ROOT / "heldout" / "annotations"),
}
FIGURE_FIELDS = ("counted", "value", "qualifier", "unit")
ATTRIBUTE_KEYS = ("attrs",)  # what level S leaves out
SIZE = (160, 48)


@dataclass
class Result:
    page: str
    gold: int
    keys: Counter[str] = field(default_factory=Counter)
    level_s: bool = False
    level_a: bool = False
    differences: list[str] = field(default_factory=list)


def _norm(value: Any) -> Any:
    return None if value in ("", None) else value


def attrs_differ(label: str, got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    names = FIGURE_FIELDS if label == "figure" else ("date",)
    return [n for n in names if _norm(got.get(n)) != _norm(want.get(n))]


class Typist:
    def __init__(self, pilot: Any, result: Result) -> None:
        self.pilot = pilot
        self.result = result

    async def press(self, what: str, *keys: str) -> None:
        self.result.keys[what] += len(keys)
        for key in keys:
            await self.pilot.press(key)

    async def settle(self, until: Any = None, limit: float = 10.0) -> None:
        waited = 0.0
        await self.pilot.pause()
        while until is not None and not until():
            await self.pilot.pause(0.05)
            waited += 0.05
            if waited > limit:
                raise RuntimeError("the app did not reach the state in time")


def search_keys(app: Any, target: int) -> tuple[str, int]:
    """The shortest search (query, presses of n after it) that puts the cursor on the
    word where ``target`` starts, from where the cursor is."""
    doc = app.session.document
    view = app.reader.view
    text = app.session.page.text
    best: tuple[int, str, int] | None = None
    here = view.cursor_offset
    for length in range(1, 9):
        query = text[target : target + length].strip()
        if not query or "\n" in query:
            break
        starts = [h[0] for h in doc.search(query)]
        if not starts:
            continue
        first = next_position(starts, here, 1, include_here=True)
        if first is None:
            continue
        order = sorted(starts)
        at = order.index(first)
        wanted = next(
            (n for n, s in enumerate(order) if doc.token_index_at(s) == doc.token_index_at(target)), None
        )
        if wanted is None:
            continue
        presses = (wanted - at) % len(order)
        cost = 2 + len(query) + presses
        if best is None or cost < best[0]:
            best = (cost, query, presses)
    if best is None:
        raise RuntimeError(f"no search reaches {target}")
    return best[1], best[2]


async def go_to(typist: Typist, app: Any, target: int, what: str) -> None:
    view = app.reader.view
    doc = app.session.document
    if doc.token_index_at(view.cursor_offset) == doc.token_index_at(target):
        return
    query, presses = search_keys(app, target)
    await typist.press(what, "slash", *query, "enter")
    if presses:
        await typist.press(what, *["n"] * presses)
    await typist.settle()
    for _ in range(len(doc.search(query))):  # a hit inside a word: n may stop on it twice
        if doc.token_index_at(view.cursor_offset) == doc.token_index_at(target):
            break
        await typist.press(what, "n")


async def select_span(typist: Typist, app: Any, start: int, end: int, label: str) -> None:
    """The selection on [start, end): the cursor is on start's word."""
    view = app.reader.view
    if label == "event":
        await typist.press("tag", "shift+end")
    while view.selection is None or view.selection[1] < end:
        before = view.selection
        await typist.press("tag", "shift+right")
        if view.selection == before:
            break
    while view.selection and view.selection[1] > end:
        await typist.press("tag", "alt+left")
    while view.selection and view.selection[1] < end:
        await typist.press("tag", "alt+right")
    while view.selection and view.selection[0] < start:
        await typist.press("tag", "alt+shift+right")
    while view.selection and view.selection[0] > start:
        await typist.press("tag", "alt+shift+left")


async def fix_in_form(typist: Typist, app: Any, want: dict[str, Any], label: str) -> None:
    """The open form made to hold ``want``'s attributes, then saved (enter)."""
    form = app.screen
    assert isinstance(form, AttributeForm)
    if label == "figure":
        counted = form.query_one("#counted")
        goal = str(want.get("counted") or "")
        if counted.value != goal:
            if goal in form.choices:
                await typist.press("attrs", str(form.choices.index(goal) + 1))
            elif not goal:
                await typist.press("attrs", "0")
            else:
                await type_into(typist, counted, goal)
        position = 0
        for index, name in enumerate(("value", "qualifier", "unit"), 1):
            current = form.query_one(f"#{name}").value
            goal_value = want.get(name)
            if _norm(str(current) if current is not None else None) == _norm(_shown(goal_value)):
                continue
            await typist.press("attrs", *["tab"] * (index - position))
            position = index
            if name == "qualifier":
                await typist.press("attrs", "space")  # opens the list (enter would save the form)
                options = ("exact", "more-than", "about", "under", "range", "vague")
                steps = options.index(str(goal_value)) - options.index(str(current))
                await typist.press("attrs", *(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
            else:
                await type_into(typist, form.query_one(f"#{name}"), _shown(goal_value))
    else:
        date = form.query_one("#date")
        goal = str(want.get("date") or "")
        if date.value != goal:
            await typist.press("attrs", *["tab"] * 6)
            await type_into(typist, date, goal)
    await typist.press("attrs", "enter")
    await typist.settle(lambda: not isinstance(app.screen, AttributeForm))


async def type_into(typist: Typist, field: Any, text: str) -> None:
    """ctrl+u and ``text``, a key a character, counted as typed; the field is given the
    text directly (an input method's keys for 接觸者 or 、 are not Pilot's to press)."""
    typist.result.keys["attrs"] += 1 + len(text)
    field.value = text
    field.cursor_position = len(text)
    await typist.settle()


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


async def annotate(page_path: Path, gold: list[dict[str, Any]], segmenter: Segmenter) -> Result:
    result = Result(page_path.name, len(gold))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        shutil.copyfile(page_path, folder / page_path.name)
        ann = Path(tmp) / "ann"
        corpus = load_corpus(folder)
        app = make_app(corpus, segmenter=segmenter, annotations=ann, annotator="expert")
        async with app.run_test(size=SIZE) as pilot:
            typist = Typist(pilot, result)
            await typist.settle(lambda: app.session.index is not None and app.session.document is not None)
            page = corpus.pages[0]
            for n, article in enumerate(page.articles):
                if n:
                    await typist.press("move", "right_square_bracket")
                    await typist.settle()
                here = [g for g in gold if article.start <= g["start"] < article.end]
                if not here:
                    continue
                await decide_suggestions(typist, app, here)
                await tag_misses(typist, app, here)
                await fix_attributes(typist, app, here)
        saved = AnnotationStore(ann).load(page).annotations.spans
    keys = {s.key: s for s in saved}
    want = {(g["label"], g["start"], g["end"]): g for g in gold}
    result.level_s = set(keys) == set(want)
    result.differences = [f"{k} missing" for k in want if k not in keys] + [
        f"{k} extra" for k in keys if k not in want
    ]
    for key, g in want.items():
        if key in keys:
            for name in attrs_differ(key[0], keys[key].attrs, g["attrs"]):
                result.differences.append(
                    f"{key} {name}: {keys[key].attrs.get(name)!r} != {g['attrs'].get(name)!r}"
                )
    result.level_a = not result.differences
    return result


async def decide_suggestions(typist: Typist, app: Any, gold: list[dict[str, Any]]) -> None:
    keys = {(g["label"], g["start"], g["end"]) for g in gold}
    session = app.session
    if session.mode != "suggest":
        await typist.press("decide", "p")
        await typist.settle()
    if not session.suggestions():
        return
    await typist.press("decide", "full_stop")
    for _ in range(500):
        chosen = session.chosen
        if chosen is None or not session.suggestions():
            break
        await typist.press("decide", "a" if chosen.key in keys else "r")
        await typist.settle()


async def tag_misses(typist: Typist, app: Any, gold: list[dict[str, Any]]) -> None:
    session = app.session
    for g in sorted(gold, key=lambda g: g["start"]):
        if (g["label"], g["start"], g["end"]) in {t.key for t in session.tags()}:
            continue
        await go_to(typist, app, g["start"], "tag")
        await select_span(typist, app, g["start"], g["end"], g["label"])
        await typist.press("tag", "f" if g["label"] == "figure" else "e")
        await typist.settle(lambda: isinstance(app.screen, AttributeForm))
        await fix_in_form(typist, app, g["attrs"], g["label"])


async def fix_attributes(typist: Typist, app: Any, gold: list[dict[str, Any]]) -> None:
    session = app.session
    for g in sorted(gold, key=lambda g: g["start"]):
        tag = next((t for t in session.tags() if t.key == (g["label"], g["start"], g["end"])), None)
        if tag is None or not attrs_differ(g["label"], tag.attrs, g["attrs"]):
            continue
        await go_to(typist, app, g["start"], "attrs")
        await typist.press("attrs", "enter")
        await typist.settle(lambda: isinstance(app.screen, AttributeForm))
        if app.screen.span.key != tag.key:  # the innermost tag under the cursor is another one
            await typist.press("attrs", "escape")
            await typist.settle(lambda: not isinstance(app.screen, AttributeForm))
            continue
        await fix_in_form(typist, app, g["attrs"], g["label"])


def gold_of(annotations: Path, name: str) -> list[dict[str, Any]]:
    path = annotations / (name[: -len(".txt")] + ".json")
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["spans"]


async def run(set_name: str, limit: int | None, show: bool) -> list[Result]:
    pages, annotations = SETS[set_name]
    segmenter = Segmenter.shared()
    results = []
    for path in sorted(pages.glob("*.txt"))[:limit]:
        gold = gold_of(annotations, path.name)
        if not gold:
            continue
        started = time.perf_counter()
        result = await annotate(path, gold, segmenter)
        results.append(result)
        if show:
            mark = "A" if result.level_a else ("S" if result.level_s else "-")
            print(
                f"  {path.name[:40]:<40} {result.gold:>4} spans {sum(result.keys.values()):>5} keys [{mark}] "
                f"{time.perf_counter() - started:.1f}s",
                flush=True,
            )
            for difference in result.differences[:5]:
                print(f"      {difference}")
    return results


def report(set_name: str, results: list[Result]) -> None:
    gold = sum(r.gold for r in results)
    keys: Counter[str] = Counter()
    for r in results:
        keys.update(r.keys)
    total = sum(keys.values())
    spans = sum(v for k, v in keys.items() if k not in ATTRIBUTE_KEYS)
    at_s = sum(r.level_s for r in results)
    at_a = sum(r.level_a for r in results)
    print(
        f"{set_name}: {len(results)} pages, {gold} gold spans; pages at gold: level S {at_s}, level A {at_a}"
    )
    print(f"  keys per gold span: level S {spans / gold:.2f}, level A {total / gold:.2f} ({total} keys)")
    print("  where they go: " + ", ".join(f"{k} {v} ({v / gold:.2f}/span)" for k, v in keys.most_common()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("seeds", "dev", "both"), default="both")
    parser.add_argument("--pages", type=int, default=None, help="only the first N pages of each set")
    parser.add_argument("--show", action="store_true", help="one line per page, and what differs")
    args = parser.parse_args()
    names = ("seeds", "dev") if args.set == "both" else (args.set,)
    for name in names:
        results = asyncio.run(run(name, args.pages, args.show))
        report(name, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
