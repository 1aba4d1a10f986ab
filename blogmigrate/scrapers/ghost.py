"""Ghost (Casper and the themes built like it). Comments — Ghost's own members comments, Commento,
Disqus — are loaded by JavaScript: a saved Ghost page has none in its HTML."""

from __future__ import annotations

import re
from dataclasses import replace

from . import common, generic, jsonld
from .rules import DetectRules, PlatformRules, fingerprint
from .selectors import selectors

RULES = PlatformRules(
    name="ghost",
    detect=DetectRules(
        generator=re.compile(r"^Ghost\b", re.IGNORECASE),
        fingerprints=(
            fingerprint("^script[src*='/ghost/'], script[data-ghost]", 0.6, "Ghost scripts"),
            fingerprint(
                "^link[href*='/assets/built/']", 0.3, "Ghost theme assets (/assets/built/)"
            ),
            fingerprint("^.post-full-content, .gh-content, .gh-article", 0.6, "Ghost post markup"),
            fingerprint(
                "^link[href*='/content/images/'], img[src*='/content/images/']",
                0.4,
                "images under /content/images/",
            ),
        ),
    ),
    post=replace(
        generic.POST_RULES,
        scope=selectors("article.post", "article.article", "article", "main"),
        title=selectors(
            ".post-full-title",
            ".article-title",
            ".gh-article-title",
            "h1.post-title",
            jsonld.LD_TITLE,
            "h1",
            *common.TITLE,
        ),
        author_name=selectors(
            ".post-full-author-name a",
            ".author-name a",
            ".author-name",
            ".gh-article-author-name a",
            ".byline-meta-content .author-name",
            jsonld.LD_AUTHOR,
            "^meta[name='twitter:data1']::attr(content)",
            "^meta[name=author]::attr(content)",
        ),
        author_url=selectors(
            ".post-full-author-name a::attr(href)",
            ".author-name a::attr(href)",
            jsonld.LD_AUTHOR_URL,
        ),
        published_machine=selectors(
            "time.post-full-meta-date::attr(datetime)",
            "time.byline-meta-date::attr(datetime)",
            ".article-byline time::attr(datetime)",
            jsonld.LD_PUBLISHED,
            "^meta[property='article:published_time']::attr(content)",
            "time::attr(datetime)",
        ),
        published_text=selectors(".post-full-meta-date", ".byline-meta-date", "time"),
        categories=(),
        tags=selectors(
            "^meta[property='article:tag']::attr(content)",
            ".post-full-tags a",
            ".article-tag a",
            ".post-card-tags a",
            jsonld.LD_KEYWORDS,
        ),
        body=selectors(
            ".post-full-content", ".gh-content", ".article-content", ".post-content", "article"
        ),
        body_drop=selectors(
            "script, style, form, .post-full-comments, #ghost-comments-root, #commento, #disqus_thread",
            ".subscribe-form, .post-full-byline, .article-byline, .gh-post-upgrade-cta",
        ),
        declared_count=(),
        comment_form=(),
    ),
    comments=generic.NO_COMMENTS,
)

SCRAPER = generic.MetadataRulesScraper(RULES)
