"""Canalblog (*.canalblog.com): skins descended from Movable Type's classic templates. Pure data.

A post is a ``div.blogbody`` (``h3`` title, ``div.articlebody``, ``div.itemfooter`` "Posté par Sylvie
à 18:30 - Cuisine - Commentaires [3] - Permalien [#]"); each comment a ``div.comments-body`` followed
by its signature line ``div.comments-post`` "Posté par Marie, lundi 22 novembre 2010 à 21:10".
"""

from __future__ import annotations

import re

from . import common
from .rules import (
    CommentRules,
    DetectRules,
    PlatformRules,
    PostRules,
    RulesScraper,
    fingerprint,
)
from .selectors import Selector, selectors

SIGNATURE = "self::*[contains(@class, 'comments-post')]"
"""The signature line after a comment: "Posté par Marie, lundi 22 novembre 2010 à 21:10"."""
SIGNATURE_TEXT = f"normalize-space({SIGNATURE})"
_NAME_LINK = (
    "a[preceding-sibling::node()[1][self::text()][contains(., 'par ') or contains(., 'by ')]]"
)
"""The commenter's link comes right after "Posté par " (a link on the date is the permalink)."""
_FOOTER = "normalize-space(.//div[contains(@class, 'itemfooter')])"


def signed_comments(
    *,
    author_name: tuple[Selector, ...],
    author_url: tuple[Selector, ...],
    date_text: tuple[Selector, ...],
) -> CommentRules:
    """Comments as Movable Type's classic templates printed them, kept by Canalblog and Hautetfort:
    an ``a#cNNN`` anchor, the text in ``div.comments-body``, then a signature line
    (``.comments-post``) that the given selectors read through `SIGNATURE`."""
    return CommentRules(
        items=selectors("div.comments-body"),
        companions=selectors(
            "preceding-sibling::*[1][self::a][@id or @name]",
            "following-sibling::*[1][contains(@class, 'comments-post')]",
        ),
        source_id=selectors("self::a/@id", "self::a/@name"),
        author_name=author_name,
        author_url=author_url,
        date_text=date_text,
        body=selectors("self::*[contains(@class, 'comments-body')]"),
    )


RULES = PlatformRules(
    name="canalblog",
    detect=DetectRules(
        generator=re.compile(r"\bcanalblog\b", re.IGNORECASE),
        fingerprints=(
            fingerprint(common.on_host(".canalblog.com"), 0.8, "canonical URL on *.canalblog.com"),
            fingerprint(
                "^link[href*='storage.canalblog.com'], img[src*='storage.canalblog.com'],"
                " script[src*='canalblog.com']",
                0.6,
                "files served from storage.canalblog.com",
            ),
            fingerprint(
                "^div.blogbody div.itemfooter",
                0.25,
                "Canalblog post footer (div.blogbody > div.itemfooter)",
            ),
        ),
    ),
    post=PostRules(
        scope=selectors("div.blogbody", "#content"),
        title=selectors("h3.title", "h2.title", ".articletitle", *common.TITLE),
        permalink=selectors(
            *common.PERMALINK,
            ".itemfooter a[href*='/archives/'][href$='.html']::attr(href)",
        ),
        source_id=selectors("./a[@name][1]/@name"),
        author_name=selectors(
            f"normalize-space(substring-before(substring-after({_FOOTER}, 'Posté par '), ' à '))",
            f"normalize-space(substring-before(substring-after({_FOOTER}, 'Posted by '), ' at '))",
            *common.AUTHOR_NAME,
        ),
        published_machine=common.PUBLISHED_MACHINE,
        published_text=selectors(".date-header", "^h2.date-header", ".date", "^.dateheader"),
        categories=selectors(
            ".itemfooter a[href*='/archives/'][href$='/index.html']",
            "^meta[property='article:section']::attr(content)",
        ),
        tags=selectors(".itemfooter a[rel=tag]", "a[rel=tag]"),
        body=selectors(".articlebody", ".blogbody-content", ".entry-body"),
        body_drop=selectors(".itemfooter, .share, .sharebox, .addthis_toolbox"),
        image_url=common.IMAGE_URL,
        excerpt=common.EXCERPT,
        language=common.LANGUAGE,
        site_name=selectors(*common.SITE_NAME, "^#banner h1 a", "^#banner h1"),
        site_url=selectors("^#banner h1 a::attr(href)", *common.SITE_URL),
        declared_count=selectors(".itemfooter a[href$='#comments']"),
        comment_form=selectors(
            "^form#comment-form", "^form[action*='/comments/post']", "^#comments-open"
        ),
    ),
    comments=signed_comments(
        author_name=selectors(
            f"{SIGNATURE}/{_NAME_LINK}",
            f"normalize-space(substring-before(substring-after({SIGNATURE_TEXT}, 'Posté par '), ','))",
            f"normalize-space(substring-before(substring-after({SIGNATURE_TEXT}, 'Posted by '), ','))",
        ),
        author_url=selectors(f"{SIGNATURE}/{_NAME_LINK}/@href"),
        date_text=selectors(
            f"normalize-space(substring-after({SIGNATURE_TEXT}, ','))", SIGNATURE_TEXT
        ),
    ),
)

SCRAPER = RulesScraper(RULES)
