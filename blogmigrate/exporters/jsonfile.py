"""JSON: the contract as one document, streamed post by post."""

from __future__ import annotations

import contextlib
import json
from typing import IO, Any, ClassVar

from ..model import Post, Site
from ..output import document_writer
from .base import ExportOptions
from .records import document_header, post_dict


def dump(data: Any, *, indent: int | None = 2) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent)


class JsonExporter:
    name: ClassVar[str] = "json"
    single_document: ClassVar[bool] = True
    description: ClassVar[str] = "one JSON document with every post and comment (the contract)"

    def __init__(self, options: ExportOptions) -> None:
        self.options = options
        self._stack = contextlib.ExitStack()
        self._stream: IO[str] | None = None
        self._count = 0

    def open(self, site: Site) -> None:
        self._stream = self._stack.enter_context(
            document_writer(self.options.target, force=self.options.force)
        )
        header = dump(document_header(site))
        self._stream.write(header[:-2] + ',\n  "posts": [')

    def write(self, post: Post) -> None:
        assert self._stream is not None, "open() first"
        text = dump(post_dict(post)).replace("\n", "\n    ")
        self._stream.write(("," if self._count else "") + "\n    " + text)
        self._count += 1

    def close(self) -> None:
        assert self._stream is not None, "open() first"
        self._stream.write("\n  ]\n}\n" if self._count else "]\n}\n")
        self._stack.close()

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._stack.__exit__(RuntimeError, RuntimeError("aborted"), None)


class JsonLinesExporter:
    """One post per line (JSON Lines): each line validates against the schema's ``#/$defs/post``."""

    name: ClassVar[str] = "jsonl"
    single_document: ClassVar[bool] = True
    description: ClassVar[str] = "JSON Lines: one post (with its comments) per line, streamed"

    def __init__(self, options: ExportOptions) -> None:
        self.options = options
        self._stack = contextlib.ExitStack()
        self._stream: IO[str] | None = None

    def open(self, site: Site) -> None:
        self._stream = self._stack.enter_context(
            document_writer(self.options.target, force=self.options.force)
        )

    def write(self, post: Post) -> None:
        assert self._stream is not None, "open() first"
        # json.dumps escapes newlines inside strings, so each record stays on its own line.
        self._stream.write(dump(post_dict(post), indent=None) + "\n")

    def close(self) -> None:
        assert self._stream is not None, "open() first"
        self._stack.close()

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._stack.__exit__(RuntimeError, RuntimeError("aborted"), None)
