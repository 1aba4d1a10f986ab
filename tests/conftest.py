"""Shared test set-up: paths, the golden-file ``--accept`` flag, running one page through the pipeline."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# The compiled rules are kept in a folder of the test run's own (`usercache`), never the user's:
# set before blogmigrate is imported, for this process and the ones the tests start.
RULE_CACHE = tempfile.mkdtemp(prefix="blogmigrate-tests-cache-")
os.environ["BLOGMIGRATE_CACHE_DIR"] = RULE_CACHE
atexit.register(shutil.rmtree, RULE_CACHE, ignore_errors=True)

from blogmigrate.archive.inputs import with_payloads
from blogmigrate.archive.runner import convert_page
from blogmigrate.compiled import COMPILED_MODULES, is_compiled, pure_python_asked
from blogmigrate.errors import PageError
from blogmigrate.exporters.records import post_dict
from blogmigrate.page import Page, parse_page
from blogmigrate.pipeline import PageResult, PipelineOptions, process_page
from blogmigrate.scrapers import REGISTRY
from blogmigrate.scrapers.rules import PlatformRules
from blogmigrate.sources import InputFile

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
PAGES = FIXTURES / "pages"
EXPECTED = FIXTURES / "expected"
CORPUS = ROOT.parent / "shared" / "corpus"


def python_output(code: str, timeout: float | None = None) -> str:
    """What ``code`` prints in a fresh interpreter (sys.modules and the collector as a command-line
    run starts them), from the checkout's folder. With a ``timeout``, code that runs longer fails
    the test (subprocess.TimeoutExpired): a pattern that backtracks without end fails, where in the
    test's own process it would hang the suite."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout,
    )
    return done.stdout.strip()


@contextlib.contextmanager
def a_thread_running() -> Iterator[None]:
    """A second thread alive for the block: forking is then unsafe, and runs use a fork server."""
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()
    try:
        yield
    finally:
        stop.set()
        helper.join()


def corpus_page(name: str) -> Path:
    """A page of the shared dev corpus by its id (``bl-dragnet-R656``)."""
    return CORPUS / "pages" / f"{name}.html"


def parsed_page(path: Path) -> Page | None:
    """The saved page parsed as the pipeline parses it; None for the fixtures of what is not a
    page (empty, an image)."""
    try:
        return parse_page(path.read_bytes(), path.name)
    except PageError:
        return None


def platform_rules() -> list[PlatformRules]:
    """Every platform's rules table in the registry, a wrapped scraper's inner one included."""
    tables: dict[int, PlatformRules] = {}
    for scraper in REGISTRY:
        for table in (
            getattr(scraper, "rules", None),
            getattr(getattr(scraper, "inner", None), "rules", None),
        ):
            if isinstance(table, PlatformRules):
                tables.setdefault(id(table), table)
    return list(tables.values())


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--accept",
        action="store_true",
        help="Rewrite golden files (fixtures/expected) from the current output; review the diff.",
    )


SPIES_NEED_PYTHON = (
    "spies on functions of a compiled module, which compiled callers never look up again: "
    "`make pytest` runs it with BLOGMIGRATE_PURE_PYTHON=1 (pytest -m spies)"
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `spies` replace a module's function to watch it; they run where the modules
    are Python (BLOGMIGRATE_PURE_PYTHON=1, or a pure install), and are skipped elsewhere."""
    if pure_python_asked() or not any(is_compiled(name) for name in COMPILED_MODULES):
        return
    skip = pytest.mark.skip(reason=SPIES_NEED_PYTHON)
    for item in items:
        if item.get_closest_marker("spies") is not None:
            item.add_marker(skip)


@pytest.fixture
def accept(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--accept"))


def run_page(path: Path, options: PipelineOptions | None = None) -> PageResult:
    """One page through the pipeline, named by its path relative to the repository."""
    name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    return process_page(InputFile(path, name), options or PipelineOptions())


def expected_records(result: PageResult) -> dict[str, Any]:
    """What a fixture's golden file holds: the platform, warning codes and the JSON records."""
    return {
        "platform": result.report.platform,
        "outcome": result.report.outcome.value,
        "warnings": sorted(warning.code for warning in result.report.warnings),
        "posts": [post_dict(post) for post in result.posts],
    }


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def page_results(
    items: list[InputFile], options: PipelineOptions | None = None
) -> list[PageResult]:
    """Every page's result, in input order, converted in this process (as the runner's workers do)."""
    return [convert_page(item, options or PipelineOptions()) for item in with_payloads(items)]


def calls_while_converting(
    owner: object, name: str, paths: list[Path], monkeypatch: pytest.MonkeyPatch
) -> list[tuple[Any, ...]]:
    """The positional arguments of every call of ``owner.name`` (a module's function, or a class's
    method: then ``self`` comes first) made while the pages are converted; the spy is removed
    before returning (``monkeypatch.undo``), so that later calls are not collected."""
    calls: list[tuple[Any, ...]] = []
    original = getattr(owner, name)

    def spy(*arguments: Any) -> Any:
        calls.append(arguments)
        return original(*arguments)

    monkeypatch.setattr(owner, name, spy)
    for path in paths:
        run_page(path)
    monkeypatch.undo()
    return calls
