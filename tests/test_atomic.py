"""Atomic output under real interruptions: a SIGINT sent to a running ``python -m blogmigrate`` (while
pages are read, and while output is written) leaves no partial file, exits 130, and the run can be
started again; existing files survive an interrupted ``--force`` run untouched."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from blogmigrate.errors import ExitCode

from .conftest import PAGES
from .robustness import files_under, leftovers, read_json, run_main, wxr_posts

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX signals")

SEED = PAGES / "wordpress" / "seed-twentyten-fr.html"
SEED_PATH = "2010/11/22/les-reseaux-sociaux-une-bonne-solution-pour-developper-vos-relations/"
KILL_AFTER_POSTS = """
import os, signal, sys
from blogmigrate.cli import main
from blogmigrate.exporters import EXPORTERS

exporter, stop_after = EXPORTERS[sys.argv[1]], int(sys.argv[2])
original = exporter.write
written = []

def write(self, post):
    original(self, post)
    written.append(post.id)
    if len(written) == stop_after:
        os.kill(os.getpid(), signal.SIGINT)  # a real signal, as Ctrl-C sends

exporter.write = write
sys.argv = ["blogmigrate", *sys.argv[3:]]
main()
"""
POSTS = 8
TIMEOUT = 120  # seconds; only a hung process reaches it


def make_copies(folder: Path, count: int) -> Path:
    """``count`` copies of a real WordPress page, each its own post (its own permalink)."""
    folder.mkdir(parents=True)
    page = SEED.read_text(encoding="utf-8")
    for number in range(count):
        copy = page.replace(SEED_PATH, f"2010/11/22/copy-{number:04d}/")
        (folder / f"copy-{number:04d}.html").write_text(copy, encoding="utf-8")
    return folder


def convert_args(pages: Path, fmt: str, target: Path, *extra: str) -> list[str]:
    return ["convert", str(pages), "--to", fmt, "-o", str(target), "-q", *extra]


@pytest.mark.parametrize("fmt", ["json", "wxr", "markdown"])
def test_sigint_while_writing_leaves_no_partial_file_and_a_rerun_completes(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = make_copies(tmp_path / "pages", POSTS)
    reference = tmp_path / "reference" / "out"
    assert run_main(convert_args(pages, fmt, reference, "--jobs", "1"), monkeypatch) == 0
    out = tmp_path / "run"
    out.mkdir()
    target = out / "out"
    command = [sys.executable, "-c", KILL_AFTER_POSTS, fmt, "3"]
    done = subprocess.run(
        [*command, *convert_args(pages, fmt, target, "--jobs", "1")],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == ExitCode.INTERRUPTED == 130, done.stderr
    assert "interrupted" in done.stderr
    assert leftovers(out) == []
    if fmt == "markdown":
        # Files already in place are whole (each equal to the uninterrupted run's), some are missing.
        partial, whole = files_under(target), files_under(reference)
        assert partial and len(partial) < len(whole)
        assert {name: whole[name] for name in partial} == partial
        assert run_main(convert_args(pages, fmt, target), monkeypatch) == ExitCode.OUTPUT_EXISTS
        assert run_main(convert_args(pages, fmt, target, "--force"), monkeypatch) == 0
        assert files_under(target) == whole
    else:
        assert list(out.iterdir()) == []
        assert run_main(convert_args(pages, fmt, target), monkeypatch) == ExitCode.OK
        assert target.read_bytes() == reference.read_bytes()
        posts = read_json(target)["posts"] if fmt == "json" else wxr_posts(target)
        assert len(posts) == POSTS


@pytest.mark.parametrize("fmt", ["json", "wxr"])
def test_an_interrupted_forced_run_keeps_the_old_file_whole(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = make_copies(tmp_path / "pages", POSTS)
    target = tmp_path / "out" / f"blog.{fmt}"
    assert run_main(convert_args(pages, fmt, target, "--jobs", "1"), monkeypatch) == 0
    before = target.read_bytes()
    (pages / "copy-0000.html").unlink()  # the next run would write something else
    done = subprocess.run(
        [
            *(sys.executable, "-c", KILL_AFTER_POSTS, fmt, "2"),
            *convert_args(pages, fmt, target, "--jobs", "1", "--force"),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 130, done.stderr
    assert target.read_bytes() == before
    assert leftovers(target.parent) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_while_pages_are_read_exits_130_and_cleans_up(
    jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGINT to the whole process group, as a terminal's Ctrl-C, workers included. The progress
    display (on a pseudo-terminal) tells when pages are being read: the signal comes mid-run."""
    pages = make_copies(tmp_path / "pages", 60)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    target = out / "blog.json"
    args = ["convert", str(pages), "-o", str(target), "--jobs", jobs]
    terminal, terminal_end = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "blogmigrate", *args],
        env={**os.environ, "TMPDIR": str(scratch)},
        stderr=terminal_end,
        start_new_session=True,
    )
    os.close(terminal_end)
    shown = read_until(terminal, b"[5/60]")
    assert b"[5/60]" in shown, shown
    os.killpg(process.pid, signal.SIGINT)
    shown += read_until(terminal, None)
    os.close(terminal)
    assert process.wait(timeout=TIMEOUT) == ExitCode.INTERRUPTED, shown
    assert b"interrupted" in shown
    assert b"Traceback" not in shown
    assert b"[60/60]" not in shown
    assert list(out.iterdir()) == []
    assert list(scratch.iterdir()) == []  # the merge store was removed too
    assert run_main([*args, "-q"], monkeypatch) == 0
    urls = [post["url"] for post in read_json(target)["posts"]]
    assert len(urls) == 60 == len(set(urls))


def read_until(terminal: int, marker: bytes | None) -> bytes:
    """What the program writes to the terminal, up to ``marker`` (or until it closes)."""
    seen = b""
    while marker is None or marker not in seen:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # EIO: the program has exited
            break
        if not chunk:
            break
        seen += chunk
    return seen


def test_output_files_get_the_usual_permissions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Temporary files are created private (0600); the finished output must not stay so."""
    mask = os.umask(0o022)
    os.umask(mask)
    target = tmp_path / "blog.json"
    assert run_main(convert_args(SEED, "json", target), monkeypatch) == 0
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_an_existing_report_file_is_not_overwritten_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "report.json"
    report.write_text("precious", encoding="utf-8")
    target = tmp_path / "blog.json"
    args = convert_args(SEED, "json", target, "--report", str(report))
    assert run_main(args, monkeypatch) == ExitCode.OUTPUT_EXISTS
    assert report.read_text(encoding="utf-8") == "precious"
    assert not target.exists()  # refused before anything was written
    assert run_main([*args, "--force"], monkeypatch) == ExitCode.OK
    assert read_json(report)["summary"]["posts"] == 1
