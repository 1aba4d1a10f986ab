"""Bytes to text by the WHATWG rules: BOM, then the declared label, then strict UTF-8, then windows-1252.

Labels are mapped with the WHATWG table (``webencodings``), so ``iso-8859-1`` means windows-1252 and 0x92
becomes a right quote, never U+0092. Statistical guessing is only done when asked for.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import webencodings
from bs4.dammit import EncodingDetector

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF_BYTES = 4096
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding=["']([\w.:-]+)["']""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str
    method: str
    """How the encoding was chosen: bom, declared, utf-8, fallback or guessed."""
    note: str | None = None
    """Set when the page's own declaration was wrong or missing and a fallback was used."""


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


def decode_html(data: bytes, *, guess: bool = False) -> DecodedText:
    """Decode a saved page. ``guess`` allows a statistical detector before the windows-1252 fallback."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return DecodedText(data[len(bom) :].decode(codec, "replace"), codec, "bom")
    note: str | None = None
    label = declared_encoding(data)
    if label:
        declared = whatwg_encoding(label)
        if declared in ("utf-16-le", "utf-16-be"):
            declared = "utf-8"  # WHATWG: a UTF-16 label in an ASCII-compatible stream means UTF-8
        if declared is None:
            note = f"unknown declared encoding {label!r}"
        else:
            try:
                return DecodedText(data.decode(declared), declared, "declared")
            except UnicodeDecodeError:
                note = f"declared {label!r} but the bytes are not {declared}"
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", "utf-8", note)
    except UnicodeDecodeError:
        pass
    if guess:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding:
            extra = f"encoding guessed as {best.encoding}"
            return DecodedText(str(best), best.encoding, "guessed", _join(note, extra))
    fallback = "windows-1252 fallback: the bytes are neither the declared encoding nor UTF-8"
    return DecodedText(
        data.decode("cp1252", "replace"), "cp1252", "fallback", _join(note, fallback)
    )


def _join(first: str | None, second: str) -> str:
    return second if first is None else f"{first}; {second}"
