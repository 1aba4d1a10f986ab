"""Post fields that plain selectors cannot pick, worked out once and exposed as metas.

- the page heading that is the post's title: of the first headings, the longest whose text the
  ``<title>`` contains (the ``<h1>`` of many themes is the site's name, the post's is an ``<h2>``);
- the name and the date in a byline ("par Didier Roy, 21 juin 2018", "By Jane Doe on May 2").

Like jsonld.py, they become ``<meta name="x-blogmigrate:…">`` elements that a rules table places
where it wants in its ordered selectors (`HEADING_TITLE`, `BYLINE_NAME`, `BYLINE_DATE`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from ..page import Page
from . import structure
from .selectors import normalise_space

_PREFIX = "x-blogmigrate:"
_DONE_MARK = "x-blogmigrate-hints-done"
HEADING_TITLE = f"^meta[name='{_PREFIX}heading-title']::attr(content)"
BYLINE_NAME = f"^meta[name='{_PREFIX}byline-name']::attr(content)"
BYLINE_DATE = f"^meta[name='{_PREFIX}byline-date']::attr(content)"

_HEADINGS = etree.XPath("(//body//h1 | //body//h2 | //body//h3)[position() <= 100]")
_PAGE_TITLES = etree.XPath(
    "//head/title | //meta[@property='og:title']/@content | //meta[@name='twitter:title']/@content"
)
_BYLINES = etree.XPath(
    "//body//*[contains(@class, 'byline') or contains(@class, 'author') or contains(@class, 'auteur')"
    " or contains(@class, 'autor') or contains(@class, 'posted') or contains(@class, 'submitted')]"
    "[string-length(normalize-space()) > 2][string-length(normalize-space()) < 250]"
    "[not(ancestor-or-self::*[contains(@class, 'comment') or contains(@id, 'comment')"
    " or self::aside or self::nav or self::footer])][position() <= 10]"
)
_BY_PREFIXES = (
    "By ",
    "by ",
    "BY ",
    "Von ",
    "von ",
    "Par ",
    "par ",
    "Door ",
    "door ",
    "Por ",
    "por ",
    "Di ",
    "Posted by ",
    "Written by ",
    "Geschrieben von ",
    "Verfasst von ",
    "Publié par ",
    "Écrit par ",
)
_BY_TEXT = etree.XPath(
    "//body//*[count(*) < 4][string-length(normalize-space()) < 150]["
    + " or ".join(f"starts-with(normalize-space(), '{prefix}')" for prefix in _BY_PREFIXES)
    + "][not(ancestor-or-self::*[contains(@class, 'comment') or contains(@id, 'comment')"
    " or self::aside or self::nav or self::footer])][position() <= 5]"
)
"""Lines that read like a byline ("Geschrieben von Jörg am 14. Mai 2016"), whatever their class."""
_DATED_BY_TEXT = etree.XPath(
    "//body//*[count(*) < 4][string-length(normalize-space()) < 80][contains(normalize-space(), ' by ')]"
    "[not(ancestor-or-self::*[contains(@class, 'comment') or contains(@id, 'comment')"
    " or self::aside or self::nav or self::footer])][position() <= 5]"
)
"""Lines like "Tuesday 15 October 2019 by Jane Doe": a byline only when they also show a date."""
_PARAGRAPH_PARENTS = etree.XPath(
    "//body//*[p][not(ancestor-or-self::*[self::aside or self::nav or self::footer or self::form"
    " or contains(@class, 'comment') or contains(@id, 'comment')])]"
)
BODY_MARK = "x-blogmigrate-body-guess"
BODY = f"^//*[@{BODY_MARK}]"
_LEADING_SYMBOLS = re.compile(r"^[\W_]+")
_MAX_NAME_WORDS = 5
_LINES_UNDER_TITLE = 2
_MAX_LINE_UNDER_TITLE = 200


def _texts(query: etree.XPath, root: HtmlElement) -> list[str]:
    found = query(root)
    texts = []
    for item in found if isinstance(found, list) else []:
        if isinstance(item, HtmlElement):
            texts.append(normalise_space(item.text_content()))
        elif isinstance(item, str):
            texts.append(normalise_space(item))
    return [text for text in texts if text]


def _elements(query: etree.XPath, root: HtmlElement) -> list[HtmlElement]:
    found = query(root)
    return (
        [item for item in found if isinstance(item, HtmlElement)] if isinstance(found, list) else []
    )


_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::svg or ancestor::script or ancestor::style or ancestor::noscript)]"
)


def _visible_text(element: HtmlElement) -> str:
    """The element's text without inline SVG titles, scripts and styles."""
    found = _VISIBLE_TEXT(element)
    return normalise_space(" ".join(str(text) for text in found) if isinstance(found, list) else "")


def heading_title(root: HtmlElement) -> tuple[str, HtmlElement] | None:
    """The longest early heading that the page's ``<title>`` (or og:title) contains, with its
    element."""
    titles = [title.casefold() for title in _texts(_PAGE_TITLES, root)]
    if not titles:
        return None
    best: tuple[str, HtmlElement] | None = None
    for element in _elements(_HEADINGS, root):
        heading = _LEADING_SYMBOLS.sub("", normalise_space(element.text_content())).strip()
        if len(heading) < 4 or (best is not None and len(heading) <= len(best[0])):
            continue
        if _links_home(element):
            continue  # the blog's name in its header, which the <title> repeats too
        if any(heading.casefold() in title for title in titles):
            best = (heading, element)
    return best


def _links_home(heading: HtmlElement) -> bool:
    """Whether the heading links to the site's front page (``/``, or the rel=home address)."""
    homes = {home.rstrip("/") for home in root_links(heading)}
    for link in heading.iter("a"):
        href = (link.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        parts = urlsplit(href)
        at_root = parts.path in ("", "/") and not parts.query
        if link.get("rel") == "home" or at_root or href.rstrip("/") in homes:
            return True
    return False


def root_links(element: HtmlElement) -> list[str]:
    found = (
        element.getroottree().getroot().xpath("//link[@rel='home']/@href | //a[@rel='home']/@href")
    )
    return [str(item) for item in found] if isinstance(found, list) else []


def date_under_title(heading: HtmlElement) -> str | None:
    """A date in the short line right under the title ("January 13, 2020 at 08:45 AM | …")."""
    for sibling in list(heading.itersiblings())[:_LINES_UNDER_TITLE]:
        text = _visible_text(sibling)
        if text and len(text) <= _MAX_LINE_UNDER_TITLE and (date := structure.date_in(text)):
            return date
    return None


def byline(root: HtmlElement) -> tuple[str | None, str | None]:
    """The name in the first byline-like line that has one, and the date it (or an earlier
    byline-like line) shows."""
    dated = [
        element
        for element in _elements(_DATED_BY_TEXT, root)
        if structure.looks_like_date(_visible_text(element))
    ]
    first_date: str | None = None
    for element in _elements(_BYLINES, root) + _elements(_BY_TEXT, root) + dated:
        text = _visible_text(element)
        marked = any(
            word in (element.get("class") or "").lower() for word in ("author", "auteur", "autor")
        )
        name = structure.name_in_byline(text, bare=marked)
        if name and len(name.split()) <= _MAX_NAME_WORDS and not any(c.isdigit() for c in name):
            at = text.find(name)
            after, before = (text[at + len(name) :], text[:at]) if at >= 0 else ("", "")
            return name, structure.date_in(after) or structure.date_in(before) or first_date
        # "Posted on November 9, 2012": a dated line without a name still dates the post
        first_date = first_date or structure.date_in(text)
    return None, first_date


def body_guess(root: HtmlElement) -> HtmlElement | None:
    """The element holding the most paragraph text, outside comments, sidebars and forms."""
    best: HtmlElement | None = None
    best_length = 0
    for parent in _elements(_PARAGRAPH_PARENTS, root):
        length = sum(len(normalise_space(p.text_content())) for p in parent.iterchildren("p"))
        if length > best_length:
            best, best_length = parent, length
    return best


def materialise(page: Page) -> None:
    """Expose the heading title and the byline as ``x-blogmigrate:*`` metas (once per page)."""
    root = page.root
    if root.get(_DONE_MARK) is not None:
        return
    root.set(_DONE_MARK, "")
    head = root.find("head")
    if head is None:
        head = etree.SubElement(root, "head")
    name, date = byline(root)
    title = heading_title(root)
    if date is None and title is not None:
        date = date_under_title(title[1])
    body = body_guess(root)
    if body is not None:
        body.set(BODY_MARK, "")
    for field, value in (
        ("heading-title", title[0] if title else None),
        ("byline-name", name),
        ("byline-date", date),
    ):
        if value:
            etree.SubElement(head, "meta", {"name": _PREFIX + field, "content": value})
