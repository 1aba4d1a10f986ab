"""Body and comment HTML: cleaned of page furniture, restored (lazy images, emoji), made absolute, safe.

Post bodies keep their structure (headings, lists, quotes, code, tables, figures); comments keep the
small allowlist of ../docs/hazards.md row 6. Both go through nh3, so no script, event handler or
``javascript:`` URL survives.
"""

from __future__ import annotations

import html as html_text
import re
from collections.abc import Iterable
from dataclasses import dataclass

import nh3
from lxml import etree, html
from lxml.html import HtmlElement

from .urls import absolute_url

COMMENT_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "cite",
        "code",
        "del",
        "em",
        "i",
        "p",
        "q",
        "s",
        "strike",
        "strong",
    ]
)
COMMENT_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
POST_TAGS = COMMENT_TAGS | frozenset(
    [
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "pre",
        "figure",
        "figcaption",
        "img",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "hr",
        "sub",
        "sup",
        "u",
        "mark",
        "small",
        "span",
        "div",
        "section",
        "article",
        "aside",
        "details",
        "summary",
        "kbd",
        "samp",
        "var",
        "ins",
        "time",
        "audio",
        "video",
        "source",
        "picture",
    ]
)
POST_ATTRIBUTES: dict[str, set[str]] = {
    **COMMENT_ATTRIBUTES,
    "img": {"src", "srcset", "alt", "title", "width", "height"},
    "source": {"src", "srcset", "type", "media"},
    "audio": {"src", "controls"},
    "video": {"src", "controls", "poster", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "pre": {"class"},
    "code": {"class"},
    "*": {"lang", "dir"},
}
SAFE_URL_SCHEMES = {"http", "https", "mailto"}
_REMOVED_ALWAYS = (
    "script", "style", "noscript", "form", "input", "button", "select", "textarea", "template",
    "link", "meta", "svg", "canvas",
)  # fmt: skip
_EMBEDS = ("iframe", "embed", "object")
_EMOJI_IMAGE = re.compile(r"/(?:smilies|emoji|smileys?)/|s\.w\.org/images/core/emoji", re.I)
_EMOJI_CLASSES = frozenset(("emoji", "wp-smiley", "smiley", "wp-emoji"))
_TRACKER = re.compile(
    r"stats\.wordpress\.com|feeds\.feedburner\.com/~r|/b\.gif|pixel\.|/pixel|doubleclick|"
    r"google-analytics|quantserve|scorecardresearch|/~ff/",
    re.I,
)
_LAZY_SRC = ("data-lazy-src", "data-src", "data-original", "data-orig-file", "data-large-file")
_LAZY_SRCSET = ("data-lazy-srcset", "data-srcset")
_PLACEHOLDER = re.compile(
    r"^data:|/(?:blank|spacer|lazy|placeholder|grey|loading)[^/]*\.(?:gif|png)", re.I
)
_TAG_COUNT = re.compile(r"<[A-Za-z]")
_ATTRIBUTE_COUNT = re.compile(r"\s[A-Za-z_:][-\w:.]*\s*=")
_EMPTY_WRAPPERS = ("div", "span", "section", "p", "font", "center")
_HAS_MEDIA = etree.XPath(".//img|.//video|.//audio|.//br|.//hr|.//table")


@dataclass(frozen=True, slots=True)
class SanitizedHtml:
    html: str
    removed: int
    """How many tags and attributes the sanitizer took out."""


def inner_html(element: HtmlElement) -> str:
    """The element's content as a UTF-8-safe string (never lxml's default ASCII entities)."""
    parts = [html_text.escape(element.text, quote=False) if element.text else ""]
    parts.extend(
        etree.tostring(child, encoding="unicode", method="html", with_tail=True)
        for child in element
    )
    return "".join(parts).strip()


def replace_emoji_images(element: HtmlElement) -> None:
    """``<img class="wp-smiley" alt="🙂">`` → 🙂 (the character the author typed)."""
    for image in list(element.iter("img")):
        classes = set((image.get("class") or "").split())
        alt = image.get("alt") or ""
        if (classes & _EMOJI_CLASSES or _EMOJI_IMAGE.search(image.get("src") or "")) and alt:
            _replace_with_text(image, alt)


def restore_lazy_images(element: HtmlElement) -> None:
    for image in element.iter("img", "source"):
        src = image.get("src") or ""
        if not src or _PLACEHOLDER.search(src):
            for attribute in _LAZY_SRC:
                if image.get(attribute):
                    image.set("src", image.get(attribute) or "")
                    break
        if not image.get("srcset"):
            for attribute in _LAZY_SRCSET:
                if image.get(attribute):
                    image.set("srcset", image.get(attribute) or "")
                    break


def make_urls_absolute(element: HtmlElement, base: str | None) -> None:
    for node in element.iter("a", "img", "source", "video", "audio"):
        for attribute in ("href", "src", "poster"):
            value = node.get(attribute)
            if value:
                node.set(attribute, absolute_url(value, base) or value)
        srcset = node.get("srcset")
        if srcset:
            node.set("srcset", _absolute_srcset(srcset, base))


def _absolute_srcset(srcset: str, base: str | None) -> str:
    candidates = []
    for candidate in srcset.split(","):
        parts = candidate.strip().split(None, 1)
        if parts:
            parts[0] = absolute_url(parts[0], base) or parts[0]
            candidates.append(" ".join(parts))
    return ", ".join(candidates)


def clean_body(element: HtmlElement, base: str | None) -> SanitizedHtml:
    """A post body ready to publish: furniture removed, images restored, URLs absolute, sanitised."""
    for tag in _REMOVED_ALWAYS:
        for node in list(element.iter(tag)):
            if node is not element:
                node.drop_tree()
    _embeds_to_links(element)
    for image in list(element.iter("img")):
        if _is_tracker(image):
            image.drop_tree()
    replace_emoji_images(element)
    restore_lazy_images(element)
    make_urls_absolute(element, base)
    _drop_empty_wrappers(element)
    return sanitize(inner_html(element), POST_TAGS, POST_ATTRIBUTES)


def comment_html(element: HtmlElement | None, base: str | None) -> str:
    """A comment body as the page had it (controls removed, emoji restored, URLs absolute)."""
    if element is None:
        return ""
    for tag in _REMOVED_ALWAYS:
        for node in list(element.iter(tag)):
            if node is not element:
                node.drop_tree()
    replace_emoji_images(element)
    make_urls_absolute(element, base)
    return inner_html(element)


def sanitize_comment(fragment: str) -> SanitizedHtml:
    return sanitize(fragment, COMMENT_TAGS, COMMENT_ATTRIBUTES, link_rel="nofollow ugc")


def sanitize(
    fragment: str,
    tags: Iterable[str],
    attributes: dict[str, set[str]],
    link_rel: str | None = None,
) -> SanitizedHtml:
    cleaned = nh3.clean(
        fragment,
        tags=set(tags),
        attributes=attributes,
        url_schemes=SAFE_URL_SCHEMES,
        link_rel=link_rel,
        strip_comments=True,
    ).strip()
    removed = max(0, _markup_count(fragment) - _markup_count(cleaned))
    return SanitizedHtml(cleaned, removed)


def _markup_count(fragment: str) -> int:
    return len(_TAG_COUNT.findall(fragment)) + len(_ATTRIBUTE_COUNT.findall(fragment))


def _embeds_to_links(element: HtmlElement) -> None:
    for tag in _EMBEDS:
        for node in list(element.iter(tag)):
            source = node.get("src") or node.get("data") or node.get("data-src")
            if node is element:
                continue
            if not source:
                node.drop_tree()
                continue
            link = html.Element("a", href=source)
            link.text = source
            paragraph = html.Element("p")
            paragraph.append(link)
            paragraph.tail = node.tail
            parent = node.getparent()
            if parent is not None:
                parent.replace(node, paragraph)


def _is_tracker(image: HtmlElement) -> bool:
    if image.get("width") == "1" and image.get("height") == "1":
        return True
    return bool(_TRACKER.search(image.get("src") or ""))


def _drop_empty_wrappers(element: HtmlElement) -> None:
    for node in reversed(list(element.iter(*_EMPTY_WRAPPERS))):
        if node is element or (node.text_content() or "").strip():
            continue
        if _HAS_MEDIA(node):
            continue
        node.drop_tree()


def _replace_with_text(node: HtmlElement, text: str) -> None:
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text + tail
    else:
        parent.text = (parent.text or "") + text + tail
    parent.remove(node)
