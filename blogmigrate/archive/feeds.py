"""RSS and Atom feeds found in a mirror (the blog's feed, WordPress comment feeds): what they know
that pages often lack — exact dates, categories, the guid — as `FeedEntry` records.

XML is parsed safely: no entity expansion, no network, and ``huge_tree`` only inside the size cap the
inputs already enforce; a feed that yields nothing is reported as an error, never silently.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

from lxml import etree

from ..errors import PageError
from ..model import Post

_COMMENT = rb"(?><!--.*?-->)\s*"
"""An XML/HTML comment and the space after it. A comment ends at its first ``-->`` (the atomic
group), and the patterns below never give back a run of them (``*+``): without both, a page that is
not a feed and opens with many comments (conditional comments, banners) sent the engine back
through every way of splitting them, twice the time for each one more (20 comments: 0.35 s; 40:
hours)."""

_FEED_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:"
    + _COMMENT
    + rb"|<\?xml-stylesheet[^>]*\?>\s*)*+"
    # A DOCTYPE (with an internal subset: entity bombs, XXE) still makes a feed, parsed safely.
    rb"(?:<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)?(?:" + _COMMENT + rb")*+"
    rb"<(?:rss|feed|rdf:RDF)[\s>]",
    re.DOTALL,
)
_COMMENT_ID = re.compile(r"#comment-(\d+)$")
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    huge_tree=True,  # the input cap (inputs.MAX_PAGE_BYTES) bounds the size; lxml would truncate silently
    load_dtd=False,
    recover=False,
)
_ATOM = "{http://www.w3.org/2005/Atom}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
_WFW = "{http://wellformedweb.org/CommentAPI/}"


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedEntry:
    """One item of a feed: a post, or (in a comment feed) a comment of the post at ``link``."""

    link: str
    guid: str | None = None
    title: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    categories: tuple[str, ...] = ()
    author: str | None = None
    comment_id: str | None = None
    """Set for comment-feed items (``…/post/#comment-12``)."""


_XML_ROOT = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*\?>\s*"
    rb"(?:" + _COMMENT + rb"|<\?[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*)*+<([\w:.-]+)",
    re.DOTALL,
)


def other_xml_root(data: bytes) -> str | None:
    """The root element's name of an XML document that is neither a feed nor XHTML (a sitemap's
    ``urlset``), else None."""
    match = _XML_ROOT.match(data[:4096])
    if match is None:
        return None
    name = match.group(1).decode("ascii", "replace")
    return None if name.lower() in ("html", "rss", "feed", "rdf:rdf") else name


def is_feed(data: bytes) -> bool:
    """True when the bytes are an RSS, RSS 1.0 (RDF) or Atom document."""
    return _FEED_START.match(data[:4096]) is not None


def parse_feed(data: bytes, source: str) -> tuple[FeedEntry, ...]:
    """Every entry of a feed. Raises `PageError` for broken XML or a feed without entries."""
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as error:
        raise PageError(
            f"{source}: a feed that is not well-formed XML ({error}); skipped"
        ) from error
    if root.tag == f"{_ATOM}feed":
        found = [_atom_entry(entry) for entry in root.iter(f"{_ATOM}entry")]
    else:
        found = [_rss_item(item) for item in root.iter("item", "{*}item")]
    entries = tuple(entry for entry in found if entry is not None)
    if not entries:
        raise PageError(f"{source}: a feed with no usable entries; nothing taken from it")
    return entries


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    value = "".join(str(part) for part in element.itertext()).strip()
    return value or None


def _rss_item(item: etree._Element) -> FeedEntry | None:
    link = _text(item.find("link")) or _text(item.find("{*}link"))
    guid = _text(item.find("guid"))
    if not link and guid and guid.startswith(("http://", "https://")):
        link = guid
    if not link:
        return None
    published = _rfc822(_text(item.find("pubDate"))) or iso_instant(_text(item.find(f"{_DC}date")))
    categories = tuple(
        dict.fromkeys(value for c in item.findall("category") if (value := _text(c)))
    )
    match = _COMMENT_ID.search(link)
    return FeedEntry(
        link=link,
        guid=guid,
        title=_text(item.find("title")),
        published=published,
        categories=categories,
        author=_text(item.find(f"{_DC}creator")) or _text(item.find("author")),
        comment_id=match.group(1) if match else None,
    )


def _atom_entry(entry: etree._Element) -> FeedEntry | None:
    link = None
    for candidate in entry.findall(f"{_ATOM}link"):
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            link = candidate.get("href")
            break
    if not link:
        return None
    categories = tuple(
        dict.fromkeys(
            value
            for c in entry.findall(f"{_ATOM}category")
            if (value := (c.get("term") or "").strip())
        )
    )
    match = _COMMENT_ID.search(link)
    return FeedEntry(
        link=link,
        guid=_text(entry.find(f"{_ATOM}id")),
        title=_text(entry.find(f"{_ATOM}title")),
        published=iso_instant(_text(entry.find(f"{_ATOM}published"))),
        updated=iso_instant(_text(entry.find(f"{_ATOM}updated"))),
        categories=categories,
        author=_text(entry.find(f"{_ATOM}author/{_ATOM}name")),
        comment_id=match.group(1) if match else None,
    )


def _rfc822(value: str | None) -> datetime | None:
    if not value:
        return None
    from email.utils import parsedate_to_datetime  # as `dates.parse_machine_date` imports it

    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else None


def iso_instant(value: str | None) -> datetime | None:
    """An ISO 8601 time with an offset (``Z`` allowed), or None: a time without offset is no instant."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def fill_from_feeds(post: Post, entries: Sequence[FeedEntry]) -> Post:
    """The post with what its feed entries know and its pages lacked: exact dates, categories,
    the guid, and exact dates of comments that a comment feed lists. Page values always stay."""
    changes: dict[str, Any] = {}
    for entry in (entry for entry in entries if entry.comment_id is None):
        if "published" not in changes and entry.published and not _exact(post.published):
            changes["published"] = entry.published
        if "updated" not in changes and entry.updated and post.updated is None:
            changes["updated"] = entry.updated
        if "categories" not in changes and entry.categories and not (post.categories or post.tags):
            changes["categories"] = entry.categories
        if "extra" not in changes and entry.guid and "guid" not in post.extra:
            changes["extra"] = MappingProxyType({**post.extra, "guid": entry.guid})
    dated = {entry.comment_id: entry.published for entry in entries if entry.comment_id}
    if any(dated.get(c.id) and not _exact(c.published) for c in post.comments):
        changes["comments"] = tuple(
            dataclasses.replace(comment, published=dated[comment.id], date_approximate=False)
            if dated.get(comment.id) and not _exact(comment.published)
            else comment
            for comment in post.comments
        )
    return dataclasses.replace(post, **changes) if changes else post


def _exact(value: object) -> bool:
    """A date with a time and an offset: nothing a feed could improve on."""
    return isinstance(value, datetime) and value.tzinfo is not None
