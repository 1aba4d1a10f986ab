"""The fallback for themes nobody wrote rules for. Always applies, with low confidence.

Post fields come from the page's own semantics, most explicit first: microformats2 (``h-entry``),
schema.org microdata and JSON-LD (see jsonld.py), hAtom (``hentry``), then OpenGraph and
``article:*`` metas and plain HTML. Comments come from JSON-LD ``comment`` lists, microformats2
``h-cite``/``p-comment`` and microdata ``itemprop=comment``; when none of those exist the comment
list is found by its structure (structure.py).

Platform tables for pages whose comments are not in the HTML reuse `POST_RULES` with
`dataclasses.replace`, overriding only what the platform marks differently.
"""

from __future__ import annotations

from dataclasses import replace

from ..page import Page
from . import common, hints, jsonld, structure
from .base import Detection, RawPost
from .rules import (
    CommentRules,
    DetectRules,
    PlatformRules,
    PostRules,
    RulesScraper,
    grown_index,
    page_index,
    scrape_post,
)
from .selectors import PageIndex, Selector, normalise_space, requiring, selectors

_HOLDS_A_POST = (
    "[not(descendant::article"
    " or descendant::*/@class[contains(., 'post-body') or contains(., 'entry-content')])]"
)
"""A "widget" that holds the post body is the main column (Blogger's ``widget Blog``), not a
sidebar widget. Asked for every link of a page, and of ``<body class="… has-sidebar">`` too:
a walk of tag names, then of class values, costs a quarter of testing three conditions on
every element down to the post (13 → 3 ms on a 2 000-element page; same elements on every
corpus page)."""
_NOT_IN_WIDGET = (
    "[not(ancestor::*[contains(@class, 'widget') or contains(@class, 'sidebar')"
    f" or self::aside or self::nav or self::footer]{_HOLDS_A_POST})]"
)


def _classed(name: str) -> str:
    """XPath of the descendants with the class ``name`` (`compile_xpath` has it test the class
    values, a plain substring first, rather than normalise the class of every element)."""
    return f".//*[{common.class_test(name)}]"


_IN_POST_LINKS = (
    "[not(ancestor::*[contains(@class, 'widget') or contains(@class, 'sidebar')"
    " or contains(@class, 'menu') or contains(@class, 'cloud') or contains(@class, 'comment')"
    " or contains(@id, 'sidebar') or contains(@id, 'menu') or contains(@id, 'comment')"
    f" or self::aside or self::nav or self::footer or self::header[not(.//h1 or .//h2)]]{_HOLDS_A_POST})]"
)
"""Links of the post itself: not menus, sidebars, tag clouds or comments."""


def _links_to(*paths: str) -> Selector:
    """Links (in the post) whose address contains one of these path parts (`compile_xpath` has
    it test the href values, not every link; not looked for on a page where no attribute holds
    one)."""
    test = " or ".join(f"contains(@href, '{path}')" for path in paths)
    return requiring(f".//a[{test}]{_IN_POST_LINKS}", any_text=paths)


_NOT_IN_CARD_OR_COMMENT = (
    "[not(ancestor::*["
    + " or ".join(common.class_test(name) for name in ("p-author", "h-card", "h-cite", "p-comment"))
    + "])]"
)

_NOT_IN_COMMENT = (
    "[not(ancestor-or-self::*["
    + " or ".join(common.class_test(name) for name in ("h-cite", "p-comment", "u-comment"))
    + " or @itemprop='comment'])]"
)

POST_RULES = PostRules(
    scope=selectors(
        ".h-entry:not(.p-comment)",
        "[itemtype*='BlogPosting']",
        "[itemtype*='NewsArticle']",
        "[itemtype*='schema.org/Article']",
        ".hentry",
        "article",
        "main",
        "[role=main]",
    ),
    title=selectors(
        requiring(f"{_classed('p-name')}{_NOT_IN_CARD_OR_COMMENT}", classes=["p-name"]),
        "[itemprop=headline]",
        jsonld.LD_TITLE,
        ".entry-title",
        ".post-title",
        hints.HEADING_TITLE,
        "h1",
        "^h1",
        *common.TITLE,
    ),
    permalink=selectors(
        *common.PERMALINK,
        jsonld.LD_URL,
        requiring(f"{_classed('u-url')}{_NOT_IN_CARD_OR_COMMENT}/@href", classes=["u-url"]),
        "a[rel=bookmark]::attr(href)",
    ),
    author_name=selectors(
        requiring(
            f"{_classed('p-author')}{_NOT_IN_COMMENT}{_classed('p-name')[1:]}",
            classes=["p-author", "p-name"],
        ),
        requiring(f"{_classed('p-author')}{_NOT_IN_COMMENT}", classes=["p-author"]),
        jsonld.LD_AUTHOR,
        "[itemprop=author] [itemprop=name]",
        "[itemprop=author]",
        "[itemprop=creator] [itemprop=name]",
        ".author .fn",
        ".author.vcard",
        # rel=author also marked 2012's Google+ profile links
        requiring(
            ".//a[@rel='author'][not(contains(translate(., 'GOOGLE', 'google'), 'google'))]",
            any_text=["author"],
        ),
        hints.BYLINE_NAME,
        "^meta[name=author]::attr(content)",
        "^//meta[@property='article:author'][not(contains(@content, '/'))]/@content",
    ),
    author_url=selectors(
        requiring(f"{_classed('p-author')}{_NOT_IN_COMMENT}/@href", classes=["p-author"]),
        requiring(f"{_classed('p-author')}{_NOT_IN_COMMENT}//a/@href", classes=["p-author"]),
        ".u-author::attr(href)",
        jsonld.LD_AUTHOR_URL,
        "a[rel=author]::attr(href)",
    ),
    published_machine=selectors(
        ".dt-published::attr(datetime)",
        ".dt-published::attr(title)",
        jsonld.LD_PUBLISHED,
        "[itemprop=datePublished]::attr(datetime)",
        "[itemprop=datePublished]::attr(content)",
        "abbr.published::attr(title)",
        "time.published::attr(datetime)",
        "time[pubdate]::attr(datetime)",
        *common.PUBLISHED_MACHINE,
        "^[data-posterous-pubdate]::attr(data-posterous-pubdate)",
        f".//time{_NOT_IN_WIDGET}/@datetime",
    ),
    published_text=selectors(
        ".dt-published",
        "[itemprop=datePublished]",
        ".published",
        ".entry-date",
        ".post-date",
        hints.BYLINE_DATE,
        requiring(f"{_classed('date')}{_NOT_IN_WIDGET}", classes=["date"]),
        "^.date-header",
        f".//time{_NOT_IN_WIDGET}",
    ),
    updated_machine=selectors(
        ".dt-updated::attr(datetime)",
        jsonld.LD_UPDATED,
        *common.UPDATED_MACHINE,
    ),
    categories=selectors(
        requiring(
            f".//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]{_NOT_IN_WIDGET}",
            any_text=["category"],
        ),
        jsonld.LD_SECTION,
        "^meta[property='article:section']::attr(content)",
        _links_to(
            "/category/",
            "/categories/",
            "/categorie/",
            "/kategorie/",
            "/rubrique/",
            "/search/label/",
        ),
    ),
    tags=selectors(
        requiring(f"{_classed('p-category')}{_NOT_IN_CARD_OR_COMMENT}", classes=["p-category"]),
        requiring(
            f".//a[@rel='tag'][not(contains(@href, '/search/label/'))]{_NOT_IN_WIDGET}",
            any_text=["tag"],
        ),
        "^meta[property='article:tag']::attr(content)",
        jsonld.LD_KEYWORDS,
        _links_to(
            "/tag/", "/tags/", "/tagged/", "?tag=", "/schlagwort/", "/etiqueta/", "/mot-cle/"
        ),
    ),
    body=selectors(
        ".e-content",
        "[itemprop=articleBody]",
        ".entry-content",
        ".post-content",
        ".post-body",
        ".article-body",
        ".entry",
        "article",
        "main",
        hints.BODY,
    ),
    # one selector per class or id: the index skips those the page has no use of
    body_drop=selectors(
        "script, style, form, nav",
        ".share",
        ".sharing",
        ".social-share",
        ".related-posts",
        "[itemprop=comment]",
        ".p-comment",
        "#comments",
        ".comments",
    ),
    image_url=selectors(*common.IMAGE_URL, jsonld.LD_IMAGE),
    excerpt=common.EXCERPT,
    language=common.LANGUAGE,
    site_name=selectors(*common.SITE_NAME, jsonld.LD_PUBLISHER),
    site_url=common.SITE_URL,
    declared_count=selectors(
        jsonld.LD_COMMENT_COUNT,
        "^#comments > h2",
        "^#comments > h3",
        "^.comments-title",
    ),
    comment_form=common.COMMENT_FORM,
)

SEMANTIC_COMMENTS = CommentRules(
    items=(
        *jsonld.COMMENT_ITEMS,
        *selectors(
            ".h-entry .h-cite.p-comment, .h-entry .p-comment.h-entry, .h-entry .h-cite.u-comment",
            "[itemprop=comment], [itemtype*='schema.org/Comment']",
        ),
    ),
    source_id=selectors(*jsonld.COMMENT_ID, "::attr(id)"),
    author_name=(
        *jsonld.COMMENT_AUTHOR,
        *selectors(
            ".p-author .p-name",
            ".p-author",
            "[itemprop=author] [itemprop=name]",
            "[itemprop=author]",
            "[itemprop=creator] [itemprop=name]",
            ".fn",
        ),
    ),
    author_url=(
        *jsonld.COMMENT_AUTHOR_URL,
        *selectors(
            ".p-author::attr(href)",
            ".p-author .u-url::attr(href)",
            "[itemprop=author] [itemprop=url]::attr(href)",
            ".url::attr(href)",
        ),
    ),
    avatar=selectors(".u-photo::attr(src)", "img.avatar::attr(src)"),
    date_machine=(
        *jsonld.COMMENT_DATE,
        *selectors(
            ".dt-published::attr(datetime)",
            ".dt-published::attr(title)",
            "[itemprop=dateCreated]::attr(datetime)",
            "[itemprop=datePublished]::attr(datetime)",
            "[itemprop=dateCreated]::attr(content)",
            "time::attr(datetime)",
        ),
    ),
    date_text=selectors(".dt-published", "[itemprop=dateCreated]", "time"),
    permalink=(*jsonld.COMMENT_PERMALINK, *selectors(".u-url::attr(href)")),
    body=(
        *jsonld.COMMENT_BODY,
        *selectors(".e-content", ".p-content", "[itemprop=text]", "[itemprop=commentText]"),
    ),
    by_post_author=selectors(".bypostauthor"),
)
"""Comments the page describes explicitly: JSON-LD, microformats2, schema.org microdata."""

RULES = PlatformRules(
    name="generic", detect=DetectRules(), post=POST_RULES, comments=SEMANTIC_COMMENTS
)

_GENERATOR_CASE = str.maketrans("GENRATO", "genrato")


def generators_any_case(page: Page) -> list[str]:
    """The contents of the generator metas named in any case ("GENERATOR" on old pages), in page
    order: ``//meta[translate(@name, 'GENRATO', 'genrato')='generator']/@content``, read from
    the page's list of rare tags (which detection has made) instead of a walk of the page. Only
    reported, never used to choose a platform."""
    metas = page_index(page).lists.tagged(("meta",))
    return [
        content
        for meta in metas
        if (meta.get("name") or "").translate(_GENERATOR_CASE) == "generator"
        and (content := meta.get("content")) is not None
    ]


NO_COMMENTS = CommentRules()
"""For platforms whose comments are loaded by JavaScript: nothing in the HTML is a comment."""


def _materialised(page: Page) -> PageIndex:
    """Expose the page's JSON-LD as elements (`jsonld.materialise`); returns the selector index
    of the page it leaves, told about the elements it added rather than rebuilt by walking the
    page again (the page's own index when it added none: no element is new)."""
    added = jsonld.materialise(page, page_index(page).lists)
    return grown_index(page, added) if added else page_index(page)


def _scrape_with_hints(rules: PlatformRules, page: Page, index: PageIndex) -> RawPost:
    """`scrape_post`, the hint selectors (`hints`) working out the page's hints once."""
    with hints.reading(page, index):
        return scrape_post(rules, page, index)


def scrape_with_fallbacks(rules: PlatformRules, page: Page) -> RawPost:
    """Scrape with a rules table, then, when its comment rules find none, the structure finder."""
    index = _materialised(page)
    root = page.root
    if not any(rule.possible(index) and rule.elements(root) for rule in rules.comments.items):
        # what the structure finder marked, else nothing: the items were just looked for
        found = structure.mark_comments(root, index)
        rules = replace(rules, comments=structure.COMMENT_RULES if found else NO_COMMENTS)
    # the same index: marking comments adds attributes (never elements, classes or ids) that no
    # selector the index can rule out ever tests
    return _scrape_with_hints(rules, page, index)


class MetadataRulesScraper(RulesScraper):
    """A rules table that may read JSON-LD (``jsonld.LD_*`` selectors) and hints (``hints.*``);
    optionally, when its own comment rules find nothing, the comment list is looked for by
    structure."""

    def __init__(self, rules: PlatformRules, *, find_comments_by_structure: bool = False) -> None:
        super().__init__(rules)
        self.find_comments_by_structure = find_comments_by_structure

    def scrape(self, page: Page) -> tuple[RawPost, ...]:
        if self.find_comments_by_structure:
            return (scrape_with_fallbacks(self.rules, page),)
        return (_scrape_with_hints(self.rules, page, _materialised(page)),)


class GenericScraper(MetadataRulesScraper):
    """Last in the registry: takes any page the platform scrapers declined."""

    def __init__(self) -> None:
        super().__init__(RULES, find_comments_by_structure=True)

    def detect(self, page: Page) -> Detection | None:
        reasons = ["no platform recognised; generic extraction"]
        generators = generators_any_case(page)
        if generators:
            # Hugo, Jekyll, SPIP, Wix…: named, but nothing platform-specific to read
            reasons.append(f'generator meta "{normalise_space(generators[0])}"')
        return Detection("generic", 0.1, tuple(reasons))


SCRAPER = GenericScraper()
