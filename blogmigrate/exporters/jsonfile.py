"""JSON: the contract as one document, or as JSON Lines (one post per line), streamed post by post."""

from __future__ import annotations

import contextlib
import json
from typing import IO, Any, ClassVar

from ..model import Post, Site
from ..output import document_writer
from .base import ExportOptions
from .jsontext import dumps_indented, dumps_record, nested, unchecked_record_text
from .records import document_header, post_dict


def dump(data: Any, *, indent: int | None = 2, prefix: str = "") -> str:
    """JSON text of ``data`` as ``json.dumps(ensure_ascii=False)`` writes it; with an indent,
    ``prefix`` follows every line break (a record nested in a document)."""
    if indent is None:
        return json.dumps(data, ensure_ascii=False)
    return dumps_indented(data, indent, prefix)


def post_text(post: Post, prefix: str = "") -> str:
    """One post's record as indented JSON text (``prefix`` after each line break)."""
    # Records are safe already (normalize_post made them so): orjson's text proves it without a
    # safe_text pass over every string; the checked record is written when it cannot.
    text = unchecked_record_text(post_dict(post, checked=False))
    if text is None:
        return dumps_record(post_dict(post), prefix)
    return nested(text, prefix)


class _DocumentStream:
    """One output document (a file written atomically, or standard output) held open across a run."""

    single_document: ClassVar[bool] = True

    def __init__(self, options: ExportOptions) -> None:
        self.options = options
        self._stack = contextlib.ExitStack()
        self._stream: IO[str] | None = None

    def _open_stream(self) -> IO[str]:
        self._stream = self._stack.enter_context(
            document_writer(self.options.target, force=self.options.force)
        )
        return self._stream

    @property
    def stream(self) -> IO[str]:
        assert self._stream is not None, "open() first"
        return self._stream

    def close(self) -> None:
        self.stream.write(self._ending())
        self._stack.close()

    def _ending(self) -> str:
        return ""

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._stack.__exit__(RuntimeError, RuntimeError("aborted"), None)


class JsonExporter(_DocumentStream):
    name: ClassVar[str] = "json"
    description: ClassVar[str] = "one JSON document with every post and comment (the contract)"

    def __init__(self, options: ExportOptions) -> None:
        super().__init__(options)
        self._count = 0

    def open(self, site: Site) -> None:
        header = dump(document_header(site))
        self._open_stream().write(header[:-2] + ',\n  "posts": [')

    def write(self, post: Post) -> None:
        text = post_text(post, prefix="    ")
        self.stream.write(("," if self._count else "") + "\n    " + text)
        self._count += 1

    def _ending(self) -> str:
        return "\n  ]\n}\n" if self._count else "]\n}\n"


class JsonLinesExporter(_DocumentStream):
    """One post per line (JSON Lines): each line validates against the schema's ``#/$defs/post``."""

    name: ClassVar[str] = "jsonl"
    description: ClassVar[str] = "JSON Lines: one post (with its comments) per line, streamed"

    def open(self, site: Site) -> None:
        self._open_stream()

    def write(self, post: Post) -> None:
        # json.dumps escapes newlines inside strings, so each record stays on its own line.
        self.stream.write(dump(post_dict(post), indent=None) + "\n")
