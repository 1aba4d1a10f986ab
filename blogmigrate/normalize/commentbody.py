"""A comment body read in one walk: its raw HTML, its sanitised HTML and the words thread inference reads.

The walk does per element what `replace_emoji_images`, `make_urls_absolute`, `audit_comment` and
`thread_text` would each do in a walk of their own: emoji images become their characters, URLs
become absolute, what sanitising will remove is counted, and ``<script>``/``<style>`` are noticed.
Then the body is serialised once, and that HTML also tells whether its words can hold an "@".

Most comments are a few paragraphs of text with line breaks and emphasis, and nh3 gives those back
character for character: such a body's HTML is its sanitised HTML, without the nh3 call (~10 µs, a
quarter of a comment's cost). "Such a body" is decided strictly (see `_VERBATIM_TAGS` and
`_nh3_writes_as_is`); anything else goes through nh3, and tests/test_normalize_comment_body.py checks
the equality on every fixture comment and on the edge cases.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from .html import (
    LINKING_TAGS,
    audit_element,
    emoji_character,
    inner_html,
    make_node_urls_absolute,
    replace_with_text,
    sanitize_comment,
)
from .threads import thread_text_of


@dataclass(frozen=True, slots=True)
class CommentBody:
    html: str  # as the page had it, emoji restored and URLs absolute (the record's raw HTML)
    safe_html: str  # sanitised, or ``html`` itself when sanitising is off
    thread_text: str  # what `infer_threads` reads (see `thread_text`)


_EMPTY = CommentBody(html="", safe_html="", thread_text="")
# Tags without attributes that nh3 keeps as they are and that html5ever (nh3's parser) nests as
# libxml2 serialised them. ``<a>`` is not one (nh3 adds rel="nofollow ugc"), nor is any tag with an
# attribute (nh3 and libxml2 escape attribute values differently), nor block tags other than these.
_VERBATIM_TAGS = frozenset(
    ("p", "br", "b", "i", "em", "strong", "code", "cite", "q", "del", "s", "strike", "abbr", "blockquote")
)  # fmt: skip
# Tags that close an open <p> when html5ever meets them: inside a <p>, they would be re-nested.
_CLOSES_P = frozenset(["p", "blockquote"])
# What nh3 writes otherwise than libxml2 did: NUL (dropped), CR and other controls, the no-break
# space (&nbsp;), character references other than the three both write (&#13; would become a
# character), comments (stripped) and processing instructions. Controls are found among the UTF-8
# bytes (a pattern is ~5x slower); the byte 0xC2 starts U+0080-U+00BF, the C1 controls and the
# no-break space among them (the rest, « ° © …, go through nh3 too: rare, and only slower).
_CONTROL_BYTES = bytes(range(0x20)).translate(None, b"\t\n") + b"\x7f"
_OTHER_REFERENCE = re.compile(r"&(?!(?:amp|lt|gt);)")


def read_comment_body(
    element: HtmlElement | None, base: str | None, removed: Counter[str] | None
) -> CommentBody:
    """The comment body's HTML and thread words. ``removed`` is None when comments are kept
    unsanitised; else what sanitising takes out is counted in it (see `audit_comment`)."""
    if element is None:
        return _EMPTY  # nh3 gives "" back for ""
    emoji: list[tuple[HtmlElement, str]] = []
    scripted = False
    verbatim = removed is not None  # whether nh3 would give the HTML back unchanged, so far
    for node in element.iter(etree.Element):  # elements only: no comments or PIs
        tag = node.tag
        if tag == "img":
            character = emoji_character(node)
            if character:
                # Replaced after the walk (the walk must not lose its place); gone from the
                # HTML, so neither its URLs nor its attributes matter, unless it is the body itself.
                emoji.append((node, character))
                if node is not element:
                    continue
        if tag in LINKING_TAGS:
            make_node_urls_absolute(node, base)
        if tag == "script" or tag == "style":
            scripted = True
        if removed is None or node is element:
            continue
        if tag in _VERBATIM_TAGS and not node.items():
            # An allowed tag without attributes: nothing to audit, and nh3 keeps it as it is.
            if verbatim and tag in _CLOSES_P:
                verbatim = not _inside_paragraph(node, element)
        else:
            audit_element(node, removed)
            verbatim = False
    for image, character in emoji:
        replace_with_text(image, character)
    raw_html = inner_html(element)
    if removed is None or (verbatim and _nh3_writes_as_is(raw_html)):
        safe_html = raw_html
    else:
        safe_html = sanitize_comment(raw_html).html
    words = thread_text_of(element, raw_html, scripted=scripted)
    return CommentBody(html=raw_html, safe_html=safe_html, thread_text=words)


def _inside_paragraph(node: HtmlElement, root: HtmlElement) -> bool:
    """Whether a ``<p>`` holds the node within the body (the body itself not counted)."""
    parent = node.getparent()
    while parent is not None and parent is not root:
        if parent.tag == "p":
            return True
        parent = parent.getparent()
    return False


def _nh3_writes_as_is(markup: str) -> bool:
    """Whether nh3 (html5ever) serialises this markup's text, comments and references as libxml2
    did (the tags are checked by the walk)."""
    if "<!" in markup or "<?" in markup or ("&" in markup and _OTHER_REFERENCE.search(markup)):
        return False
    if "\ufeff" in markup:  # a byte order mark: nh3 drops it when it opens the markup
        return False
    try:
        encoded = markup.encode()
    except UnicodeEncodeError:  # a lone surrogate: nh3 itself decides what becomes of it
        return False
    return b"\xc2" not in encoded and len(encoded.translate(None, _CONTROL_BYTES)) == len(encoded)
