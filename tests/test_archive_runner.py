"""The runner's hand-over from worker processes: records pickled once and spooled by the process that
converted the page (the group store keeps only where they lie), record pickling that keeps records
equal, pages in input order whatever the job count, a page whose records cannot be pickled failing
alone, a spool that cannot be written ending the run with a clear error."""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import pickle
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import pytest

from blogmigrate.archive import runner
from blogmigrate.archive.feeds import FeedEntry
from blogmigrate.archive.inputs import InputFile, discover
from blogmigrate.archive.merge import Capture
from blogmigrate.archive.options import RunOptions
from blogmigrate.archive.pickling import RECORD_CLASSES
from blogmigrate.archive.store import (
    CaptureRow,
    GroupStore,
    SpoolReader,
    capture_row,
    load_captures,
    spool_captures,
)
from blogmigrate.errors import ExitCode, OutputError, PageWarning
from blogmigrate.model import CommentType, Image, Person, Post, Site
from blogmigrate.pipeline import PipelineOptions
from blogmigrate.report import Outcome, PageReport

from .conftest import FIXTURES, a_thread_running, page_results

MIRROR = FIXTURES / "archive" / "mirror"
WHEN = datetime(2021, 3, 14, 9, 30, tzinfo=UTC)


def _post() -> Post:
    """The mirror's post with the most comments, as the pipeline gives it."""
    items = discover([str(MIRROR)])
    posts = [post for result in page_results(items) for post in result.posts]
    return max(posts, key=lambda post: len(post.comments))


def test_records_come_back_equal_and_still_frozen() -> None:
    post = dataclasses.replace(_post(), extra=MappingProxyType({"note": "kept"}))
    assert len(post.comments) >= 3
    capture = Capture(key="blog.example/first-frost", sequence=7, post=post, captured=WHEN)
    back = pickle.loads(pickle.dumps(capture, pickle.HIGHEST_PROTOCOL))
    assert back == capture
    assert [comment.type for comment in back.post.comments] == [
        comment.type for comment in post.comments
    ]
    assert all(isinstance(comment.type, CommentType) for comment in back.post.comments)
    assert isinstance(back.post.extra, MappingProxyType)
    assert back.post.extra["note"] == "kept"
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.post.comments[0].id = "9"  # type: ignore[misc]


def test_objects_shared_between_records_stay_shared() -> None:
    author = Person(name="Ann", url="https://ann.example/")
    image = Image(url="https://blog.example/a.jpg", alt="A")
    pair = pickle.loads(pickle.dumps((author, author, image, image), pickle.HIGHEST_PROTOCOL))
    assert pair[0] is pair[1] and pair[2] is pair[3]
    assert pair[0] == author and pair[2] == image


def test_every_record_class_pickles_through_its_fields() -> None:
    post = _post()
    samples = [
        Person(name="Ann"),
        Image(url="https://blog.example/a.jpg"),
        post.comments[0],
        post,
        Site(title="Blog", url=None, language="fr"),
        FeedEntry(link="https://blog.example/p/", categories=("a", "b")),
        Capture(key="k", sequence=1, post=post),
        PageReport(source="a.html", outcome=Outcome.CONVERTED),
        PageWarning("no-date", "no date found"),
        InputFile(MIRROR / "a.html", "a.html", url="http://blog.example/a.html"),
    ]
    assert sorted(type(sample).__name__ for sample in samples) == sorted(
        kind.__name__ for kind in RECORD_CLASSES
    )
    for sample in samples:
        data = pickle.dumps(sample, pickle.HIGHEST_PROTOCOL)
        # The registered reducer, not the dataclass's own (slower) state protocol, wrote it.
        assert b"_rebuild_record" in data
        back = pickle.loads(data)
        names = [field.name for field in dataclasses.fields(sample)]
        assert [getattr(back, name) for name in names] == [getattr(sample, name) for name in names]


@pytest.mark.parametrize("jobs", [1, 2])
def test_spooled_pages_come_in_input_order_with_their_rows(jobs: int, tmp_path: Path) -> None:
    items = discover([str(MIRROR)])
    pages = list(runner.spooled_pages(items, PipelineOptions(), jobs, len(items), str(tmp_path)))
    assert [page.report.source for page in pages] == [item.name for item in items]
    expected = list(page_results(items))
    spools = {row[2] for page in pages for row in page.captures}
    # With workers, the main process writes no capture: each worker spools its own.
    own_spool = f"captures-{os.getpid()}.bin"
    assert spools == {own_spool} if jobs == 1 else (len(spools) == 2 and own_spool not in spools)
    reader = SpoolReader(str(tmp_path))
    for sequence, (page, result) in enumerate(zip(pages, expected, strict=True)):
        assert page.report == result.report
        captures = load_captures(reader.pair(row) for row in page.captures)
        assert [capture.post for capture in captures] == list(result.posts)
        assert [row[:2] for row in page.captures] == [
            (capture.key, sequence) for capture in captures
        ]
        assert all(capture.sequence == sequence for capture in captures)
        entries = [pickle.loads(blob) for _, _, blob in page.feed_entries]
        assert entries == list(result.feed_entries)
        assert [row[1] for row in page.feed_entries] == [
            sequence * 1_000_000 + position for position in range(len(entries))
        ]
    reader.close()
    assert sum(len(page.captures) for page in pages) > 5
    assert any(page.feed_entries for page in pages)


def test_spooled_captures_read_back_as_the_rows_they_were() -> None:
    captures = [
        Capture(key=f"blog.example/{n}", sequence=n, captured=WHEN, address=None, post=_post())
        for n in range(3)
    ]
    rows = [capture_row(capture) for capture in captures]
    with GroupStore() as store:
        first = spool_captures(store.folder, rows[:2])
        with contextlib.closing(SpoolReader(store.folder)) as reader:
            assert [reader.pair(row) for row in first] == [row[2:] for row in rows[:2]]
            second = spool_captures(store.folder, rows[2:])  # appended to the same file
            assert spool_captures(store.folder, []) == ()
            assert [row[:2] for row in (*first, *second)] == [row[:2] for row in rows]
            assert second[0][3] == first[1][3] + first[1][4] + first[1][5]
            # The file grew after it was first read: read again, to its new end.
            assert [reader.pair(row) for row in (*first, *second)] == [row[2:] for row in rows]


def test_a_spool_that_cannot_be_written_ends_the_run_naming_its_folder(tmp_path: Path) -> None:
    gone = tmp_path / "removed"
    row = capture_row(
        Capture(key="blog.example/1", sequence=0, captured=WHEN, address=None, post=_post())
    )
    with pytest.raises(OutputError) as raised:
        spool_captures(str(gone), [row])
    assert str(gone) in str(raised.value) and "TMPDIR" in str(raised.value)
    assert raised.value.exit_code == ExitCode.OUTPUT_FAILED


def test_the_group_store_keeps_worker_rows_as_they_are() -> None:
    items = discover([str(MIRROR)])
    with GroupStore() as store:
        for page in runner.spooled_pages(items, PipelineOptions(), 1, len(items), store.folder):
            store.add_captures(page.captures)
            store.add_feed_entries(page.feed_entries)
        groups = list(store.groups())
        first_frost = next(
            group for group in groups if group[0].key.endswith("2021/03/14/first-frost")
        )
        entries = store.feed_entries(first_frost[0].key)
    assert len(first_frost) > 1
    sequences = [capture.sequence for capture in first_frost]
    assert sequences == sorted(sequences)
    assert [group[0].sequence for group in groups] == sorted(group[0].sequence for group in groups)
    assert entries and all(isinstance(entry, FeedEntry) for entry in entries)


def test_a_page_whose_records_cannot_be_stored_fails_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    wanted = ("blog.example/2021/03/14/first-frost/index.html", "blog.example/about/index.html")
    found = {item.name.split("/mirror/")[1]: item for item in discover([str(MIRROR)])}
    items = [found[name] for name in wanted]
    real_row = runner.capture_row

    def broken_row(capture: Capture) -> CaptureRow:
        if capture.sequence == 0:
            raise ValueError("unpicklable")
        return real_row(capture)

    monkeypatch.setattr(runner, "capture_row", broken_row)
    first, second = runner.spooled_pages(items, PipelineOptions(), 1, len(items), str(tmp_path))
    assert first.report.outcome is Outcome.FAILED
    assert (
        first.report.error is not None
        and "internal error (ValueError: unpicklable)" in first.report.error
    )
    assert first.captures == ()
    assert second.report.outcome is Outcome.CONVERTED
    assert len(second.captures) == 1


@pytest.mark.skipif(sys.platform != "linux", reason="start methods differ by platform")
def test_workers_are_forked_unless_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked workers inherit the imported, compiled pipeline; with another thread running (a Dask
    client, a host application) a fork server forks them instead."""
    monkeypatch.setattr(runner.threading, "active_count", lambda: 1)
    assert runner._pool_context().get_start_method() == "fork"
    monkeypatch.setattr(runner.threading, "active_count", lambda: 2)
    assert runner._pool_context().get_start_method() == "forkserver"


def test_pages_come_back_from_a_fork_server_while_a_thread_runs(tmp_path: Path) -> None:
    with a_thread_running():
        items = discover([str(MIRROR)])[:4]
        pages = list(runner.spooled_pages(items, PipelineOptions(), 2, len(items), str(tmp_path)))
    assert [page.report.source for page in pages] == [item.name for item in items]
    assert sum(len(page.captures) for page in pages) >= 2


@pytest.mark.skipif(sys.platform != "linux", reason="forked workers")
def test_a_run_stopped_early_ends_its_workers_before_removing_their_spool_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    items = discover([str(MIRROR)])
    assert len(items) > 4
    alive_at_close: list[int] = []
    real_close = GroupStore.close

    def close(store: GroupStore) -> None:
        alive_at_close.append(len(multiprocessing.active_children()))
        real_close(store)

    def interrupt(number: int, total: int, source: str) -> None:
        if number == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(GroupStore, "close", close)
    monkeypatch.setattr(runner, "_pool_context", lambda: multiprocessing.get_context("fork"))
    with pytest.raises(KeyboardInterrupt):
        runner.run_archive(
            [str(MIRROR)], PipelineOptions(), RunOptions(jobs=2), None, None, interrupt
        )
    assert alive_at_close == [0]
