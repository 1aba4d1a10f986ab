"""Skyrock blogs (*.skyrock.com skyblogs). Pure data.

An article: ``div.post`` with ``h2.post-title``, ``div.post-content`` and "Posté le samedi 20 juin
2009 14:12"; comments: ``li.comment`` with the commenter's ``a.pseudo``, "Posté le …" and
``div.comment-content``; the blog owner's answer sits inside the comment as ``div.comment-reply``
("Réponse de lola-du-92 le 20/06/2009 à 15:40"), so it is both a reply and the post author's.
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

_OWN_ANSWER = f"self::*[{common.class_test('comment-reply')}]"

RULES = PlatformRules(
    name="skyrock",
    detect=DetectRules(
        generator=re.compile(r"\bskyrock\b", re.IGNORECASE),
        fingerprints=(
            fingerprint(common.on_host(".skyrock.com"), 0.8, "canonical URL on *.skyrock.com"),
            fingerprint(
                "^link[href*='skyrock.net'][rel=stylesheet], script[src*='skyrock.net'],"
                " img[src*='i.skyrock.net']",
                0.6,
                "files served from skyrock.net",
            ),
            fingerprint("^a.pseudo[href*='.skyrock.com']", 0.5, "Skyrock member links (a.pseudo)"),
        ),
    ),
    post=PostRules(
        scope=selectors("div.post", "article.post", "#blog-main"),
        title=selectors("h2.post-title", "h1.post-title", *common.TITLE),
        permalink=selectors(*common.PERMALINK, ".post-title a::attr(href)"),
        source_id=selectors(
            "substring-after(self::*[starts-with(@id, 'a')]/@id, 'a')",
            "^substring-before(substring-after(//link[@rel='canonical']/@href, '.skyrock.com/'),"
            " '-')",
        ),
        author_name=selectors(
            ".post-author a.pseudo",
            "^#blog-owner a.pseudo",
            *common.AUTHOR_NAME,
        ),
        author_url=selectors(
            ".post-author a.pseudo::attr(href)", "^#blog-owner a.pseudo::attr(href)"
        ),
        published_machine=common.PUBLISHED_MACHINE,
        published_text=selectors(".post-date", ".date"),
        tags=selectors(".post-tags a", "a[rel=tag]"),
        body=selectors(".post-content", ".text-article"),
        body_drop=selectors(".post-share, .kiffs, .share-buttons"),
        image_url=common.IMAGE_URL,
        excerpt=common.EXCERPT,
        language=common.LANGUAGE,
        site_name=selectors("^#blog-title a", *common.SITE_NAME),
        site_url=selectors("^#blog-title a::attr(href)", *common.SITE_URL),
        declared_count=selectors("^#comments > h3", "^.comments-title"),
        comment_form=selectors("^form#comment-form", "^form[action*='comment']"),
    ),
    comments=CommentRules(
        items=selectors("li.comment, div.comment-reply"),
        source_id=selectors("::attr(id)"),
        author_name=selectors("a.pseudo", ".pseudo"),
        author_url=selectors("a.pseudo::attr(href)"),
        avatar=selectors("a.avatar img::attr(src)", "img.avatar::attr(src)"),
        date_text=selectors(
            ".date",
            # "Réponse de lola-du-92 le 20/06/2009 à 15:40"
            "normalize-space(substring-after(.//p[contains(@class, 'reply-head')], ' le '))",
        ),
        body=selectors(".comment-content", ".reply-content"),
        by_post_author=selectors(_OWN_ANSWER),
    ),
)

SCRAPER = RulesScraper(RULES)
