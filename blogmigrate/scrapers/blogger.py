"""Blogger / Blogspot: classic templates (``dl#comments-block`` with dt/dd pairs, and the 2004-era
``<li>`` + "By NAME, at TIME" lists), threaded comments (``.comment-thread`` / ``li.comment`` /
``.comment-replies``, server-rendered or written by Blogger's script), layouts v3 (Contempo, Soho…).

Rules are data, read by `common.BylinesScraper` ("Anonymous said..." → "Anonymous"). A comment's
exact time is in its permalink (``?showComment=<epoch milliseconds>``): the normalizer reads it,
see `normalize.dates`.
"""

from __future__ import annotations

import re

from . import common
from .rules import (
    CommentRules,
    DetectRules,
    PlatformRules,
    PostRules,
    fingerprint,
)
from .selectors import requiring, selectors

_COMMENT_DATA = ".//p[contains(@class, 'comment-data')]"
"""2004-era templates: ``<p class="comment-data">By NAME, at <a href="#c…">1:53 PM</a></p>``."""
_NOT_PERMALINK = "[not(@name)][not(@title='comment permalink')][not(starts-with(@href, '#'))]"
_POST_FOOTER = ".//p[contains(@class, 'post-footer')]"
"""2004-era templates: ``<p class="post-footer">posted by NAME at <a>1:02 PM</a></p>``."""

_LOCALE = "\"'locale': '\""
"""Layout templates print no lang attribute, but their widget set-up script names the locale."""

_STOCK_AVATAR = re.compile(r"blogblog\.com/img/|/img/blank\.gif|/img/anon\d*\.png")
"""Blogger's placeholder pictures (blank, anonymous, stock icons) are not the commenter's avatar."""

RULES = PlatformRules(
    name="blogger",
    detect=DetectRules(
        generator=re.compile(r"\bBlogger\b", re.IGNORECASE),
        fingerprints=(
            fingerprint(
                "^a[href*='blogger.com/delete-comment.g'], a[href*='blogger.com/post-edit.g'],"
                " a[href*='blogger.com/email-post.g'], a[href*='blogger.com/comment.g']",
                0.8,
                "Blogger admin links (delete-comment.g, post-edit.g, email-post.g)",
            ),
            fingerprint(
                "^[id^='Blog1'], div.widget.Blog", 0.7, "Blogger's Blog1 widget (layout templates)"
            ),
            fingerprint(
                "^#b-navbar, #navbar-iframe, iframe[src*='blogger.com/navbar.g']",
                0.6,
                "Blogger navbar",
            ),
            fingerprint(
                "^script[src*='blogblog.com'], img[src*='blogblog.com'], link[href*='blogblog.com']",
                0.6,
                "assets from blogblog.com",
            ),
            fingerprint(
                "^dl#comments-block", 0.6, "classic Blogger comment list dl#comments-block"
            ),
            fingerprint(
                "^.comment-thread ol#top-ra, #comment-holder", 0.5, "Blogger threaded comments"
            ),
            fingerprint(common.on_host(".blogspot."), 0.6, "canonical URL on blogspot"),
            fingerprint("^a[href*='/search/label/']", 0.3, "label links under /search/label/"),
            fingerprint("^h2.date-header", 0.2, "h2.date-header above the post"),
        ),
    ),
    post=PostRules(
        scope=selectors(".post.hentry", "div.post", "article.post", ".post-outer", "#main"),
        title=selectors(
            "h3.post-title",
            ".post-title",
            ".entry-title",
            "^h3.post-title",
            "^.post-title",
            *common.TITLE,
        ),
        permalink=selectors(
            *common.PERMALINK,
            "a.timestamp-link::attr(href)",
            "a[title='permanent link']::attr(href)",
            *common.CLEANEVAL_URL,
        ),
        source_id=selectors(
            "^meta[itemprop=postId]::attr(content)",
            "meta[itemprop=aiaPostId]::attr(content)",
            ".post-body[id^='post-body-']::attr(id)",
            "./a[@name]::attr(name)",
        ),
        author_name=selectors(
            ".post-author .fn [itemprop=name]::attr(content)",
            ".post-author .fn [itemprop=name]",
            ".post-author .fn",
            ".post-author a",
            ".post-author",
            f"normalize-space(substring-before(substring-after({_POST_FOOTER}, 'posted by '), ' at '))",
            f"normalize-space(substring-before(substring-after({_POST_FOOTER}, 'Posted by '), ' at '))",
            f"normalize-space(substring-before(substring-after({_POST_FOOTER}, 'posted by '), ' @ '))",
            *common.AUTHOR_NAME,
        ),
        author_url=selectors(
            ".post-author a[rel=author]::attr(href)",
            ".post-author a.g-profile::attr(href)",
            ".post-author a::attr(href)",
        ),
        published_machine=selectors(
            "abbr.published::attr(title)",
            "time.published::attr(datetime)",
            ".published[datetime]::attr(datetime)",
            *common.PUBLISHED_MACHINE,
        ),
        published_text=selectors(
            "^h2.date-header", ".date-header", "^.date-header", ".published", ".post-timestamp"
        ),
        updated_machine=selectors("abbr.updated::attr(title)", "time.updated::attr(datetime)"),
        # Blogger calls them labels; the contract records labels as categories.
        categories=selectors(
            ".post-labels a",
            ".post-footer a[rel=tag]",
            ".//a[contains(@href, '/search/label/')][not(ancestor::*[contains(@class, 'widget')])]",
        ),
        body=selectors(".post-body", ".entry-content", "[itemprop=articleBody]"),
        body_drop=selectors(
            ".post-share-buttons, .post-footer, .blog-pager, .post-icons, .item-control",
            ".sharethis, .addthis_toolbox, .linkwithin_hook, .post-labels",
        ),
        image_url=selectors(*common.IMAGE_URL, "meta[itemprop=image_url]::attr(content)"),
        excerpt=common.EXCERPT,
        language=selectors(
            "^html::attr(lang)",
            requiring(
                f"^substring-before(substring-after(//script[contains(., {_LOCALE})][1],"
                f' {_LOCALE}), "\'")',
                source=["'locale': '"],  # a script's text is in the source as it is
            ),
            *common.LANGUAGE,
        ),
        site_name=selectors(
            *common.SITE_NAME,
            "^.Header h1 a",
            "^.Header h1",
            "^#blog-header h1 a",
            "^#header h1 a",
        ),
        site_url=selectors(
            "^.Header h1 a::attr(href)",
            "^#blog-header h1 a::attr(href)",
            "^#header h1 a::attr(href)",
            *common.SITE_URL,
        ),
        declared_count=selectors("^#comments > h4", "^#comments h4", "^.comments h3.title"),
        comment_form=selectors(
            "^#comment-editor",
            "^.comment-form",
            "^#comment-form",
            "^a[href*='blogger.com/comment.g']",
        ),
    ),
    comments=CommentRules(
        placeholder_avatar=_STOCK_AVATAR,
        items=selectors(
            ".comment-thread li.comment",
            "dl#comments-block > dt, #comments-block > dt",
            "#comments li[id^='c']",
        ),
        companions=selectors(
            "self::dt/following-sibling::*[1][self::dd]",
            "self::dt/following-sibling::*[2][self::dd]"
            "[contains(@class, 'comment-footer') or contains(@class, 'comment-timestamp')]",
        ),
        source_id=selectors(
            "self::*[starts-with(@id, 'c')]::attr(id)",
            ".comment-block[id^='c']::attr(id)",
            "self::*[@id]/a[@name]::attr(name)",
        ),
        author_name=selectors(
            ".comment-header cite.user",
            "cite.user",
            ".comment-author .user",
            f"self::dt/a{_NOT_PERMALINK}[normalize-space()]",
            "self::dt/span[normalize-space()][not(contains(@class, 'avatar'))]",
            # 2005 templates: "At <a>4/19/2005 07:14:49 PM</a>, Anonymous said..."
            "normalize-space(substring-after(self::dt[starts-with(normalize-space(), 'At ')], ','))",
            "self::dt",
            f"normalize-space(substring-before(substring-after({_COMMENT_DATA}, 'By '), ', at'))",
            f"{_COMMENT_DATA}/a[contains(@href, 'profile')]",
        ),
        author_url=selectors(
            "cite.user a::attr(href)",
            f"self::dt/a{_NOT_PERMALINK}[@href]::attr(href)",
            f"{_COMMENT_DATA}/a[contains(@href, 'profile')]::attr(href)",
        ),
        avatar=selectors(
            ".avatar-image-container img[longdesc]::attr(longdesc)",
            ".avatar-image-container noscript img::attr(src)",
            ".avatar-image-container img::attr(src)",
        ),
        date_text=selectors(
            ".comment-header .datetime a",
            ".datetime",
            ".comment-timestamp a",
            ".comment-timestamp",
            f"{_COMMENT_DATA}/a[starts-with(@href, '#c') or @title='comment permalink']",
            "self::dt/a[starts-with(@href, '#c') or @title='comment permalink']",
        ),
        permalink=selectors(
            ".comment-header .datetime a::attr(href)",
            ".datetime a::attr(href)",
            ".comment-timestamp a::attr(href)",
            f"{_COMMENT_DATA}/a[starts-with(@href, '#c') or @title='comment permalink']::attr(href)",
            "self::dt/a[starts-with(@href, '#c') or @title='comment permalink']::attr(href)",
        ),
        body=selectors(
            ".comment-content", "dd.comment-body", ".comment-body", "self::dd", ".comment-text"
        ),
        body_drop=selectors(
            ".comment-actions, .comment-reply, .item-control, .blog-admin, .comment-delete",
            ".comment-timestamp, .comment-footer, .comment-data, .thread-toggle, .continue",
            ".comment-replybox-single, .comment-replybox-thread, .comment-replies",
        ),
        by_post_author=selectors(
            ".comment-header .blog-author", "self::*[contains(@class, 'blog-author')]"
        ),
    ),
)


SCRAPER = common.BylinesScraper(RULES)
