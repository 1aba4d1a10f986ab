"""One saved page, decoded and parsed once with lxml; every later stage reads this tree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import cast

from lxml import etree, html
from lxml.html import HtmlElement  # named directly in a dataclass field, for mypyc

from .bytesearch import contains
from .decoding import DecodedText, decode_html
from .errors import PageError, PageWarning, UnsupportedPageError
from .xpath import compile_xpath


def _parser(encoding: str | None = None) -> html.HTMLParser:
    parser = html.HTMLParser(
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        default_doctype=False,  # type: ignore[call-arg]  # lxml accepts it; the stubs lag behind
        # No table of the ids for XPath's id(): building and freeing it is 7 % of the parse, and
        # the walk of the tree the selectors make anyway gives each id's element
        # (`ElementLists.with_id`).
        collect_ids=False,
        encoding=encoding,
    )
    # One element class for every tag: lxml.html's default lookup runs a Python function for
    # every element proxy it creates (form, input, label subclasses we never use), which costs
    # more than the XPath itself on large pages.
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(element=html.HtmlElement))
    return parser


_PARSER = _parser()
"""Parses the decoded text."""
_UTF8_PARSER = _parser("utf-8")
"""Parses the saved bytes themselves when they are the UTF-8 the text was decoded from: lxml
hands a str to libxml2 as Latin-1, UTF-16 or UCS-4, which libxml2 converts to UTF-8 again."""
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_TOOLBAR_START = re.compile(r"<!--\s*BEGIN WAYBACK TOOLBAR INSERT\s*-->", re.IGNORECASE)
_TOOLBAR_END = re.compile(r"<!--\s*END WAYBACK TOOLBAR INSERT\s*-->", re.IGNORECASE)
_WAYBACK_TIMESTAMP = re.compile(r"web\.archive\.org/web/(\d{14})")
# The Wayback Machine's own notes in a copy: its footer comment and its URL-rewriting script call.
_WAYBACK_ARCHIVED = re.compile(
    r"FILE ARCHIVED ON (\d{1,2}:\d{2}:\d{2} [A-Z][a-z]{2} \d{1,2}, \d{4})"
)
_WAYBACK_WOMBAT = re.compile(r"""__wm\.wombat\(\s*["']([^"']+)["']\s*,\s*["'](\d{14})["']""")
_WAYBACK_MARKERS = ("WAYBACK TOOLBAR INSERT", "__wm.", "FILE ARCHIVED ON")
_WAYBACK_BYTE_MARKERS = tuple(marker.encode() for marker in _WAYBACK_MARKERS)
_DEFAULT_PORT = re.compile(r"^(https?://[^/:]+):(?:80|443)(?=/|$)")
_WAYBACK_FURNITURE = compile_xpath(
    "//*[starts-with(@id, 'wm-ipp') or @id = 'donato' or @id = 'playback' or @id = 'wm-capinfo']"
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "gzip data"),
)


def without_wayback_toolbars(text: str) -> str:
    """The text without the Wayback Machine's toolbars: each from its BEGIN comment to the END
    comment after it. Once a BEGIN has no END after it, no later one has: the search stops there
    (one pattern for the whole span, ``BEGIN.*?END``, tried each BEGIN on to the end of the text,
    in a time that grew with the square of the page on a page of many BEGINs)."""
    kept = []
    position = 0
    while (start := _TOOLBAR_START.search(text, position)) is not None:
        end = _TOOLBAR_END.search(text, start.end())
        if end is None:
            break
        kept.append(text[position : start.start()])
        position = end.end()
    if not kept:
        return text
    kept.append(text[position:])
    return "".join(kept)


@dataclass(slots=True)
class Page:
    """A decoded, parsed page. The tree is mutable: scrapers and the normalizer work on it in turn."""

    source: str
    """How the user named the page (a path as given)."""
    root: HtmlElement
    encoding: DecodedText
    saved_from_url: str | None = None
    capture_time: datetime | None = None
    """When the page was saved (Wayback timestamp or file time); anchors relative dates."""
    warnings: list[PageWarning] = field(default_factory=list)
    cache: dict[str, object] = field(default_factory=dict)
    """Per-page memos of later stages (e.g. the scrapers' selector index), keyed by name."""
    ascii_source: bytes | None = None
    """The saved bytes when their encoding writes ASCII as ASCII (not UTF-16): a cheap way to
    learn that the page never mentions an attribute name or a script's text."""

    def warn(self, code: str, message: str) -> None:
        self.warnings.append(PageWarning(code, message))


def parse_page(
    data: bytes,
    source: str,
    *,
    mtime: float | None = None,
    guess_encoding: bool = False,
    fix_mojibake: bool = False,
) -> Page:
    """Decode and parse the bytes of one saved page; Wayback Machine furniture is removed."""
    if not data or data.isspace():  # isspace stops at the first byte that is not; strip copies
        raise UnsupportedPageError(f"{source}: the file is empty; nothing to convert")
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise UnsupportedPageError(f"{source}: this is {what}, not an HTML page; skipped")
    if b"\x00" in data[:1024] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedPageError(f"{source}: binary data (NUL bytes), not an HTML page; skipped")
    decoded = decode_html(data, guess=guess_encoding, fix_mojibake=fix_mojibake)
    # Bytes that are the text's UTF-8 are parsed as they are; the text is made only when all of it
    # is needed: a Wayback copy's toolbar to cut out, an XML declaration to drop.
    text = None if _bytes_are_text(data, decoded) else decoded.text
    head = text[:2048] if text is not None else _first_characters(data, 2048)
    saved_from = _SAVED_FROM.search(head)
    wayback = _is_wayback_copy(text if text is not None else data)
    if text is None and (wayback or _XML_DECLARATION.match(_up_to_first_tag_end(data))):
        text = decoded.text
    wayback_text = text if wayback else None
    wombat = _WAYBACK_WOMBAT.search(wayback_text) if wayback_text is not None else None
    saved_from_url = saved_from.group(1) if saved_from else None
    if saved_from_url is None and wombat is not None:
        saved_from_url = _DEFAULT_PORT.sub(r"\1", wombat.group(1))
    capture_time = _capture_time(wayback_text, saved_from_url, wombat, mtime)
    markup: str | bytes = data
    parser = _UTF8_PARSER
    if text is not None:
        if wayback:
            text = without_wayback_toolbars(text)
        declaration = _XML_DECLARATION.match(text)
        if declaration:
            text = text[declaration.end() :]
        markup, parser = text, _PARSER
    try:
        root = html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise PageError(f"{source}: not parseable as HTML ({error}); skipped") from error
    limit = _resource_limit_hit(parser)
    if wayback:
        for node in cast(list[object], _WAYBACK_FURNITURE(root)):
            if isinstance(node, html.HtmlElement):
                node.drop_tree()
    page = Page(
        source=source,
        root=root,
        encoding=decoded,
        saved_from_url=saved_from_url,
        capture_time=capture_time,
        ascii_source=data if _writes_ascii_as_ascii(decoded.encoding) else None,
    )
    if limit:
        page.warn("partial", f"the parser stopped early ({limit}); what follows that point is lost")
    if decoded.note:
        page.warn("encoding", decoded.note)
    for repair in decoded.repairs:
        page.warn("mojibake", f"double-encoded text repaired: {repair}")
    return page


def _writes_ascii_as_ascii(encoding: str) -> bool:
    try:
        return "<a data-x>".encode(encoding) == b"<a data-x>"
    except (LookupError, ValueError):
        return False


def _is_wayback_copy(source: str | bytes) -> bool:
    """Does the page's text, or its UTF-8 bytes, hold the Wayback Machine's marks? (An ASCII
    text is in UTF-8 bytes where it is in their text, as no multi-byte sequence holds an ASCII
    byte; bytes cost less to search than a text of 2- or 4-byte characters.)"""
    if isinstance(source, bytes):
        return contains(source, b"archive.org") and any(
            contains(source, marker) for marker in _WAYBACK_BYTE_MARKERS
        )
    return "archive.org" in source and any(marker in source for marker in _WAYBACK_MARKERS)


def _bytes_are_text(data: bytes, decoded: DecodedText) -> bool:
    """Are the saved bytes the decoded text, as UTF-8, character for character (no byte order
    mark, no repair, no NUL)? Then libxml2 parses them into the tree it makes of the text
    (`tests/test_page.py` compares both trees on every fixture and corpus page)."""
    return decoded.utf8 is data and b"\x00" not in data


def _first_characters(utf8: bytes, count: int) -> str:
    """The first ``count`` characters of valid UTF-8 bytes, without decoding the rest (a
    character takes four bytes at most; a character the cut splits lies after them)."""
    return utf8[: 4 * count].decode("utf-8", "ignore")[:count]


def _up_to_first_tag_end(utf8: bytes) -> str:
    """The text of valid UTF-8 bytes up to their first ">" (all of it when there is none): where
    a match of `_XML_DECLARATION` (blanks, then ``<?xml`` and no ">" before ``?>``) ends."""
    end = utf8.find(b">")
    return (utf8 if end < 0 else utf8[: end + 1]).decode("utf-8")


def _resource_limit_hit(parser: html.HTMLParser) -> str | None:
    """libxml2 stops silently at a resource limit (nesting deeper than 2048 even with huge_tree):
    the last parse's error log is the only trace of it."""
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT":
            return str(entry.message).split(", use ")[0]
    return None


def _capture_time(
    wayback_text: str | None,
    saved_from_url: str | None,
    wombat: re.Match[str] | None,
    mtime: float | None,
) -> datetime | None:
    """When the page was saved: the Wayback Machine's own notes, the Wayback address it was saved
    from, a Wayback link in a Wayback copy (``wayback_text``: its text; None for other pages),
    else the file's modification time."""
    archived = _WAYBACK_ARCHIVED.search(wayback_text) if wayback_text is not None else None
    if archived:
        try:
            return datetime.strptime(archived.group(1), "%H:%M:%S %b %d, %Y").replace(tzinfo=UTC)
        except ValueError:
            pass
    stamps = [wombat.group(2)] if wombat else []
    for candidate in (saved_from_url or "", wayback_text or ""):
        found = _WAYBACK_TIMESTAMP.search(candidate)
        if found:
            stamps.append(found.group(1))
    for stamp in stamps:
        try:
            return datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        except ValueError:
            continue
    if mtime is not None:
        return datetime.fromtimestamp(mtime, tz=UTC)
    return None
