"""PIXNET (痞客邦, Taiwan): posts in ``.article-head``/``.article-content``; comments in
``#comment-text ul.single-post``, each possibly holding the blog owner's reply (``li.reply-text``),
which becomes a reply nested under it."""

from __future__ import annotations

import re
from dataclasses import replace

from . import common, generic
from .rules import CommentRules, DetectRules, PlatformRules, fingerprint
from .selectors import selectors

RULES = PlatformRules(
    name="pixnet",
    detect=DetectRules(
        generator=re.compile(r"^PChoc\b"),
        fingerprints=(
            fingerprint(
                "^meta[property='og:url'][content*='.pixnet.net/blog/']", 0.8, "URL on pixnet.net"
            ),
            fingerprint(
                "^link[href*='pixfs.net'], script[src*='pixfs.net']", 0.6, "assets from pixfs.net"
            ),
            fingerprint("^#comment-text ul.single-post", 0.5, "PIXNET comment list"),
        ),
    ),
    post=replace(
        generic.POST_RULES,
        scope=selectors("#article-box", ".article", "#content"),
        title=selectors(".article-head .title h2", ".article-head .title", *common.TITLE),
        author_name=selectors(
            "substring-before(normalize-space(.//p[@class='author']), ' 發表在')",
            "^meta[name=author]::attr(content)",
        ),
        published_machine=(),
        published_text=selectors(".article-head .publish", ".publish"),
        categories=selectors(".refer a[href*='/blog/category/']"),
        tags=selectors(".tag-container a[rel=tag]", "a[rel=tag]"),
        body=selectors("#article-content-inner", ".article-content-inner", ".article-content"),
        body_drop=selectors("script, style, iframe, form, .forward, .author"),
        declared_count=selectors("^#comment-title"),
        comment_form=selectors("^#comment-form", "^form#article-comment-form"),
    ),
    comments=CommentRules(
        items=selectors("#comment-text ul.single-post, #comment-text li.reply-text"),
        source_id=selectors(".post-info a[name^='comment-']::attr(name)"),
        author_name=selectors(".user-name", "./p[last()]/a"),
        author_url=selectors(
            ".user-name a::attr(href)", "a.homepage::attr(href)", "./p[last()]/a/@href"
        ),
        avatar=selectors(".post-photo img::attr(src)"),
        date_text=selectors(".post-time", "./p[last()]"),
        body=selectors("li.post-text", "self::li[contains(@class, 'reply-text')]"),
        body_drop=selectors(
            "./p[last()][contains(., '回覆')]", "./p[not(normalize-space())][not(*)]"
        ),
        by_post_author=selectors("self::li[contains(@class, 'reply-text')]"),
    ),
)

SCRAPER = generic.MetadataRulesScraper(RULES)
