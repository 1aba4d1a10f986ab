"""Hautetfort (*.hautetfort.com, the Blogspirit engine). Pure data.

A post: ``h2.date`` header, ``h2.posttitle``, ``div.posttext``, then ``p.posted`` "Publié dans Voyages |
Lien permanent | Commentaires (3) | Envoyer cette note" and ``p.tags``. Each comment: an ``a#cNNN``
anchor, ``div.comments-body``, then its signature ``p.comments-post`` "Écrit par : Paul | 22/11/2010"
(Movable Type's classic layout, which Canalblog kept too: `canalblog.signed_comments`).
"""

from __future__ import annotations

import re

from . import common
from .canalblog import SIGNATURE, SIGNATURE_TEXT, signed_comments
from .rules import (
    DetectRules,
    PlatformRules,
    PostRules,
    RulesScraper,
    fingerprint,
)
from .selectors import selectors

RULES = PlatformRules(
    name="hautetfort",
    detect=DetectRules(
        generator=re.compile(r"\b(?:hautetfort|blogspirit)\b", re.IGNORECASE),
        fingerprints=(
            fingerprint(
                common.on_host(".hautetfort.com"), 0.8, "canonical URL on *.hautetfort.com"
            ),
            fingerprint(
                "^link[href*='hautetfort.com/'][rel=stylesheet], img[src*='hautetfort.com/media/'],"
                " script[src*='hautetfort.com']",
                0.5,
                "files served from hautetfort.com",
            ),
            fingerprint(
                "^a[href*='blogspirit.com'], link[href*='blogspirit']",
                0.4,
                "Blogspirit engine files or link",
            ),
            fingerprint(
                "^div.comments-body + p.comments-post",
                0.25,
                "Blogspirit comment (div.comments-body + p.comments-post)",
            ),
        ),
    ),
    post=PostRules(
        scope=selectors("div.post", "#content"),
        title=selectors("h2.posttitle", ".posttitle", *common.TITLE),
        permalink=selectors(
            *common.PERMALINK,
            ".posted a[id^='a']::attr(href)",
            ".//p[contains(@class, 'posted')]/a[contains(., 'Lien permanent')]/@href",
        ),
        source_id=selectors(
            "substring-after(.//*[contains(@class, 'posttitle')]/@id, 'p')",
            "substring-after(.//p[contains(@class, 'posted')]/a[starts-with(@id, 'a')]/@id, 'a')",
        ),
        author_name=selectors(
            ".posted .author",
            *common.AUTHOR_NAME,
            "^meta[name='author']::attr(content)",
        ),
        published_machine=common.PUBLISHED_MACHINE,
        published_text=selectors("h2.date", ".date", "^h2.date"),
        categories=selectors(
            ".//p[contains(@class, 'posted')]/a[preceding-sibling::node()[1][self::text()]"
            "[contains(., 'Publié dans') or contains(., 'Posted in')]]",
            "^meta[property='article:section']::attr(content)",
        ),
        tags=selectors(".tags a[rel=tag]", ".tags a", "a[rel=tag]"),
        body=selectors(".posttext", ".post-body"),
        body_drop=selectors(".posted, .tags, .share, .addthis_toolbox"),
        image_url=common.IMAGE_URL,
        excerpt=common.EXCERPT,
        language=common.LANGUAGE,
        site_name=selectors(*common.SITE_NAME, "^#blogtitle a", "^#banner h1 a", "^h1#title a"),
        site_url=selectors(
            "^#blogtitle a::attr(href)",
            "^#banner h1 a::attr(href)",
            *common.SITE_URL,
        ),
        declared_count=selectors(
            ".//p[contains(@class, 'posted')]/a[contains(@href, '#comments')]"
        ),
        comment_form=selectors("^form#comment-form", "^form[action*='/comment']", "^#comment_form"),
    ),
    comments=signed_comments(
        author_name=selectors(
            f"{SIGNATURE}/a[not(starts-with(@href, '#'))][1]",
            f"normalize-space(substring-before(concat(substring-after({SIGNATURE_TEXT}, ':'),"
            " '|'), '|'))",
        ),
        author_url=selectors(f"{SIGNATURE}/a[not(starts-with(@href, '#'))][1]/@href"),
        date_text=selectors(f"normalize-space(substring-after({SIGNATURE_TEXT}, '|'))"),
    ),
)

SCRAPER = RulesScraper(RULES)
