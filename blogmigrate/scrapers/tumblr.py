"""Tumblr: a blog's own theme around one post. Its "notes" (likes, reblogs, replies listed under
``ol.notes``) are activity, not comments: a saved Tumblr page has no comments in its HTML."""

from __future__ import annotations

from dataclasses import replace

from . import common, generic, jsonld
from .rules import DetectRules, PlatformRules, fingerprint
from .selectors import selectors

RULES = PlatformRules(
    name="tumblr",
    detect=DetectRules(
        fingerprints=(
            fingerprint(
                "^meta[property='og:type'][content^='tumblr-feed']", 0.9, 'og:type "tumblr-feed:…"'
            ),
            fingerprint(
                "^script[src*='assets.tumblr.com'], link[href*='assets.tumblr.com']",
                0.7,
                "assets from assets.tumblr.com",
            ),
            fingerprint(
                "^iframe#tumblr_controls, iframe.tmblr-iframe", 0.7, "Tumblr controls iframe"
            ),
            fingerprint("^ol.notes li.note", 0.5, "Tumblr notes list"),
            fingerprint("^meta[name='tumblr-theme']", 0.8, "tumblr-theme meta"),
        )
    ),
    post=replace(
        generic.POST_RULES,
        scope=selectors("#posts .post", "article.post", ".post.content", "div.post", "article"),
        title=selectors(
            jsonld.LD_TITLE,
            ".regular h2, .text h2, h2.title, h1.title, .post-title",
            "^meta[property='og:title']::attr(content)",
            "h2",
            "h1",
            *common.TITLE,
        ),
        # Tumblr's JSON-LD names the blog as author, but a theme prints a byline rarely: only a
        # printed one is the post's author (a group blog's "posted by").
        author_name=selectors(".post-author", ".author a", ".byline a"),
        author_url=selectors(".post-author a::attr(href)", ".author a::attr(href)"),
        published_machine=selectors(
            jsonld.LD_PUBLISHED,
            "time::attr(datetime)",
            *common.PUBLISHED_MACHINE,
        ),
        published_text=selectors(".date", "^.date", ".timestamp", ".post-date", "time"),
        categories=(),
        tags=selectors(".tags a", "^.tags a", "^.//a[contains(@href, '/tagged/')]"),
        body=selectors(".regular", ".post-body", ".post-content", ".body", ".caption", "self::*"),
        body_drop=selectors(
            "script, style, .notecontainer, ol.notes, .notes, .tags, .reblog, .permalink, .date, .meta"
        ),
        declared_count=(),
        comment_form=(),
    ),
    comments=generic.NO_COMMENTS,
)

SCRAPER = generic.MetadataRulesScraper(RULES)
