"""An on-disk group-by for the merge: copies and feed entries go into a temporary SQLite file as the
pages are read, then come back one post's group at a time, so memory holds one group, not the blog.
"""

from __future__ import annotations

import copyreg
import pickle
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any

from .feeds import FeedEntry
from .merge import Capture


def _mapping_proxy(data: dict[str, Any]) -> MappingProxyType[str, Any]:
    return MappingProxyType(data)


def _reduce_mapping_proxy(proxy: MappingProxyType[str, Any]) -> tuple[Any, tuple[dict[str, Any]]]:
    return _mapping_proxy, (dict(proxy),)


# Records keep their `extra` in a read-only MappingProxyType, which pickle cannot handle by itself:
# worker processes, this store and Dask all pickle records.
copyreg.pickle(MappingProxyType, _reduce_mapping_proxy)


class GroupStore:
    """Captures and feed entries by post key, in a temporary database removed on close."""

    def __init__(self, folder: str | None = None) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="blogmigrate-merge-", dir=folder)
        self._db = sqlite3.connect(Path(self._folder.name) / "groups.sqlite")
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE captures (key TEXT, sequence INTEGER, record BLOB)")
        self._db.execute("CREATE TABLE feeds (key TEXT, sequence INTEGER, record BLOB)")

    def __enter__(self) -> GroupStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def add_capture(self, capture: Capture) -> None:
        self._db.execute(
            "INSERT INTO captures VALUES (?, ?, ?)",
            (capture.key, capture.sequence, pickle.dumps(capture, pickle.HIGHEST_PROTOCOL)),
        )

    def add_feed_entry(self, key: str, sequence: int, entry: FeedEntry) -> None:
        self._db.execute(
            "INSERT INTO feeds VALUES (?, ?, ?)",
            (key, sequence, pickle.dumps(entry, pickle.HIGHEST_PROTOCOL)),
        )

    def groups(self) -> Iterator[list[Capture]]:
        """Each post's captures, groups in the order of their first input, captures in input order."""
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
        self._db.execute("CREATE INDEX IF NOT EXISTS feeds_key ON feeds (key, sequence)")
        rows = self._db.execute("SELECT record FROM feeds WHERE key = ? ORDER BY sequence", (key,))
        return [pickle.loads(record) for (record,) in rows]

    def close(self) -> None:
        self._db.close()
        self._folder.cleanup()
