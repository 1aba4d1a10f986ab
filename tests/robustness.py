"""Helpers of the robustness tests (hazards, fuzz, XSS, atomic output, determinism): the bad-input
folder, the CLI run the way a user runs it (exit codes included), strict readers of every output, and
a check for HTML that a browser would run."""

from __future__ import annotations

import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
import markdown
import pytest
import yaml
from lxml import etree

from blogmigrate.cli import main

from .conftest import FIXTURES, ROOT

BAD = FIXTURES / "bad"
WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
STRICT_XML = etree.XMLParser(
    recover=False, resolve_entities=False, no_network=True, huge_tree=True, strip_cdata=True
)
"""How a careful consumer reads XML: any error is fatal, no entity is expanded, nothing is fetched."""
_HTML = lxml.html.HTMLParser(huge_tree=True)

RUNNING_ELEMENTS = frozenset(
    [
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "style",
        "link",
        "meta",
        "base",
        "form",
        "input",
        "button",
        "textarea",
        "template",
    ]
)
"""Elements that run code, load documents or restyle the page; none belongs in a comment or post."""
URL_ATTRIBUTES = frozenset(
    [
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "xlink:href",
        "background",
        "poster",
        "lowsrc",
        "dynsrc",
        "srcset",
        "cite",
        "longdesc",
        "codebase",
        "manifest",
        "ping",
    ]
)
SAFE_SCHEMES = frozenset(["http", "https", "mailto"])
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop these before reading a scheme


def wordpress_page(title: str, body: str, comment: str | None = None) -> bytes:
    """A WordPress page (the markup of fixtures/bad/01-cdata-end.html) with this title, post body
    and, when given, this comment body."""
    page = (BAD / "01-cdata-end.html").read_text(encoding="utf-8")
    page = page.replace("CDATA ends ]]> here", title)
    page = _replace_between(page, '<div class="entry-content">', "</div>\n</article>", body)
    if comment is not None:
        page = _replace_between(page, '<div class="comment-content">', "</div></article>", comment)
    return page.encode("utf-8")


def _replace_between(text: str, before: str, after: str, new: str) -> str:
    start = text.index(before) + len(before)
    return text[:start] + new + text[text.index(after, start) :]


def run_main(args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    """Run ``blogmigrate ARGS`` through the real entry point, in process; its exit code."""
    monkeypatch.setattr(sys, "argv", ["blogmigrate", *args])
    try:
        main()
    except SystemExit as done:
        return int(done.code or 0)
    return 0


def live_markup(fragment: str) -> list[str]:
    """Everything in ``fragment`` a browser would run or follow to a script: running elements,
    ``on*`` handlers, non-http(s)/mailto URLs, script in styles. Empty when the HTML is inert."""
    if not fragment.strip():
        return []
    root = lxml.html.fragment_fromstring(fragment, create_parent="div", parser=_HTML)
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower().rpartition("}")[2]
        if tag in RUNNING_ELEMENTS:
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            key = name.lower()
            if key.startswith("on"):
                found.append(f"<{tag} {key}=>")
            if key in URL_ATTRIBUTES or key.endswith(":href"):
                scheme = url_scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    found.append(f"<{tag} {key}={scheme}:>")
            if key == "style" and re.search(r"expression|javascript|url\(", value, re.I):
                found.append(f"<{tag} style=script>")
    return found


def url_scheme(value: str) -> str | None:
    """The scheme a browser reads from an attribute value (None for a relative URL)."""
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", value).lower())
    return match.group(1) if match else None


def markdown_to_html(text: str) -> str:
    """What a Markdown renderer makes of a file's body (raw HTML passes through, as in most)."""
    return markdown.markdown(split_front_matter(text)[1])


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        return {}, text
    head, _, body = text[4:].partition("\n---\n")
    return yaml.safe_load(head) or {}, body


@dataclass(frozen=True, slots=True)
class WxrComment:
    id: int
    parent: int
    author: str
    content: str


@dataclass(frozen=True, slots=True)
class WxrItem:
    post_id: int
    post_type: str
    title: str
    content: str
    excerpt: str
    slug: str
    comments: tuple[WxrComment, ...]


def read_wxr(path: Path) -> list[WxrItem]:
    """Every item of a WXR file, read with a strict XML parser (any error fails the test)."""
    root = etree.parse(str(path), STRICT_XML).getroot()
    items = []
    for item in root.iter("item"):
        comments = tuple(
            WxrComment(
                id=int(comment.findtext(f"{WP}comment_id") or 0),
                parent=int(comment.findtext(f"{WP}comment_parent") or 0),
                author=comment.findtext(f"{WP}comment_author") or "",
                content=comment.findtext(f"{WP}comment_content") or "",
            )
            for comment in item.iter(f"{WP}comment")
        )
        items.append(
            WxrItem(
                post_id=int(item.findtext(f"{WP}post_id") or 0),
                post_type=item.findtext(f"{WP}post_type") or "",
                title=html.unescape(item.findtext("title") or ""),  # WordPress titles are markup
                content=item.findtext(CONTENT) or "",
                excerpt=item.findtext("{http://wordpress.org/export/1.2/excerpt/}encoded") or "",
                slug=item.findtext(f"{WP}post_name") or "",
                comments=comments,
            )
        )
    return items


def wxr_posts(path: Path) -> list[WxrItem]:
    return [item for item in read_wxr(path) if item.post_type != "attachment"]


def read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by its relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(folder: Path) -> list[str]:
    """Temporary files an interrupted write could leave (``.NAME.XXXX.part``)."""
    return sorted(path.name for path in folder.rglob("*.part"))


def relative_name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()
