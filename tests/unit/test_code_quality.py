"""The code's own rules: ruff, the import contracts, no import cycle between files."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _tool(name: str) -> str:
    """A tool the test extras install: its path, or a failure that says how to get it
    (never a skip: a check that silently does not run is no check)."""
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not on PATH: python3 -m pip install -e '.[test]' installs it")
    return found


def test_ruff_is_clean():
    result = subprocess.run([_tool("ruff"), "check", "."], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout


def test_import_layers_hold():
    """The contracts in pyproject.toml: layers, no Textual below the TUI, jieba behind the
    segmenter, the TUI reaching the rest only through the session."""
    result = subprocess.run([_tool("lint-imports")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:]


def _imports(path, modules: set[str]) -> set[str]:
    """Every module of ``reader`` a file imports, at its top, in a function or under
    TYPE_CHECKING alike: a cycle hidden in a function-level import is still a cycle."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reader"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                out.add(full if full in modules else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("reader"))
    return out & modules


def import_cycles() -> list[list[str]]:
    """The groups of modules of ``reader`` that import one another, round (Tarjan)."""
    files = {}
    for path in (ROOT / "reader").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {name: _imports(path, set(files)) - {name} for name, path in files.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in graph:
        if node not in index:
            visit(node)
    return cycles


def test_no_two_files_import_each_other_round():
    assert import_cycles() == []


def test_the_cycle_finder_finds_a_cycle(tmp_path, monkeypatch):
    """It fails when there is one: two files importing each other, one in a function."""
    package = tmp_path / "reader"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("from reader.b import x\n", encoding="utf-8")
    (package / "b.py").write_text("def f():\n    from reader.a import y\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert import_cycles() == [["reader.a", "reader.b"]]
