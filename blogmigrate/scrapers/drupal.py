"""Drupal 6/7 (``<a id="comment-N"></a>`` before each comment, replies in ``div.indented`` after their
parent) and Drupal 8+ (``article.comment`` / ``[data-comment-user-id]``), with the usual contributed
and custom-theme variants. Small `DrupalScraper` on top of the rules: tidy bylines ("Submitted by",
"(not verified)") and the section from a JSON-LD breadcrumb when the page shows no category."""

from __future__ import annotations

import re
from dataclasses import replace

from lxml.html import HtmlElement

from ..page import Page
from . import common, jsonld
from .base import RawPost
from .rules import (
    CommentRules,
    DetectRules,
    PlatformRules,
    PostRules,
    fingerprint,
)
from .selectors import selectors

_INDENTED = f"ancestor::div[{common.class_test('indented')}][1]"
_BYLINE = (
    f".//*[{common.class_test('metas')} or {common.class_test('comment_author')}"
    f" or {common.class_test('comment-meta')}][1]"
)
"""Custom themes' comment bylines: "Par NAME, le mercredi 15 mai 2019 à 08h07"."""
_OUTSIDE_COMMENTS = "[not(ancestor-or-self::*[@id='comments' or contains(@class, 'comment')])]"
"""Node fields, not the same-named ones of comments (which Drupal 7+ prints inside the node)."""
_PLACEHOLDER_AVATAR = re.compile(
    r"/core/themes/[^/]+/images/|(?:avatar|user|profile)[-_]default|default[-_](?:avatar|user)"
    r"|blank_profile|/misc/unknown\.gif",
    re.IGNORECASE,
)
"""Pictures themes show for users without one (Olivero's comment-user.svg, avatar-default.png)."""
_NOT_WIDGET = "[not(ancestor::*[contains(@class, 'block') or contains(@class, 'view')])]"

RULES = PlatformRules(
    name="drupal",
    detect=DetectRules(
        generator=re.compile(r"\bDrupal\b", re.IGNORECASE),
        fingerprints=(
            fingerprint(
                "^script[src*='/misc/drupal.js'], script[src*='/core/misc/drupal.js'],"
                " script[data-drupal-selector], [data-drupal-selector]",
                0.8,
                "Drupal's drupal.js or data-drupal-selector attributes",
            ),
            fingerprint(
                "^script:contains('Drupal.settings'), script:contains('drupalSettings')",
                0.7,
                "Drupal.settings in a script",
            ),
            fingerprint(
                "^link[href*='/sites/all/'], script[src*='/sites/all/'],"
                " link[href*='/sites/default/files/'], img[src*='/sites/default/files/']",
                0.6,
                "assets under /sites/all/ or /sites/default/files/",
            ),
            fingerprint(
                "^body[class*='page-node'], body[class*='node-type-'], body[class*='path-node']",
                0.5,
                "body classes page-node / node-type-*",
            ),
            fingerprint(
                "^form[action*='/comment/reply/'], a[href*='/comment/reply/']",
                0.5,
                "comment reply links under /comment/reply/",
            ),
            fingerprint("^div.node[id^='node-'], article[id^='node-']", 0.3, "node-N containers"),
            fingerprint("^[typeof~='sioct:Comment'], [typeof~='sioc:Item']", 0.4, "Drupal 7 RDFa"),
        ),
    ),
    post=PostRules(
        scope=selectors(
            "article[id^='node-']",
            "div.node[id^='node-']",
            "article.node",
            "div.node",
            "article",
            "#content",
            "main",
        ),
        title=selectors(
            "h1.node-title",
            "h1.node__title",
            "h1.page-title",
            "h1.title-main",
            "[itemprop=headline]",
            "h1[itemprop=name]",
            f".//h1[contains(@class, 'title')]{_OUTSIDE_COMMENTS}",
            "h2.node-title",
            "h2.node__title",
            f".//h1{_OUTSIDE_COMMENTS}",
            "^h1.title",
            "^h1#page-title",
            "^h1.page-title",
            "^h1",
            *common.TITLE,
        ),
        permalink=selectors(*common.PERMALINK, "^link[rel=shortlink]::attr(href)"),
        source_id=selectors(
            "substring-after(self::*[starts-with(@id, 'node-')]/@id, 'node-')",
            "^link[rel=shortlink]::attr(href)",
        ),
        author_name=selectors(
            f".//*[contains(@class, 'submitted')]//*[{common.class_test('username')}]{_OUTSIDE_COMMENTS}",
            ".node__submitted .username",
            ".field-name-field-author a",
            ".field--name-field-author a",
            f".//*[contains(@class, 'author-name')]{_OUTSIDE_COMMENTS}",
            f".//*[contains(@class, 'field--name-uid')]{_OUTSIDE_COMMENTS}",
            f".//*[{common.class_test('username')}]{_OUTSIDE_COMMENTS}",
            f".//*[contains(@class, 'submitted')]//a[@href][not(ancestor::ul)]{_OUTSIDE_COMMENTS}",
            f".//a[@rel='author']{_OUTSIDE_COMMENTS}",
            ".byline a",
            ".author a",
            *common.AUTHOR_NAME,
        ),
        author_url=selectors(
            f".//*[contains(@class, 'submitted')]//a[{common.class_test('username')}]{_OUTSIDE_COMMENTS}/@href",
            f".//a[contains(@class, 'author-name')]{_OUTSIDE_COMMENTS}/@href",
            f".//a[{common.class_test('username')}]{_OUTSIDE_COMMENTS}/@href",
            f".//*[contains(@class, 'submitted')]//a[@href][not(ancestor::ul)]{_OUTSIDE_COMMENTS}/@href",
        ),
        published_machine=selectors(
            *common.PUBLISHED_MACHINE,
            f".//*[contains(concat(' ', @property, ' '), ' dc:date ')]{_OUTSIDE_COMMENTS}/@content",
            f".//*[@property='schema:dateCreated']{_OUTSIDE_COMMENTS}/@content",
            f".//*[contains(@class, 'submitted')]//time{_OUTSIDE_COMMENTS}/@datetime",
            ".node__submitted time::attr(datetime)",
            f".//time[@datetime]{_OUTSIDE_COMMENTS}/@datetime",
        ),
        published_text=selectors(
            ".published_date",
            f".//*[contains(@class, 'submitted')]{_OUTSIDE_COMMENTS}",
            ".node__submitted",
            ".meta .date",
            "[class*='article_date'], [class*='article-date']",
            ".date",
            ".field-name-post-date",
        ),
        updated_machine=common.UPDATED_MACHINE,
        categories=selectors(
            ".field-name-field-category a",
            ".field--name-field-category a",
            ".field-name-field-section a",
            ".submitted .cats a",
            ".//li[starts-with(normalize-space(), 'Filed under')]//a",
            ".field-name-taxonomy-vocabulary-1 a",
            "^meta[property='article:section']::attr(content)",
        ),
        tags=selectors(
            ".field-name-field-tags a",
            ".field--name-field-tags a",
            ".field--name-tags a",
            ".//li[starts-with(normalize-space(), 'Tags')]//a",
            f".//a[contains(@href, '/tags/')]{_NOT_WIDGET}",
        ),
        body=selectors(
            ".field-name-body",
            ".field--name-body",
            "[property='content:encoded']",
            ".node__content",
            ".entry-content",
            ".//*[contains(@id, 'article_text') or contains(@id, 'article-body')"
            " or contains(@class, 'article-body') or contains(@class, 'article_body')]",
            ".content",
            "self::*",
        ),
        body_drop=selectors(
            "h1, .meta, .node-bottom-ad, .article-footer, .author-thumb, .cats",
            ".links, .field-name-field-tags, .field--name-field-tags, .submitted, .service-links",
            ".sharethis, .addthis_toolbox, .social-share, .node-bottom-ad, #comments, .comments",
        ),
        image_url=common.IMAGE_URL,
        excerpt=common.EXCERPT,
        language=common.LANGUAGE,
        site_name=selectors(*common.SITE_NAME, "^#site-name a", "^.site-name a", "^#site-name"),
        site_url=selectors(
            "^#site-name a::attr(href)",
            "^.site-name a::attr(href)",
            "^a#logo::attr(href)",
            *common.SITE_URL,
        ),
        declared_count=selectors(
            "^#comments > h2",
            "^#comments > h3",
            "^.comments h2.title",
            "^#comments .comment-count",
            "^.comment-count",
            "^h2.comments",
        ),
        comment_form=selectors(
            "^#comment-form", "^form.comment-form", "^form[action*='/comment/reply/']"
        ),
    ),
    comments=CommentRules(
        placeholder_avatar=_PLACEHOLDER_AVATAR,
        items=selectors(
            "//a[starts-with(@id, 'comment-')][not(*)][not(normalize-space())]"
            "/following-sibling::*[self::div or self::article or self::li][normalize-space()][1]",
            "article.comment[id^='comment-'], article[data-comment-user-id]",
            "article.comment, div.comment[id^='comment-']",
        ),
        companions=selectors(
            "preceding-sibling::*[not(self::div[not(normalize-space())])][1]"
            "[self::a[starts-with(@id, 'comment-')]]"
        ),
        source_id=selectors(
            "self::*[starts-with(@id, 'comment-')]::attr(id)",
            "self::a[starts-with(@id, 'comment-')]::attr(id)",
            "::attr(about)",
        ),
        author_name=selectors(
            ".username",
            "[property~='foaf:name']",
            ".comment__author a",
            ".comment__author",
            ".comment__submitted [property='schema:name']",
            ".comment_author_name",
            ".comment-author a",
            ".comment-author",
            "p.user a",
            ".user a",
            "[class*='toggle_label'] b",
            f"normalize-space(substring-before(concat(substring-after(normalize-space({_BYLINE}/b), ' '), ','), ','))",
            ".submitted a[href]",
            "normalize-space(substring-after(.//*[contains(@class, 'submitted')], '—'))",
            "normalize-space(substring-before(substring-after(.//*[contains(@class, 'submitted')],"
            " 'by '), ' on '))",
        ),
        author_url=selectors(
            ".username[href]::attr(href)",
            ".comment__author a::attr(href)",
            ".comment-author a::attr(href)",
            ".user a::attr(href)",
            ".//*[contains(@class, 'submitted')]//a[@href][not(contains(@class, 'permalink'))]"
            "[not(contains(@href, '#comment-'))]/@href",
        ),
        avatar=selectors(
            ".user-picture img::attr(src)",
            ".picture img::attr(src)",
            ".comment__picture img::attr(src)",
            "[class*='comment_author'][class*='pic'] img::attr(src)",
            "[class*='comment_picture'] img::attr(src)",
            "img[typeof='foaf:Image']::attr(src)",
        ),
        date_machine=selectors(
            "[property~='dc:date']::attr(content)",
            "[property~='schema:dateCreated']::attr(content)",
            "time[datetime]::attr(datetime)",
        ),
        date_text=selectors(
            ".comment-time",
            ".comment__time",
            ".comment-date",
            "li.time a",
            ".submitted time",
            "[class*='comments_info']",
            f"normalize-space({_BYLINE}/text()[normalize-space()][last()])",
            ".submitted",
        ),
        permalink=selectors(
            "a.permalink::attr(href)",
            ".comment__permalink a::attr(href)",
            ".//a[contains(@href, '#comment-')]::attr(href)",
        ),
        body=selectors(
            ".field-name-comment-body",
            ".field--name-comment-body",
            "[property~='content:encoded']",
            ".comment__content",
            ".comment-body",
            ".comment-content",
            ".comment_content",
            ".comment-text",
            ".content",
            "self::*[not(self::a)]",
        ),
        body_drop=selectors(
            ".links, .submitted, .user-picture, .picture, .author, .comment_hdbg, .new, .marker",
            ".comment__meta, .comment-meta, .comment__picture-wrapper, .comment_picture",
            ".metas, .titre, .comment-header, .comment-footer, .comment_infos, .rdf-meta, h3",
            ".indented, [class*='toggle_label']",
        ),
        by_post_author=selectors(
            "self::*[contains(@class, 'by-node-author') or contains(@class, 'comment-by-author')]"
        ),
        replied_to=selectors(
            f"{_INDENTED}/preceding-sibling::*[not(self::a)][normalize-space()][1]"
        ),
    ),
)


class DrupalScraper(common.BylinesScraper):
    """Rules, then byline tidying and a breadcrumb section when no category is printed."""

    def scrape(self, page: Page) -> tuple[RawPost, ...]:
        (post,) = super().scrape(page)
        if not post.categories:
            section = breadcrumb_section(page.root)
            if section:
                post = replace(post, categories=(section,))
        return (post,)


def breadcrumb_section(root: HtmlElement) -> str | None:
    """The section a news-style page sits in, from its JSON-LD ``BreadcrumbList``: the crumb just
    above the page itself (never the first one, which is the home page)."""
    for data in jsonld.parse_blocks(root):
        if not isinstance(data, dict) or data.get("@type") != "BreadcrumbList":
            continue
        crumbs = data.get("itemListElement")
        if not isinstance(crumbs, list) or len(crumbs) < 3:
            return None
        crumb = crumbs[-2]
        item = crumb.get("item") if isinstance(crumb, dict) else None
        name = crumb.get("name") if isinstance(crumb, dict) else None
        if name is None and isinstance(item, dict):
            name = item.get("name")
        return name.strip() if isinstance(name, str) and name.strip() else None
    return None


SCRAPER = DrupalScraper(RULES)
