"""Every saved page under fixtures/pages gives exactly the records in fixtures/expected.

Regenerate after an intended change with ``pytest tests/test_fixtures.py --accept`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import EXPECTED, PAGES, dump_json, expected_records, run_page

FIXTURE_PAGES = sorted(PAGES.rglob("*.html"))


def _golden(page: Path) -> Path:
    return EXPECTED / page.relative_to(PAGES).with_suffix(".json")


def test_every_fixture_page_has_a_golden_file() -> None:
    assert FIXTURE_PAGES, "no fixture pages found"
    missing = [str(page) for page in FIXTURE_PAGES if not _golden(page).exists()]
    assert missing == []


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda page: page.relative_to(PAGES).as_posix())
def test_fixture_gives_expected_records(page: Path, accept: bool) -> None:
    actual = expected_records(run_page(page))
    golden = _golden(page)
    if accept:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(dump_json(actual), encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert actual == expected
