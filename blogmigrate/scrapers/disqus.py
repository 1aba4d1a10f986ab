"""Disqus comments that were rendered into the saved page (the Disqus WordPress plugin's fallback
list, ``#dsq-comments``), composed with whatever platform scraper reads the post itself.

A Disqus thread that is only an embed (``#disqus_thread`` plus a script) holds no comments in the
HTML: such pages keep the platform's own result, which for these pages is no comments at all.
"""

from __future__ import annotations

from dataclasses import replace

from ..page import Page
from .base import Detection, RawPost, Scraper
from .rules import CommentRules, DetectRules, page_index, scrape_comments
from .selectors import selectors

RENDERED_ITEMS = selectors(
    "#dsq-comments li[id^='dsq-comment-']",
    ".dsq-comment[id^='dsq-comment-']",
    "li.dsq-comment",
)

COMMENT_RULES = CommentRules(
    items=RENDERED_ITEMS,
    source_id=selectors("::attr(id)"),
    author_name=selectors(
        ".dsq-comment-header cite span[id^='dsq-author-user']",
        ".dsq-comment-header cite a",
        ".dsq-comment-header cite",
        ".dsq-comment-cite",
    ),
    author_url=selectors(
        ".dsq-comment-header cite a::attr(href)",
        ".dsq-comment-cite a::attr(href)",
    ),
    avatar=selectors(".dsq-avatar img::attr(src)", ".dsq-comment-header img::attr(src)"),
    date_machine=selectors("time::attr(datetime)"),
    date_text=selectors(
        ".dsq-comment-header-time",
        ".dsq-comment-footer .dsq-comment-date",
        ".dsq-comment-date",
        ".dsq-comment-header .dsq-comment-meta",
    ),
    permalink=selectors(".dsq-comment-header-time a::attr(href)"),
    body=selectors(".dsq-comment-message", ".dsq-comment-body", ".dsq-comment-text"),
    body_drop=selectors(".dsq-comment-footer, .dsq-comment-header"),
)
"""The plugin's markup: ``li.dsq-comment`` items, nested in ``ul.children`` for replies."""


_RENDERED_MEMO = "disqus-rendered"


def has_rendered_comments(page: Page) -> bool:
    """Pruned by the page's selector index (most pages never mention Disqus); remembered for the
    page, since every platform's detection asks, then the chosen scraper before it scrapes: until
    then nothing has changed the tree, so the index need not be verified against it."""
    if _RENDERED_MEMO not in page.cache:
        index = page_index(page)
        page.cache[_RENDERED_MEMO] = any(
            rule.possible(index) and rule.elements(page.root) for rule in RENDERED_ITEMS
        )
    return bool(page.cache[_RENDERED_MEMO])


class WithDisqusComments:
    """A platform scraper whose post gets the page's server-rendered Disqus comments, when there
    are any: the Disqus plugin replaces the platform's own comment list, whose leftovers (the
    same items with their plugin-specific classes) the platform's rules would misread."""

    def __init__(self, inner: Scraper) -> None:
        self.inner = inner

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def detect_rules(self) -> DetectRules:
        return self.inner.detect_rules

    def detect(self, page: Page) -> Detection | None:
        detection = self.inner.detect(page)
        if detection is None or not has_rendered_comments(page):
            return detection
        return replace(
            detection,
            reasons=(*detection.reasons, "server-rendered Disqus comments (#dsq-comments)"),
        )

    def scrape(self, page: Page) -> tuple[RawPost, ...]:
        # Read the Disqus list first: the platform's scrape may prune the tree (body cleaning).
        comments = scrape_comments(COMMENT_RULES, page.root) if has_rendered_comments(page) else ()
        posts = self.inner.scrape(page)
        if not posts or not comments:
            return posts
        return (replace(posts[0], comments=comments), *posts[1:])


def with_disqus(scrapers: tuple[Scraper, ...]) -> tuple[Scraper, ...]:
    """Every scraper of the registry, composed with server-rendered Disqus comments."""
    return tuple(WithDisqusComments(scraper) for scraper in scrapers)
