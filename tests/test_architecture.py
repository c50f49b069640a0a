"""The import rules of docs/architecture.md, and the spaCy pipeline's declared contracts."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "eventwire"

# module or folder -> package parts it must never import
FORBIDDEN = {
    "model.py": {"eventwire"},
    "errors.py": {"eventwire"},
    "deadline.py": {"eventwire"},
    "ingest": {"eventwire.nlp", "eventwire.resolve", "eventwire.store", "eventwire.serve", "eventwire.pipeline"},
    "nlp": {"eventwire.resolve", "eventwire.ingest", "eventwire.store", "eventwire.serve", "eventwire.merge", "eventwire.pipeline"},
    "resolve": {"eventwire.nlp", "eventwire.store", "eventwire.serve", "eventwire.pipeline", "eventwire.ingest"},
    "merge": {
        "eventwire.nlp", "eventwire.resolve", "eventwire.store", "eventwire.serve", "eventwire.ingest", "eventwire.pipeline"
    },
    "batch": {"eventwire.nlp", "eventwire.resolve", "eventwire.ingest", "eventwire.serve"},
    "serve": {"eventwire.nlp", "eventwire.resolve", "eventwire.ingest"},
    "store": {"eventwire.nlp", "eventwire.resolve", "eventwire.ingest", "eventwire.serve", "eventwire.pipeline"},
    "export": {"eventwire.nlp", "eventwire.resolve", "eventwire.ingest", "eventwire.pipeline"},
}

# Narrow exceptions: the store keys quote speakers with the pure, data-only resolve.speakers module, so
# a speaker name is normalized the same way when it is written and when it is asked for.
ALLOWED = {"store": {"eventwire.resolve.speakers"}}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("part", sorted(FORBIDDEN))
def test_import_rules(part: str) -> None:
    target = PACKAGE / part
    files = [target] if target.is_file() else sorted(target.rglob("*.py"))
    for path in files:
        for name in _imports(path) - ALLOWED.get(part, set()):
            for forbidden in FORBIDDEN[part]:
                assert not (name == forbidden or name.startswith(forbidden + ".")), f"{path.name} imports {name}"


def test_pipeline_has_no_contract_problems() -> None:
    from eventwire.nlp.build import build_pipeline

    nlp = build_pipeline()
    assert nlp.pipe_names[-3:] == ["eventwire_triggers", "eventwire_casualties", "eventwire_quotes"]
    assert nlp.analyze_pipes()["problems"] == {name: [] for name in nlp.pipe_names}
