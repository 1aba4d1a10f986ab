"""The address a mirrored file was saved from, rebuilt from its path in a wget or HTTrack mirror.

wget saves ``http://blog.example/post/?replytocom=12`` as ``blog.example/post/index.html?replytocom=12.html``
(``--adjust-extension`` appends ``.html``; the query stays in the name); a Wayback copy fetched the same
way lives under ``web.archive.org/web/<timestamp>/http:/blog.example/...``.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_HOST = re.compile(
    r"^(?:localhost|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})(?::\d+)?$", re.I
)
_INDEX = re.compile(r"^index\.(?:html?|php|asp)$", re.IGNORECASE)
_ADDED_EXTENSION = re.compile(r"\.html?$", re.IGNORECASE)


def url_from_mirror_path(relative: str) -> str | None:
    """``blog.example/2020/05/hello/index.html?replytocom=3.html`` → ``http://blog.example/2020/05/hello/?replytocom=3``.

    A mirror whose top folder is not a host name gives a site-relative path (``/2020/05/hello/``);
    None when the path is empty.
    """
    parts = [part for part in relative.replace("\\", "/").split("/") if part and part != "."]
    if not parts:
        return None
    *folders, name = parts
    base, question, query = name.partition("?")
    if question and _ADDED_EXTENSION.search(query):
        query = _ADDED_EXTENSION.sub("", query)
    if _INDEX.match(base):
        path_parts, trailing = folders, "/"
    else:
        path_parts, trailing = [*folders, base], ""
    # A file name that is not UTF-8 arrives surrogate-escaped: its original bytes are percent-encoded.
    path = "/".join(
        quote(part, safe="%@:+,;=!$&'()*~-._", errors="surrogateescape") for part in path_parts
    )
    suffix = f"?{query}" if question else ""
    if path_parts and _HOST.match(path_parts[0]):
        return f"http://{path}{trailing if len(path_parts) > 1 else '/'}{suffix}"
    return f"/{path}{trailing if path_parts else ''}{suffix}"
