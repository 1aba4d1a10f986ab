"""The run report: every input page and what became of it."""

from __future__ import annotations

import json
import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from .errors import PageWarning
from .output import atomic_writer
from .textsafety import safe_text


class Outcome(StrEnum):
    CONVERTED = "converted"
    SKIPPED = "skipped"
    FAILED = "failed"
    NOT_A_POST = "not-a-post"
    """Read and classified (a listing, a feed, an attachment page): it gives no records of its own."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PageReport:
    source: str
    outcome: Outcome
    kind: str | None = None
    """post, page, listing, feed, attachment or other."""
    kind_detail: str | None = None
    """For listings: home, date, category, tag, author, search, pagination or archive."""
    platform: str | None = None
    confidence: float | None = None
    reasons: tuple[str, ...] = ()
    posts: int = 0
    comments: int = 0
    warnings: tuple[PageWarning, ...] = ()
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            # A file name that is not UTF-8 holds lone surrogates: no JSON writer can encode them.
            "source": safe_text(self.source),
            "outcome": self.outcome.value,
            "kind": self.kind,
            "kind_detail": self.kind_detail,
            "platform": self.platform,
            "confidence": self.confidence,
            "reasons": list(self.reasons),
            "posts": self.posts,
            "comments": self.comments,
            "warnings": [{"code": w.code, "message": safe_text(w.message)} for w in self.warnings],
            "error": safe_text(self.error) if self.error else None,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class MissingAsset:
    """A file a post uses that the inputs do not hold."""

    post: str
    url: str


@dataclass(slots=True)
class MergeReport:
    """What merging copies of the same post did."""

    posts: int = 0
    comments: int = 0
    merged_copies: int = 0
    """Pages whose post was merged into another copy of it."""
    feed_filled: int = 0
    """Posts with fields filled in from a feed."""
    assets_copied: int = 0
    assets_missing: list[MissingAsset] = field(default_factory=list)
    redirects: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "posts": self.posts,
            "comments": self.comments,
            "merged_copies": self.merged_copies,
            "feed_filled": self.feed_filled,
            "assets_copied": self.assets_copied,
            "assets_missing": [{"post": m.post, "url": m.url} for m in self.assets_missing],
            "redirects": self.redirects,
        }


class PageLog:
    """Every page's report in input order, kept in a temporary file past the first few hundred, so
    a 100 000-page archive's report does not sit in memory. Iterate it as often as needed."""

    BUFFERED = 256

    def __init__(self) -> None:
        self._buffer: list[PageReport] = []
        self._file: IO[bytes] | None = None
        self._count = 0

    def append(self, page: PageReport) -> None:
        self._buffer.append(page)
        self._count += 1
        if len(self._buffer) >= self.BUFFERED:
            self._spill()

    def _spill(self) -> None:
        if self._file is None:
            # Lives as long as the report; close() or garbage collection removes it.
            self._file = tempfile.TemporaryFile(prefix="blogmigrate-report-")  # noqa: SIM115
        self._file.seek(0, os.SEEK_END)
        for page in self._buffer:
            pickle.dump(page, self._file, pickle.HIGHEST_PROTOCOL)
        self._buffer.clear()

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[PageReport]:
        if self._file is not None:
            self._file.flush()
            end = self._file.seek(0, os.SEEK_END)
            position = 0
            while position < end:
                self._file.seek(position)
                page: PageReport = pickle.load(self._file)
                position = self._file.tell()
                yield page
        yield from list(self._buffer)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


@dataclass(slots=True)
class Report:
    pages: PageLog = field(default_factory=PageLog)
    output: str | None = None
    format: str | None = None
    merge: MergeReport | None = None
    """Set by runs that merge copies (convert, scan): the posts as written, not as read."""
    posts: int = 0
    comments: int = 0
    warnings: int = 0
    outcomes: Counter[Outcome] = field(default_factory=Counter)
    platforms: Counter[str] = field(default_factory=Counter)
    page_kinds: Counter[str] = field(default_factory=Counter)

    def add(self, page: PageReport) -> None:
        self.pages.append(page)
        self.posts += page.posts
        self.comments += page.comments
        self.warnings += len(page.warnings)
        self.outcomes[page.outcome] += 1
        if page.platform:
            self.platforms[page.platform] += 1
        kind = page.kind or "unread"
        self.page_kinds[f"{kind} ({page.kind_detail})" if page.kind_detail else kind] += 1

    def count(self, outcome: Outcome) -> int:
        return self.outcomes[outcome]

    def kinds(self) -> Counter[str]:
        """Pages per kind (``listing (category)`` counted apart from ``listing (tag)``)."""
        return Counter(self.page_kinds)

    def summary(self) -> str:
        by_platform = ", ".join(f"{name} {count}" for name, count in sorted(self.platforms.items()))
        text = (
            f"{len(self.pages)} page(s): {self.count(Outcome.CONVERTED)} converted, "
            f"{self.count(Outcome.SKIPPED)} skipped, {self.count(Outcome.FAILED)} failed"
        )
        if self.count(Outcome.NOT_A_POST):
            text += f", {self.count(Outcome.NOT_A_POST)} not posts"
        text += f"; {self.posts} post(s), {self.comments} comment(s), {self.warnings} warning(s)"
        if by_platform:
            text += f" [{by_platform}]"
        merge = self.merge
        if merge is not None and (merge.merged_copies or merge.posts != self.posts):
            text += (
                f"\nafter merging {merge.merged_copies} extra cop(ies): "
                f"{merge.posts} post(s), {merge.comments} comment(s)"
            )
        if merge is not None and (merge.assets_copied or merge.assets_missing):
            text += f"\nfiles: {merge.assets_copied} copied, {len(merge.assets_missing)} missing"
        if merge is not None and merge.redirects:
            text += f"\n{merge.redirects} redirect(s) written"
        if self.output:
            text += f"\n{self.format} written to {self.output}"
        return text

    def head_dict(self) -> dict[str, Any]:
        """Everything but the pages."""
        return {
            "summary": {
                "pages": len(self.pages),
                "converted": self.count(Outcome.CONVERTED),
                "skipped": self.count(Outcome.SKIPPED),
                "failed": self.count(Outcome.FAILED),
                "posts": self.posts,
                "comments": self.comments,
                "warnings": self.warnings,
                "not_posts": self.count(Outcome.NOT_A_POST),
                "kinds": dict(sorted(self.page_kinds.items())),
            },
            "merge": self.merge.as_dict() if self.merge is not None else None,
            "format": self.format,
            "output": self.output,
        }

    def as_dict(self) -> dict[str, Any]:
        return {**self.head_dict(), "pages": [page.as_dict() for page in self.pages]}

    def write_json(self, stream: IO[str]) -> None:
        """The report as JSON, page by page: the same text as ``json.dumps(as_dict(), indent=2)``."""
        head = json.dumps(self.head_dict(), ensure_ascii=False, indent=2)
        stream.write(head[:-2] + ',\n  "pages": [')
        written = 0
        for page in self.pages:
            text = json.dumps(page.as_dict(), ensure_ascii=False, indent=2)
            stream.write(("," if written else "") + "\n    " + text.replace("\n", "\n    "))
            written += 1
        stream.write("\n  ]\n}\n" if written else "]\n}\n")


def write_report(report: Report, path: Path) -> None:
    """The JSON report at ``path``, written atomically and streamed (it may be replaced)."""
    with atomic_writer(path, force=True) as stream:
        report.write_json(stream)
