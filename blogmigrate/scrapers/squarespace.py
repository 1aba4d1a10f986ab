"""Squarespace: 7.x blog items (comments loaded by JavaScript into ``.squarespace-comments``: none
in the HTML) and the older v5 "journal" templates, whose comments are server-rendered."""

from __future__ import annotations

from dataclasses import replace

from . import common, generic, jsonld
from .rules import CommentRules, DetectRules, PlatformRules, fingerprint
from .selectors import selectors

RULES = PlatformRules(
    name="squarespace",
    detect=DetectRules(
        fingerprints=(
            fingerprint(
                "^link[href*='squarespace.com'], script[src*='squarespace.com'],"
                " img[src*='squarespace-cdn.com'], img[data-src*='squarespace-cdn.com']",
                0.7,
                "assets from Squarespace's CDN",
            ),
            fingerprint(
                "^meta[property='og:image'][content*='squarespace']", 0.5, "og:image on Squarespace"
            ),
            fingerprint("^.sqs-layout, .sqs-block", 0.7, "Squarespace layout blocks (.sqs-*)"),
            fingerprint("^.squarespace-comments", 0.6, "Squarespace comments placeholder"),
            fingerprint(
                "^script[src*='/universal/scripts/'], .journal-entry-wrapper",
                0.5,
                "Squarespace v5 journal markup",
            ),
            fingerprint("^script:contains('Squarespace.')", 0.6, "Squarespace scripts"),
        )
    ),
    post=replace(
        generic.POST_RULES,
        scope=selectors(
            "article.BlogItem",
            ".blog-item-wrapper",
            "article.hentry",
            "article.entry",
            ".journal-entry-wrapper",
            "article",
            "main",
        ),
        title=selectors(
            ".//*[contains(concat(' ', @class, ' '), ' entry-title ')]/text()",
            ".entry-title",
            ".BlogItem-title",
            ".blog-item-title",
            ".journal-entry-text h2.title",
            "h1",
            jsonld.LD_TITLE,
            *common.TITLE,
        ),
        author_name=selectors(
            ".blog-author-name",
            ".blog-meta-author",
            ".Blog-meta-item--author",
            ".author a[rel=author]",
            ".entry-author",
            ".posted-by a",
            "^meta[itemprop=author]::attr(content)",
            jsonld.LD_AUTHOR,
        ),
        author_url=selectors(
            ".blog-author-name::attr(href)", ".author a::attr(href)", ".posted-by a::attr(href)"
        ),
        published_machine=selectors(
            "time.dt-published::attr(datetime)",
            "time.published::attr(datetime)",
            "time.Blog-meta-item--date::attr(datetime)",
            "time.blog-meta-item--date::attr(datetime)",
            "^meta[itemprop=datePublished]::attr(content)",
            jsonld.LD_PUBLISHED,
            "time::attr(datetime)",
        ),
        published_text=selectors(".posted-on", "time.published", ".date", "time"),
        categories=selectors(
            ".blog-categories a",
            ".blog-item-category",
            ".Blog-meta-item--categories a",
            ".entry-categories a",
            ".//a[contains(@href, '?category=') or contains(@href, '/category/')][not(ancestor::nav)]"
            "[ancestor::*[contains(@class, 'meta') or contains(@class, 'footer') or contains(@class, 'posted-in')]]",
        ),
        tags=selectors(
            ".blog-item-tag",
            ".BlogItem-meta-item--tags a",
            ".entry-tags a",
            ".tags a",
            ".//a[contains(@href, '?tag=') or contains(@href, '/tag/')][@rel='tag']",
        ),
        body=selectors(
            ".blog-item-content", ".entry-content", ".body", ".journal-entry-body", ".e-content"
        ),
        body_drop=selectors(
            "script, style, noscript, .squarespace-comments, .blog-item-comments, .sqs-block-button",
            ".journal-entry-tag, .entry-footer, .blog-item-author-profile",
        ),
        declared_count=selectors(".post-comments a", ".blog-item-comments-toggle"),
        comments_closed=selectors(
            "^//*[@id='add-comment-area'][contains(., 'disabled') or contains(., 'closed')]"
        ),
        comment_form=selectors("^#add-comment-area", "^.journal-add-comment-area-wrapper"),
    ),
    comments=CommentRules(
        items=selectors(".journal-comment-area div.comment[id^='comment']"),
        source_id=selectors("::attr(id)"),
        author_name=selectors(
            ".signature a[href*='/contributor/']", ".signature a", ".signature strong"
        ),
        author_url=selectors(".signature a[rel~=nofollow]::attr(href)"),
        date_text=selectors("./div[@class='signature']/text()", ".signature"),
        body=selectors("./div[contains(@class, 'body')]", ".body"),
    ),
)

SCRAPER = generic.MetadataRulesScraper(RULES)
