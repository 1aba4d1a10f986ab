"""Worker processes for ``convert --jobs N``: every task goes to a worker, every result comes back to
the main process, results in the order of the tasks.

The main process alone talks to the workers, over two one-way pipes per worker: one pickled task out
and one pickled result back per page, and a `multiprocessing.connection.wait` for whichever worker
answers first. concurrent.futures' process pool, used before, does the same through two helper
threads of the main process (one woken for every result, one pickling every call), a future with its
condition variable and a wake-up pipe per task: ~0.4 ms of the main process's CPU per page, on the
same cores as the workers (half of what the main process spent while the workers converted pages).
"""

from __future__ import annotations

import contextlib
import multiprocessing.context
import pickle
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from types import TracebackType
from typing import Any, Generic, TypeVar

from ..errors import WorkerLostError

_Task = TypeVar("_Task")
_Argument = TypeVar("_Argument")
_Result = TypeVar("_Result")

TASKS_PER_WORKER = 2
"""Tasks handed to one worker and not answered yet: the one it works on and the next, waiting in its
pipe, so that a worker never waits for the main process (which shares the cores with the workers)."""
QUEUED_TASK_BYTES = 4096
"""The largest pickled task queued behind another one. A larger task (a page read from a tar archive
or standard input, with its bytes) goes only to a worker with nothing left to answer: that worker
is reading its pipe, so writing the task cannot block. Queued tasks (at most `TASKS_PER_WORKER` of
them unread) fit in any pipe's buffer (64 KiB on Linux, 16 KiB on macOS): writing one never blocks
either, even while the worker itself waits to write a result that the main process has not read yet.
"""
_STOP = b""
"""The message that ends a worker."""


def _serve(
    work: Callable[[int, Any, Any], Any], argument: Any, tasks: Connection, results: Connection
) -> None:
    """A worker's loop: ``work(sequence, task, argument)`` for each task until told to stop."""
    # Ctrl-C is left to the main process, which stops the run cleanly (a terminal sends it to the
    # whole process group, workers included).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            message = tasks.recv_bytes()
        except EOFError:  # the main process is gone
            return
        if message == _STOP:
            return
        sequence, task = pickle.loads(message)
        try:
            answer = pickle.dumps(
                (sequence, work(sequence, task, argument), None), pickle.HIGHEST_PROTOCOL
            )
        except BaseException as error:  # raised in the main process, when this task's turn comes
            answer = _failure(sequence, error)
        results.send_bytes(answer)


def _failure(sequence: int, error: BaseException) -> bytes:
    """A worker's error as its answer, with the worker's traceback as a note."""
    error.add_note("".join(traceback.format_exception(error)).rstrip())
    try:
        return pickle.dumps((sequence, None, error), pickle.HIGHEST_PROTOCOL)
    except Exception:  # an error that does not pickle: its text does
        stand_in = RuntimeError(f"{type(error).__name__}: {error}")
        return pickle.dumps((sequence, None, stand_in), pickle.HIGHEST_PROTOCOL)


class _Worker:
    """One worker process and the main process's ends of its pipes."""

    def __init__(
        self,
        context: multiprocessing.context.BaseContext,
        work: Callable[[int, Any, Any], Any],
        argument: Any,
    ) -> None:
        tasks_out, self.tasks = context.Pipe(duplex=False)
        self.results, results_in = context.Pipe(duplex=False)
        self.process = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(work, argument, tasks_out, results_in), daemon=True
        )
        self.process.start()
        # The worker's ends belong to the worker: when it dies, reading its results ends at once.
        tasks_out.close()
        results_in.close()
        self.in_hand: deque[str] = deque()
        """The labels of the tasks handed to the worker and not answered yet, oldest first."""

    @property
    def unanswered(self) -> int:
        return len(self.in_hand)

    def send(self, message: bytes, label: str) -> None:
        try:
            self.tasks.send_bytes(message)
        except OSError:  # a broken pipe: the worker is gone
            raise self.lost() from None
        self.in_hand.append(label)

    def answered(self) -> None:
        self.in_hand.popleft()  # a worker answers its tasks in the order it was handed them

    def lost(self) -> WorkerLostError:
        """The error that ends the run when this worker is gone, naming the task it was on."""
        on = f" while converting {self.in_hand[0]}" if self.in_hand else ""
        return WorkerLostError(
            f"a worker process ended abruptly{on} (killed, out of memory, or a crash in a "
            "library); nothing was written. Run again without that page, or with --jobs 1 to "
            "see what happens on it"
        )

    def stop(self) -> None:
        with contextlib.suppress(OSError):  # already gone
            self.tasks.send_bytes(_STOP)
        self.process.join()

    def kill(self) -> None:
        self.process.terminate()
        self.process.join()

    def close(self) -> None:
        self.tasks.close()
        self.results.close()


class WorkerPool(Generic[_Task, _Argument, _Result]):
    """``count`` worker processes, each calling ``work(sequence, task, argument)`` for the tasks it is
    handed; used as a context manager (left by an error, or by a consumer that stops early, the
    workers are killed at once: nothing they were doing is wanted any more). ``describe`` names a
    task in the error that ends the run when a worker dies (`WorkerLostError`)."""

    def __init__(
        self,
        context: multiprocessing.context.BaseContext,
        count: int,
        work: Callable[[int, _Task, _Argument], _Result],
        argument: _Argument,
        describe: Callable[[_Task], str] = str,
    ) -> None:
        self._describe = describe
        self._workers: list[_Worker] = []
        try:
            for _ in range(count):
                self._workers.append(_Worker(context, work, argument))
        except BaseException:
            self._end(kill=True)
            raise

    def __enter__(self) -> WorkerPool[_Task, _Argument, _Result]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._end(kill=kind is not None)

    def _end(self, *, kill: bool) -> None:
        for worker in self._workers:
            if kill:
                worker.kill()
            else:
                worker.stop()
            worker.close()
        self._workers = []

    def results(self, tasks: Iterable[_Task], window: int) -> Iterator[_Result]:
        """``work(sequence, task, argument)`` of every task (``sequence`` its position), in the
        tasks' order, at most ``window`` tasks ahead of the result handed out last. A worker's error
        is raised when its task's turn comes."""
        pending = enumerate(tasks)
        answers: dict[int, tuple[_Result, BaseException | None]] = {}
        held: bytes | None = None  # the next task, pickled, until a worker may take it
        label = ""  # what the held task is, for the error if its worker dies
        sent = handed = 0
        exhausted = False
        while True:
            while sent - handed < window:
                if held is None:
                    task = next(pending, None)
                    if task is None:
                        exhausted = True
                        break
                    held = pickle.dumps(task, pickle.HIGHEST_PROTOCOL)
                    label = self._describe(task[1])
                worker = self._worker_for(len(held))
                if worker is None:
                    break
                worker.send(held, label)
                held = None
                sent += 1
            if handed in answers:
                result, error = answers.pop(handed)
                handed += 1
                if error is not None:
                    raise error
                yield result
            elif exhausted and handed == sent:
                return
            else:
                self._receive(answers)

    def _worker_for(self, size: int) -> _Worker | None:
        """The least busy worker that may take a task of ``size`` bytes now (see
        `QUEUED_TASK_BYTES`), or None."""
        worker = min(self._workers, key=lambda worker: worker.unanswered)
        limit = TASKS_PER_WORKER if size <= QUEUED_TASK_BYTES else 1
        return worker if worker.unanswered < limit else None

    def _receive(self, answers: dict[int, tuple[_Result, BaseException | None]]) -> None:
        """Wait for at least one answer and keep every answer that came."""
        waited_on: dict[Any, _Worker] = {}
        for worker in self._workers:
            waited_on[worker.results] = worker
            waited_on[worker.process.sentinel] = worker
        for ready in wait(list(waited_on)):
            worker = waited_on[ready]
            if ready is worker.results:
                try:
                    message = worker.results.recv_bytes()
                except EOFError:
                    raise worker.lost() from None
                sequence, result, error = pickle.loads(message)
                worker.answered()
                answers[sequence] = (result, error)
            elif not worker.results.poll():  # it ended, and left no answer to read
                raise worker.lost()
