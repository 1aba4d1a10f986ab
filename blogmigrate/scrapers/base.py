"""What scrapers hand to the normalizer: raw strings and elements, uninterpreted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from lxml.html import HtmlElement

from ..page import Page

if TYPE_CHECKING:  # rules.py builds on this module
    from .rules import DetectRules


@dataclass(frozen=True, slots=True, kw_only=True)
class RawDate:
    """A date as the page shows it: a machine-readable attribute and/or display text."""

    machine: str | None = None
    text: str | None = None

    def __bool__(self) -> bool:
        return bool(self.machine or self.text)


@dataclass(frozen=True, slots=True, kw_only=True)
class RawComment:
    source_id: str | None
    parent_index: int | None
    """Index (in page order) of the comment this one is nested under, from the markup."""
    kind: str | None
    """"pingback"/"trackback" when the markup says so, else None."""
    author_name: str | None
    author_url: str | None
    avatar: str | None
    date: RawDate
    body: HtmlElement | None
    by_post_author: bool
    permalink: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RawPost:
    title: str | None
    permalink: str | None
    source_id: str | None
    author_name: str | None
    author_url: str | None
    published: RawDate
    updated: RawDate
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    body: HtmlElement | None
    image_url: str | None
    image_alt: str | None
    image_caption: str | None
    language: str | None
    site_name: str | None
    site_url: str | None
    base_url: str | None
    declared_count_text: str | None
    comment_status: str | None
    """"open" when a comment form is present, "closed" when the page says so, else None."""
    comments: tuple[RawComment, ...]
    excerpt: str | None = None
    kind: str = "post"
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Detection:
    """How sure a scraper is that a page is its platform's, and why."""

    platform: str
    confidence: float
    reasons: tuple[str, ...]


class Scraper(Protocol):
    """The plugin point for a platform: cheap detection, then extraction."""

    @property
    def name(self) -> str: ...

    @property
    def detect_rules(self) -> DetectRules:
        """What `detect` looks for: the generator meta and the fingerprints."""
        ...

    def detect(self, page: Page) -> Detection | None:
        """A confidence in [0, 1] with its reasons, or None when the page is clearly not ours."""
        ...

    def scrape(self, page: Page) -> tuple[RawPost, ...]:
        """The posts on the page, with their comments (usually exactly one)."""
        ...
