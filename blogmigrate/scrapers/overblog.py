"""Overblog (*.over-blog.com, *.overblog.com and blogs on their own domain). Pure data.

Overblog's shared markup prefixes its classes with ``ob-``: comments are ``div.ob-comment`` blocks
(``.ob-name`` / ``.ob-date`` / ``.ob-text``) with replies nested inside the comment they answer;
article metadata comes from the OpenGraph / ``article:*`` metas every Overblog page carries, images
from ``img.over-blog-kiwi.com``.
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
from .selectors import selectors

RULES = PlatformRules(
    name="overblog",
    detect=DetectRules(
        generator=re.compile(r"\bover-?blog\b", re.IGNORECASE),
        fingerprints=(
            fingerprint(common.on_host(".over-blog.com"), 0.8, "canonical URL on *.over-blog.com"),
            fingerprint(common.on_host(".overblog.com"), 0.8, "canonical URL on *.overblog.com"),
            fingerprint(
                "^img[src*='over-blog-kiwi.com'], meta[property='og:image'][content*='over-blog'],"
                " img[src*='idata.over-blog.com']",
                0.6,
                "images served by Overblog (over-blog-kiwi.com, idata.over-blog.com)",
            ),
            fingerprint(
                "^script[src*='over-blog'], link[href*='over-blog'][rel=stylesheet]",
                0.5,
                "Overblog scripts or stylesheets",
            ),
            fingerprint("^div.ob-comment, .ob-section", 0.4, "Overblog ob- markup"),
        ),
    ),
    post=PostRules(
        scope=selectors("article.post", "div.post", ".ob-post", "#content"),
        title=selectors("h1.post-title", ".post-title", ".ob-title", *common.TITLE),
        permalink=selectors(*common.PERMALINK, ".post-title a::attr(href)"),
        source_id=selectors(
            "substring-after(self::*[starts-with(@id, 'post-')]/@id, 'post-')",
            "^substring-before(substring-after(//link[@rel='canonical']/@href, '/article-'), '.html')",
        ),
        author_name=selectors(
            ".post-author a",
            ".post-author",
            ".ob-author",
            *common.AUTHOR_NAME,
        ),
        author_url=selectors(".post-author a::attr(href)"),
        published_machine=selectors("time.post-date::attr(datetime)", *common.PUBLISHED_MACHINE),
        published_text=selectors(".post-date", ".ob-date", ".date"),
        categories=selectors(
            ".post-categories a", "^meta[property='article:section']::attr(content)"
        ),
        tags=selectors(
            # the metas hold the bare tag; the page prints it as "#tag"
            "^meta[property='article:tag']::attr(content)",
            ".post-tags a",
            ".ob-tags a",
            "a[rel=tag]",
        ),
        body=selectors(".post-content", ".ob-sections", ".ob-section-html", ".article-content"),
        body_drop=selectors(
            ".ob-share, .share-buttons, .social-buttons, .post-tags, .ob-tags, .ob-ads, .ads"
        ),
        image_url=common.IMAGE_URL,
        excerpt=common.EXCERPT,
        language=common.LANGUAGE,
        site_name=selectors(*common.SITE_NAME, "^.blog-title a", "^#blog-title a"),
        site_url=selectors(
            "^.blog-title a::attr(href)",
            "^#blog-title a::attr(href)",
            *common.SITE_URL,
        ),
        declared_count=selectors("^.ob-comments-title", "^.ob-comments h2", "^.comments-title"),
        comment_form=selectors(
            "^form.ob-form-comment", "^#ob-comment-form", "^form[action*='comment']"
        ),
    ),
    comments=CommentRules(
        items=selectors("div.ob-comment", "li.ob-comment"),
        source_id=selectors("::attr(id)", "::attr(data-id)"),
        author_name=selectors(".ob-name a", ".ob-name", ".ob-user"),
        author_url=selectors(".ob-name a::attr(href)", ".ob-user a::attr(href)"),
        avatar=selectors("img.ob-avatar::attr(src)", ".ob-avatar img::attr(src)"),
        date_machine=selectors("time.ob-date::attr(datetime)", ".ob-date::attr(datetime)"),
        date_text=selectors(".ob-date"),
        body=selectors(".ob-message", ".ob-text", ".ob-content"),
        body_drop=selectors(".ob-reply, .ob-button, .ob-comment-actions"),
    ),
)

SCRAPER = RulesScraper(RULES)
