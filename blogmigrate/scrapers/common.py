"""Selectors every platform shares: page metadata in <head>, OpenGraph, schema.org.

Platform tables put their own selectors first and these after, as fallbacks.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..page import Page
from .base import RawComment, RawPost
from .rules import RulesScraper, scrape_post
from .selectors import selectors

TITLE = selectors(
    "^meta[property='og:title']::attr(content)",
    "^meta[name='twitter:title']::attr(content)",
    "^title",
)
PERMALINK = selectors(
    "^link[rel=canonical]::attr(href)",
    "^meta[property='og:url']::attr(content)",
)
AUTHOR_NAME = selectors(
    "[itemprop=author] [itemprop=name]",
    "^meta[name=author]::attr(content)",
    "^meta[property='article:author']::attr(content)",
)
PUBLISHED_MACHINE = selectors(
    "[itemprop=datePublished]::attr(datetime)",
    "[itemprop=datePublished]::attr(content)",
    "^meta[property='article:published_time']::attr(content)",
    "^meta[itemprop=datePublished]::attr(content)",
    "^meta[name='dc.date']::attr(content)",
    "^meta[name='DC.date.issued']::attr(content)",
)
UPDATED_MACHINE = selectors(
    "[itemprop=dateModified]::attr(datetime)",
    "^meta[property='article:modified_time']::attr(content)",
    "^meta[property='og:updated_time']::attr(content)",
)
IMAGE_URL = selectors(
    "^meta[property='og:image']::attr(content)",
    "^meta[name='twitter:image']::attr(content)",
)
EXCERPT = selectors(
    "^meta[property='og:description']::attr(content)",
    "^meta[name=description]::attr(content)",
)
LANGUAGE = selectors(
    "^html::attr(lang)",
    "^html::attr(xml:lang)",
    "//meta[translate(@http-equiv, 'CONTENTLAGU', 'contentlagu')='content-language']/@content",
    "^meta[property='og:locale']::attr(content)",
)
SITE_NAME = selectors("^meta[property='og:site_name']::attr(content)")
SITE_URL = selectors("^link[rel=home]::attr(href)", "^a[rel=home]::attr(href)")
COMMENT_FORM = selectors("^#respond", "^#commentform", "^form.comment-form", "^#comment-form")
CLEANEVAL_URL = selectors("^text[id^='http']::attr(id)")
"""CleanEval copies wrap a page in ``<text id="URL" title="…">`` and often drop its <head>."""


def class_test(name: str) -> str:
    """An XPath predicate: the element's class attribute holds the token ``name`` (CSS ``.name``),
    for XPath selectors that cannot be written in CSS."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def on_host(domain: str) -> str:
    """A fingerprint selector: the page's canonical or OpenGraph URL is on ``domain`` (a hosted
    platform such as ``.over-blog.com``); links in the text never count."""
    return f"^link[rel=canonical][href*='{domain}'], meta[property='og:url'][content*='{domain}']"


# Labels themes print around a name: "Posted by", "Par", "Eingestellt von" before it; "said…",
# "(not verified)" (Drupal's anonymous commenters) or the comma of "Par X, le …" after it.
_BYLINE_PREFIX = re.compile(
    r"^(?:(?:posted|submitted|written|published)\s+by|by|par|soumis\s+par|publié\s+par|"
    r"écrit\s+par|rédigé\s+par|posté\s+par|eingestellt\s+von|geschrieben\s+von|"
    r"verfasst\s+von|publicado\s+por|escrito\s+por|pubblicato\s+da|scritto\s+da)\s*:?\s+",
    re.IGNORECASE,
)
_BYLINE_SUFFIX = re.compile(
    r"(?:\s*\((?:not verified|non vérifié|nicht überprüft|no verificado|non verificato)\)"
    r"|\s+(?:said|says|wrote|a dit|a écrit|hat gesagt|sagte|schrieb|dijo|ha detto|disse|zei|"
    r"skrev|sade|sanoi)\s*(?:\.\.\.|…|:)?|\s*[,:;|–—]|\s+-)\s*$",
    re.IGNORECASE,
)


def byline_name(text: str | None) -> str | None:
    """A person's name without the byline words around it ("Par X," → "X", "X said..." → "X")."""
    if text is None:
        return None
    name = " ".join(text.split())
    name = _BYLINE_PREFIX.sub("", name)
    while (shorter := _BYLINE_SUFFIX.sub("", name)) != name:
        name = shorter
    return name.strip() or None


def tidy_bylines(post: RawPost) -> RawPost:
    """The post with `byline_name` applied to its author and every commenter."""
    return replace(
        post,
        author_name=byline_name(post.author_name),
        comments=tuple(_with_byline_name(comment) for comment in post.comments),
    )


def _with_byline_name(comment: RawComment) -> RawComment:
    """The comment with `byline_name` applied to its author: itself when the name has no byline
    words (most comments), without a copy."""
    name = byline_name(comment.author_name)
    return comment if name == comment.author_name else replace(comment, author_name=name)


class BylinesScraper(RulesScraper):
    """A rules table whose themes print names inside byline words ("Posted by X", "X said..."):
    the post as the rules read it, with `tidy_bylines` applied."""

    def scrape(self, page: Page) -> tuple[RawPost, ...]:
        return (tidy_bylines(scrape_post(self.rules, page)),)
