"""Movable Type (2.x–5.x default templates and their many hand-edited descendants).

Typepad grew out of Movable Type and shares its templates, so `typepad.py` reuses these rules
with its own detection. Six Apart pages mark comments up in four ways, all covered here:
- MT 4/5 and Typepad: ``div.comment#comment-N`` with ``.comment-content`` and ``.comment-footer``
  ("Posted by: NAME | DATE") or ``.comment-header`` ("NAME said:"), replies as ``.comment-reply``;
- MT 3: ``div#cN`` holding the text, followed by ``<p class="posted">Posted by: NAME at DATE</p>``;
- MT 2 and classic Typepad: no wrapper at all, an empty ``<a id="cN">`` anchor, the paragraphs,
  then ``p.posted``. `SixApartScraper` wraps each such run in an element before the rules run.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lxml.html import HtmlElement

from ..page import Page
from ..xpath import element_text
from . import common
from .base import RawPost
from .rules import (
    CommentRules,
    DetectRules,
    PlatformRules,
    PostRules,
    RulesScraper,
    fingerprint,
    first_on_page,
    scrape_post,
    tree_changed,
)
from .selectors import first_element, has_class, selectors

_POSTED_CLASS = common.class_test("posted")
_POSTED = f"*[{_POSTED_CLASS}]"
"""The "Posted by" footer: ``p.posted`` (``span.posted`` in MT 2.6/3.0 default templates)."""
_FOOTER = (
    "descendant-or-self::*[contains(@class, 'comment-footer') or contains(@class, 'comment-byline')"
    f" or contains(@class, 'comments-post') or {_POSTED_CLASS}]"
)
_WRAPPED = "blogmigrate-sixapart-comment"
"""Class of the element `wrap_comment_runs` puts around an unwrapped comment."""
_COMMENT_ANCHOR = re.compile(r"c(?:omment-)?\d+$")
_CLASS_ENTRY = common.class_test("entry")
_ENTRY = "blogmigrate-sixapart-entry"
_ENTRY_TITLE = "blogmigrate-sixapart-title"
"""Classes `wrap_entry_run` puts on an unwrapped entry (title, text, footer) and on its title."""
_ENTRY_BODIES = selectors(
    ".entry-content, .entry-body, .asset-content, .asset-body, .blogbody, div.entry"
)
_NOT_ENTRY_FOOTER = re.compile(r"posted\s+by\s*:|tracked\s+on", re.IGNORECASE)

POST = PostRules(
    scope=selectors(
        f"div.{_ENTRY}",
        "div.entry-asset",
        "div.entry[id^='entry-']",
        "div.entry",
        "div.blogbody",
        "div.post",
        "#content",
    ),
    title=selectors(
        "h1.asset-name",
        "h2.asset-name",
        "h3.entry-header",
        "h2.entry-header",
        ".entry-title",
        "h3.title",
        f"h3.{_ENTRY_TITLE}",
        "h1",
        "h3 a[href]",
        "h3",
        "^h1.asset-name",
        "^h3.entry-header",
        "^.blogbody h3.title",
        *common.TITLE,
    ),
    permalink=selectors(
        *common.PERMALINK,
        "a.permalink[href]::attr(href)",
        f".//{_POSTED}//a[normalize-space() = 'Permalink']/@href",
        *common.CLEANEVAL_URL,
    ),
    source_id=selectors("substring-after(self::*[starts-with(@id, 'entry-')]/@id, 'entry-')"),
    author_name=selectors(
        ".asset-meta .byline .vcard .fn",
        ".asset-meta .byline .vcard",
        ".entry-footer .vcard .fn",
        ".post-footers .author",
        ".author-block a",
        # "Posted by NAME on DATE at TIME in CATEGORY": `posted_by_name` cuts the rest off.
        "normalize-space(substring-after(.//*[contains(@class, 'post-footers')], 'Posted by '))",
        f"normalize-space(substring-after(.//{_POSTED}[not(contains(., 'Posted by:'))], 'Posted by '))",
        *common.AUTHOR_NAME,
    ),
    author_url=selectors(".asset-meta .vcard a::attr(href)", ".author-block a::attr(href)"),
    published_machine=selectors(
        "abbr.published::attr(title)",
        "time[datetime]::attr(datetime)",
        *common.PUBLISHED_MACHINE,
    ),
    published_text=selectors(
        "^h2.date-header",
        ".date-header",
        "^.date",
        "^h2.date",
        ".asset-meta .byline",
        ".post-footers",
        f".//{_POSTED}[contains(., 'Posted')]",
        ".author-block",
        f".//{_POSTED}",
        ".//*[contains(@class, 'date')]",
    ),
    categories=selectors(
        ".entry-categories a",
        ".asset-meta .entry-categories a",
        ".post-footers a[href]",
        f".//{_POSTED}[not(contains(., 'Posted by:'))]/a[contains(preceding-sibling::text()[1], ' in ')]",
        ".//*[contains(@class, 'author-block')]//a[starts-with(@href, '/')]",
    ),
    tags=selectors(
        ".entry-tags a[rel=tag]",
        ".entry-tags a",
        ".//a[contains(@href, '/tag/') or contains(@href, 'tag=')][not(ancestor::*[contains(@class, 'widget') or contains(@class, 'module')])]",
        ".//a[contains(@href, 'search.html') and contains(@href, 'q=')][ancestor::*[contains(@class, 'entry-footer')]]",
    ),
    body=selectors(
        f"div.{_ENTRY}",
        ".asset-content",
        ".entry-content",
        ".entry-body",
        ".blogbody",
        ".entry",
    ),
    body_drop=selectors(
        ".entry-footer, .asset-footer, .post-footers, .entry-categories, .entry-tags, .entry-nav",
        ".comments, #comments, .trackbacks, .addthis_toolbox, .sharethis, .feedflare",
        f".//{_POSTED}",
        f".asset-header, h3.entry-header, .{_ENTRY_TITLE}, a#more, a[name=more], h3.title",
        # Templates without a text wrapper: the body is div.entry, whose first child is the title.
        f"self::div[{_CLASS_ENTRY}]/*[1][self::h2 or self::h3]",
    ),
    image_url=common.IMAGE_URL,
    excerpt=common.EXCERPT,
    language=common.LANGUAGE,
    site_name=selectors(
        *common.SITE_NAME,
        "^#banner-header a",
        "^#banner-header",
        "^#banner h1 a",
        "^#banner h1",
    ),
    site_url=selectors(
        "^#banner-header a::attr(href)",
        "^#banner h1 a::attr(href)",
        *common.SITE_URL,
    ),
    declared_count=selectors(
        "^.comments-header",
        "^#comments-header",
        "^#comments h2",
        "^.comments h3",
        "^h2#comments",
    ),
    comments_closed=selectors(
        "^.comments-closed",
        "^.comments-closed-message",
        "^//p[contains(., 'comments to this entry are closed')]",
    ),
    comment_form=selectors(
        "^#comments-open", "^#comments-form", "^form[action*='mt-comments']", "^#comment-form"
    ),
)

COMMENTS = CommentRules(
    items=selectors(
        ".comments-content .comment[id^='comment-'], .comments .comment[id^='comment-']",
        "div.comment[id^='comment-'], div[id^='comment-'][class^='comment']",
        f"div.{_WRAPPED}",
        ".//div[starts-with(@id, 'c')][string-length(@id) > 1]"
        "[translate(substring(@id, 2), '0123456789', '') = '']"
        f"[following-sibling::*[1][self::{_POSTED}]]",
        # MT 2.6/3.0 default templates: div.comments-body, text then span.comments-post.
        ".//div[contains(@class, 'comments-body')][.//*[contains(@class, 'comments-post')]]",
    ),
    companions=selectors(
        f"self::div[starts-with(@id, 'c')]/following-sibling::*[1][self::{_POSTED}]"
    ),
    author_name=selectors(
        ".comment-footer .vcard .fn",
        ".comment-footer .vcard",
        ".comment-header .vcard .fn",
        ".comment-header .vcard",
        ".asset-meta .byline .vcard",
        ".comment-author",
        f"normalize-space(substring-before(substring-after(normalize-space({_FOOTER}), ':'), ' | '))",
        f"normalize-space(substring-before(substring-after(normalize-space({_FOOTER}), 'Posted by:'), ' at '))",
        f"normalize-space(substring-before(substring-after(normalize-space({_FOOTER}), 'Posted by'), ' at '))",
        f"normalize-space(substring-before(substring-after(normalize-space({_FOOTER}), 'Posted by:'), ' on '))",
        ".comment-header",
        f"{_FOOTER}/a[@rel='nofollow']",
    ),
    author_url=selectors(
        ".vcard a[href]::attr(title)",
        ".vcard a[href]::attr(href)",
        f"{_FOOTER}/a[@rel='nofollow'][@title]::attr(title)",
        f"{_FOOTER}/a[@rel='nofollow'][starts-with(@href, 'http')]::attr(href)",
    ),
    avatar=selectors(".user-pic img::attr(src)", ".avatar img::attr(src)", "img.avatar::attr(src)"),
    date_machine=selectors("abbr.published::attr(title)", "time[datetime]::attr(datetime)"),
    date_text=selectors(
        ".asset-meta .byline abbr",
        f"{_FOOTER}//a[contains(@href, '#comment-') or contains(@href, '#c')]",
        f"normalize-space(substring-after(normalize-space({_FOOTER}), ' | '))",
        f"normalize-space(substring-after(substring-after(normalize-space({_FOOTER}), 'Posted by'), ' at '))",
        f"normalize-space(substring-after(substring-after(normalize-space({_FOOTER}), 'Posted by'), ' on '))",
        ".comment-footer a",
        ".comment-footer",
    ),
    permalink=selectors(
        f"{_FOOTER}//a[contains(@href, '#comment-') or contains(@href, '#c')]::attr(href)",
        ".asset-meta .byline a[href*='#comment-']::attr(href)",
    ),
    body=selectors(
        ".comment-content",
        ".comment-body",
        ".comment-text",
        f"self::div[@class='{_WRAPPED}']",
        "self::div[starts-with(@id, 'c')]",
        "self::div[contains(@class, 'comments-body')]",
    ),
    body_drop=selectors(
        ".comment-footer, .comment-header, .comment-byline, .asset-meta, .comment-reply-link",
        "hr.comment-separator, .reply, .comment-reply, .comments-post",
        # CSS, not ``.//*[…posted…]``: answered once for all comments from the page's element
        # lists instead of a walk of every comment's copy (the copy itself is never dropped).
        ".posted",
    ),
    by_post_author=selectors("self::*[contains(@class, 'entry-author')]"),
    # MT 5: "X replied to <a href="…#comment-N">comment from Y</a>" in the byline.
    replied_to_id=selectors(
        "substring-after(.//*[contains(@class, 'byline')]"
        "//a[contains(@href, '#comment-')][1]/@href, '#')"
    ),
)

RULES = PlatformRules(
    name="movabletype",
    detect=DetectRules(
        generator=re.compile(r"\bMovable\s*Type\b", re.IGNORECASE),
        fingerprints=(
            fingerprint(
                "^form[action*='mt-comments.cgi'], a[href*='mt-comments.cgi'],"
                " a[href*='mt-tb.cgi'], form[action*='mt-search.cgi']",
                0.8,
                "links to Movable Type's mt-comments.cgi / mt-tb.cgi / mt-search.cgi",
            ),
            fingerprint(
                "^script[src*='mt.js'], link[href*='/mt-static/'], script[src*='/mt-static/']",
                0.6,
                "Movable Type static files (mt.js, mt-static)",
            ),
            fingerprint(
                "^div.comment .comment-footer, div.comment-content + div.comment-footer",
                0.2,
                "Six Apart comment markup (comment-content + comment-footer)",
            ),
            fingerprint(
                "^div[id^='c'] + p.posted",
                0.6,
                "Movable Type 3 comments: div#cN followed by p.posted",
            ),
            fingerprint(
                "^a[id^='c'] + p + p.posted, a[id^='c'] + p.posted",
                0.5,
                "Movable Type 2 comments: anchor cN, paragraphs, p.posted",
            ),
            fingerprint("^#comments-open, #comment-author + *", 0.3, "MT comment form"),
            fingerprint(
                "^div.blogbody span.posted, div.comments-body span.comments-post",
                0.5,
                "MT 2.6/3.0 default template (blogbody, comments-body, comments-post)",
            ),
            fingerprint(
                "^div.entry-asset, div.asset-meta, .asset-name", 0.4, "MT 4/5 asset markup"
            ),
        ),
    ),
    post=POST,
    comments=COMMENTS,
)


def wrap_comment_runs(root: HtmlElement) -> int:
    """Put each unwrapped comment (``<a id="cN">``, its paragraphs, ``p.posted``) in a div.

    MT 2 and classic Typepad templates print comments as a flat run of siblings; the rules need one
    element per comment. The page tree is meant to be worked on (see `Page`), so this edits it.
    Returns how many comments were wrapped.
    """
    wrapped = 0
    for anchor in list(root.iter("a")):
        anchor_id = anchor.get("id") or anchor.get("name") or ""
        if not _COMMENT_ANCHOR.fullmatch(anchor_id) or len(anchor) or (anchor.text or "").strip():
            continue
        run: list[HtmlElement] = []
        sibling = anchor.getnext()
        while sibling is not None:
            if sibling.tag == "a" and _COMMENT_ANCHOR.fullmatch(sibling.get("id") or ""):
                break
            run.append(sibling)
            if sibling.tag == "p" and has_class(sibling, "posted"):
                break
            sibling = sibling.getnext()
        if not run or not (run[-1].tag == "p" and has_class(run[-1], "posted")):
            continue
        if any(element.tag == "div" and element.get("id") == anchor_id for element in run):
            continue  # MT 3 markup (div#cN + p.posted): the rules read it as it is
        holder = anchor.makeelement("div", {"class": _WRAPPED, "id": anchor_id})
        anchor.addnext(holder)
        holder.tail = run[-1].tail
        run[-1].tail = None
        for element in run:
            holder.append(element)
        wrapped += 1
    return wrapped


def wrap_entry_run(root: HtmlElement) -> bool:
    """Put an unwrapped entry (MT 2/3 and classic Typepad: ``<h3>`` title, paragraphs, then a
    ``p.posted`` footer, all siblings) in a div, so the body is one element; True when wrapped."""
    if first_element(root, _ENTRY_BODIES) is not None:
        return False
    for footer in root.iter("p"):
        text = " ".join(element_text(footer).split())
        if not has_class(footer, "posted") or _NOT_ENTRY_FOOTER.match(text):
            continue
        run = [footer]
        node = footer.getprevious()
        while node is not None and node.tag not in ("h1", "h2", "h3"):
            run.insert(0, node)
            node = node.getprevious()
        if node is None or node.tag != "h3" or len(run) < 2:
            return False
        node.set("class", f"{node.get('class') or ''} {_ENTRY_TITLE}".strip())
        run.insert(0, node)
        holder = node.makeelement("div", {"class": _ENTRY})
        node.addprevious(holder)
        holder.tail = footer.tail
        footer.tail = None
        for element in run:
            holder.append(element)
        return True
    return False


_AFTER_NAME = re.compile(r"\s+(?:(?:on|at)\s+(?=[^|]*\d)|in\s+|\|)")


def posted_by_name(text: str | None) -> str | None:
    """The name in the rest of a "Posted by" footer: "Kathy on March 20, 2007 | Permalink" → "Kathy"."""
    if text is None:
        return None
    return _AFTER_NAME.split(text, maxsplit=1)[0].strip() or None


class SixApartScraper(RulesScraper):
    """Movable Type and Typepad: rules, after wrapping flat comment runs (`wrap_comment_runs`)."""

    def scrape(self, page: Page) -> tuple[RawPost, ...]:
        if wrap_comment_runs(page.root):
            tree_changed(page)
        # The entry bodies looked for from the page's element lists (which the rules then use too,
        # unless the entry had to be wrapped).
        if first_on_page(page, _ENTRY_BODIES) is None and wrap_entry_run(page.root):
            tree_changed(page)
        post = scrape_post(self.rules, page)
        post = replace(post, author_name=posted_by_name(post.author_name))
        return (common.tidy_bylines(post),)


SCRAPER = SixApartScraper(RULES)
