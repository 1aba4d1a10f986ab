"""A comment body read in one walk: its raw HTML, its sanitised HTML and the words thread inference reads.

The walk does per element what restoring emoji images, making URLs absolute, `audit_comment` and
`thread_text` would each do in a walk of their own: emoji images become their characters, URLs
become absolute, what sanitising will remove is counted, and ``<script>``/``<style>`` are noticed.
Then the body is serialised once, and that HTML also tells whether its words can hold an "@".
Sanitising is nh3's, on every body (a body nh3 would give back unchanged still goes through it:
deciding that without nh3 would be a sanitiser of our own).
"""

from __future__ import annotations

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
# Tags that comments may keep (`COMMENT_TAGS`) and that, without attributes, sanitising takes
# nothing from: the audit, which counts what sanitising removes, has nothing to look at on them.
_PLAIN_TAGS = frozenset(
    ("p", "br", "b", "i", "em", "strong", "code", "cite", "q", "del", "s", "strike", "abbr", "blockquote")
)  # fmt: skip


def read_comment_body(
    element: HtmlElement | None, base: str | None, removed: Counter[str] | None
) -> CommentBody:
    """The comment body's HTML and thread words. ``removed`` is None when comments are kept
    unsanitised; else what sanitising takes out is counted in it (see `audit_comment`)."""
    if element is None:
        return _EMPTY  # nh3 gives "" back for ""
    emoji: list[tuple[HtmlElement, str]] = []
    scripted = False
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
        if removed is None or node is element or (tag in _PLAIN_TAGS and not node.items()):
            continue  # an allowed tag without attributes: nothing for the audit to count
        audit_element(node, removed)
    for image, character in emoji:
        replace_with_text(image, character)
    raw_html = inner_html(element)
    safe_html = raw_html if removed is None else sanitize_comment(raw_html).html
    words = thread_text_of(element, raw_html, scripted=scripted)
    return CommentBody(html=raw_html, safe_html=safe_html, thread_text=words)
