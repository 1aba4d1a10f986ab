"""Builds blogmigrate, compiling the per-page hot path with mypyc (docs/performance.md, session 9)
and the walk of each page's tree (session 11), the search of its bytes (session 12) and the check of
a record's text (session 19) with Cython.

The modules compiled by mypyc are `blogmigrate.compiled.COMPILED_MODULES`. Each compiled module is
built beside its source (in place, for an editable install); the sources stay in the package and
``BLOGMIGRATE_PURE_PYTHON=1`` runs them instead (blogmigrate/compiled.py). The Cython modules
have no Python source of the same name: `blogmigrate.treewalk` runs the XPath equivalent of
``blogmigrate._treewalk``, `blogmigrate.bytesearch` Python's ``in`` for
``blogmigrate._bytesearch``, and `blogmigrate.textsafety` an encoding and byte searches for
``blogmigrate._textscan``, when they are not built or not wanted. Setting
``BLOGMIGRATE_PURE_PYTHON=1`` while installing builds nothing: a plain Python install.
"""

from __future__ import annotations

import os
import runpy
import shutil
import sys
import sysconfig
from pathlib import Path

from setuptools import Extension, setup

ROOT = Path(__file__).resolve().parent


def _c_compiler() -> str | None:
    """The C compiler Python was built with, if this machine has it."""
    command = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    return shutil.which(command.split()[0])


def compiled_modules() -> list[Extension]:
    # blogmigrate/compiled.py imports nothing of the package: read without importing it.
    settings = runpy.run_path(str(ROOT / "blogmigrate" / "compiled.py"))
    if os.environ.get(settings["PURE_PYTHON_VARIABLE"], "") == "1":
        return []
    if _c_compiler() is None:
        print(
            "blogmigrate: no C compiler found, so neither the hot path (mypyc) nor the tree walk, "
            "byte search and text check (Cython) are compiled: blogmigrate runs as plain Python, about 15 % slower "
            "(install gcc and the Python headers, then reinstall, to compile them)",
            file=sys.stderr,
        )
        return []
    from mypyc.build import mypycify

    paths = [
        name.replace(".", "/")
        + ("/__init__.py" if (ROOT / name.replace(".", "/")).is_dir() else ".py")
        for name in settings["COMPILED_MODULES"]
    ]
    # mypyc only needs each module to type-check: the project's strict settings belong to
    # `make typecheck`, and the isolated build environment holds none of the runtime
    # packages (their values compile as plain Python objects).
    options = [
        "--config-file=",
        "--ignore-missing-imports",
        "--disable-error-code=import-untyped",
        "--follow-imports=silent",
    ]
    return [
        *mypycify([*options, *paths], opt_level="3", group_name="blogmigrate"),
        *cython_modules(),
    ]


def cython_modules() -> list[Extension]:
    """``blogmigrate._treewalk``, compiled against the headers lxml ships for its public C API,
    ``blogmigrate._bytesearch`` and ``blogmigrate._textscan``."""
    import lxml
    from Cython.Build import cythonize

    walk = Extension(
        "blogmigrate._treewalk",
        ["blogmigrate/_treewalk.pyx"],
        include_dirs=lxml.get_include(),
    )
    search = Extension("blogmigrate._bytesearch", ["blogmigrate/_bytesearch.pyx"])
    scan = Extension("blogmigrate._textscan", ["blogmigrate/_textscan.pyx"])
    return list(cythonize([walk, search, scan], quiet=True))


setup(ext_modules=compiled_modules())
