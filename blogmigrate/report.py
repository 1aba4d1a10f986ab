"""The run report: every input page and what became of it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .errors import PageWarning
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


@dataclass(slots=True)
class Report:
    pages: list[PageReport] = field(default_factory=list)
    output: str | None = None
    format: str | None = None
    merge: MergeReport | None = None
    """Set by runs that merge copies (convert, scan): the posts as written, not as read."""

    def add(self, page: PageReport) -> None:
        self.pages.append(page)

    @property
    def posts(self) -> int:
        return sum(page.posts for page in self.pages)

    @property
    def comments(self) -> int:
        return sum(page.comments for page in self.pages)

    @property
    def warnings(self) -> int:
        return sum(len(page.warnings) for page in self.pages)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for page in self.pages if page.outcome is outcome)

    def kinds(self) -> Counter[str]:
        """Pages per kind (``listing (category)`` counted apart from ``listing (tag)``)."""
        return Counter(
            f"{page.kind} ({page.kind_detail})" if page.kind_detail else page.kind or "unread"
            for page in self.pages
        )

    def summary(self) -> str:
        platforms = Counter(page.platform for page in self.pages if page.platform)
        by_platform = ", ".join(f"{name} {count}" for name, count in sorted(platforms.items()))
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

    def as_dict(self) -> dict[str, Any]:
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
                "kinds": dict(sorted(self.kinds().items())),
            },
            "merge": self.merge.as_dict() if self.merge is not None else None,
            "format": self.format,
            "output": self.output,
            "pages": [page.as_dict() for page in self.pages],
        }
