"""The per-page hot path runs compiled by mypyc (setup.py, blogmigrate/compiled.py), and the
compiled modules give exactly what their Python sources give."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from blogmigrate import bytesearch, textsafety, treewalk
from blogmigrate.compiled import (
    COMPILED_MODULES,
    PURE_PYTHON_VARIABLE,
    SourcesFirst,
    is_compiled,
    pure_python_asked,
)

from .conftest import CORPUS, PAGES, ROOT


def source_of(module_name: str) -> Path:
    """The ``.py`` file a module of ours was compiled from (``rules.cpython-311-….so`` → ``rules.py``)."""
    module = importlib.import_module(module_name)
    built = Path(module.__file__ or "")
    return built.with_name(built.name.split(".", 1)[0] + ".py")


needs_compiled = pytest.mark.skipif(
    pure_python_asked(), reason="BLOGMIGRATE_PURE_PYTHON=1: the Python sources run"
)


@needs_compiled
def test_the_hot_modules_run_compiled() -> None:
    python = [name for name in COMPILED_MODULES if not is_compiled(name)]
    assert python == [], (
        f"{python} run as Python: build them (`make setup`, or `pip install -e .`), "
        f"or set {PURE_PYTHON_VARIABLE}=1 to run the sources on purpose"
    )


@needs_compiled
def test_no_compiled_module_is_older_than_its_source() -> None:
    """A source edited (or checked out) after the build would be shadowed by its old compiled
    module: `make` rebuilds when a source changes, and this says so when it did not."""
    stale = []
    for name in COMPILED_MODULES:
        built = Path(importlib.import_module(name).__file__ or "")
        if built.stat().st_mtime < source_of(name).stat().st_mtime:
            stale.append(name)
    assert stale == [], f"{stale} changed after they were compiled: run `make setup`"


@pytest.mark.skipif(
    pure_python_asked() or not any(is_compiled(name) for name in COMPILED_MODULES),
    reason="a Python install: nothing is compiled",
)
@pytest.mark.parametrize(
    ("module_name", "in_c"),
    [
        ("treewalk", treewalk.walks_in_c),
        ("bytesearch", bytesearch.searches_in_c),
        ("textscan", textsafety.checks_in_c),
    ],
)
def test_the_build_that_compiled_the_hot_path_built_each_cython_module_too(
    module_name: str, in_c: Callable[[], bool]
) -> None:
    """`treewalk`, `bytesearch` and `textsafety` run their Cython module (``_treewalk.pyx``,
    ``_bytesearch.pyx``, ``_textscan.pyx``) when it is built, their Python fallback otherwise: a
    build that compiled mypyc's modules has compiled these too, from their current source."""
    assert in_c(), f"blogmigrate._{module_name} is not built: run `make setup`"
    built = Path(importlib.import_module(f"blogmigrate._{module_name}").__file__ or "")
    source = ROOT / "blogmigrate" / f"_{module_name}.pyx"
    assert built.stat().st_mtime >= source.stat().st_mtime, f"{source.name} changed: `make setup`"


def test_nothing_but_our_submodules_is_found_from_sources_first() -> None:
    finder = SourcesFirst()
    package = str(ROOT / "blogmigrate")
    spec = finder.find_spec("blogmigrate.scrapers.rules", [str(ROOT / "blogmigrate" / "scrapers")])
    assert spec is not None and spec.origin == str(ROOT / "blogmigrate" / "scrapers" / "rules.py")
    package_spec = finder.find_spec("blogmigrate.normalize", [package])
    assert package_spec is not None
    assert package_spec.origin == str(ROOT / "blogmigrate" / "normalize" / "__init__.py")
    assert finder.find_spec("lxml.etree", [package]) is None
    assert finder.find_spec("blogmigrate", None) is None
    assert finder.find_spec("blogmigrate.nothing_here", [package]) is None


def _python(pure: bool, *arguments: str, cwd: Path) -> bytes:
    """What ``python *arguments`` prints, with the Python sources (`pure`) or with the modules as
    installed, this checkout's package first on the path (as the tests import it)."""
    environment = {key: value for key, value in os.environ.items() if key != PURE_PYTHON_VARIABLE}
    if pure:
        environment[PURE_PYTHON_VARIABLE] = "1"
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    completed = subprocess.run(
        [sys.executable, *arguments], capture_output=True, env=environment, cwd=cwd, check=False
    )
    assert completed.returncode == 0, completed.stderr.decode()
    return completed.stdout


_COMPILED_NOW = (
    "from blogmigrate.compiled import COMPILED_MODULES, is_compiled; "
    "print(' '.join(name for name in COMPILED_MODULES if is_compiled(name)))"
)


def _convert_with(pure: bool, pages: list[Path], tmp_path: Path) -> bytes:
    """The JSON of `pages` converted by the CLI in a process of its own, with the Python sources
    (`pure`) or with the modules as installed; checks which of the two such a process runs."""
    compiled = _python(pure, "-c", _COMPILED_NOW, cwd=tmp_path).decode().split()
    if pure:
        assert compiled == []
    else:
        assert compiled == [name for name in COMPILED_MODULES if is_compiled(name)]
    command = ["-m", "blogmigrate", "convert", *map(str, pages), "--to", "json", "-o", "-"]
    return _python(pure, *command, cwd=tmp_path)


@needs_compiled
def test_the_sources_and_the_compiled_modules_give_the_same_json(tmp_path: Path) -> None:
    pages = sorted(PAGES.rglob("*.html"))
    if (CORPUS / "pages").is_dir():
        pages += sorted((CORPUS / "pages").glob("*.html"))
    built = _convert_with(False, pages, tmp_path)
    assert built.count(b'"title"') > 100
    assert _convert_with(True, pages, tmp_path) == built
