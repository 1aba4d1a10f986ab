"""The fallback for themes nobody wrote rules for: microformats, schema.org and OpenGraph metadata,
and comment lists found by their usual class names. Always applies, with low confidence."""

from __future__ import annotations

from ..page import Page
from . import common
from .base import Detection, RawPost
from .rules import CommentRules, DetectRules, PlatformRules, PostRules, scrape_post
from .selectors import selectors

RULES = PlatformRules(
    name="generic",
    detect=DetectRules(),
    post=PostRules(
        scope=selectors(
            ".h-entry",
            "[itemtype*='BlogPosting']",
            "[itemtype*='Article']",
            ".hentry",
            "article",
            "main",
        ),
        title=selectors(
            ".p-name",
            "[itemprop=headline]",
            ".entry-title",
            "h1",
            *(s.source for s in common.TITLE),
        ),
        permalink=selectors(*(s.source for s in common.PERMALINK), ".u-url::attr(href)"),
        author_name=selectors(
            ".p-author .p-name",
            ".p-author",
            ".author .fn",
            "a[rel=author]",
            ".byline",
            *(s.source for s in common.AUTHOR_NAME),
        ),
        author_url=selectors(
            ".p-author::attr(href)", ".u-author::attr(href)", "a[rel=author]::attr(href)"
        ),
        published_machine=selectors(
            ".dt-published::attr(datetime)",
            "abbr.published::attr(title)",
            "time.published::attr(datetime)",
            *(s.source for s in common.PUBLISHED_MACHINE),
            "time::attr(datetime)",
        ),
        published_text=selectors(".dt-published", ".published", ".entry-date", ".date", "time"),
        updated_machine=common.UPDATED_MACHINE,
        categories=selectors(".p-category", "a[rel~=category]"),
        tags=selectors("a[rel=tag]", "^meta[property='article:tag']::attr(content)"),
        body=selectors(
            ".e-content",
            "[itemprop=articleBody]",
            ".entry-content",
            ".post-content",
            ".post-body",
            ".entry",
            "article",
        ),
        image_url=common.IMAGE_URL,
        excerpt=common.EXCERPT,
        language=common.LANGUAGE,
        site_name=common.SITE_NAME,
        site_url=common.SITE_URL,
        declared_count=selectors("^#comments h2", "^#comments h3", "^.comments-title"),
        comment_form=common.COMMENT_FORM,
    ),
    comments=CommentRules(
        items=selectors(
            ".h-entry .h-cite.p-comment, .p-comment.h-entry",
            "[itemprop=comment]",
            "li.comment, div.comment[id]",
        ),
        author_name=selectors(
            ".p-author .p-name", ".p-author", "[itemprop=author]", ".fn", ".comment-author"
        ),
        author_url=selectors(".u-url::attr(href)", ".url::attr(href)"),
        avatar=selectors(".u-photo::attr(src)", "img.avatar::attr(src)"),
        date_machine=selectors(".dt-published::attr(datetime)", "time::attr(datetime)"),
        date_text=selectors(".dt-published", "time", ".comment-date", ".comment-meta"),
        body=selectors(
            ".e-content", ".p-content", "[itemprop=text]", ".comment-content", ".comment-body"
        ),
        by_post_author=selectors(".bypostauthor"),
    ),
)


class GenericScraper:
    """Last in the registry: takes any page the platform scrapers declined."""

    name = "generic"

    def detect(self, page: Page) -> Detection | None:
        return Detection("generic", 0.1, ("no platform recognised; generic extraction",))

    def scrape(self, page: Page) -> tuple[RawPost, ...]:
        return (scrape_post(RULES, page),)


SCRAPER = GenericScraper()
