from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from collections.abc import Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
# Test modules whose tests are slow by nature: a Dask cluster, the hostile scales.
SLOW_MODULES = ("test_dask.py", "test_hostile_scale.py")


def pytest_collection_modifyitems(config, items) -> None:
    """Every test gets the marks of its kind (pyproject.toml lists them): tui for the
    app's tests, subprocess for modules that run another process, slow for SLOW_MODULES."""
    runs_processes: dict[Path, bool] = {}
    for item in items:
        path = Path(str(item.fspath))
        if "tui" in path.parts:
            item.add_marker(pytest.mark.tui)
        if path not in runs_processes:
            source = path.read_text(encoding="utf-8")
            runs_processes[path] = "subprocess" in source or "sys.executable" in source
        if runs_processes[path]:
            item.add_marker(pytest.mark.subprocess)
        if path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def segmenter():
    from reader.text.segment import Segmenter

    return Segmenter()


@pytest.fixture(scope="session")
def corpus():
    from reader.corpus.corpus import load_corpus

    return load_corpus(SEEDS)


@pytest.fixture(scope="session")
def bad_inputs(tmp_path_factory) -> Path:
    """The shared catalogue of awkward pages, or our own copy of its recipe."""
    out = tmp_path_factory.mktemp("bad-pages")
    maker = SHARED / "bad-inputs" / "make.py"
    if not maker.exists():
        maker = ROOT / "tests" / "data" / "make_bad_inputs.py"
    subprocess.run([sys.executable, str(maker), str(out)], check=True, cwd=maker.parent)
    return out


def screen_text(app) -> str:
    """What the terminal shows right now, as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def workers_done(app) -> None:
    """Every worker of ``app`` finished; one cancelled because a newer one of its
    exclusive group replaced it (an article's keywords, when the person moved on) is
    finished too, where Textual's wait_for_complete raises WorkerCancelled."""
    from textual.worker import WorkerCancelled

    while running := [w for w in app.workers if not w.is_finished]:
        for worker in running:
            try:
                await worker.wait()
            except WorkerCancelled:
                pass


async def settle(pilot, until=None, limit: float = 10.0) -> None:
    """Let workers and messages run; wait until ``until()`` holds when given."""
    waited = 0.0
    await pilot.pause()
    while until is not None and not until():
        await pilot.pause(0.05)
        waited += 0.05
        if waited > limit:
            raise AssertionError("app did not reach the expected state in time")
    # A worker that never ends fails the test (with the workers named) instead of
    # hanging the run.
    try:
        await asyncio.wait_for(workers_done(pilot.app), 90)
    except TimeoutError as exc:
        raise AssertionError(f"workers still running: {list(pilot.app.workers)}") from exc
    await pilot.pause()


def page_index(corpus, prefix: str) -> int:
    return next(i for i, p in enumerate(corpus.pages) if p.name.startswith(prefix))


def ref(corpus, prefix: str, article: int = 0):
    """The ArticleRef of an article of the page whose name starts with ``prefix``."""
    from reader.text.articles import ArticleRef

    return ArticleRef(corpus.pages[page_index(corpus, prefix)].name, article)


async def open_in_app(pilot, app, prefix: str, article: int = 0) -> None:
    """Wait for the background work, open an article of the page named by ``prefix``,
    and put the focus in its text."""
    from reader.tui.widgets.article_view import ArticleView

    await settle(pilot, lambda: app.session.keyword_model is not None and app.session.index is not None)
    app.reader.open_article(ref(app.session.corpus, prefix, article))
    app.query_one(ArticleView).focus()
    await pilot.pause()


async def search_to(pilot, query: str) -> None:
    """`/query enter`: the text cursor goes to the first hit."""
    await pilot.press("slash", *query, "enter")
    await pilot.pause()


@asynccontextmanager
async def reading(corpus, segmenter, annotations, prefix: str = "000", size=(140, 45), **options):
    """The reader on ``corpus`` with the article of page ``prefix`` open and the text
    focused: (app, pilot)."""
    from reader.tui.app import make_app

    app = make_app(corpus, segmenter=segmenter, annotations=annotations, **options)
    async with app.run_test(size=size) as pilot:
        await open_in_app(pilot, app, prefix)
        yield app, pilot


def tagged_folder(tmp_path):
    """A one-page corpus (``tmp_path/pages``) with 8200余名 tagged as a figure in
    ``tmp_path/ann``: (pages folder, annotations folder)."""
    from reader.annotation.editing import Editor
    from reader.annotation.store import AnnotationStore
    from reader.corpus.corpus import load_corpus

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p.txt").write_text("全县174个党员先锋岗,8200余名党员深入一线。\n", encoding="utf-8")
    page = load_corpus(pages).pages[0]
    start = page.text.index("8200余名")
    Editor(AnnotationStore(tmp_path / "ann"), "t").tag(page, "figure", start, start + 6)
    return pages, tmp_path / "ann"


class Overdue(Exception):
    """A test ran past its alarm (alarm): what hung or turned quadratic again."""


@contextmanager
def alarm(seconds: int, what: str) -> Iterator[None]:
    """Fail with Overdue(what) after ``seconds`` instead of hanging the suite."""

    def ring(signum: int, frame: object) -> None:
        raise Overdue(what)

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def page_folder(tmp_path: Path, pages: Iterable[tuple[str, str]]) -> Path:
    """``tmp_path/pages`` holding the (file name, text) pages given."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, text in pages:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


async def type_at_once(pilot, *keys: str) -> None:
    """Keys as a fast typist sends them: all into the terminal's input at once, none
    waiting for the one before to be handled (Pilot's press waits after each)."""
    import unicodedata

    from textual import events
    from textual.keys import _character_to_key, _get_unicode_name_from_key

    app = pilot.app
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(key))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
