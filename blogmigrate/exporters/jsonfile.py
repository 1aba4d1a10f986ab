"""JSON: the contract as one document, or as JSON Lines (one post per line), streamed post by post."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from typing import IO, Any, ClassVar, cast

from ..model import Post, Site
from ..output import document_writer
from .base import ExportOptions
from .jsontext import dumps_indented, dumps_record, nested_bytes, unchecked_record_bytes
from .records import document_header, post_dict


def dump(data: Any, *, indent: int | None = 2, prefix: str = "") -> str:
    """JSON text of ``data`` as ``json.dumps(ensure_ascii=False)`` writes it; with an indent,
    ``prefix`` follows every line break (a record nested in a document)."""
    if indent is None:
        return json.dumps(data, ensure_ascii=False)
    return dumps_indented(data, indent, prefix)


def post_bytes(post: Post, prefix: str = "") -> bytes:
    """One post's record as indented JSON text in UTF-8 (``prefix`` after each line break)."""
    # Records are safe already (normalize_post made them so): orjson's text proves it without a
    # safe_text pass over every string; the checked record is written when it cannot.
    encoded = unchecked_record_bytes(post_dict(post, checked=False))
    if encoded is None:
        return dumps_record(post_dict(post), prefix).encode()
    return nested_bytes(encoded, prefix)


def post_text(post: Post, prefix: str = "") -> str:
    """One post's record as indented JSON text (``prefix`` after each line break)."""
    return post_bytes(post, prefix).decode()


def document_post_bytes(post: Post) -> bytes:
    """A post's record as it stands in the document's ``posts`` list, in UTF-8."""
    return post_bytes(post, prefix="    ")


def json_line(post: Post) -> bytes:
    """A post's record as one line of JSON Lines, in UTF-8 (``json.dumps`` escapes newlines inside
    strings, so the record stays on its line)."""
    return (dump(post_dict(post), indent=None) + "\n").encode()


class _DocumentStream:
    """One output document (a file written atomically, or standard output) held open across a run,
    written as UTF-8 bytes."""

    single_document: ClassVar[bool] = True

    def __init__(self, options: ExportOptions) -> None:
        self.options = options
        self._stack = contextlib.ExitStack()
        self._binary: IO[bytes] | None = None

    def _open_stream(self) -> IO[bytes]:
        stream = self._stack.enter_context(
            document_writer(self.options.target, force=self.options.force)
        )
        self._binary = _bytes_of(stream)
        return self._binary

    @property
    def stream(self) -> IO[bytes]:
        assert self._binary is not None, "open() first"
        return self._binary

    def close(self) -> None:
        self.stream.write(self._ending())
        self._stack.close()

    def _ending(self) -> bytes:
        return b""

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._stack.__exit__(RuntimeError, RuntimeError("aborted"), None)


def _bytes_of(stream: IO[str]) -> IO[bytes]:
    """The binary stream under a text stream (UTF-8: `document_writer`'s files, standard output),
    what it held flushed first; a stream without one is written decoded."""
    stream.flush()
    binary: IO[bytes] | None = getattr(stream, "buffer", None)
    return binary if binary is not None else cast(IO[bytes], _DecodingWriter(stream))


class _DecodingWriter(io.RawIOBase):
    """Bytes written to a text stream that has no binary one under it (an in-memory stand-in)."""

    def __init__(self, stream: IO[str]) -> None:
        super().__init__()
        self._stream = stream

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._stream.write(bytes(data).decode())
        return len(data)


class JsonExporter(_DocumentStream):
    name: ClassVar[str] = "json"
    description: ClassVar[str] = "one JSON document with every post and comment (the contract)"
    rendered_records: ClassVar[tuple[type, ...]] = ()

    def __init__(self, options: ExportOptions) -> None:
        super().__init__(options)
        self._count = 0

    def open(self, site: Site) -> None:
        header = dump(document_header(site))
        self._open_stream().write((header[:-2] + ',\n  "posts": [').encode())

    @classmethod
    def renderer(cls, options: ExportOptions) -> Callable[[Post], bytes]:
        return document_post_bytes

    def write(self, post: Post) -> None:
        self.write_rendered(document_post_bytes(post))

    def write_rendered(self, text: bytes) -> None:
        self.stream.write(b",\n    " if self._count else b"\n    ")
        self.stream.write(text)
        self._count += 1

    def _ending(self) -> bytes:
        return b"\n  ]\n}\n" if self._count else b"]\n}\n"


class JsonLinesExporter(_DocumentStream):
    """One post per line (JSON Lines): each line validates against the schema's ``#/$defs/post``."""

    name: ClassVar[str] = "jsonl"
    description: ClassVar[str] = "JSON Lines: one post (with its comments) per line, streamed"
    rendered_records: ClassVar[tuple[type, ...]] = ()

    def open(self, site: Site) -> None:
        self._open_stream()

    @classmethod
    def renderer(cls, options: ExportOptions) -> Callable[[Post], bytes]:
        return json_line

    def write(self, post: Post) -> None:
        self.stream.write(json_line(post))

    def write_rendered(self, text: bytes) -> None:
        self.stream.write(text)
