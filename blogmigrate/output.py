"""Safe output: every file is written to a temporary sibling, then moved into place with os.replace,
so an interrupted run never leaves a half-written file; nothing is overwritten without ``force``."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import OutputError, OutputExistsError

STDOUT = "-"
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once: mkstemp makes 0600 files, the output gets the usual permissions


@contextlib.contextmanager
def atomic_writer(path: Path, *, force: bool) -> Iterator[IO[str]]:
    """A text stream that becomes ``path`` only when the block ends without an error."""
    if path.exists() and not force:
        raise OutputExistsError(f"{path}: already exists; use --force to overwrite it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )
    except OSError as error:
        raise OutputError(
            f"{path}: cannot write here ({error.strerror}); check the folder"
        ) from error
    try:
        os.fchmod(handle, 0o666 & ~_UMASK)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_text_atomically(path: Path, text: str, *, force: bool) -> None:
    with atomic_writer(path, force=force) as stream:
        stream.write(text)


@contextlib.contextmanager
def document_writer(target: str, *, force: bool) -> Iterator[IO[str]]:
    """A single-document output: ``-`` is standard output, anything else a file written atomically."""
    if target == STDOUT:
        yield sys.stdout
        sys.stdout.flush()
        return
    with atomic_writer(Path(target), force=force) as stream:
        yield stream


def check_output_folder(folder: Path, *, force: bool) -> None:
    """Refuse to write into a folder that already holds files, unless forced."""
    if folder.exists() and not folder.is_dir():
        raise OutputExistsError(f"{folder}: exists and is not a folder; choose another -o")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise OutputExistsError(
            f"{folder}: the output folder is not empty; use --force to write into it anyway"
        )
