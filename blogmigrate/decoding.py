"""Bytes to text by the WHATWG rules: BOM, then the declared label, then strict UTF-8, then windows-1252.

Labels are mapped with the WHATWG table (``webencodings``), so ``iso-8859-1`` means windows-1252 and 0x92
becomes a right quote, never U+0092. Statistical guessing is only done when asked for, and so is the
repair of double-encoded UTF-8 ("CafÃ©"), each repair being recorded.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import webencodings

from .bytesearch import is_utf8
from .deferred import deferred_imports

with deferred_imports("soupsieve", "charset_normalizer"):  # bs4 imports them; we never call them
    from bs4.dammit import EncodingDetector

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF_BYTES = 4096
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding=["']([\w.:-]+)["']""", re.IGNORECASE)
# WHATWG windows-1252 maps the five bytes Python's cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90,
# 0x9D) to the C1 code points of the same value instead of failing.
_C1_PASSTHROUGH = "blogmigrate-c1-passthrough"
_WINDOWS_1252 = ("cp1252", "windows-1252")
# A UTF-8 sequence read as windows-1252: a lead byte (Â-ô) then continuation bytes (0x80-0xBF).
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021"
    "\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014"
    "\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]"
)
_WORD_DELIMITERS = frozenset(" \t\r\n<>\"'=,.;:!?()[]{}")
_MAX_WORD_REACH = 40
MAX_LOGGED_REPAIRS = 50


def _c1_passthrough(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return chr(error.object[error.start]), error.start + 1


codecs.register_error(_C1_PASSTHROUGH, _c1_passthrough)


@dataclass(frozen=True, slots=True)
class DecodedText:
    source: str | bytes
    """The text, or the page's bytes when they are its UTF-8 (`utf8`): a parser can read those
    themselves, and the text is made only when asked for (`text`)."""
    encoding: str
    method: str
    """How the encoding was chosen: bom, declared, utf-8, fallback or guessed."""
    note: str | None = None
    """Set when the page's own declaration was wrong or missing and a fallback was used."""
    repairs: tuple[str, ...] = ()
    """Mojibake repairs made on request, as "before → after" (``--fix-mojibake``)."""

    @property
    def text(self) -> str:
        """The decoded text (decoded from `utf8` at each call when the bytes were kept)."""
        source = self.source
        return source if isinstance(source, str) else source.decode("utf-8")

    @property
    def utf8(self) -> bytes | None:
        """The page's bytes when they are the text's UTF-8 exactly (no byte order mark, no
        repair), else None."""
        source = self.source
        return source if isinstance(source, bytes) else None


def whatwg_encoding(label: str) -> str | None:
    """The Python codec name for an encoding label, per the WHATWG Encoding Standard."""
    found = webencodings.lookup(label.strip())
    if found is None:
        return None
    name: str = found.codec_info.name
    return name


def declared_encoding(data: bytes) -> str | None:
    """The label a page declares in its first bytes (meta charset, http-equiv or XML declaration)."""
    head = data[:_SNIFF_BYTES]
    xml = _XML_ENCODING.match(head)
    if xml:
        return xml.group(1).decode("ascii", "replace")
    return EncodingDetector.find_declared_encoding(head, is_html=True, search_entire_document=True)


def decode_html(data: bytes, *, guess: bool = False, fix_mojibake: bool = False) -> DecodedText:
    """Decode a saved page. ``guess`` allows a statistical detector before the windows-1252 fallback;
    ``fix_mojibake`` repairs double-encoded UTF-8 afterwards and records every repair."""
    decoded = _decode(data, guess=guess)
    if not fix_mojibake:
        return decoded
    text, repairs = repair_mojibake(decoded.text)
    if not repairs:
        return decoded
    return DecodedText(text, decoded.encoding, decoded.method, decoded.note, repairs)


def _decode(data: bytes, *, guess: bool) -> DecodedText:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return DecodedText(data[len(bom) :].decode(codec, "replace"), codec, "bom")
    note: str | None = None
    declared: str | None = None
    label = declared_encoding(data)
    if label:
        declared = whatwg_encoding(label)
        if declared in ("utf-16-le", "utf-16-be"):
            declared = "utf-8"  # WHATWG: a UTF-16 label in an ASCII-compatible stream means UTF-8
        if declared is None:
            note = f"unknown declared encoding {label!r}"
        elif declared == "utf-8":
            if is_utf8(data):
                return DecodedText(data, declared, "declared")
            note = f"declared {label!r} but the bytes are not {declared}"
        else:
            try:
                return DecodedText(_strict(data, declared), declared, "declared")
            except UnicodeDecodeError:
                note = f"declared {label!r} but the bytes are not {declared}"
    if is_utf8(data):
        return DecodedText(data, "utf-8", "utf-8", note)
    if guess:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding:
            extra = f"encoding guessed as {best.encoding}"
            return DecodedText(str(best), best.encoding, "guessed", _join(note, extra))
    if declared not in (None, "utf-8", *_WINDOWS_1252):
        # A page in a declared legacy encoding (euc-jp, koi8-r…) with a few bad bytes stays in it.
        text = data.decode(declared or "", "replace")
        extra = f"{text.count(chr(0xFFFD))} undecodable byte sequence(s) replaced by U+FFFD"
        return DecodedText(text, declared or "", "declared", _join(note, extra))
    fallback = "windows-1252 fallback: the bytes are neither the declared encoding nor UTF-8"
    if label is None:
        fallback = "no declared encoding and not UTF-8: read as windows-1252"
    return DecodedText(_strict(data, "cp1252"), "cp1252", "fallback", _join(note, fallback))


def _strict(data: bytes, codec: str) -> str:
    """Strict decoding, except that windows-1252 keeps its five undefined bytes as C1 (WHATWG)."""
    if codec in _WINDOWS_1252:
        return data.decode("cp1252", _C1_PASSTHROUGH)
    return data.decode(codec)


def repair_mojibake(text: str) -> tuple[str, tuple[str, ...]]:
    """Words that are UTF-8 read as windows-1252 (once or more) decoded again with ftfy; returns the
    text and the distinct repairs as "before → after" (the first `MAX_LOGGED_REPAIRS`, then a count)."""
    import ftfy

    repairs: dict[str, str] = {}

    def fix(word: str) -> str:
        fixed = repairs.get(word)
        if fixed is None:
            fixed = ftfy.fix_encoding(word)
            if fixed != word:
                repairs[word] = fixed
        return fixed

    pieces: list[str] = []
    done = 0
    for found in _MOJIBAKE.finditer(text):
        if found.start() < done:
            continue
        start, end = _word_around(text, found.start(), found.end(), floor=done)
        pieces.append(text[done:start])
        pieces.append(fix(text[start:end]))
        done = end
    pieces.append(text[done:])
    repaired = "".join(pieces)
    logged = [f"{before} → {after}" for before, after in list(repairs.items())[:MAX_LOGGED_REPAIRS]]
    if len(repairs) > MAX_LOGGED_REPAIRS:
        logged.append(f"and {len(repairs) - MAX_LOGGED_REPAIRS} more distinct repairs")
    return repaired, tuple(logged)


def _word_around(text: str, start: int, end: int, *, floor: int) -> tuple[int, int]:
    """The bounds of the word holding ``text[start:end]``, reaching at most `_MAX_WORD_REACH` chars."""
    low = max(floor, start - _MAX_WORD_REACH)
    while start > low and text[start - 1] not in _WORD_DELIMITERS:
        start -= 1
    high = min(len(text), end + _MAX_WORD_REACH)
    while end < high and text[end] not in _WORD_DELIMITERS:
        end += 1
    return start, end


def _join(first: str | None, second: str) -> str:
    return second if first is None else f"{first}; {second}"
