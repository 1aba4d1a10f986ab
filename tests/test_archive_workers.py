"""The worker pool of ``convert --jobs N``: results in the tasks' order whatever the workers' speed,
large tasks (pages read from a tar archive) handed over without blocking, answers sent a few at a
time, a worker's error raised at its task's turn, a worker that dies ending the run and naming the
task it was on (even while it held answers to earlier ones), workers gone when the consumer stops
early."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from blogmigrate.archive import runner, workers
from blogmigrate.archive.inputs import InputFile
from blogmigrate.archive.workers import ANSWERS_HELD, QUEUED_TASK_BYTES, WorkerPool
from blogmigrate.errors import ExitCode, WorkerLostError
from blogmigrate.pipeline import PageResult, PipelineOptions

from .conftest import ROOT
from .robustness import run_main

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="forked workers")
CONTEXT = multiprocessing.get_context("fork")


def echo(sequence: int, task: bytes, scale: int) -> tuple[int, int, int]:
    """The task's sequence, size and the worker's pid; later tasks answer faster, so answers come
    back out of order."""
    time.sleep(0.002 * ((sequence * 7) % 5))
    return sequence * scale, len(task), os.getpid()


def fail_on_three(sequence: int, task: int, argument: None) -> int:
    if sequence == 3:
        raise ValueError(f"task {task} failed")
    return task


def die_on_two(sequence: int, task: int, argument: None) -> int:
    if sequence == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return task


def slow_first_then_die_on_two(sequence: int, task: int, argument: None) -> int:
    """The first task is slow enough for the next ones to queue up behind it: the worker then holds
    the first two answers (more tasks wait in its pipe) when it dies on the third."""
    if sequence == 0:
        time.sleep(0.2)
    return die_on_two(sequence, task, argument)


def pause(sequence: int, task: int, argument: float) -> int:
    time.sleep(argument)
    return task


def test_results_come_in_the_tasks_order_from_every_worker() -> None:
    tasks = [b"x" * (10 if n % 3 else QUEUED_TASK_BYTES * 4) for n in range(40)]
    with WorkerPool(CONTEXT, 3, echo, 10) as pool:
        results = list(pool.results(tasks, window=6))
    assert [result[:2] for result in results] == [(n * 10, len(tasks[n])) for n in range(40)]
    assert len({pid for _, _, pid in results}) == 3
    assert os.getpid() not in {pid for _, _, pid in results}


def test_results_come_in_order_through_wait_where_no_selector_serves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where pipes cannot be selected (Windows), the pool waits with `wait` instead."""
    monkeypatch.setattr(workers, "PIPES_SELECTABLE", False)
    with WorkerPool(CONTEXT, 2, echo, 3) as pool:
        assert pool._answers._selector is None
        results = list(pool.results([b"x"] * 20, window=8))
    assert [result[0] for result in results] == [n * 3 for n in range(20)]


def test_a_workers_error_is_raised_when_its_task_comes() -> None:
    handed: list[int] = []
    with (
        WorkerPool(CONTEXT, 2, fail_on_three, None) as pool,
        pytest.raises(ValueError, match="task 13 failed") as raised,
    ):
        for result in pool.results(range(10, 20), window=4):
            handed.append(result)
    assert handed == [10, 11, 12]
    assert any("fail_on_three" in note for note in raised.value.__notes__)


@pytest.mark.parametrize(
    ("count", "work"),
    [
        (2, die_on_two),
        # One worker that holds the answers to the first two tasks when it dies on the third.
        (1, slow_first_then_die_on_two),
    ],
)
def test_a_worker_that_dies_ends_the_run_naming_the_task_it_was_on(
    count: int, work: Callable[[int, int, None], int]
) -> None:
    with (
        WorkerPool(CONTEXT, count, work, None, lambda task: f"page-{task}.html") as pool,
        pytest.raises(WorkerLostError) as raised,
    ):
        list(pool.results(range(10, 20), window=8))
    assert "ended abruptly while converting page-12.html " in str(raised.value)
    assert raised.value.exit_code == ExitCode.WORKER_LOST == 8


def test_workers_send_answers_a_few_at_a_time_while_tasks_wait(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    messages: list[int] = []
    real_receive = workers.Connection.recv_bytes

    def counted(connection: workers.Connection, maxlength: int | None = None) -> bytes:
        message = real_receive(connection, maxlength)
        messages.append(len(message))
        return message

    with WorkerPool(CONTEXT, 2, pause, 0.005) as pool:
        # Patched after the fork: only the main process counts what it reads.
        monkeypatch.setattr(workers.Connection, "recv_bytes", counted)
        results = list(pool.results(range(60), window=16))
    assert results == list(range(60))
    # One message per answer would be 60; answers held while tasks wait go ANSWERS_HELD at a time.
    assert ANSWERS_HELD == 3
    assert len(messages) <= 60 // ANSWERS_HELD + 8


def test_workers_end_when_the_consumer_stops_early() -> None:
    with WorkerPool(CONTEXT, 2, echo, 1) as pool:
        results = pool.results([b"t"] * 50, window=4)
        first = next(results)
        pids = {first[2]}
        pids.update(result[2] for result in (next(results), next(results), next(results)))
        results.close()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_cli_run_whose_worker_dies_exits_8_names_the_page_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = sorted((ROOT / "fixtures" / "pages" / "wordpress").glob("*.html"))[:3]
    assert len(pages) == 3
    real = runner.convert_page

    def dies_on_the_second(item: InputFile, options: PipelineOptions) -> PageResult:
        if item.name == str(pages[1]):  # forked workers inherit the patched module
            os.kill(os.getpid(), signal.SIGKILL)
        return real(item, options)

    monkeypatch.setattr(runner, "convert_page", dies_on_the_second)
    # forked even when an earlier test left a thread running (then the run would use a fork server)
    monkeypatch.setattr(runner, "_pool_context", lambda: CONTEXT)
    target = tmp_path / "blog.json"
    args = ["convert", *map(str, pages), "--to", "json", "-o", str(target), "-q", "--jobs", "2"]
    assert run_main(args, monkeypatch) == ExitCode.WORKER_LOST
    assert f"ended abruptly while converting {pages[1]}" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_worker_that_dies_writing_the_posts_ends_the_run_naming_them_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After the pages, the workers merge and render the posts (JSON): one that dies then ends
    the run as one that dies on a page does, naming the first post of its task."""
    pages = sorted((ROOT / "fixtures" / "pages" / "wordpress").glob("*.html"))[:3]

    def dies(task: runner.GroupTask, work: runner.SpoolWork) -> object:
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(runner, "render_groups", dies)
    monkeypatch.setattr(runner, "_pool_context", lambda: CONTEXT)
    target = tmp_path / "blog.json"
    args = ["convert", *map(str, pages), "--to", "json", "-o", str(target), "-q", "--jobs", "2"]
    assert run_main(args, monkeypatch) == ExitCode.WORKER_LOST
    message = capsys.readouterr().err
    assert "ended abruptly while converting the posts of " in message
    assert "and the 2 after it" in message
    assert list(tmp_path.iterdir()) == []
