"""Slugs with python-slugify: from the old permalink when it has one, else from the title."""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import unquote, urlsplit

from slugify import slugify as _slugify

TRANSLITERATOR: Final = "text-unidecode"
"""python-slugify's transliterator, named: left to choose, it takes Unidecode wherever some other
package installed it, and text-unidecode otherwise, and the two spell some scripts differently
(カフチヤン: "kahutiyan", "kahuchiyan"). The same page would get another slug on another machine.
text-unidecode is the one python-slugify always installs."""


def slugify(
    text: str, *, max_length: int = 0, word_boundary: bool = False, separator: str = "-"
) -> str:
    """python-slugify's slug of ``text``, transliterated by `TRANSLITERATOR` wherever it runs."""
    return _slugify(
        text,
        max_length=max_length,
        word_boundary=word_boundary,
        separator=separator,
        backend=TRANSLITERATOR,
    )


MAX_SLUG_BYTES = 100
_COPY_SUFFIXES = re.compile(r"^(?:index|default|amp|feed|print|comment-page-\d+)$", re.I)
# Lower-case ASCII words joined by single dashes: what python-slugify makes, and gives back unchanged
# (no quote, entity, capital, other character or dash to rewrite; shorter than the limit).
_PLAIN_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_UNHELPFUL_SEGMENTS = re.compile(r"^(?:\d+|page|node|p)$", re.I)
_EXTENSION = re.compile(r"\.(?:s?html?|php|aspx?|jsp)$", re.IGNORECASE)
_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"com{n}" for n in range(1, 10)]
    + [f"lpt{n}" for n in range(1, 10)]
)


def make_slug(text: str) -> str:
    """A file-system and URL safe slug ("réseaux sociaux" → "reseaux-sociaux"); may be empty."""
    if len(text) < MAX_SLUG_BYTES and _PLAIN_SLUG.fullmatch(text):
        slug = text  # most permalinks end with one already (~40 µs of slugify saved a post)
    else:
        slug = slugify(text, max_length=MAX_SLUG_BYTES, word_boundary=True)
    if slug in _WINDOWS_RESERVED:
        slug = f"{slug}-post"
    return slug


def slug_from_url(url: str | None) -> str | None:
    """The last meaningful path segment of a permalink, or None (``?p=123`` permalinks have none)."""
    if not url:
        return None
    path = urlsplit(url).path
    for segment in reversed([part for part in path.split("/") if part]):
        segment = _EXTENSION.sub("", unquote(segment))
        if _COPY_SUFFIXES.match(segment):
            continue  # /slug/amp/, /slug/comment-page-2/: the post's own segment is the one before
        if _UNHELPFUL_SEGMENTS.match(segment):
            return None  # /node/123, /users/anna/12345.html: an id, not a name — use the title
        slug = make_slug(segment)
        return slug or None
    return None


def post_slug(url: str | None, title: str, fallback: str) -> str:
    return slug_from_url(url) or make_slug(title) or fallback
