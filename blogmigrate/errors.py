"""Errors with their exit codes, and the warnings a run collects for its report.

Each error kind has its own exit code (documented in the README); only the CLI turns them into exits.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    UNEXPECTED = 1
    USAGE = 2
    NO_INPUT = 3
    OUTPUT_EXISTS = 4
    PAGES_FAILED = 5
    STRICT_WARNINGS = 6
    OUTPUT_FAILED = 7
    WORKER_LOST = 8
    INTERRUPTED = 130


class BlogmigrateError(Exception):
    """Base class: a message that names the file, what went wrong and what to do."""

    exit_code: ExitCode = ExitCode.UNEXPECTED


class NoInputError(BlogmigrateError):
    exit_code = ExitCode.NO_INPUT


class OutputExistsError(BlogmigrateError):
    exit_code = ExitCode.OUTPUT_EXISTS


class OutputError(BlogmigrateError):
    exit_code = ExitCode.OUTPUT_FAILED


class WorkerLostError(BlogmigrateError):
    """A worker process of ``--jobs`` ended abruptly (killed, out of memory, a crash in a library):
    the run stops, and nothing is written."""

    exit_code = ExitCode.WORKER_LOST


class PageError(BlogmigrateError):
    """One page could not be read or scraped. The batch goes on; the report says why."""

    exit_code = ExitCode.PAGES_FAILED


class UnsupportedPageError(PageError):
    """The input is not an HTML page (an image, an empty file, ...): skipped with a reason."""


@dataclass(frozen=True, slots=True)
class PageWarning:
    """Something lossy or surprising about one page, kept for the report."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
