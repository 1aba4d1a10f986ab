"""Text that every output format can hold: no C0 controls (but tab, LF, CR), no U+FFFE/U+FFFF, no lone
surrogates. Applied at the record boundary, before any JSON, YAML or XML is written."""

from __future__ import annotations

import re

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def safe_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD."""
    return _FORBIDDEN.sub(REPLACEMENT, text)


def count_unsafe(text: str) -> int:
    return len(_FORBIDDEN.findall(text))
