"""The records every stage agrees on: Site, Post, Comment, Person.

Records are frozen; lists are tuples; dates are aware datetimes when the page gives an offset, naive
datetimes when it gives a wall-clock time only, and plain dates when it gives a day only. `extra` is the
escape hatch for what a platform knows and the model does not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType

PostDate = datetime | date
"""A post or comment date as precise as the page gave it."""


_NO_EXTRA: Mapping[str, str] = MappingProxyType({})


def _no_extra() -> Mapping[str, str]:
    return _NO_EXTRA  # read-only and empty: every record without extras can share it


class CommentType(StrEnum):
    COMMENT = "comment"
    PINGBACK = "pingback"
    TRACKBACK = "trackback"


class CommentStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """Someone who wrote a post or a comment, as the page shows them."""

    name: str
    url: str | None = None
    avatar: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Image:
    """A post's featured image."""

    url: str
    alt: str | None = None
    caption: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment:
    """One visitor comment, pingback or trackback."""

    id: str
    parent_id: str | None
    type: CommentType
    author: Person
    published: PostDate | None
    content_html: str
    """Sanitised HTML, safe to publish."""
    content_html_raw: str
    """The HTML as the page had it (kept for the JSON output only)."""
    by_post_author: bool = False
    parent_inferred: bool = False
    """True when the parent was inferred from an "@Name" mention rather than read from the markup."""
    date_approximate: bool = False
    date_text: str | None = None
    mentions: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(default_factory=_no_extra)


@dataclass(frozen=True, slots=True, kw_only=True)
class Post:
    """One blog post (or static page) with its conversation."""

    id: str
    platform: str
    source: str
    url: str | None
    slug: str
    title: str
    author: Person | None
    published: PostDate | None
    updated: PostDate | None
    language: str | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    content_html: str
    excerpt: str
    image: Image | None
    comment_status: CommentStatus | None
    comment_count_declared: int | None
    comments: tuple[Comment, ...]
    kind: str = "post"
    """"post" or "page"."""
    extra: Mapping[str, str] = field(default_factory=_no_extra)


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    """The blog the posts came from, as far as the pages tell."""

    title: str
    url: str | None
    language: str | None
    description: str = ""
