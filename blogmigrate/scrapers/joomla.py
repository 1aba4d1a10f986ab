"""Joomla! 1.5–4 articles (``contentpaneopen`` tables, ``.item-page`` with ``dl.article-info``) and
their comment extensions: JComments (``div#comment-item-N``) and Komento (``li.kmt-item``)."""

from __future__ import annotations

import re

from . import common
from .rules import CommentRules, DetectRules, PlatformRules, PostRules, RulesScraper, fingerprint
from .selectors import selectors

RULES = PlatformRules(
    name="joomla",
    detect=DetectRules(
        generator=re.compile(r"\bJoomla\b", re.IGNORECASE),
        fingerprints=(
            fingerprint(
                "^script[src*='/media/system/js/'], link[href*='/media/system/css/'],"
                " script[src*='/media/jui/']",
                0.7,
                "Joomla system media (/media/system/, /media/jui/)",
            ),
            fingerprint(
                "^script[src*='/components/com_jcomments/'], link[href*='/components/com_jcomments/'],"
                " #jc #comments-list",
                0.7,
                "JComments extension",
            ),
            fingerprint(
                "^script[src*='/components/com_komento/'], .kmt-list", 0.6, "Komento extension"
            ),
            fingerprint(
                "^.contentpaneopen, h1.contentheading, td.contentheading, .item-page dl.article-info",
                0.5,
                "Joomla article markup (contentpaneopen, contentheading, article-info)",
            ),
            fingerprint("^a[href*='option=com_content']", 0.5, "links to option=com_content"),
        ),
    ),
    post=PostRules(
        scope=selectors(
            ".item-page",
            ".com-content-article",
            "[itemtype*='schema.org/Article']",
            "div.contentpaneopen",
            "table.contentpaneopen",
            "div#page",
            "#content",
            "main",
        ),
        title=selectors(
            ".page-header [itemprop=headline]",
            "[itemprop=headline]",
            ".page-header h2",
            ".page-header h1",
            ".contentheading",
            "^.contentheading",
            "^h2.contentheading",
            *common.TITLE,
        ),
        permalink=selectors(
            *common.PERMALINK,
            ".contentheading a::attr(href)",
            "[itemprop=url]::attr(href)",
            # Joomla prints <base href> with the page's own URL.
            "^base::attr(href)",
        ),
        author_name=selectors(
            ".createdby [itemprop=name]",
            ".createdby",
            "span.small",
            *common.AUTHOR_NAME,
        ),
        published_machine=selectors(
            ".published time::attr(datetime)",
            "time[itemprop=datePublished]::attr(datetime)",
            *common.PUBLISHED_MACHINE,
            ".create time::attr(datetime)",
        ),
        published_text=selectors(".published", ".create", ".createdate", "td.createdate"),
        updated_machine=selectors(".modified time::attr(datetime)", *common.UPDATED_MACHINE),
        categories=selectors(
            ".category-name a", ".category-name", "^meta[property='article:section']::attr(content)"
        ),
        tags=selectors("ul.tags a", ".tags a[href*='/tags/']"),
        body=selectors(
            "[itemprop=articleBody]",
            ".article-content",
            ".com-content-article__body",
            "table.contentpaneopen td[valign=top]",
            "self::*",
        ),
        body_drop=selectors(
            "#jc, #comments, .comments, .page-header, .contentheading, .buttonheading, .article-info",
            ".pagenav, .pager, .tags, .icons, .actions, .createdby, .createdate, .modifydate",
            "#fb-root, .addthis_toolbox, .sharethis, script, ins.adsbygoogle",
            ".//*[contains(@class, 'plg_shr') or contains(@class, 'share')]",
        ),
        image_url=common.IMAGE_URL,
        excerpt=common.EXCERPT,
        language=common.LANGUAGE,
        site_name=common.SITE_NAME,
        site_url=common.SITE_URL,
        declared_count=selectors(
            "^#jc h4", "^#comments h4", "^.kmt-count", "^#jc .comments-list-header"
        ),
        comment_form=selectors("^#comments-form", "^#kmt-form", "^form[name=commentform]"),
    ),
    comments=CommentRules(
        items=selectors(
            "div[id^='comment-item-']",
            "li.kmt-item",
            ".comments-list .comment[id^='comment-']",
        ),
        source_id=selectors("::attr(id)"),
        author_name=selectors(
            ".comment-author", ".kmt-author", "[itemprop=creator] [itemprop=name]"
        ),
        author_url=selectors(
            ".comment-author a::attr(href)",
            ".kmt-author a::attr(href)",
            "a.author-homepage::attr(href)",
        ),
        avatar=selectors(".comment-avatar img::attr(src)", ".kmt-avatar img::attr(src)"),
        date_machine=selectors("time[datetime]::attr(datetime)", ".kmt-time::attr(datetime)"),
        date_text=selectors(".comment-date", ".kmt-time", ".kmt-date"),
        permalink=selectors("a.comment-anchor::attr(href)", ".kmt-permalink::attr(href)"),
        body=selectors(".comment-body", ".kmt-body", ".comment-text"),
        body_drop=selectors(
            ".comments-buttons, .comments-vote, .comment-anchor, .kmt-control, .kmt-reply"
        ),
        by_post_author=selectors(".comment-box.usertype-super-administrator, .usertype-author"),
        replied_to=selectors(
            "parent::div[starts-with(@id, 'comments-list-')]"
            "/preceding-sibling::*[1][starts-with(@id, 'comment-item-')]"
        ),
    ),
)

SCRAPER = RulesScraper(RULES)
