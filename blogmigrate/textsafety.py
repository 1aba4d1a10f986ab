"""Text that every output format can hold: no C0 controls (but tab, LF, CR), no U+FFFE/U+FFFF, no lone
surrogates. Applied at the record boundary, before any JSON, YAML or XML is written."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import cache
from operator import attrgetter
from types import MappingProxyType
from typing import Any, TypeVar

from .compiled import c_extension

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Each C0 control XML forbids, as one UTF-8 byte (the code point itself).
_FORBIDDEN_CONTROL_BYTES = tuple(
    bytes((code,)) for code in range(0x20) if chr(code) not in "\t\n\r"
)
REPLACEMENT = "\ufffd"
_SCALARS = (bool, int, float, date)  # no text inside: skipped without a look
_NONE_TYPE = type(None)
_PLAIN_SCALARS = frozenset((_NONE_TYPE, bool, int, float, date, datetime))  # exact types

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
    strings: list[str] = []
    _gather_strings(record, strings)
    # Almost every record is clean: one check over all its text at once (a forbidden character is
    # one code point, so the joined text holds one exactly when some string does); the walk that
    # replaces and counts runs only for a record that needs it.
    if is_safe_long("".join(strings)):
        return record, 0
    return _safe_value(record)


def _gather_strings(value: Any, strings: list[str]) -> None:
    """Every string inside ``value`` (nested records, tuples, mapping keys and values) appended."""
    if isinstance(value, str):
        strings.append(value)
    elif isinstance(value, tuple):
        _gather_items(value, strings)
    elif (getter := _field_values(value.__class__)) is not None:
        _gather_items(getter(value), strings)
    elif isinstance(value, Mapping):
        _gather_items(tuple(itertools.chain.from_iterable(value.items())), strings)
    # else None, a number, a date: no text


def _gather_items(items: tuple[Any, ...], strings: list[str]) -> None:
    """Every string inside the items of a tuple (in no particular order)."""
    if (
        len(items) > 1
        and (getter := _field_values(items[0].__class__)) is not None
        and len(set(map(type, items))) == 1
    ):
        # Records of one class (a post's comments): read field by field, each field's values
        # judged at once by their types, instead of a look at every value of every record.
        for column in zip(*map(getter, items), strict=True):
            _gather_column(column, strings)
        return
    for item in items:
        # Most items are strings, or empty, or scalars: taken here, without a call for each.
        if isinstance(item, str):
            strings.append(item)
        elif item and not isinstance(item, _SCALARS):
            _gather_strings(item, strings)


def _gather_column(values: tuple[Any, ...], strings: list[str]) -> None:
    """Every string inside one field's values across records of one class."""
    kinds = set(map(type, values))
    if kinds <= _PLAIN_SCALARS:
        return
    if all(kind is _NONE_TYPE or issubclass(kind, str) for kind in kinds):
        strings.extend(filter(None, values))  # empty strings and None: no text
    elif any(values):  # all empty (no mentions, no extra): nothing inside
        _gather_items(values, strings)


def _python_is_safe_long(text: str) -> bool:
    """`is_safe_long` without its C module: about three times faster than `is_safe` on long text.

    A lone surrogate cannot be encoded; in UTF-8 the bytes below 0x20 stand only for themselves.
    Each of them is looked for on its own: a one-byte search is a memchr, and the 29 searches cost
    about a quarter of the instructions of one ``bytes.translate`` deleting them all."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    for control in _FORBIDDEN_CONTROL_BYTES:
        if control in data:
            return False
    return "\ufffe" not in text and "\uffff" not in text


# the C check (`_textscan.pyx`, built by setup.py with Cython), or the Python one
_C = c_extension("blogmigrate._textscan")
is_safe_long: Callable[[str], bool] = _python_is_safe_long if _C is None else _C.xml_safe
"""`is_safe` for long text (a record's strings joined): one pass of C over the string's storage
when `_textscan` is built (~20 times faster than the Python check on Latin-1 text, ~9 times on
text of two-byte characters), else `_python_is_safe_long`."""


def checks_in_c() -> bool:
    """Whether `is_safe_long` runs in C."""
    return _C is not None


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
def _field_values(record_type: type[Any]) -> Callable[[Any], tuple[Any, ...]] | None:
    """A function that reads every field of a record of ``record_type`` at once, as a tuple; None
    when ``record_type`` is no dataclass."""
    if not dataclasses.is_dataclass(record_type):
        return None
    names = _field_names(record_type)
    if len(names) == 1:
        single = attrgetter(names[0])
        return lambda record: (single(record),)
    return attrgetter(*names)


@cache
def _field_names(record_type: type[Any]) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(record_type))
