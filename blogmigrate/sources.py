"""Inputs: files and folders (recursive, sorted, symlink loops and dangling links handled), ``-``."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import NoInputError

STDIN = "-"
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp")


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path | None
    """None for standard input."""
    name: str
    """The name the report and messages use."""
    problem: str | None = None
    """Set when the file cannot be read at all (a dangling link): reported, not opened."""


def looks_like_page(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith(PAGE_SUFFIXES) or ".html?" in lowered or ".htm?" in lowered


def discover(inputs: Sequence[str]) -> list[InputFile]:
    """Every page named by the inputs, each once, folders walked in sorted order."""
    found: list[InputFile] = []
    seen: set[str] = set()
    for given in inputs:
        if given == STDIN:
            found.append(InputFile(None, "<stdin>"))
            continue
        path = Path(given)
        if path.is_dir():
            found.extend(_walk(path, seen))
        elif path.is_file():
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                found.append(InputFile(path, given))
        elif path.is_symlink():
            found.append(InputFile(path, given, "a dangling symbolic link; its target is gone"))
        else:
            raise NoInputError(f"{given}: no such file or folder; check the path")
    return found


def _walk(folder: Path, seen: set[str]) -> Iterator[InputFile]:
    visited_folders: set[str] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        real_folder = os.path.realpath(current)
        if real_folder in visited_folders:
            continue  # a symlink loop, or a folder reached twice
        visited_folders.add(real_folder)
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=True):
                subfolders.append(path)
            elif entry.is_file(follow_symlinks=True):
                if looks_like_page(entry.name):
                    real = os.path.realpath(path)
                    if real not in seen:
                        seen.add(real)
                        yield InputFile(path, str(path))
            elif entry.is_symlink() and looks_like_page(entry.name):
                yield InputFile(path, str(path), "a dangling symbolic link; its target is gone")
        pending.extend(reversed(subfolders))
