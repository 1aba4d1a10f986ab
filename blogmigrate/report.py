"""The run report: every input page and what became of it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .errors import PageWarning


class Outcome(StrEnum):
    CONVERTED = "converted"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class PageReport:
    source: str
    outcome: Outcome
    kind: str | None = None
    platform: str | None = None
    confidence: float | None = None
    reasons: tuple[str, ...] = ()
    posts: int = 0
    comments: int = 0
    warnings: tuple[PageWarning, ...] = ()
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "outcome": self.outcome.value,
            "kind": self.kind,
            "platform": self.platform,
            "confidence": self.confidence,
            "reasons": list(self.reasons),
            "posts": self.posts,
            "comments": self.comments,
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
            "error": self.error,
        }


@dataclass(slots=True)
class Report:
    pages: list[PageReport] = field(default_factory=list)
    output: str | None = None
    format: str | None = None

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

    def summary(self) -> str:
        platforms = Counter(page.platform for page in self.pages if page.platform)
        by_platform = ", ".join(f"{name} {count}" for name, count in sorted(platforms.items()))
        text = (
            f"{len(self.pages)} page(s): {self.count(Outcome.CONVERTED)} converted, "
            f"{self.count(Outcome.SKIPPED)} skipped, {self.count(Outcome.FAILED)} failed; "
            f"{self.posts} post(s), {self.comments} comment(s), {self.warnings} warning(s)"
        )
        if by_platform:
            text += f" [{by_platform}]"
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
            },
            "format": self.format,
            "output": self.output,
            "pages": [page.as_dict() for page in self.pages],
        }
