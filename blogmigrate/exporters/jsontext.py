"""Indented JSON text, byte for byte what ``json.dumps(data, ensure_ascii=False, indent=N)`` writes,
at a fraction of its cost.

Records (`dumps_record`) are written by orjson when it is installed: for their kinds of values
(strings, integers, booleans, None, lists, objects with string keys) its ``OPT_INDENT_2`` text is
json's, ~7x faster again; whatever orjson refuses falls back to the writer below.

With an indent, the standard library encodes in pure Python through nested generators (~1 ms for a
post with a few dozen comments, as much as the rest of the export). Here each string still goes
through the standard library's own C string encoder; only the layout is written by hand, into one
list joined once. Anything that is not plain JSON data (a key that is not a string, a value that is
not str, int, float, bool, None, dict, list or tuple) is handed to ``json.dumps`` itself, so its
errors and conversions are the standard ones.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from json.encoder import encode_basestring  # the C encoder when the _json module is there
from typing import Any

from ..bytesearch import contains, escapes_control

_INFINITIES = (float("inf"), float("-inf"))
_FLOAT_REPR = float.__repr__
_INT_REPR = int.__repr__


class _NotPlainError(Exception):
    """The data holds something only ``json.dumps`` knows how to treat."""


def dumps_record(data: dict[str, Any], prefix: str = "") -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)`` for a record made of strings, integers,
    booleans, None, lists and objects with string keys (no floats: orjson spells some of them
    differently), with ``prefix`` after every line break."""
    if _ORJSON_INDENT_2 is not None:
        try:
            text = _ORJSON_INDENT_2(data).decode()
        except TypeError:  # a lone surrogate, a key that is not a string, an integer over 64 bits
            return dumps_indented(data, 2, prefix)
        return nested(text, prefix)
    return dumps_indented(data, 2, prefix)


def nested(text: str, prefix: str) -> str:
    """Indented JSON text with ``prefix`` after every line break: JSON strings hold no raw line
    break, so every one in the text is the layout's."""
    return text.replace("\n", "\n" + prefix) if prefix else text


# How a character that safe_text replaces shows in orjson's text: a C0 control escaped (\u00XX, or
# \b and \f; \t \n \r are allowed), U+FFFE or U+FFFF as itself (a lone surrogate makes orjson fail).
# An escaped backslash before u00, b or f looks the same and only costs a second pass. The escapes
# are looked for from backslash to backslash (`bytesearch.escapes_control`: a memchr each, ~4 us
# for a page's record, where a regular expression took ~15), rather than a substring search per
# escape, which costs ~10x more on text full of the letters b and f. The two noncharacters are
# looked for in the UTF-8 bytes, only when they hold some non-ASCII: first their first byte, EF,
# which only U+F000-U+FFFF start with (rare in text: one memchr, ~0.5 us for a page's record,
# where a memmem of two bytes takes ~18), then each of them.
_NONCHARACTERS_FIRST_BYTE = b"\xef"
_UNSAFE_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")  # U+FFFE, U+FFFF in UTF-8


def unchecked_record_bytes(data: dict[str, Any]) -> bytes | None:
    """orjson's indented text (UTF-8) of a record whose texts were not passed through
    ``safe_text``, when it shows that none of them held a character ``safe_text`` replaces (the text
    is then the one the checked record gives); None when it may have, when orjson refuses the
    record or is missing."""
    if _ORJSON_INDENT_2 is None:
        return None
    try:
        encoded = _ORJSON_INDENT_2(data)
    except TypeError:
        return None
    if escapes_control(encoded):
        return None
    if not encoded.isascii() and _NONCHARACTERS_FIRST_BYTE in encoded:
        for sequence in _UNSAFE_NONCHARACTERS:
            if contains(encoded, sequence):
                return None
    return encoded


def unchecked_record_text(data: dict[str, Any]) -> str | None:
    """`unchecked_record_bytes` as text."""
    encoded = unchecked_record_bytes(data)
    return None if encoded is None else encoded.decode()


def nested_bytes(encoded: bytes, prefix: str) -> bytes:
    """`nested` for UTF-8 text: a bytes replace, about ten times faster than a replace in text that
    holds characters beyond Latin-1."""
    return encoded.replace(b"\n", b"\n" + prefix.encode()) if prefix else encoded


def _orjson_indent_2() -> Callable[[Any], bytes] | None:
    try:
        import orjson
    except ImportError:  # an accelerator only: dumps_indented gives the same text
        return None
    option = orjson.OPT_INDENT_2
    return lambda data: orjson.dumps(data, option=option)


_ORJSON_INDENT_2 = _orjson_indent_2()


def dumps_indented(data: Any, indent: int = 2, prefix: str = "") -> str:
    """``json.dumps(data, ensure_ascii=False, indent=indent)`` with ``prefix`` after every line
    break (the text of a record nested at some depth in a document)."""
    parts: list[str] = []
    try:
        _encode(data, "\n" + prefix, " " * indent, parts)
    except _NotPlainError:
        return nested(json.dumps(data, ensure_ascii=False, indent=indent), prefix)
    return "".join(parts)


def _encode(value: Any, newline: str, step: str, parts: list[str]) -> None:
    """Append ``value``'s text to ``parts``; ``newline`` is a line break and the current indent."""
    kind = type(value)
    if kind is dict:
        _encode_object(value, newline, step, parts)
    elif kind is list or kind is tuple:
        _encode_array(value, newline, step, parts)
    else:
        parts.append(_scalar(value, kind))


def _scalar(value: Any, kind: type) -> str:
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return _INT_REPR(value)
    if kind is float and value == value and value not in _INFINITIES:
        return _FLOAT_REPR(value)
    raise _NotPlainError  # NaN, infinities and other types: json.dumps's spelling, or its error


def _encode_object(value: dict[Any, Any], newline: str, step: str, parts: list[str]) -> None:
    if not value:
        parts.append("{}")
        return
    inner = newline + step
    separator = "{" + inner
    append = parts.append
    for key, item in value.items():
        if type(key) is not str:
            raise _NotPlainError
        kind = type(item)
        # Strings and None are most values: written with their key in one piece, without a call.
        if kind is str:
            append(f"{separator}{_key_text(key)}{encode_basestring(item)}")
        elif item is None:
            append(f"{separator}{_key_text(key)}null")
        elif kind is dict or kind is list or kind is tuple:
            append(separator + _key_text(key))
            _encode(item, inner, step, parts)
        else:
            append(f"{separator}{_key_text(key)}{_scalar(item, kind)}")
        separator = "," + inner
    append(newline + "}")


def _encode_array(
    value: list[Any] | tuple[Any, ...], newline: str, step: str, parts: list[str]
) -> None:
    if not value:
        parts.append("[]")
        return
    inner = newline + step
    separator = "[" + inner
    for item in value:
        parts.append(separator)
        _encode(item, inner, step, parts)
        separator = "," + inner
    parts.append(newline + "]")


@lru_cache(maxsize=1024)
def _key_text(key: str) -> str:
    """``"key": `` (records repeat the same few keys in every comment)."""
    return encode_basestring(key) + ": "
