"""A comment body read in one walk: its raw HTML, its sanitised HTML and the words thread inference reads.

The walk does per element what `comment_html`, `audit_comment` and `thread_text` would each do in a
walk of their own: emoji images become their characters, URLs become absolute, what sanitising will
remove is counted, and ``<script>``/``<style>`` are noticed. Then the body is serialised once.
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
from .threads import string_content, thread_text_of


@dataclass(frozen=True, slots=True)
class CommentBody:
    html: str  # as the page had it, emoji restored and URLs absolute (the record's raw HTML)
    safe_html: str  # sanitised, or ``html`` itself when sanitising is off
    thread_text: str  # what `infer_threads` reads (see `thread_text`)


_EMPTY = CommentBody(html="", safe_html="", thread_text="")


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
        if removed is not None and node is not element:
            audit_element(node, removed)
    for image, character in emoji:
        replace_with_text(image, character)
    raw_html = inner_html(element)
    safe_html = sanitize_comment(raw_html).html if removed is not None else raw_html
    words = thread_text_of(element, string_content(element), scripted=scripted)
    return CommentBody(html=raw_html, safe_html=safe_html, thread_text=words)
