"""URLs made absolute, Wayback Machine wrappers removed."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

_WAYBACK = re.compile(
    r"^(?:https?:)?(?://web\.archive\.org)?/web/\d{1,14}(?:[a-z]{2}_|\*)?/(.+)$", re.IGNORECASE
)
# What a browser does first with a URL (WHATWG URL parsing): strip C0 controls and spaces around it,
# drop tabs and newlines inside; other controls get percent-encoded (lxml refuses them in attributes).
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def unwrap_wayback(url: str) -> str:
    """``https://web.archive.org/web/20101122091500/http://blog.example/`` → ``http://blog.example/``."""
    if "/web/" not in url.lower():  # every Wayback address has it: most URLs skip the pattern
        return url
    match = _WAYBACK.match(url.strip())
    if not match:
        return url
    original = match.group(1)
    if original.startswith("//"):
        return "http:" + original
    if not re.match(r"^[a-z][a-z0-9+.-]*:", original, re.IGNORECASE):
        return "http://" + original
    return re.sub(r"^(https?):/(?!/)", r"\1://", original)


@lru_cache(maxsize=4096)
def absolute_url(url: str | None, base: str | None) -> str | None:
    """An absolute URL, unwrapped from the Wayback Machine, or None for empty and fragment-only ones.

    Remembered: a page repeats its URLs (comment reply links, commenters' sites and avatars), and
    a relative one costs a ``urljoin`` (~5 µs)."""
    if not url:
        return None
    url = url.strip(_C0_OR_SPACE)
    if not url.isprintable():  # printable text holds no control character: nothing to remove
        url = _TAB_OR_NEWLINE.sub("", url)
        url = _CONTROL.sub(lambda match: f"%{ord(match.group()):02X}", url)
    if not url or url.startswith("#"):
        return url or None
    url = unwrap_wayback(url)
    if base and not _has_scheme(url):
        url = unwrap_wayback(urljoin(base, url))
    return url


def url_scheme(url: str) -> str:
    """``urlsplit(url).scheme`` (lower case), raising where urlsplit raises ("http://[x")."""
    if _plain_http(url):
        return url[: url.index(":")]
    return urlsplit(url).scheme


def _has_scheme(url: str) -> bool:
    return _plain_http(url) or bool(urlsplit(url).scheme)


def _plain_http(url: str) -> bool:
    # Most URLs are plainly http(s): urlsplit is only asked about the others (it raises on some
    # malformed ones, "http://[x", which must stay so; without brackets, an ASCII URL never raises).
    return (
        url.startswith(("http://", "https://"))
        and url.isascii()
        and "[" not in url
        and "]" not in url
    )
