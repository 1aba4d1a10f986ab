"""An on-disk group-by for the merge: copies and feed entries go into a temporary SQLite file as the
pages are read, then come back one post's group at a time, so memory holds one group, not the blog.

A capture is kept in two pieces, its post's comments apart from the rest: copies of a post often
hold the same comments (the same page saved under two addresses, or twice), and comments whose
bytes are the same are unpickled once per group and given to every such copy as one tuple, which
`merge.merge_comments` then merges once.
"""

from __future__ import annotations

import io
import pickle
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from ..model import Comment
from . import pickling as _pickling  # noqa: F401  # registers how records are pickled
from .feeds import FeedEntry
from .merge import Capture

Row = tuple[str, int, bytes]
"""One stored feed entry: its post key, its order in the inputs, the entry pickled."""
CaptureRow = tuple[str, int, bytes, bytes]
"""One stored capture: its post key, its order in the inputs, the capture pickled without its
post's comments, the comments pickled."""
_COMMENTS = "comments"
"""The persistent id that stands for the post's comments in a pickled capture."""


class _CommentsApart(pickle.Pickler):
    """Pickles a capture with its post's comments left out: `persistent_id` names them."""

    def __init__(self, file: io.BytesIO, comments: tuple[Comment, ...]) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self._comments = comments

    def persistent_id(self, obj: Any) -> str | None:
        # Called for every object of the capture but its comments (~50): cheap against pickling.
        return _COMMENTS if obj is self._comments else None


class _CommentsBack(pickle.Unpickler):
    """Unpickles a capture pickled by `_CommentsApart`, its comments given back."""

    def __init__(self, record: bytes, comments: tuple[Comment, ...]) -> None:
        super().__init__(io.BytesIO(record))
        self._comments = comments

    def persistent_load(self, pid: Any) -> tuple[Comment, ...]:
        if pid != _COMMENTS:
            raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")
        return self._comments


def capture_row(capture: Capture) -> CaptureRow:
    """A capture as the store keeps it (worker processes make these, so the main process only
    copies bytes into the database)."""
    record = io.BytesIO()
    _CommentsApart(record, capture.post.comments).dump(capture)
    comments = pickle.dumps(capture.post.comments, pickle.HIGHEST_PROTOCOL)
    return capture.key, capture.sequence, record.getvalue(), comments


def load_captures(rows: Iterable[tuple[bytes, bytes]]) -> list[Capture]:
    """The captures of stored (record, comments) pairs; comments stored as the same bytes come back
    as one tuple, unpickled once."""
    loaded: dict[bytes, tuple[Comment, ...]] = {}
    captures = []
    for record, blob in rows:
        comments = loaded.get(blob)
        if comments is None:
            comments = loaded[blob] = pickle.loads(blob)
        captures.append(_CommentsBack(record, comments).load())
    return captures


def feed_row(key: str, sequence: int, entry: FeedEntry) -> Row:
    return key, sequence, pickle.dumps(entry, pickle.HIGHEST_PROTOCOL)


_FLUSH_BYTES = 1 << 20
"""Pickled rows kept (up to ~1 MiB) before one insert of them all: an insert per page costs more
than the rows' copying, and the main process does it while the workers convert pages."""


class GroupStore:
    """Captures and feed entries by post key, in a temporary database removed on close."""

    def __init__(self, folder: str | None = None) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="blogmigrate-merge-", dir=folder)
        self._db = sqlite3.connect(Path(self._folder.name) / "groups.sqlite")
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute(
            "CREATE TABLE captures (key TEXT, sequence INTEGER, record BLOB, comments BLOB)"
        )
        self._db.execute("CREATE TABLE feeds (key TEXT, sequence INTEGER, record BLOB)")
        self._pending: dict[str, list[tuple[Any, ...]]] = {"captures": [], "feeds": []}
        self._pending_bytes = 0

    def __enter__(self) -> GroupStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def add_captures(self, rows: Iterable[CaptureRow]) -> None:
        """Captures made by `capture_row`."""
        pending = self._pending["captures"]
        for row in rows:
            pending.append(row)
            self._pending_bytes += len(row[2]) + len(row[3])
        self._flush_when_full()

    def add_feed_entries(self, rows: Iterable[Row]) -> None:
        """Feed entries made by `feed_row`."""
        pending = self._pending["feeds"]
        for row in rows:
            pending.append(row)
            self._pending_bytes += len(row[2])
        self._flush_when_full()

    def _flush_when_full(self) -> None:
        if self._pending_bytes >= _FLUSH_BYTES:
            self._flush()

    def _flush(self) -> None:
        for table, pending in self._pending.items():
            if pending:
                places = ", ".join("?" * len(pending[0]))
                self._db.executemany(f"INSERT INTO {table} VALUES ({places})", pending)
                pending.clear()
        self._pending_bytes = 0

    def groups(self) -> Iterator[list[Capture]]:
        """Each post's captures, groups in the order of their first input, captures in input order."""
        self._flush()
        self._db.execute("CREATE INDEX IF NOT EXISTS captures_key ON captures (key, sequence)")
        keys = [
            key
            for (key,) in self._db.execute(
                "SELECT key FROM captures GROUP BY key ORDER BY MIN(sequence)"
            )
        ]
        for key in keys:
            rows = self._db.execute(
                "SELECT record, comments FROM captures WHERE key = ? ORDER BY sequence", (key,)
            )
            yield load_captures(rows)

    def feed_entries(self, key: str) -> list[FeedEntry]:
        self._flush()
        self._db.execute("CREATE INDEX IF NOT EXISTS feeds_key ON feeds (key, sequence)")
        rows = self._db.execute("SELECT record FROM feeds WHERE key = ? ORDER BY sequence", (key,))
        return [pickle.loads(record) for (record,) in rows]

    def close(self) -> None:
        self._db.close()
        self._folder.cleanup()
