"""One saved page, decoded and parsed once with lxml; every later stage reads this tree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree, html

from .decoding import DecodedText, decode_html
from .errors import PageError, PageWarning, UnsupportedPageError

_PARSER = html.HTMLParser(
    huge_tree=True,
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    default_doctype=False,  # type: ignore[call-arg]  # lxml accepts it; the stubs lag behind
)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_WAYBACK_TOOLBAR = re.compile(
    r"<!--\s*BEGIN WAYBACK TOOLBAR INSERT\s*-->.*?<!--\s*END WAYBACK TOOLBAR INSERT\s*-->",
    re.DOTALL | re.IGNORECASE,
)
_WAYBACK_TIMESTAMP = re.compile(r"web\.archive\.org/web/(\d{14})")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "gzip data"),
)


@dataclass(slots=True)
class Page:
    """A decoded, parsed page. The tree is mutable: scrapers and the normalizer work on it in turn."""

    source: str
    """How the user named the page (a path as given)."""
    root: html.HtmlElement
    encoding: DecodedText
    saved_from_url: str | None = None
    capture_time: datetime | None = None
    """When the page was saved (Wayback timestamp or file time); anchors relative dates."""
    warnings: list[PageWarning] = field(default_factory=list)

    def warn(self, code: str, message: str) -> None:
        self.warnings.append(PageWarning(code, message))


def parse_page(
    data: bytes, source: str, *, mtime: float | None = None, guess_encoding: bool = False
) -> Page:
    """Decode and parse the bytes of one saved page."""
    if not data.strip():
        raise UnsupportedPageError(f"{source}: the file is empty; nothing to convert")
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise UnsupportedPageError(f"{source}: this is {what}, not an HTML page; skipped")
    if b"\x00" in data[:1024] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedPageError(f"{source}: binary data (NUL bytes), not an HTML page; skipped")
    decoded = decode_html(data, guess=guess_encoding)
    text = decoded.text
    saved_from = _SAVED_FROM.search(text[:2048])
    capture_time = _capture_time(text, mtime)
    text = _WAYBACK_TOOLBAR.sub("", text)
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        root = html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as error:
        raise PageError(f"{source}: not parseable as HTML ({error}); skipped") from error
    page = Page(
        source=source,
        root=root,
        encoding=decoded,
        saved_from_url=saved_from.group(1) if saved_from else None,
        capture_time=capture_time,
    )
    if decoded.note:
        page.warn("encoding", decoded.note)
    return page


def load_page(path: Path, source: str | None = None, *, guess_encoding: bool = False) -> Page:
    """Read, decode and parse a saved page from disk."""
    name = source or str(path)
    try:
        data = path.read_bytes()
        mtime = path.stat().st_mtime
    except OSError as error:
        raise PageError(f"{name}: cannot be read ({error.strerror}); check the path") from error
    return parse_page(data, name, mtime=mtime, guess_encoding=guess_encoding)


def _capture_time(text: str, mtime: float | None) -> datetime | None:
    wayback = _WAYBACK_TIMESTAMP.search(text)
    if wayback:
        return datetime.strptime(wayback.group(1), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    if mtime is not None:
        return datetime.fromtimestamp(mtime, tz=UTC)
    return None
