"""schema.org JSON-LD: the article a page describes, and its comments, made visible to selectors.

A page's ``<script type="application/ld+json">`` blocks are parsed with the json module (tolerating
the usual breakage: CDATA wrappers, trailing commas, raw newlines in strings, several objects in one
block, ``@graph`` lists, ``mainEntity`` wrappers). The article found is then *materialised*: its
fields become ``<meta name="x-blogmigrate-ld:FIELD" content="…">`` elements in ``<head>`` and its
comments become hidden elements at the end of ``<body>``, so that every rules table can place
JSON-LD anywhere in its ordered selectors (``LD_TITLE`` …) and one interpreter reads it all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import nullcontext
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from ..page import Page
from ..textsafety import safe_text
from ..xpath import compile_xpath
from .indexed import ElementLists, TaggedQuery, tagged_query, using
from .selectors import selectors

_PREFIX = "x-blogmigrate-ld:"
_DONE_MARK = "x-blogmigrate-ld-done"
COMMENT_MARK = "x-blogmigrate-ld-comment"
"""Attribute on each materialised comment element (its value is the comment's own id, if any)."""

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "BlogPosting",
        "NewsArticle",
        "SocialMediaPosting",
        "LiveBlogPosting",
        "TechArticle",
        "ScholarlyArticle",
        "Report",
        "OpinionNewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "DiscussionForumPosting",
        "Posting",
    }
)
_COMMENT_TYPES = frozenset({"Comment", "Answer", "Review"})


def _tagged(query: etree.XPath) -> TaggedQuery:
    """The query answered from the page's list of its first step's rare tag while lists are in
    use (`indexed.TaggedQuery`)."""
    tagged = tagged_query(query)
    assert tagged is not None, query.path
    return tagged


_SITE_NAMES = _tagged(compile_xpath("//meta[@property='og:site_name']/@content"))
_SCRIPTS = _tagged(
    compile_xpath(
        "//script[translate(@type, 'APLICTONJSD+', 'aplictonjsd+')='application/ld+json']"
    )
)
_CDATA = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x1f]")
_MAX_COMMENTS = 5000
_MAX_DEPTH = 40


def _field(name: str) -> str:
    return f"^meta[name='{_PREFIX}{name}']::attr(content)"


LD_TITLE = _field("headline")
LD_AUTHOR = _field("author")
LD_AUTHOR_URL = _field("author-url")
LD_ORGANISATION_AUTHOR = _field("author-organisation")
"""An author that is an Organization: the site itself more often than a byline; a last resort."""
LD_PUBLISHED = _field("datePublished")
LD_UPDATED = _field("dateModified")
LD_SECTION = _field("articleSection")
LD_KEYWORDS = _field("keywords")
LD_URL = _field("url")
LD_IMAGE = _field("image")
LD_COMMENT_COUNT = _field("commentCount")
LD_PUBLISHER = _field("publisher")

_HOLDER_MARK = "x-blogmigrate-ld-comments"
COMMENT_ITEMS = selectors(f"/*/body/div[@{_HOLDER_MARK}]/descendant::*[@{COMMENT_MARK}]")
"""The materialised comments, looked for where `materialise` puts them (a hidden ``<div>`` at the
end of ``<body>``) rather than in every element of the page."""
COMMENT_ID = selectors(f"::attr({COMMENT_MARK})")
COMMENT_AUTHOR = selectors("./span[@class='ld-author']")
COMMENT_AUTHOR_URL = selectors("./span[@class='ld-author']/@data-url")
COMMENT_DATE = selectors("./time/@datetime")
COMMENT_PERMALINK = selectors("./a[@class='ld-url']/@href")
COMMENT_BODY = selectors("./div[@class='ld-text']")


def parse_blocks(page_root: HtmlElement) -> list[Any]:
    """Every JSON value in the page's JSON-LD scripts; a block that cannot be repaired is skipped."""
    values: list[Any] = []
    scripts = _SCRIPTS(page_root)
    for script in scripts if isinstance(scripts, list) else []:
        if isinstance(script, HtmlElement):
            values.extend(_loads_tolerant(script.text or ""))
    return values


def _loads_tolerant(text: str) -> Iterator[Any]:
    text = _CDATA.sub("", text.strip()).strip()
    if not text:
        return
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", text))):
        decoder = json.JSONDecoder(strict=False)
        position = 0
        found: list[Any] = []
        try:
            while position < len(attempt):
                value, position = decoder.raw_decode(attempt, position)
                found.append(value)
                while position < len(attempt) and attempt[position] in " \t\r\n;,":
                    position += 1
        except ValueError:
            if not found:
                continue
        yield from found
        return


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    names = kind if isinstance(kind, list) else [kind]
    return {str(name).rsplit("/", 1)[-1] for name in names if name}


def _walk(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every object that might be the article: top-level values, ``@graph`` items, main entities."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart"):
            if isinstance(value.get(key), (dict, list)):
                yield from _walk(value[key], depth + 1)


def find_article(page_root: HtmlElement) -> dict[str, Any] | None:
    """The page's article object: the first of an article type, the one with comments preferred."""
    articles = [
        node
        for value in parse_blocks(page_root)
        for node in _walk(value)
        if _types(node) & ARTICLE_TYPES
    ]
    if not articles:
        return None
    with_comments = [node for node in articles if node.get("comment")]
    return (with_comments or articles)[0]


def _text(value: Any) -> str | None:
    """A JSON-LD value as text the tree can hold (lxml refuses control characters: they are
    replaced as the normalizer replaces them in records)."""
    if isinstance(value, str):
        return safe_text(value.strip()) or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value") or value.get("text"))
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def _people(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    people = []
    for item in items:
        if isinstance(item, str) and item.strip():
            people.append({"name": item.strip()})
        elif isinstance(item, dict) and _text(item.get("name")):
            people.append(item)
    return people


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [text for item in value if (text := _text(item))]
    text = _text(value)
    return [text] if text else []


def _url(value: Any) -> str | None:
    if isinstance(value, dict):
        return _url(value.get("url") or value.get("@id"))
    if isinstance(value, list) and value:
        return _url(value[0])
    return safe_text(value.strip()) or None if isinstance(value, str) else None


def _comment_count(article: dict[str, Any]) -> str | None:
    count = _text(article.get("commentCount"))
    if count is not None:
        return count
    statistics = article.get("interactionStatistic")
    for item in statistics if isinstance(statistics, list) else [statistics]:
        if isinstance(item, dict) and "Comment" in str(item.get("interactionType")):
            return _text(item.get("userInteractionCount"))
    return None


def _meta_values(article: dict[str, Any], site_name: str) -> list[tuple[str, str]]:
    values: list[tuple[str, str]] = []

    def add(name: str, value: str | None) -> None:
        if value:
            values.append((name, value))

    add("headline", _text(article.get("headline")) or _text(article.get("name")))
    publisher = (_text(article.get("publisher")) or "").casefold()
    for person in _people(article.get("author") or article.get("creator")):
        name = _text(person.get("name"))
        # a "Person" named like the publisher is the site itself, not a byline
        if "Organization" in _types(person) or (name or "").casefold() in (publisher, site_name):
            add("author-organisation", name)
        else:
            add("author", name)
            add("author-url", _url(person.get("url")))
    add("datePublished", _text(article.get("datePublished") or article.get("dateCreated")))
    add("dateModified", _text(article.get("dateModified")))
    for section in _strings(article.get("articleSection")):
        add("articleSection", section)
    for keyword in _strings(article.get("keywords")):
        add("keywords", keyword)
    add("url", _url(article.get("url")))
    add("image", _url(article.get("image")))
    add("commentCount", _comment_count(article))
    add("publisher", _text(article.get("publisher")))
    return values


def _add_comment(
    parent: HtmlElement, comment: dict[str, Any], depth: int, budget: list[int]
) -> None:
    """One comment as a hidden element under ``parent``; its replies nested inside it."""
    budget[0] -= 1
    element = etree.SubElement(parent, "div")
    identifier = _text(comment.get("identifier")) or _text(comment.get("@id")) or ""
    element.set(COMMENT_MARK, identifier.rsplit("#", 1)[-1])  # "…/post/#comment-41" → "comment-41"
    people = _people(comment.get("author") or comment.get("creator"))
    if people:
        author = etree.SubElement(element, "span", {"class": "ld-author"})
        author.text = _text(people[0].get("name"))
        url = _url(people[0].get("url"))
        if url:
            author.set("data-url", url)
    date = _text(comment.get("dateCreated") or comment.get("datePublished"))
    if date:
        etree.SubElement(element, "time", {"datetime": date})
    permalink = _url(comment.get("url"))
    if permalink:
        etree.SubElement(element, "a", {"class": "ld-url", "href": permalink})
    text = etree.SubElement(element, "div", {"class": "ld-text"})
    body = _text(comment.get("text") or comment.get("commentText") or comment.get("description"))
    for paragraph in re.split(r"\n\s*\n", body or ""):
        if paragraph.strip():
            etree.SubElement(text, "p").text = paragraph.strip()
    if depth < _MAX_DEPTH:
        for reply in _comments(comment.get("comment")):
            if budget[0] <= 0:
                break
            _add_comment(element, reply, depth + 1, budget)


def _comments(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [
        item
        for item in items
        if isinstance(item, dict) and (_types(item) & _COMMENT_TYPES or "text" in item)
    ]


def materialise(page: Page, lists: ElementLists | None = None) -> list[HtmlElement]:
    """Expose the page's JSON-LD article as ``x-blogmigrate-ld:*`` metas and hidden comments;
    returns the elements added (each with its descendants), for the selector index. ``lists``:
    the element lists of the page's tree as it is, which give its scripts and metas without a
    walk of the page.

    Idempotent: a page is materialised once, however many scrapers look at it.
    """
    root = page.root
    if root.get(_DONE_MARK) is not None:
        return []
    root.set(_DONE_MARK, "")
    with using(root, lists) if lists is not None else nullcontext():
        article = find_article(root)
        if article is None:
            return []
        site_names = _SITE_NAMES(root)
    site_name = (
        str(site_names[0]).strip().casefold() if isinstance(site_names, list) and site_names else ""
    )
    head = root.find("head")
    if head is None:
        head = etree.SubElement(root, "head")
    added = [
        etree.SubElement(head, "meta", {"name": _PREFIX + name, "content": value})
        for name, value in _meta_values(article, site_name)
    ]
    comments = _comments(article.get("comment"))
    if not comments:
        return added
    body = root.find("body")
    if body is None:
        body = etree.SubElement(root, "body")
    holder = etree.SubElement(body, "div", {"hidden": "hidden", _HOLDER_MARK: ""})
    budget = [_MAX_COMMENTS]
    for comment in comments:
        if budget[0] <= 0:
            break
        _add_comment(holder, comment, 0, budget)
    return [*added, holder]
