"""Substack newsletters (``*.substack.com`` and custom domains). The comment thread is rendered
by JavaScript from the API: a saved Substack post has no comments in its HTML."""

from __future__ import annotations

import re
from dataclasses import replace

from . import common, generic, jsonld
from .rules import DetectRules, PlatformRules, fingerprint
from .selectors import selectors

RULES = PlatformRules(
    name="substack",
    detect=DetectRules(
        generator=re.compile(r"\bSubstack\b", re.IGNORECASE),
        fingerprints=(
            fingerprint(
                "^link[href*='substackcdn.com'], script[src*='substackcdn.com'],"
                " img[src*='substackcdn.com']",
                0.8,
                "assets from substackcdn.com",
            ),
            fingerprint("^.available-content, .body.markup", 0.5, "Substack post body markup"),
            fingerprint(
                "^h1.post-title + h3.subtitle, .post-header .byline-names",
                0.5,
                "Substack post header",
            ),
            fingerprint(
                "^meta[property='og:url'][content*='.substack.com/p/']",
                0.8,
                "URL under .substack.com/p/",
            ),
        ),
    ),
    post=replace(
        generic.POST_RULES,
        scope=selectors("article.post", "article", ".single-post", "main"),
        title=selectors(
            "h1.post-title",
            "[data-testid=post-title]",
            jsonld.LD_TITLE,
            "h1",
            *common.TITLE,
        ),
        author_name=selectors(
            ".byline-names a",
            ".byline-names",
            ".post-header .profile-hover-card-target a",
            jsonld.LD_AUTHOR,
            "^meta[name=author]::attr(content)",
        ),
        author_url=selectors(".byline-names a::attr(href)", jsonld.LD_AUTHOR_URL),
        published_machine=selectors(
            jsonld.LD_PUBLISHED,
            "time::attr(datetime)",
            "^meta[property='article:published_time']::attr(content)",
        ),
        published_text=selectors(".post-date", ".post-header time", "time"),
        categories=(),
        tags=(),
        body=selectors(".available-content .body.markup", ".available-content", ".body.markup"),
        body_drop=selectors(
            "script, style, form, .subscription-widget-wrap, .subscribe-widget, .button-wrapper",
            ".post-ufi, .footnote-anchor-wrap, .paywall",
        ),
        declared_count=(),
        comment_form=(),
    ),
    comments=generic.NO_COMMENTS,
)

SCRAPER = generic.MetadataRulesScraper(RULES)
