"""The runner's hand-over from worker processes: records pickled once in the worker (rows the group
store keeps as they are), record pickling that keeps records equal, pages in input order whatever the
job count, and a page whose records cannot be stored failing alone."""

from __future__ import annotations

import dataclasses
import pickle
import sys
import threading
from datetime import UTC, datetime
from types import MappingProxyType

import pytest

from blogmigrate.archive import runner
from blogmigrate.archive.feeds import FeedEntry
from blogmigrate.archive.inputs import InputFile, discover
from blogmigrate.archive.merge import Capture
from blogmigrate.archive.pickling import RECORD_CLASSES
from blogmigrate.archive.store import CaptureRow, GroupStore, load_captures
from blogmigrate.errors import PageWarning
from blogmigrate.model import CommentType, Image, Person, Post, Site
from blogmigrate.pipeline import PipelineOptions
from blogmigrate.report import Outcome, PageReport

from .conftest import FIXTURES, page_results

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
def test_spooled_pages_come_in_input_order_with_their_rows(jobs: int) -> None:
    items = discover([str(MIRROR)])
    pages = list(runner.spooled_pages(items, PipelineOptions(), jobs, len(items)))
    assert [page.report.source for page in pages] == [item.name for item in items]
    expected = list(page_results(items))
    for sequence, (page, result) in enumerate(zip(pages, expected, strict=True)):
        assert page.report == result.report
        captures = load_captures(row[2:] for row in page.captures)
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
    assert sum(len(page.captures) for page in pages) > 5
    assert any(page.feed_entries for page in pages)


def test_the_group_store_keeps_worker_rows_as_they_are() -> None:
    items = discover([str(MIRROR)])
    with GroupStore() as store:
        for page in runner.spooled_pages(items, PipelineOptions(), 1, len(items)):
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
    monkeypatch: pytest.MonkeyPatch,
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
    first, second = runner.spooled_pages(items, PipelineOptions(), 1, len(items))
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


def test_pages_come_back_from_a_fork_server_while_a_thread_runs() -> None:
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()
    try:
        items = discover([str(MIRROR)])[:4]
        pages = list(runner.spooled_pages(items, PipelineOptions(), 2, len(items)))
    finally:
        stop.set()
        helper.join()
    assert [page.report.source for page in pages] == [item.name for item in items]
    assert sum(len(page.captures) for page in pages) >= 2
