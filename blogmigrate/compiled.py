"""Which of blogmigrate's modules run compiled, and the switch that runs them all as Python.

``pip install`` compiles the per-page hot path with mypyc (the modules setup.py names); each
compiled module sits beside its source as an extension module, which Python imports first.
Setting ``BLOGMIGRATE_PURE_PYTHON=1`` makes every ``blogmigrate`` module load from its ``.py``
source instead: for a debugger, a profiler that sees Python functions (cProfile), a test that
spies on a module's functions, or a machine where the build could not compile.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Sequence
from importlib.machinery import SOURCE_SUFFIXES, FileFinder, ModuleSpec, SourceFileLoader
from types import ModuleType

PURE_PYTHON_VARIABLE = "BLOGMIGRATE_PURE_PYTHON"

COMPILED_MODULES = (
    "blogmigrate.page",
    "blogmigrate.xpath",
    "blogmigrate.scrapers.hints",
    "blogmigrate.scrapers.csscompile",
    "blogmigrate.scrapers.indexed",
    "blogmigrate.scrapers.needs",
    "blogmigrate.scrapers.rules",
    "blogmigrate.scrapers.scopewise",
    "blogmigrate.scrapers.selectors",
    "blogmigrate.scrapers.structure",
    "blogmigrate.normalize",
    "blogmigrate.normalize.commentbody",
    "blogmigrate.normalize.dategate",
    "blogmigrate.normalize.dates",
    "blogmigrate.normalize.html",
    "blogmigrate.normalize.localedata",
    "blogmigrate.normalize.text",
    "blogmigrate.normalize.threads",
    "blogmigrate.normalize.urls",
    "blogmigrate.exporters.jsontext",
    "blogmigrate.exporters.records",
    "blogmigrate.textsafety",
)
"""The modules setup.py compiles: the per-page path (parse, scrape, normalize, JSON text), where
Python's own call and attribute overhead is most of the time, and what compiles the rules' CSS
(`scrapers.csscompile`), which a run without the rules' cache does at its start. The platform
tables, the CLI and the archive runner stay Python (run once per run, or per page in a few
calls)."""


class SourcesFirst:
    """Finds ``blogmigrate``'s submodules among ``.py`` sources only, never extension modules (a
    finder of ``sys.meta_path``, which needs only `find_spec`: ``importlib.abc``'s base class
    would import ``importlib.resources`` into every run, ~10 ms)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if not fullname.startswith("blogmigrate.") or not path:
            return None
        for folder in path:
            spec = FileFinder(folder, (SourceFileLoader, SOURCE_SUFFIXES)).find_spec(fullname)
            if spec is not None and spec.loader is not None:
                return spec
        return None


def pure_python_asked() -> bool:
    return os.environ.get(PURE_PYTHON_VARIABLE, "") == "1"


def c_extension(name: str, *failures: type[Exception]) -> ModuleType | None:
    """The Cython module ``name`` (``blogmigrate._treewalk``), or None when the Python fallback
    must serve: ``BLOGMIGRATE_PURE_PYTHON=1``, the module not built (no C compiler at install
    time), or its import raising one of ``failures``."""
    if pure_python_asked():
        return None
    caught: tuple[type[Exception], ...] = (ImportError, *failures)
    try:
        return importlib.import_module(name)
    except caught:
        return None


def use_sources_first() -> None:
    """Put `SourcesFirst` ahead of Python's own finders (once)."""
    if not any(isinstance(finder, SourcesFirst) for finder in sys.meta_path):
        sys.meta_path.insert(0, SourcesFirst())


def is_compiled(module_name: str) -> bool:
    """Whether `module_name` loads (or was loaded) from an extension module."""
    module = sys.modules.get(module_name)
    origin = getattr(module, "__file__", None) if module is not None else None
    if origin is None:
        spec = importlib.util.find_spec(module_name)
        origin = spec.origin if spec is not None else None
    return origin is not None and not origin.endswith(tuple(SOURCE_SUFFIXES))
