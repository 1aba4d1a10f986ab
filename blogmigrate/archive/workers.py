"""Worker processes for ``convert --jobs N``: every task goes to a worker, every result comes back to
the main process, results in the order of the tasks.

The main process alone talks to the workers, over two one-way pipes per worker: one pickled task out
per page, pickled results back a few pages at a time, and a selector for whichever worker answers
first. concurrent.futures' process pool, used before, does the same through two helper threads of the
main process (one woken for every result, one pickling every call), a future with its condition
variable and a wake-up pipe per task: ~0.4 ms of the main process's CPU per page, on the same cores
as the workers (half of what the main process spent while the workers converted pages).

Every time the main process wakes up it costs the workers more than its own work shows: it runs on
their cores, with caches they have filled. So a worker holds its answers while more tasks wait in its
pipe, and sends up to `ANSWERS_HELD` at once: on 680 pages with two workers the main process's CPU
while they convert fell from ~0.16 to ~0.08 s.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing.context
import pickle
import selectors
import signal
import sys
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

TASKS_PER_WORKER = 4
"""Tasks handed to one worker and not answered yet: the one it works on and those waiting in its pipe,
so that a worker never waits for the main process (which shares the cores with the workers)."""
ANSWERS_HELD = TASKS_PER_WORKER - 1
"""The most answers a worker holds before it sends them: then one task is still waiting in its pipe,
to work on while the main process hands it more. A worker whose pipe holds no task sends what it
holds at once, so the last pages' answers are not held back."""
QUEUED_TASK_BYTES = 3072
"""The largest pickled task queued behind another one. A larger task (a page read from a tar archive
or standard input, with its bytes) goes only to a worker with nothing left to answer: that worker
is reading its pipe, so writing the task cannot block. Queued tasks (at most `TASKS_PER_WORKER` of
them unread) fit in any pipe's buffer (64 KiB on Linux, 16 KiB on macOS): writing one never blocks
either, even while the worker itself waits to write a result that the main process has not read yet.
"""
PIPES_SELECTABLE = sys.platform != "win32"
"""Whether the system's selector can wait on pipes (on Windows, `wait` does)."""
_STOP = b""
"""The message that ends a worker."""


def _serve(
    work: Callable[[int, Any, Any], Any],
    argument: Any,
    tasks: Connection,
    results: Connection,
    started: Any,
) -> None:
    """A worker's loop: ``work(sequence, task, argument)`` for each task until told to stop, the
    sequence of the task it is on in the shared ``started``, answers sent as `ANSWERS_HELD` says
    (one message: the answers' pickles one after the other)."""
    # Ctrl-C is left to the main process, which stops the run cleanly (a terminal sends it to the
    # whole process group, workers included).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    held: list[bytes] = []
    while True:
        try:
            message = tasks.recv_bytes()
        except EOFError:  # the main process is gone
            return
        if message == _STOP:
            return
        sequence, task = pickle.loads(message)
        started.value = sequence
        try:
            answer = pickle.dumps(
                (sequence, work(sequence, task, argument), None), pickle.HIGHEST_PROTOCOL
            )
        except BaseException as error:  # raised in the main process, when this task's turn comes
            answer = _failure(sequence, error)
        held.append(answer)
        if len(held) >= ANSWERS_HELD or not tasks.poll():
            results.send_bytes(b"".join(held))
            held.clear()


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
        self.started = context.RawValue("q", -1)
        """The sequence of the task the worker is on (it may hold answers to earlier ones)."""
        self.process = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(work, argument, tasks_out, results_in, self.started), daemon=True
        )
        self.process.start()
        # The worker's ends belong to the worker: when it dies, reading its results ends at once.
        tasks_out.close()
        results_in.close()
        self.in_hand: deque[tuple[int, str]] = deque()
        """The sequences and labels of the tasks handed to the worker and not answered yet, oldest
        first."""

    @property
    def unanswered(self) -> int:
        return len(self.in_hand)

    def send(self, message: bytes, sequence: int, label: str) -> None:
        try:
            self.tasks.send_bytes(message)
        except OSError:  # a broken pipe: the worker is gone
            raise self.lost() from None
        self.in_hand.append((sequence, label))

    def answered(self) -> None:
        self.in_hand.popleft()  # a worker answers its tasks in the order it was handed them

    def lost(self) -> WorkerLostError:
        """The error that ends the run when this worker is gone, naming the task it was on."""
        labels = dict(self.in_hand)
        label = labels.get(self.started.value) or (self.in_hand[0][1] if self.in_hand else "")
        on = f" while converting {label}" if label else ""
        return WorkerLostError(
            f"a worker process ended abruptly{on} (killed, out of memory, or a crash in a "
            "library); nothing was written. Run again without that page, or with --jobs 1 to "
            "see what happens on it"
        )

    def stop(self) -> None:
        """Tells the worker to end (`close` waits for it)."""
        with contextlib.suppress(OSError):  # already gone
            self.tasks.send_bytes(_STOP)

    def kill(self) -> None:
        """Ends the worker at once (`close` waits for it)."""
        self.process.terminate()

    def close(self) -> None:
        self.process.join()
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
        self._answers = _Answers()
        try:
            for _ in range(count):
                worker = _Worker(context, work, argument)
                self._workers.append(worker)
                self._answers.watch(worker)
        except BaseException:
            self._end(kill=True)
            raise

    def __enter__(self) -> WorkerPool[_Task, _Argument, _Result]:
        return self

    @property
    def size(self) -> int:
        """How many workers the pool has."""
        return len(self._workers)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._end(kill=kind is not None)

    def _end(self, *, kill: bool) -> None:
        # Every worker is told first, then waited for: they end side by side.
        for worker in self._workers:
            if kill:
                worker.kill()
            else:
                worker.stop()
        for worker in self._workers:
            worker.close()
        self._workers = []
        self._answers.close()

    def results(self, tasks: Iterable[_Task], window: int) -> Iterator[_Result]:
        """``work(sequence, task, argument)`` of every task (``sequence`` its position), in the
        tasks' order, at most ``window`` tasks ahead of the result handed out last. A worker's error
        is raised when its task's turn comes. Once every result of a call is taken, the same
        workers take the tasks of the next call (a run's pages, then its posts)."""
        pending = enumerate(tasks)
        answers: dict[int, tuple[_Result, BaseException | None]] = {}
        held: bytes | None = None  # the next task, pickled, until a worker may take it
        sequence, label = 0, ""  # its position and what it is, for the error if its worker dies
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
                    sequence, label = task[0], self._describe(task[1])
                worker = self._worker_for(len(held))
                if worker is None:
                    break
                worker.send(held, sequence, label)
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
        for worker, ready in self._answers.ready():
            if ready is worker.results:
                try:
                    message = worker.results.recv_bytes()
                except EOFError:
                    raise worker.lost() from None
                answered = io.BytesIO(message)
                while answered.tell() < len(message):
                    sequence, result, error = pickle.load(answered)
                    worker.answered()
                    answers[sequence] = (result, error)
            elif not worker.results.poll():  # it ended, and left no answer to read
                raise worker.lost()


class _Answers:
    """What the main process waits on: each worker's results pipe and its process's sentinel
    (readable once it has ended). Registered once with the system's selector (epoll, kqueue):
    `multiprocessing.connection.wait`, which makes and fills a selector on every call, cost the
    main process ~0.07 ms a page, on the cores the workers need. Where pipes cannot be selected
    (Windows), `wait` it is."""

    def __init__(self) -> None:
        self._selector = selectors.DefaultSelector() if PIPES_SELECTABLE else None
        self._watched: dict[Any, _Worker] = {}
        """Without a selector: what `wait` is given, and whose each one is."""

    def watch(self, worker: _Worker) -> None:
        for waitable in (worker.results, worker.process.sentinel):
            if self._selector is not None:
                self._selector.register(waitable, selectors.EVENT_READ, (worker, waitable))
            else:
                self._watched[waitable] = worker

    def ready(self) -> list[tuple[_Worker, Any]]:
        """The (worker, waitable) pairs ready to read, after waiting for at least one."""
        if self._selector is None:
            return [(self._watched[ready], ready) for ready in wait(list(self._watched))]
        while True:
            events = self._selector.select()
            if events:  # none only when a signal interrupted the wait
                return [key.data for key, _ in events]

    def close(self) -> None:
        if self._selector is not None:
            self._selector.close()
        self._watched.clear()
