"""WordPress: classic themes (Kubrick, Twenty Ten … Twenty Seventeen), block themes, WordPress.com and
Jetpack pages. Pure data: every quirk is one more selector."""

from __future__ import annotations

import re

from . import common
from .rules import (
    CommentRules,
    DetectRules,
    PlatformRules,
    PostRules,
    RulesScraper,
    containers,
    fingerprint,
)
from .selectors import requiring, selectors

_NAMES_A_POST = "//body[contains(@class, 'postid-')]"
_POST_ID = (
    "concat('post-', substring-before(concat(substring-after(//body/@class, 'postid-'), ' '), ' '))"
)
"""The id WordPress gives the element of the post that the body's class ``postid-N`` names."""
_NOT_IN_WIDGET = "[not(ancestor::*[contains(@class, 'widget')])]"
_NOT_IN_COMMENTS = "[not(ancestor::*[@id='comments' or contains(@class, 'comment')])]"

RULES = PlatformRules(
    name="wordpress",
    detect=DetectRules(
        generator=re.compile(r"\bWordPress\b", re.IGNORECASE),
        fingerprints=(
            fingerprint("^link[rel='https://api.w.org/']", 0.8, "WordPress REST API link"),
            fingerprint("^link[href*='/wp-content/']", 0.6, "stylesheet under /wp-content/"),
            fingerprint("^script[src*='/wp-includes/']", 0.6, "script under /wp-includes/"),
            fingerprint(
                "^img[src*='/wp-content/uploads/']", 0.5, "image under /wp-content/uploads/"
            ),
            fingerprint("^.wp-block-post-title, .wp-block-post-content", 0.6, "block-theme markup"),
            fingerprint("^#jp-post-flair, .sharedaddy", 0.5, "Jetpack blocks"),
            fingerprint("^li.comment.depth-1, ol.commentlist", 0.4, "WordPress comment list"),
            fingerprint("^body[class*='postid-']", 0.5, "body class postid-N"),
        ),
    ),
    post=PostRules(
        scope=selectors(
            # The element whose id is post-N for the body's postid-N: never a related-post card.
            # (starts-with first: compile_xpath then walks the id values, and only the few post-*
            # ids run the other tests, which search the page for <body>. A page none of whose
            # attribute values holds "postid-" is spared the walk: 17 of the 40 runs; on the
            # others the page's table of ids answers, a walk being only the fallback.)
            requiring(
                f"//*[starts-with(@id, 'post-')][@id={_POST_ID}][{_NAMES_A_POST}]",
                any_text=["postid-"],
                # the id, or "" where no body names a post (its length times false)
                first_by_id=f"substring({_POST_ID}, 1,"
                f" string-length({_POST_ID}) * boolean({_NAMES_A_POST}))",
            ),
            # The article (or hentry) around the page's h1 title: not a related-post card before it.
            f"(//h1[{common.class_test('entry-title')}])[1]"
            f"/ancestor::*[self::article or {common.class_test('hentry')}][1]",
            "article.type-post:not(.related-post)",
            "article.type-page",
            "div.type-post",
            "div.type-page",
            "article.post",
            "div.post[id^='post-']",
            "div.post",
            "article.hentry",
            "div.hentry",
            "main",
        ),
        title=selectors(
            "h1.entry-title",
            ".wp-block-post-title",
            "h2.entry-title",
            "h1 a[rel=bookmark]",
            "h2 a[rel=bookmark]",
            "h1.post-title",
            ".post-title",
            "h1.title",
            "./h1",
            "./h2",
            "^h1.entry-title",
            "^.wp-block-post-title",
            *common.TITLE,
        ),
        permalink=selectors(
            "^link[rel=canonical]::attr(href)",
            "a[rel=bookmark]::attr(href)",
            "^meta[property='og:url']::attr(content)",
            "^link[rel=shortlink]::attr(href)",
        ),
        source_id=selectors(
            "^substring-before(concat(substring-after(//body/@class, 'postid-'), ' '), ' ')",
            "[id^='post-']::attr(id)",
            "^link[rel=shortlink]::attr(href)",
        ),
        author_name=selectors(
            ".entry-meta .author a",
            ".byline .author a",
            ".wp-block-post-author-name",
            ".wp-block-post-author__name",
            "a[rel=author]",
            ".author.vcard .fn",
            ".author.vcard",
            ".entry-author-name",
            ".post-author a",
            f".//a[contains(@href, '/author/')]{_NOT_IN_COMMENTS}",
            f".//span[contains(concat(' ', @class, ' '), ' author ')]{_NOT_IN_COMMENTS}",
            # Kubrick-style bylines under the title: <small>11.05.2012, 10:22 von jovelstefan</small>
            "substring-after(./small, ' von ')",
            "substring-after(./small, ' by ')",
            "substring-after(./small, ' par ')",
            *common.AUTHOR_NAME,
        ),
        author_url=selectors(
            ".entry-meta .author a::attr(href)",
            ".byline .author a::attr(href)",
            ".wp-block-post-author-name a::attr(href)",
            "a[rel=author]::attr(href)",
            ".author.vcard a::attr(href)",
            f".//a[contains(@href, '/author/')]{_NOT_IN_COMMENTS}/@href",
        ),
        published_machine=selectors(
            "time.entry-date.published::attr(datetime)",
            "time.published::attr(datetime)",
            "time.entry-date::attr(datetime)",
            ".wp-block-post-date time::attr(datetime)",
            "abbr.published::attr(title)",
            *common.PUBLISHED_MACHINE,
            ".entry-meta time::attr(datetime)",
            ".posted-on time::attr(datetime)",
        ),
        published_text=selectors(
            "time.entry-date.published",
            ".entry-date",
            ".wp-block-post-date",
            ".posted-on",
            ".post-date",
            ".entry-meta .date",
            "abbr.published",
            ".postmetadata .date",
            ".date",
            ".postmetadata",
            "./small",
            "^h2.date-header",
        ),
        updated_machine=selectors(
            "time.updated::attr(datetime)",
            "abbr.updated::attr(title)",
            *common.UPDATED_MACHINE,
        ),
        categories=selectors(
            ".wp-block-post-terms.taxonomy-category a",
            ".cat-links a",
            f".//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]{_NOT_IN_WIDGET}",
            ".entry-categories a",
            ".post-categories a",
            "^meta[property='article:section']::attr(content)",
        ),
        tags=selectors(
            ".wp-block-post-terms.taxonomy-post_tag a",
            ".tags-links a",
            ".tag-links a",
            f".//a[@rel='tag']{_NOT_IN_WIDGET}",
            ".entry-tags a",
            ".post-tags a",
            "^meta[property='article:tag']::attr(content)",
        ),
        body=selectors(
            ".entry-content",
            ".wp-block-post-content",
            ".post-content",
            ".entry",
            ".post-entry",
            ".storycontent",
            ".post-body",
            "[itemprop=articleBody]",
        ),
        body_drop=selectors(
            ".sharedaddy, #jp-post-flair, .jp-relatedposts, .wpl-likebox, .wordads-ad-wrapper",
            ".addtoany_share_save_container, .a2a_kit, .shareaholic-canvas, .yarpp-related",
            ".related-posts, .crp_related, .wp_rp_wrap, .wpcnt, ins.adsbygoogle, .adsbygoogle",
            ".social-share, .share-buttons, .ssba, .heateor_sss_sharing_container",
            ".mashsb-container, .swp_social_panel, .essb_links, .fb-like, .linkwithin_hook",
            ".post-ratings, .printfriendly, .dd_post_share, .wp-block-jetpack-sharing-buttons",
            ".post-navigation, .nav-links, .entry-footer, .comments-link",
        ),
        image_url=selectors(
            ".post-thumbnail img::attr(src)",
            "img.wp-post-image::attr(src)",
            ".wp-block-post-featured-image img::attr(src)",
            *common.IMAGE_URL,
        ),
        image_alt=selectors(
            "img.wp-post-image::attr(alt)", ".wp-block-post-featured-image img::attr(alt)"
        ),
        excerpt=common.EXCERPT,
        language=common.LANGUAGE,
        site_name=selectors(
            *common.SITE_NAME,
            "^.site-title a",
            "^#site-title a",
            "^.wp-block-site-title",
            "^#blog-title",
            "^#header h1 a",
        ),
        site_url=selectors(
            "^.site-title a::attr(href)",
            "^#site-title a::attr(href)",
            "^.wp-block-site-title a::attr(href)",
            "^#blog-title a::attr(href)",
            *common.SITE_URL,
        ),
        declared_count=selectors(
            "^.comments-title",
            "^#comments-title",
            "^.wp-block-comments-title",
            "^h3#comments",
            "^h2#comments",
            "^#comments > h2",
            "^#comments > h3",
            "^.comments-area h2",
            ".comments-link",
        ),
        comments_closed=selectors(
            "^.nocomments", "^.no-comments", "^.comments-closed", "^.wp-block-post-comments-closed"
        ),
        comment_form=common.COMMENT_FORM,
    ),
    comments=CommentRules(
        items=selectors(
            "li.comment[id], li.pingback, li.trackback, div.comment-childs[id^='comment-']",
            "div.comment[id^='comment-'], div.pingback[id^='comment-'],"
            " div.trackback[id^='comment-']",
            "article.comment[id^='comment-'], article.pingback[id^='comment-']",
            "ol.commentlist > li[id^='comment-'], ul.commentlist > li[id^='comment-'],"
            " #commentlist > li[id^='comment-'], .pinglist > li, .trackbacklist > li",
            "dl > dt[id^='comment-']",
        ),
        not_inside=containers(
            ".widget", ".widget-area", "#sidebar", ".sidebar", ".recentcomments", "footer"
        ),
        companions=selectors("self::dt/following-sibling::*[1][self::dd]"),
        author_name=selectors(
            ".comment-author .fn",
            ".wp-block-comment-author-name",
            "cite.fn",
            ".fn",
            ".comment-author-name",
            ".comment_author",
            "a.url",
            ".comment-header h3, .comment-header h4, .comment-header strong",
            ".//*[contains(@class, 'comment-author')]/text()[normalize-space()]",
            ".comment-author",
            "cite",
        ),
        author_url=selectors(
            ".comment-author .fn a::attr(href)",
            ".comment-author a.url::attr(href)",
            ".wp-block-comment-author-name a::attr(href)",
            ".fn a::attr(href)",
            "a.url::attr(href)",
            "cite a::attr(href)",
        ),
        avatar=selectors(
            "img.avatar::attr(data-lazy-src)",
            "img.avatar::attr(data-src)",
            "img.avatar::attr(src)",
            ".wp-block-avatar img::attr(src)",
        ),
        date_machine=selectors(
            ".comment-metadata time::attr(datetime)",
            ".wp-block-comment-date time::attr(datetime)",
            "time::attr(datetime)",
        ),
        date_text=selectors(
            ".comment-metadata time",
            ".comment-time",
            ".comment_time",
            ".comment-metadata a",
            ".comment-meta a:not(.comment-reply-link)",
            ".commentmetadata a",
            ".wp-block-comment-date",
            ".comment-date",
            ".comment-meta",
            ".commentmetadata",
            "a.commentlink",
            "./small",
        ),
        permalink=selectors(
            ".comment-metadata a::attr(href)",
            ".comment-meta a::attr(href)",
            ".commentmetadata a::attr(href)",
            ".wp-block-comment-date a::attr(href)",
        ),
        body=selectors(
            ".comment-content",
            ".wp-block-comment-content",
            ".comment-text",
            ".comment-entry",
            ".comment-body",
            "self::dd/*[contains(@class, 'format_text')]",
            "./p | ./blockquote | ./ul | ./ol | ./pre",
            "self::*[parent::*[contains(@class, 'pinglist') or contains(@class, 'trackbacklist')]]",
        ),
        body_drop=selectors(
            ".reply, .comment-reply-link, .edit-link, .comment-edit-link, .says",
            ".comment-author, .comment-meta, .comment-metadata, .commentmetadata",
            ".wp-block-comment-reply-link, .wp-block-comment-edit-link, .comment-likes",
            ".comment-like, .comment-awaiting-moderation",
        ),
        pingback=selectors(".pingback", "self::*[parent::*[contains(@class, 'pinglist')]]"),
        trackback=selectors(".trackback", "self::*[parent::*[contains(@class, 'trackbacklist')]]"),
        by_post_author=selectors(".bypostauthor", ".authorcomment", ".author-comment"),
    ),
)

SCRAPER = RulesScraper(RULES)
