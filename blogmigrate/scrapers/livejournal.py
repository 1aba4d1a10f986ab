"""LiveJournal and Dreamwidth (a LiveJournal fork): one set of rules, two detections. Pure data.

Comment threads are flat lists whose level is drawn, not nested:
- site-scheme / S2 ``core2`` pages (Dreamwidth, LiveJournal): ``div.comment-thread.comment-depth-N``
  around ``div.dwexpcomment`` (``style="margin-left: Npx"``), ``.comment-poster``, ``.datetime``,
  ``.comment-content``;
- LiveJournal's newer pages: ``div.b-tree-twig.b-tree-twig-N`` (``margin-left``) around a ``div.b-leaf``;
- LiveJournal's old S1 comments page (talkread.bml): one ``<table>`` per comment whose first cell is
  a ``dot.gif`` spacer ``depth × 25`` pixels wide, the poster an ``.ljuser`` span.
The `Indent` rules turn those levels back into parents.
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
    indent,
)
from .selectors import selectors

_S1_COMMENT = "//table[tr/td[1]/img[contains(@src, '/dot.gif')]]"
"""An old talkread.bml comment: a table whose first cell is the indentation spacer."""
_S1_HEAD = "./tr[1]/td[2]"
_LABELLED_ROW = "//td[normalize-space(b) = '{}']/following-sibling::td[1]"
"""The entry header of old comment pages: rows like <td><b>Subject:</b></td><td>…</td>."""

_ITEM_ID = (
    "substring-before(concat(substring-after(//a[contains(@href, 'talkpost.bml')]"
    "[contains(@href, 'itemid=')]/@href, 'itemid='), '&'), '&')"
)
"""The entry's number in old comment pages, from the "Post a new comment" link."""

POST = PostRules(
    scope=selectors(".entry-wrapper", "article.entry", "div.entry", "article.b-singlepost", "body"),
    title=selectors(
        ".entry .entry-title",
        ".entry-title",
        ".b-singlepost-title",
        _LABELLED_ROW.format("Subject:"),
        *common.TITLE,
    ),
    permalink=selectors(
        *common.PERMALINK,
        ".entry-title a::attr(href)",
        ".entry-interaction-links .entry-permalink a::attr(href)",
        # old talkread.bml pages: the entry lives at <journal URL><itemid>.html
        f"^concat({_LABELLED_ROW.format('User:')}//a[last()]/@href, {_ITEM_ID}, '.html')",
    ),
    source_id=selectors(
        "substring-after(self::*[starts-with(@id, 'entry-wrapper-')]/@id, 'entry-wrapper-')",
        "^substring-before(substring-after(//link[@rel='canonical']/@href, '.org/'), '.html')",
        "^substring-before(substring-after(//link[@rel='canonical']/@href, '.com/'), '.html')",
        f"^{_ITEM_ID}",
    ),
    author_name=selectors(
        ".entry-poster b",
        ".entry-poster .ljuser a:last-child",
        ".b-singlepost-author .ljuser b",
        f"{_LABELLED_ROW.format('User:')}//b",
        "^meta[property='article:author']::attr(content)",
    ),
    author_url=selectors(
        ".entry-poster .ljuser a:last-child::attr(href)",
        ".b-singlepost-author .ljuser a:last-child::attr(href)",
        f"{_LABELLED_ROW.format('User:')}//a[last()]/@href",
    ),
    published_machine=selectors("time.dt-published::attr(datetime)", *common.PUBLISHED_MACHINE),
    published_text=selectors(
        ".entry .datetime",
        ".b-singlepost-author-date",
        _LABELLED_ROW.format("Date:"),
    ),
    tags=selectors(
        ".entry .tag a[rel=tag]",
        ".entry .tag a",
        ".b-singlepost-tags a",
        f"{_LABELLED_ROW.format('Tags:')}//a",
    ),
    body=selectors(
        ".entry-content",
        ".b-singlepost-body",
        "^div.entry_text",
        # old talkread.bml: the entry text follows its header table in an indented div
        "^//table[.//td[normalize-space(b) = 'Subject:']]/following-sibling::div[1]",
    ),
    body_drop=selectors(".edittime", ".ljad, .lj-like, .entry-interaction-links"),
    image_url=common.IMAGE_URL,
    excerpt=common.EXCERPT,
    language=common.LANGUAGE,
    site_name=selectors(
        "^#title span",
        "^#title",
        "^.s-header-item__link--user",
        *common.SITE_NAME,
    ),
    site_url=selectors("^#title a::attr(href)", *common.SITE_URL),
    declared_count=selectors(
        ".entry-readlink a", ".entry-interaction-links .entry-readlink", "^.b-xylem-cell-amount"
    ),
    comment_form=selectors("^#qrform", "^form#postform", "^#qrdiv", "^form[action*='talkpost_do']"),
)

COMMENTS = CommentRules(
    items=selectors(
        "#comments div.dwexpcomment, div.comment-thread > div.dwexpcomment",
        "div.b-tree-twig",
        _S1_COMMENT,
    ),
    source_id=selectors(
        "::attr(id)",
        "::attr(data-tid)",
        f"substring-after({_S1_HEAD}//a[contains(@href, 'thread=')]/@href, 'thread=')",
    ),
    author_name=selectors(
        ".comment-poster b",
        ".poster .ljuser b",
        ".b-leaf-username-name",
        ".b-leaf-username",
        f"{_S1_HEAD}/span[contains(@class, 'ljuser')]//b",
        f"{_S1_HEAD}//span[contains(@class, 'ljuser')]//b",
    ),
    author_url=selectors(
        ".comment-poster .ljuser a:last-child::attr(href)",
        ".b-leaf-username .ljuser a:last-child::attr(href)",
        ".b-leaf-username a::attr(href)",
        f"{_S1_HEAD}//span[contains(@class, 'ljuser')]/a[last()]/@href",
    ),
    avatar=selectors(
        ".userpic img::attr(src)",
        ".b-leaf-userpic img::attr(src)",
        f"{_S1_HEAD}/img[contains(@src, 'userpic')]/@src",
    ),
    date_machine=selectors(".b-leaf-createdtime::attr(datetime)"),
    date_text=selectors(
        ".datetime",
        ".b-leaf-createdtime",
        f"{_S1_HEAD}/br[last()]/following-sibling::text()[normalize-space()][1]",
    ),
    permalink=selectors(
        ".datetime a::attr(href)",
        ".b-leaf-permalink::attr(href)",
        f"{_S1_HEAD}//a[contains(@href, 'thread=')]/@href",
    ),
    body=selectors(".comment-content", ".b-leaf-article", "./tr[2]/td"),
    body_drop=selectors(
        ".edittime, .comment-management-links, .comment-interaction-links",
        ".//p[font[@size='-2']]",
        "font[size='-2']",
    ),
    indent=(
        indent(
            "./ancestor::div[contains(@class, 'comment-thread')][1]/@class",
            r"(?:^|\s)comment-depth-(\d+)(?:\s|$)",
        ),
        indent("::attr(class)", r"(?:^|\s)b-tree-twig-(\d+)(?:\s|$)"),
        indent("::attr(style)", r"margin-left:\s*(\d+)"),
        indent("./tr/td[1]/img[contains(@src, '/dot.gif')]/@width"),
    ),
)

LIVEJOURNAL_RULES = PlatformRules(
    name="livejournal",
    detect=DetectRules(
        generator=re.compile(r"\bLiveJournal\b", re.IGNORECASE),
        fingerprints=(
            fingerprint(common.on_host("livejournal.com"), 0.7, "canonical URL on livejournal.com"),
            fingerprint(
                "^link[href*='stat.livejournal.'], script[src*='stat.livejournal.'],"
                " img[src*='stat.livejournal.']",
                0.6,
                "static files from l-stat.livejournal.net / stat.livejournal.com",
            ),
            fingerprint(
                "^span.ljuser a[href*='livejournal.com']",
                0.5,
                "LiveJournal user links (span.ljuser)",
            ),
            fingerprint(
                "^a[href*='livejournal.com/talkpost.bml'], a[href*='/talkread.bml'],"
                " form[action*='livejournal.com/talkpost_do.bml']",
                0.6,
                "LiveJournal comment pages (talkpost.bml / talkread.bml)",
            ),
            fingerprint("^div.b-tree-twig", 0.5, "LiveJournal comment tree (b-tree-twig)"),
        ),
    ),
    post=POST,
    comments=COMMENTS,
)

DREAMWIDTH_RULES = PlatformRules(
    name="dreamwidth",
    detect=DetectRules(
        generator=re.compile(r"\bDreamwidth\b", re.IGNORECASE),
        fingerprints=(
            fingerprint(common.on_host("dreamwidth.org"), 0.7, "canonical URL on dreamwidth.org"),
            fingerprint(
                "^link[href*='dreamwidth.org/stc/'], script[src*='dreamwidth.org/js/'],"
                " link[href*='dreamwidth.org/??'], script[src*='dreamwidth.org/??']",
                0.6,
                "static files from dreamwidth.org",
            ),
            fingerprint(
                "^div.comment-thread > div.dwexpcomment",
                0.6,
                "Dreamwidth comment threads (div.dwexpcomment)",
            ),
            fingerprint(
                "^span.ljuser a[href*='dreamwidth.org']",
                0.5,
                "Dreamwidth user links (span.ljuser)",
            ),
        ),
    ),
    post=POST,
    comments=COMMENTS,
)

SCRAPER = RulesScraper(LIVEJOURNAL_RULES)
DREAMWIDTH_SCRAPER = RulesScraper(DREAMWIDTH_RULES)
