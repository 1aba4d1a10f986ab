"""Medium (medium.com and custom-domain publications). Responses load with JavaScript and are
stories of their own: a saved Medium page has no comments in its HTML."""

from __future__ import annotations

from dataclasses import replace

from . import common, generic, jsonld
from .rules import DetectRules, PlatformRules, fingerprint
from .selectors import selectors

RULES = PlatformRules(
    name="medium",
    detect=DetectRules(
        fingerprints=(
            fingerprint(
                "^meta[property='og:site_name'][content='Medium']", 0.9, 'og:site_name "Medium"'
            ),
            fingerprint(
                "^meta[property='al:ios:app_name'][content='Medium'],"
                " meta[name='twitter:app:name:iphone'][content='Medium']",
                0.8,
                "Medium app-link metas",
            ),
            fingerprint(
                "^img[src*='miro.medium.com'], link[href*='cdn-static-1.medium.com'],"
                " script[src*='cdn-client.medium.com']",
                0.6,
                "assets from Medium's CDN",
            ),
            fingerprint("^.graf--title, .graf--p, .postArticle-content", 0.5, "Medium graf markup"),
            fingerprint(
                "^meta[property='al:android:package'][content='com.medium.reader']",
                0.8,
                "Medium Android app link",
            ),
        )
    ),
    post=replace(
        generic.POST_RULES,
        scope=selectors("article", "main", ".postArticle"),
        title=selectors(
            "^meta[property='og:title']::attr(content)",
            "h1.graf--title",
            "[data-testid=storyTitle]",
            jsonld.LD_TITLE,
            "h1",
            *common.TITLE,
        ),
        author_name=selectors(
            "^meta[name=author]::attr(content)",
            jsonld.LD_AUTHOR,
            "a[data-action=show-user-card]",
            "a[rel=author]",
        ),
        author_url=selectors(
            "^meta[property='article:author']::attr(content)",
            jsonld.LD_AUTHOR_URL,
            "a[rel=author]::attr(href)",
        ),
        published_machine=selectors(
            jsonld.LD_PUBLISHED,
            "^meta[property='article:published_time']::attr(content)",
            "time::attr(datetime)",
        ),
        published_text=selectors("time.post-date", "time"),
        categories=(),
        tags=selectors(
            "^ul.tags a",
            "^.//a[contains(@href, '/tag/') or contains(@href, '/tagged/')][not(ancestor::nav or ancestor::header)]",
        ),
        body=selectors(
            ".postArticle-content",
            "section[data-field=body]",
            "self::article",
            "article",
        ),
        body_drop=selectors(
            "script, style, noscript, button, .postMetaInline, .js-postMetaLockup, [data-testid=storyTitle]",
            "h1.graf--title, figure.graf--figure.graf--first",
            ".//div[contains(., ' min read')][not(.//p)]",
        ),
        source_id=selectors("^meta[name='parsely-post-id']::attr(content)"),
        declared_count=(),
        comment_form=(),
    ),
    comments=generic.NO_COMMENTS,
)


SCRAPER = generic.MetadataRulesScraper(RULES)
