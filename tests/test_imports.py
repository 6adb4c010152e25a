"""The import rules and page length of docs/ARCHITECTURE.md, checked on every module of the application
(bench/ and tests/ are tools around it and are left out)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.pages import ROOT

PACKAGES = ("pages", "ui", "data_access", "exports", "report_parser", "importer", "domain", "cli", "sample_data")
PROJECT = {*PACKAGES, "app", "manage"}


def _modules() -> dict[str, Path]:
    files = [ROOT / "app.py", ROOT / "manage.py"]
    for package in PACKAGES:
        files += sorted((ROOT / package).rglob("*.py"))
    return {path.relative_to(ROOT).as_posix(): path for path in files}


MODULES = _modules()


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(imported module, names taken from it) for every import, relative ones resolved."""
    package = path.relative_to(ROOT).parts[0] if path.parent != ROOT else ""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # `from .sections import x` inside report_parser
                module = f"{package}.{module}".rstrip(".")
            found.append((module, [alias.name for alias in node.names]))
    return found


def _top(module: str) -> str:
    return module.split(".")[0]


def _offences(rule) -> list[str]:
    return [f"{name}: {offence}" for name, path in MODULES.items() for offence in rule(name, path)]


def _layer(name: str) -> str:
    return "pages" if name in ("app.py",) or name.startswith("pages/") else name.split("/")[0]


ALLOWED = {  # of this project's packages, what each layer may import (docs/ARCHITECTURE.md)
    "pages": {"ui", "data_access", "domain"},
    "ui": {"ui", "data_access", "domain", "exports", "importer", "report_parser"},
    "data_access": {"data_access", "domain", "report_parser", "importer", "sample_data"},
    "exports": {"exports", "domain"},
    "report_parser": {"report_parser", "domain"},
    "importer": {"importer", "domain", "report_parser"},
    "domain": {"domain"},
    "sample_data": {"sample_data"},
    "cli": {"cli", "data_access", "domain", "exports", "importer", "report_parser", "sample_data"},
    "manage.py": {"cli"},
}


def test_each_layer_imports_only_what_it_may():
    def rule(name, path):
        allowed = ALLOWED[_layer(name)]
        return [module for module, _ in _imports(path) if _top(module) in PROJECT and _top(module) not in allowed]

    assert _offences(rule) == []


@pytest.mark.parametrize(("library", "owners"), [("streamlit", {"pages", "ui"}), ("sqlalchemy", {"data_access"})])
def test_only_its_owners_import_a_library(library, owners):
    def rule(name, path):
        return [module for module, _ in _imports(path) if _top(module) == library and _layer(name) not in owners]

    assert _offences(rule) == []


def test_ui_charts_stays_pure():
    assert [m for m, _ in _imports(ROOT / "ui" / "charts.py") if _top(m) == "streamlit"] == []


def test_no_private_name_is_imported_across_modules():
    def rule(name, path):
        offences = [f"from {module} import {n}" for module, names in _imports(path) for n in names
                    if n.startswith("_") and not n.startswith("__")]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {alias.asname or alias.name.split(".")[0] for node in ast.walk(tree)
                    if isinstance(node, ast.Import | ast.ImportFrom) for alias in node.names}
        offences += [f"{node.value.id}.{node.attr}" for node in ast.walk(tree)
                     if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                     and node.value.id in imported and node.attr.startswith("_") and not node.attr.startswith("__")]
        return offences

    assert _offences(rule) == []


def test_pages_stay_short():
    """A page only composes widgets: its longer steps live in ui/ (docs/ARCHITECTURE.md)."""
    pages = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    lengths = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in pages}
    assert len(lengths) == 10
    assert {name: n for name, n in lengths.items() if n > 90} == {}
