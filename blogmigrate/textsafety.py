"""Text that every output format can hold: no C0 controls (but tab, LF, CR), no U+FFFE/U+FFFF, no lone
surrogates. Applied at the record boundary, before any JSON, YAML or XML is written."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import Any, TypeVar

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
REPLACEMENT = "\ufffd"
_SCALARS = (bool, int, float, date)  # no text inside: skipped without a look

R = TypeVar("R")


def is_safe(text: str) -> bool:
    """True when ``text`` holds no character XML 1.0 forbids.

    ``str.isprintable`` answers first, an order of magnitude faster than the pattern: every
    forbidden character is a control (Cc), a surrogate (Cs) or a noncharacter (Cn), none of which
    is printable. Text with line breaks, tabs or no-break spaces is not printable either: the pattern
    decides for it."""
    return text.isprintable() or _FORBIDDEN.search(text) is None


def safe_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD."""
    return text if is_safe(text) else _FORBIDDEN.sub(REPLACEMENT, text)


def count_unsafe(text: str) -> int:
    return 0 if is_safe(text) else len(_FORBIDDEN.findall(text))


def safe_record(record: R) -> tuple[R, int]:
    """``record`` (a frozen dataclass) with every string in it made safe, and how many characters
    were replaced. Nested records, tuples and mappings are walked; untouched parts are reused."""
    value, replaced = _safe_value(record)
    return value, replaced


def _safe_value(value: Any) -> tuple[Any, int]:
    if isinstance(value, str):
        if is_safe(value):
            return value, 0
        return _FORBIDDEN.subn(REPLACEMENT, value)
    if value is None or isinstance(value, _SCALARS):
        return value, 0
    if isinstance(value, tuple):
        items = [_safe_value(item) for item in value]
        replaced = sum(count for _, count in items)
        return (tuple(item for item, _ in items) if replaced else value), replaced
    if isinstance(value, Mapping):
        if not value:
            return value, 0
        pairs = [(_safe_value(key), _safe_value(item)) for key, item in value.items()]
        replaced = sum(key[1] + item[1] for key, item in pairs)
        if not replaced:
            return value, 0
        return MappingProxyType({key[0]: item[0] for key, item in pairs}), replaced
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, Any] = {}
        replaced = 0
        for name in _field_names(type(value)):
            item = getattr(value, name)
            # Most fields are clean strings or scalars: checked here, without a call per field.
            if item is None or isinstance(item, _SCALARS):
                continue
            if isinstance(item, str):
                if is_safe(item):
                    continue
                item, count = _FORBIDDEN.subn(REPLACEMENT, item)
            else:
                item, count = _safe_value(item)
            if count:
                changes[name] = item
                replaced += count
        return (dataclasses.replace(value, **changes) if changes else value), replaced
    return value, 0


@cache
def _field_names(record_type: type[Any]) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(record_type))
