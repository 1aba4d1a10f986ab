"""Byte-identical output whatever varies around a run: the hash seed (separate processes), the order
files were created in and named on the command line, and the number of worker processes. Checked
for JSON, WXR and Markdown (and the report) over every fixture page and every bad-input file."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PAGES
from .robustness import BAD, files_under, run_main

FORMATS = ("json", "wxr", "markdown")
RUN_ALL_FORMATS = """
import json, sys
from blogmigrate.cli import cli

for args in json.loads(sys.argv[1]):
    try:
        cli.main(args, standalone_mode=False)
    except SystemExit as done:  # the bad pages make the run exit 5 after writing everything
        assert done.code in (None, 0, 5), (args, done.code)
"""
TIMEOUT = 300  # seconds; only a hung process reaches it


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every fixture page and bad-input file, copied in a shuffled order (so the folder's own
    listing order differs from the sorted one)."""
    folder = tmp_path_factory.mktemp("determinism") / "in"
    sources = sorted(PAGES.rglob("*.html")) + sorted(BAD.iterdir())
    random.Random(26).shuffle(sources)
    for source in sources:
        parent = "bad" if source.parent == BAD else source.relative_to(PAGES).parent.as_posix()
        target = folder / parent / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return folder


def run_arguments(inputs: list[str], out: Path, *extra: str) -> list[list[str]]:
    """One ``convert`` per format (and its report) into ``out``."""
    return [
        [
            *("convert", *inputs, "--to", fmt, "-o", str(out / fmt), "-q", "--force"),
            *("--report", str(out / f"{fmt}.report.json"), *extra),
        ]
        for fmt in FORMATS
    ]


def outputs(out: Path) -> dict[str, bytes]:
    """Every file a run wrote; the reports name the output path, which differs between runs."""
    found = {
        name: data.replace(str(out).encode(), b"OUT") if name.endswith(".report.json") else data
        for name, data in files_under(out).items()
    }
    assert len([name for name in found if name.startswith("markdown/")]) > 40
    assert {"json", "wxr", "json.report.json"} <= set(found)
    return found


def run_in_process(args: list[list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    for one in args:
        assert run_main(one, monkeypatch) == 5  # 16-billion-laughs.xml fails, as it must


@pytest.fixture(scope="module")
def reference(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("reference")
    with pytest.MonkeyPatch.context() as monkeypatch:
        run_in_process(run_arguments([str(inputs)], out, "--jobs", "1"), monkeypatch)
    return outputs(out)


def test_the_reference_holds_every_post(reference: dict[str, bytes]) -> None:
    posts = json.loads(reference["json"])["posts"]
    report = json.loads(reference["json.report.json"])
    assert report["summary"]["pages"] == len(list(PAGES.rglob("*.html"))) + len(list(BAD.iterdir()))
    assert len(posts) == report["merge"]["posts"] > 50


def test_hash_seeds_in_separate_processes_give_identical_bytes(
    inputs: Path, reference: dict[str, bytes], tmp_path: Path
) -> None:
    runs = {}
    for seed, jobs in (("0", "1"), ("4242", "3")):
        out = tmp_path / f"seed-{seed}"
        args = json.dumps(run_arguments([str(inputs)], out, "--jobs", jobs))
        runs[out] = subprocess.Popen(
            [sys.executable, "-c", RUN_ALL_FORMATS, args],
            env={**os.environ, "PYTHONHASHSEED": seed},
            stderr=subprocess.PIPE,
            text=True,
        )
    for out, process in runs.items():
        _, stderr = process.communicate(timeout=TIMEOUT)
        assert process.returncode == 0, stderr
        assert outputs(out) == reference


def test_shuffled_file_arguments_give_identical_bytes(
    inputs: Path, reference: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [str(path) for path in inputs.rglob("*") if path.is_file()]
    random.Random(7).shuffle(files)
    run_in_process(run_arguments(files, tmp_path, "--jobs", "1"), monkeypatch)
    assert outputs(tmp_path) == reference


def test_worker_count_gives_identical_bytes(
    inputs: Path, reference: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_in_process(run_arguments([str(inputs)], tmp_path, "--jobs", "2"), monkeypatch)
    assert outputs(tmp_path) == reference
