"""An on-disk group-by for the merge: copies and feed entries go into a temporary SQLite file as the
pages are read, then come back one post's group at a time, so memory holds one group, not the blog.

A capture's bytes (bodies and comments, ~28 KB a page on the bench's pages) never pass through the
main process while pages are converted: the process that converted the page appends them to a spool
file of its own in the store's folder (`spool_captures`), and the database keeps only where they lie.
Sent over the workers' pipes, unpickled and inserted, they cost the main process ~0.1 ms a page, on
the cores the workers convert pages on.

A capture is kept in two pieces, its post's comments apart from the rest: copies of a post often
hold the same comments (the same page saved under two addresses, or twice), and comments whose
bytes are the same are unpickled once per group and given to every such copy as one tuple, which
`merge.merge_comments` then merges once.
"""

from __future__ import annotations

import io
import os
import pickle
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from ..errors import OutputError
from ..model import Comment
from . import pickling as _pickling  # noqa: F401  # registers how records are pickled
from .feeds import FeedEntry
from .merge import Capture

Row = tuple[str, int, bytes]
"""One stored feed entry: its post key, its order in the inputs, the entry pickled."""
CaptureRow = tuple[str, int, bytes, bytes]
"""One capture as `capture_row` makes it: its post key, its order in the inputs, the capture pickled
without its post's comments, the comments pickled."""
SpooledCapture = tuple[str, int, str, int, int, int]
"""One capture written by `spool_captures`: its post key, its order in the inputs, the spool file's
name, where the capture's bytes start in it, their length, then the comments' length (the comments'
bytes follow the capture's)."""
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


def spool_captures(folder: str, rows: Sequence[CaptureRow]) -> tuple[SpooledCapture, ...]:
    """Appends the rows' bytes to this process's spool file in ``folder`` (a `GroupStore`'s) and
    tells where they lie. Each process writes a file of its own; the main process reads the files
    only once every page is converted."""
    if not rows:
        return ()
    name = f"captures-{os.getpid()}.bin"
    spooled = []
    try:
        with (Path(folder) / name).open("ab") as spool:
            offset = spool.tell()  # a file opened to append is at its end
            for key, sequence, record, comments in rows:
                spool.write(record)
                spool.write(comments)
                spooled.append((key, sequence, name, offset, len(record), len(comments)))
                offset += len(record) + len(comments)
    except OSError as error:
        raise OutputError(
            f"{folder}: cannot write the merge's temporary file ({error}); free some space there, "
            "or point TMPDIR at a disk with room"
        ) from None
    return tuple(spooled)


class SpoolReader:
    """The bytes of spooled captures, read from the spool files of ``folder``. Plain reads, not a
    memory map: the pages of a mapped file that the merge has read count in the process's memory
    until it is unmapped, and a whole archive's spool would (22 MiB more at 10 000 pages)."""

    def __init__(self, folder: str) -> None:
        self._folder = folder
        self._files: dict[str, BinaryIO] = {}

    def pair(self, row: SpooledCapture) -> tuple[bytes, bytes]:
        """A capture's (record, comments) bytes, as `load_captures` takes them."""
        name, start, record_size, comments_size = row[2:]
        spool = self._files.get(name)
        if spool is None:
            spool = self._files[name] = (Path(self._folder) / name).open("rb", buffering=0)
        spool.seek(start)
        return _read_exactly(spool, record_size), _read_exactly(spool, comments_size)

    def close(self) -> None:
        for spool in self._files.values():
            spool.close()
        self._files.clear()


def _read_exactly(spool: BinaryIO, size: int) -> bytes:
    data = spool.read(size)
    if len(data) != size:
        raise OSError(f"{spool.name}: the merge's temporary file ends early")
    return data


def feed_row(key: str, sequence: int, entry: FeedEntry) -> Row:
    return key, sequence, pickle.dumps(entry, pickle.HIGHEST_PROTOCOL)


_FLUSH_BYTES = 1 << 20
"""Rows kept (up to ~1 MiB) before one insert of them all: an insert per page costs more than the
rows' copying, and the main process does it while the workers convert pages."""
_SPOOLED_ROW_BYTES = 400
"""About what one `SpooledCapture` weighs in memory (the tuple, its key, its file name and numbers:
~380 bytes for a 60-character key), as `_FLUSH_BYTES` counts it."""


class GroupStore:
    """Captures and feed entries by post key, in a temporary folder removed on close: a database,
    and the spool files that `spool_captures` writes in `folder`."""

    def __init__(self, folder: str | None = None) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="blogmigrate-merge-", dir=folder)
        self.folder = self._folder.name
        """Where every process converting pages spools its captures' bytes."""
        self._spools = SpoolReader(self.folder)
        self._db = sqlite3.connect(Path(self.folder) / "groups.sqlite")
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute(
            "CREATE TABLE captures (key TEXT, sequence INTEGER, spool TEXT, start INTEGER,"
            " record_size INTEGER, comments_size INTEGER)"
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

    def add_captures(self, rows: Iterable[SpooledCapture]) -> None:
        """Captures that `spool_captures` wrote in `folder`."""
        pending = self._pending["captures"]
        for row in rows:
            pending.append(row)
            self._pending_bytes += _SPOOLED_ROW_BYTES
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
        for _key, rows in self.group_rows():
            yield load_captures(self._spools.pair(row) for row in rows)

    def group_rows(self) -> Iterator[tuple[str, list[SpooledCapture]]]:
        """Each post's key and spooled captures (`SpoolReader` reads them), in `groups`' order."""
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
                "SELECT key, sequence, spool, start, record_size, comments_size FROM captures"
                " WHERE key = ? ORDER BY sequence",
                (key,),
            )
            yield key, rows.fetchall()

    def feed_entries(self, key: str) -> list[FeedEntry]:
        return [pickle.loads(record) for record in self.feed_records(key)]

    def feed_records(self, key: str) -> list[bytes]:
        """The post's feed entries as `feed_row` pickled them, in input order."""
        self._flush()
        self._db.execute("CREATE INDEX IF NOT EXISTS feeds_key ON feeds (key, sequence)")
        rows = self._db.execute("SELECT record FROM feeds WHERE key = ? ORDER BY sequence", (key,))
        return [record for (record,) in rows]

    def close(self) -> None:
        self._spools.close()
        self._db.close()
        self._folder.cleanup()
