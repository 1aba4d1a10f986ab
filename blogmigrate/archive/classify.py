"""What a page is: a post, a static page, a listing (home, date archive, category, tag, author,
search, pagination), a feed, an attachment page or something else — from cheap signals, as data.

Only posts and pages become records. The signals, strongest first: WordPress (and similar) body
classes, then the page's address, then its structure (several post containers, rel=next to a
``/page/2/``, og:type). A page no signal speaks about is a post, so a lone saved page always converts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from ..scrapers.indexed import ElementLists
from ..scrapers.selectors import PageIndex
from ..xpath import compile_xpath

POST = "post"
PAGE = "page"
LISTING = "listing"
FEED = "feed"
ATTACHMENT = "attachment"
OTHER = "other"
RECORD_KINDS = frozenset({POST, PAGE})
"""The kinds that become records."""


@dataclass(frozen=True, slots=True)
class PageKind:
    kind: str
    """post, page, listing, feed, attachment or other."""
    detail: str | None = None
    """For listings: home, date, category, tag, author, search, pagination, archive."""
    reason: str = "no listing, feed or attachment signal"

    @property
    def becomes_records(self) -> bool:
        return self.kind in RECORD_KINDS

    def label(self) -> str:
        return f"{self.kind} ({self.detail})" if self.detail else self.kind


@dataclass(frozen=True, slots=True)
class BodyClassRule:
    """A body class (one token) that names the page's kind."""

    token: str
    kind: str
    detail: str | None = None


BODY_CLASS_RULES: tuple[BodyClassRule, ...] = (
    BodyClassRule("error404", OTHER, "not found"),
    BodyClassRule("attachment", ATTACHMENT),
    BodyClassRule("search-results", LISTING, "search"),
    BodyClassRule("search-no-results", LISTING, "search"),
    BodyClassRule("search", LISTING, "search"),
    BodyClassRule("single", POST),
    BodyClassRule("single-post", POST),
    BodyClassRule("page-template-default", PAGE),
    BodyClassRule("page", PAGE),
    BodyClassRule("category", LISTING, "category"),
    BodyClassRule("tag", LISTING, "tag"),
    BodyClassRule("tax-post_format", LISTING, "archive"),
    BodyClassRule("author", LISTING, "author"),
    BodyClassRule("date", LISTING, "date"),
    BodyClassRule("day", LISTING, "date"),
    BodyClassRule("month", LISTING, "date"),
    BodyClassRule("year", LISTING, "date"),
    BodyClassRule("archive", LISTING, "archive"),
    BodyClassRule("blog", LISTING, "home"),
    BodyClassRule("home", LISTING, "home"),
)
"""WordPress body classes, most specific first (an attachment page also says ``single``; a static
front page says ``home page``: ``page`` comes before ``home``)."""
_PAGED = "paged"
_POST_ID_CLASS = re.compile(r"^(?:postid|page-id)-\d+$")


@dataclass(frozen=True, slots=True)
class UrlRule:
    pattern: re.Pattern[str]
    kind: str
    detail: str | None = None


URL_RULES: tuple[UrlRule, ...] = (
    UrlRule(re.compile(r"[?&]attachment_id=\d+"), ATTACHMENT),
    UrlRule(re.compile(r"[?&]s=[^&]*"), LISTING, "search"),
    UrlRule(re.compile(r"/search(?:/label/[^/?]+|\?q=)"), LISTING, "tag"),
    UrlRule(re.compile(r"/page/\d+/?(?:[?#].*)?$"), LISTING, "pagination"),
    UrlRule(re.compile(r"[?&]paged=\d+"), LISTING, "pagination"),
    UrlRule(re.compile(r"/category/[^?#]+$|[?&]cat=\d+"), LISTING, "category"),
    UrlRule(re.compile(r"/tag/[^?#]+$|[?&]tag="), LISTING, "tag"),
    UrlRule(re.compile(r"/author/[^/?#]+/?$"), LISTING, "author"),
    UrlRule(
        re.compile(r"/(?:19|20)\d\d/(?:\d\d/){0,2}(?:[?#].*)?$|[?&]m=\d+|_archive\.html$"),
        LISTING,
        "date",
    ),
    UrlRule(re.compile(r"/(?:comments/)?feed/?(?:atom|rss2?|rdf)?/?$"), FEED),
)
"""Address patterns of WordPress and Blogger listings; used when the body classes say nothing."""


@dataclass(frozen=True, slots=True)
class Query:
    """A whole-page query with what a page must hold for it to find anything: the page index
    (class names, attribute values, the source) answers "nothing" without walking the tree."""

    xpath: etree.XPath
    values: frozenset[str] = frozenset()
    """Whole attribute values, one of which every hit has (``@rel = 'next'``)."""
    classes: frozenset[str] = frozenset()
    """Class names, one of which every hit has."""
    texts: tuple[str, ...] = ()
    """Texts, one of which an attribute value of every hit contains."""

    def run(self, root: HtmlElement, index: PageIndex | None) -> object:
        """The query's result, or None when the page cannot hold a hit."""
        if index is not None and (
            self.values.isdisjoint(index.values)
            and self.classes.isdisjoint(index.classes)
            and not any(map(index.has_text, self.texts))
        ):
            return None
        return self.xpath(root)


def query(
    expression: str,
    *,
    values: tuple[str, ...] = (),
    classes: tuple[str, ...] = (),
    texts: tuple[str, ...] = (),
) -> Query:
    """A `Query`, compiled once (root.xpath(text) compiles its expression on every call)."""
    return Query(compile_xpath(expression), frozenset(values), frozenset(classes), texts)


@dataclass(frozen=True, slots=True)
class ClassedDivs:
    """``div`` elements with a class name (an id prefix, outside any ``article``), from the page's
    class list: the elements of that class name are looked up there, where a query such as
    ``//div[contains(concat(' ', normalize-space(@class), ' '), ' hentry ')]`` walks the page."""

    class_name: str
    id_prefix: str | None = None
    outside_article: bool = False

    def found(self, lists: ElementLists) -> list[HtmlElement]:
        return [
            element
            for element in lists.classed(self.class_name)
            if element.tag == "div"
            and (self.id_prefix is None or (element.get("id") or "").startswith(self.id_prefix))
            and not (self.outside_article and _inside_article(element))
        ]


def _inside_article(element: HtmlElement) -> bool:
    """``ancestor::article``."""
    return any(ancestor.tag == "article" for ancestor in element.iterancestors())


def _top_articles(lists: ElementLists) -> list[HtmlElement]:
    """The ``article`` elements outside any other (``//article[not(ancestor::article)]``), from
    the list of rare tags, which the page's addresses were read from: the query walks the whole
    page (71 of the 136 bench pages say ``<article`` somewhere)."""
    return [element for element in lists.tagged(("article",)) if not _inside_article(element)]


_HENTRY_DIVS = ClassedDivs("hentry", outside_article=True)
"""``//div[contains(concat(' ', normalize-space(@class), ' '), ' hentry ')][not(ancestor::article)]``"""
_POST_DIVS = ClassedDivs("post", id_prefix="post-")
"""``//div[starts-with(@id, 'post-')][contains(concat(' ', normalize-space(@class), ' '), ' post ')]``"""
_COMMENTS = query(
    "//*[@id='comments' or @id='respond'] | //ol[contains(@class, 'commentlist')]",
    values=("comments", "respond"),
    texts=("commentlist",),
)
_BODY_CLASS = compile_xpath("string(//body/@class)")
_ADDRESS_KEYS = (("link", "rel", "canonical"), ("meta", "property", "og:url"))
"""The canonical link and og:url, as keys of the page's list of rare tags (`ElementLists.tagged`)."""
_ADDRESS_ATTRIBUTE = {"link": "href", "meta": "content"}
_OG_TYPE_KEY = ("meta", "property", "og:type")
# (one walk for both tags: the union of one walk per tag gives the same values in the same order)
_NEXT_LINKS = query("//*[@rel='next'][self::link or self::a]/@href", values=("next",))
_NEXT_PAGE = re.compile(r"/page/\d+/?$|[?&]paged=\d+")
MIN_LISTING_CONTAINERS = 3


def classify_page(
    root: HtmlElement, url: str | None, index: Callable[[], PageIndex] | None = None
) -> PageKind:
    """The kind of an HTML page (feeds are recognised earlier, from their bytes). ``index`` makes
    the page's selector index, shared with detection and scraping: its list of rare tags gives
    the addresses and og:type (links and metas, without a walk of the page), and its class
    names and attribute values rule out the structure queries that cannot find anything, asked
    for only when neither the body classes nor the addresses decide (a listing known by its
    address does not pay for them)."""
    tokens = str(_BODY_CLASS(root) or "").split()
    by_class = _by_body_class(tokens)
    if by_class is not None:
        return by_class
    made = index() if index is not None else None
    # The index's lists when they are this tree's (shared with detection and scraping), else the
    # tree's own: only the list of rare tags is made, by one walk of those tags.
    lists = made.lists if made is not None and made.lists.root is root else ElementLists(root)
    for candidate in _addresses(url, lists):
        for rule in URL_RULES:
            if rule.pattern.search(candidate):
                return PageKind(rule.kind, rule.detail, f"address {candidate}")
    return _by_structure(root, made, lists)


def _by_body_class(tokens: list[str]) -> PageKind | None:
    if not tokens:
        return None
    present = set(tokens)
    for rule in BODY_CLASS_RULES:
        if rule.token in present:
            detail = rule.detail
            if rule.kind == LISTING and _PAGED in present and detail == "home":
                detail = "pagination"
            if rule.kind == PAGE and not any(_POST_ID_CLASS.match(t) for t in tokens):
                continue  # "page" alone is too common a word to trust without page-id-N
            return PageKind(rule.kind, detail, f"body class {rule.token}")
    return None


def _addresses(url: str | None, lists: ElementLists) -> list[str]:
    """The canonical link's and og:url's addresses, in page order, then the page's own."""
    found = [
        value
        for element in lists.tagged(*_ADDRESS_KEYS)
        if (value := element.get(_ADDRESS_ATTRIBUTE[element.tag])) is not None
    ]
    if url:
        found.append(url)
    return found


def _og_type(lists: ElementLists) -> str:
    """The first og:type meta's content."""
    contents = (element.get("content") for element in lists.tagged(_OG_TYPE_KEY))
    return next((content for content in contents if content is not None), "")


def _by_structure(root: HtmlElement, index: PageIndex | None, lists: ElementLists) -> PageKind:
    og_type = _og_type(lists).strip().lower()
    if og_type == "article":
        return PageKind(POST, None, "og:type article")
    # One query per kind of container, most ruled out by the index. The set holds the elements
    # (lxml hands out one proxy per node while it lives): a div may be of two kinds.
    containers = {
        *_top_articles(lists),
        *_HENTRY_DIVS.found(lists),
        *_POST_DIVS.found(lists),
    }
    if len(containers) >= MIN_LISTING_CONTAINERS:
        if _has_comments(root, index):
            return PageKind(POST)  # what the rel=next test would ask again, with the same answer
        return PageKind(LISTING, "home", f"{len(containers)} post containers and no comments")
    next_links = _values(_NEXT_LINKS.run(root, index))
    next_page = next((h for h in next_links if _NEXT_PAGE.search(str(h))), None)
    if next_page is not None and not _has_comments(root, index):
        return PageKind(LISTING, "pagination", f"rel=next to {next_page}")
    return PageKind(POST)


def _has_comments(root: HtmlElement, index: PageIndex | None) -> bool:
    """Asked only when a listing's other signs are there: a whole-page query."""
    return bool(_values(_COMMENTS.run(root, index)))


def _values(found: object) -> list[object]:
    """A node-set query's result as a list (the stubs type it as any XPath result; None: no hit)."""
    return found if isinstance(found, list) else []
