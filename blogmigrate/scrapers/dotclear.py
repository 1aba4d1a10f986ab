"""Dotclear 1 (``p.comment-info`` + ``blockquote``) and Dotclear 2 (default, Blowup, Berlin, Ductile:
``#comments dl`` of ``dt``/``dd`` pairs; Currywurst: ``ul.comments-list``). Pure data.

A Dotclear comment line reads "Le lundi 22 novembre 2010, 10:41 par Axel": the author is a link only
when the visitor gave a website, so the name and the date are cut out of the line's own text around
the translated word for "by" (par, by, von, por, da, door).
"""

from __future__ import annotations

import re
from typing import cast

from lxml.html import HtmlElement

from ..page import Page
from ..xpath import compile_xpath
from . import common
from .base import RawPost
from .rules import (
    CommentRules,
    DetectRules,
    PlatformRules,
    PostRules,
    RulesScraper,
    fingerprint,
    tree_changed,
)
from .selectors import selectors

_BY_WORDS = ("par", "by", "von", "por", "da", "door")
"""{{tpl:lang by}} in the languages Dotclear blogs were mostly written in."""
_FROM_WORDS = ("De", "From", "Von", "Da", "Van")
"""{{tpl:lang From}} of the Currywurst comment line "De Axel - 22/11/2010, 10:41"."""

_DT_TEXT = "normalize-space(self::dt/text()[normalize-space()][{}])"
_CURRYWURST_TEXT = (
    "normalize-space(./p[contains(@class, 'comment-info')]/text()[normalize-space()][1])"
)
_DC1_TEXT = "normalize-space(self::p/text()[normalize-space()][1])"
_AUTHOR_LINK = (
    ".//p[contains(@class, 'post-info')]/a[1][preceding-sibling::node()[1][self::text()]"
    "[contains(., 'Par ') or contains(., 'By ')]]"
)
"""The post author's link right after "Par " in the post-info line (it is absent without a URL)."""
_HEAD_URL = (
    "(//link[@rel='start' or @rel='top' or @rel='alternate'][starts-with(@href, 'http')]/@href)[1]"
)
_DC1_PERMALINK = (
    ".//*[contains(@class, 'post-info')]/a[starts-with(@title, 'Lien permanent')]"
    "[starts-with(@href, '/')]/@href"
)

RULES = PlatformRules(
    name="dotclear",
    detect=DetectRules(
        generator=re.compile(r"\bdotclear\b", re.IGNORECASE),
        fingerprints=(
            fingerprint("^body.dc-post", 0.7, "Dotclear 2 body class dc-post"),
            fingerprint(
                "^script[src*='pf=post.js'], script[src*='?pf=']",
                0.6,
                "script served through Dotclear's ?pf= public file URL",
            ),
            fingerprint(
                "^link[href*='/themes/blowup/'], link[href*='/themes/ductile/'],"
                " link[href*='/themes/berlin/'], link[href*='/themes/currywurst/']",
                0.5,
                "stylesheet of a Dotclear bundled theme (Blowup, Ductile, Berlin, Currywurst)",
            ),
            fingerprint(
                "^#comments dl > dt[id^='c'] > a.comment-number",
                0.6,
                "Dotclear 2 comment list (dt#cN with a.comment-number)",
            ),
            fingerprint(
                "^p.comment-info[id^='c'] > span.comment-number",
                0.6,
                "Dotclear 1 comment line (p.comment-info#cN with span.comment-number)",
            ),
            fingerprint(
                "^form textarea[name=c_content], form input[name=c_name]",
                0.5,
                "Dotclear comment form fields c_name / c_content",
            ),
            fingerprint(
                "^#footer a[href*='dotclear.'], .footer a[href*='dotclear.']",
                0.5,
                '"Powered by Dotclear" footer link',
            ),
        ),
    ),
    post=PostRules(
        scope=selectors("div.post[id^='p']", "article.post", "div.post"),
        title=selectors("h2.post-title", "h1.post-title", ".post-title", *common.TITLE),
        permalink=selectors(
            *common.PERMALINK,
            ".post-permalink a::attr(href)",
            "h2.post-title a::attr(href)",
            ".post-info a[title^='Lien permanent'][href^='http']::attr(href)",
            # Dotclear 1 printed the permalink site-relative: join it to the origin of a head link
            # (substring(…, 1, 0) is empty, so nothing comes out when there is no such link)
            f"substring(concat(substring-before({_HEAD_URL}, '//'), '//',"
            f" substring-before(substring-after({_HEAD_URL}, '//'), '/'), {_DC1_PERMALINK}),"
            f" 1, 1000 * boolean({_DC1_PERMALINK}))",
            ".//*[contains(@class, 'post-info')]/a[contains(., 'Lien permanent')"
            " or contains(., 'Permalink')]/@href",
        ),
        source_id=selectors(
            "substring-after(self::*[starts-with(@id, 'p')]/@id, 'p')",
            "^substring-after(//p[@id='comments-feed']/a/@href, '/comments/')",
            "substring-after(.//p[contains(@class, 'post-info')]/a[contains(@href, 'post=')]/@href,"
            " 'post=')",
        ),
        author_name=selectors(
            ".post-author a",
            _AUTHOR_LINK,
            "^meta[name=author]::attr(content)",
            "^meta[name='dc.creator']::attr(content)",
            # "Par Jean le lundi 22 novembre 2010, 09:15" (2) or "Par Axel, lundi 22 …" (1)
            "normalize-space(substring-before(concat(substring-before(substring-after(normalize-space("
            ".//*[contains(@class, 'post-info')]), 'Par '), ','), ' le '), ' le '))",
        ),
        author_url=selectors(".post-author a::attr(href)", f"{_AUTHOR_LINK}/@href"),
        published_machine=common.PUBLISHED_MACHINE,
        published_text=selectors(".post-info", ".post-date", "^.day-date"),
        updated_machine=common.UPDATED_MACHINE,
        categories=selectors(
            ".post-cat a",
            ".post-info a[href*='category/']",
            "p.post-info > span:first-of-type + a",
        ),
        tags=selectors("ul.post-tags a", ".post-tags-list a", ".post-tags a", "a[rel=tag]"),
        body=selectors(".post-content", ".post-excerpt", ".post-chapo"),
        image_url=common.IMAGE_URL,
        excerpt=common.EXCERPT,
        language=common.LANGUAGE,
        site_name=selectors(*common.SITE_NAME, "^#top h1 a", "^.site-title a", "^#top h1"),
        site_url=selectors(
            "^#top h1 a::attr(href)",
            "^link[rel=top]::attr(href)",
            *common.SITE_URL,
        ),
        declared_count=selectors("^#comments > h3", "^#comments h3"),
        comment_form=selectors("^#comment-form", "^form textarea[name=c_content]"),
    ),
    comments=CommentRules(
        items=selectors(
            "#comments dl > dt, #pings dl > dt",
            "ul.comments-list > li.comment, ul.comments-list > li.ping",
            "#comments p.comment-info[id^='c'], #trackbacks p.comment-info[id^='c']",
        ),
        companions=selectors(
            "following-sibling::*[1][self::dd]", "following-sibling::*[1][self::blockquote]"
        ),
        author_name=selectors(
            "self::dt/a[not(contains(@class, 'number'))]",
            "./p[contains(@class, 'comment-info')]/a[not(contains(@class, 'number'))]",
            "self::p/strong",
            *(
                f"normalize-space(substring-after({_DT_TEXT.format('last()')}, ' {word} '))"
                for word in _BY_WORDS
            ),
            *(
                f"normalize-space(substring-before(substring-after({_CURRYWURST_TEXT}, '{word} '),"
                " ' - '))"
                for word in _FROM_WORDS
            ),
        ),
        author_url=selectors(
            "self::dt/a[not(contains(@class, 'number'))]/@href",
            "./p[contains(@class, 'comment-info')]/a[not(contains(@class, 'number'))]/@href",
            "self::p/a/@href",
            # a trackback's link to the citing post heads its dd
            "self::dd[preceding-sibling::*[1][self::dt/a[contains(@class, 'ping-number')]]]"
            "/p[1]/a/@href",
        ),
        date_text=selectors(
            *(
                f"normalize-space(substring-before(concat({_DT_TEXT.format(1)}, ' '), ' {word} '))"
                for word in _BY_WORDS
            ),
            _DT_TEXT.format(1),
            "substring-after(normalize-space(./p[contains(@class, 'comment-info')]), ' - ')",
            *(
                f"normalize-space(substring-before(concat({_DC1_TEXT}, ' '), ', {word} '))"
                for word in ("par", "de", "by", "from")
            ),
            _DC1_TEXT,
        ),
        body=selectors("self::dd", "self::blockquote/*", "self::blockquote", ".comment-content"),
        trackback=selectors(
            "self::*[ancestor::*[@id='pings' or @id='trackbacks']]",
            f"self::li[{common.class_test('ping')}]",
        ),
        by_post_author=selectors(f"self::*[{common.class_test('me')}]"),
    ),
)

_EXCERPT_BEFORE_CONTENT = compile_xpath(
    "//div[contains(@class, 'post-chapo') or contains(@class, 'post-excerpt')]"
)


def join_excerpt(root: HtmlElement) -> int:
    """Move a post's "chapô" (``div.post-chapo`` in 1, ``div.post-excerpt`` in 2) into the top of the
    ``div.post-content`` right after it: Dotclear prints the post in these two blocks and the rules
    take one body element. The page tree is meant to be worked on (see `Page`). Returns the moves."""
    moved = 0
    for excerpt in cast(list[HtmlElement], _EXCERPT_BEFORE_CONTENT(root)):
        content = excerpt.getnext()
        if content is None or "post-content" not in (content.get("class") or "").split():
            continue
        content.insert(0, excerpt)
        excerpt.tail, content.text = content.text, None
        excerpt.drop_tag()
        moved += 1
    return moved


class DotclearScraper(RulesScraper):
    """The rules, after the excerpt is joined to the content (`join_excerpt`)."""

    def scrape(self, page: Page) -> tuple[RawPost, ...]:
        if join_excerpt(page.root):
            tree_changed(page)
        return super().scrape(page)


SCRAPER = DotclearScraper(RULES)
