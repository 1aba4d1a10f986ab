"""An on-disk group-by for the merge: copies and feed entries go into a temporary SQLite file as the
pages are read, then come back one post's group at a time, so memory holds one group, not the blog.
"""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

from . import pickling as _pickling  # noqa: F401  # registers how records are pickled
from .feeds import FeedEntry
from .merge import Capture

Row = tuple[str, int, bytes]
"""One stored record: its post key, its order in the inputs, the record pickled."""


def capture_row(capture: Capture) -> Row:
    """A capture as the store keeps it (worker processes make these, so the main process only
    copies bytes into the database)."""
    return capture.key, capture.sequence, pickle.dumps(capture, pickle.HIGHEST_PROTOCOL)


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
        self._db.execute("CREATE TABLE captures (key TEXT, sequence INTEGER, record BLOB)")
        self._db.execute("CREATE TABLE feeds (key TEXT, sequence INTEGER, record BLOB)")
        self._pending: dict[str, list[Row]] = {"captures": [], "feeds": []}
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

    def add_captures(self, rows: Iterable[Row]) -> None:
        """Captures made by `capture_row`."""
        self._add("captures", rows)

    def add_feed_entries(self, rows: Iterable[Row]) -> None:
        """Feed entries made by `feed_row`."""
        self._add("feeds", rows)

    def _add(self, table: str, rows: Iterable[Row]) -> None:
        pending = self._pending[table]
        for row in rows:
            pending.append(row)
            self._pending_bytes += len(row[2])
        if self._pending_bytes >= _FLUSH_BYTES:
            self._flush()

    def _flush(self) -> None:
        for table, pending in self._pending.items():
            if pending:
                self._db.executemany(f"INSERT INTO {table} VALUES (?, ?, ?)", pending)
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
                "SELECT record FROM captures WHERE key = ? ORDER BY sequence", (key,)
            )
            yield [pickle.loads(record) for (record,) in rows]

    def feed_entries(self, key: str) -> list[FeedEntry]:
        self._flush()
        self._db.execute("CREATE INDEX IF NOT EXISTS feeds_key ON feeds (key, sequence)")
        rows = self._db.execute("SELECT record FROM feeds WHERE key = ? ORDER BY sequence", (key,))
        return [pickle.loads(record) for (record,) in rows]

    def close(self) -> None:
        self._db.close()
        self._folder.cleanup()
