"""Encodings by the WHATWG rules (hazards rows 10–13): BOM, declared label, strict UTF-8, windows-1252;
guessing and mojibake repair only on request, and always reported."""

from __future__ import annotations

import codecs

import pytest

from blogmigrate.decoding import declared_encoding, decode_html, repair_mojibake, whatwg_encoding
from blogmigrate.page import parse_page

from .conftest import CORPUS

# From the seed (../shared/seed): a French comment with typographic apostrophes.
SEED_COMMENT = "Bien d’accord avec toi. Tout comme d’autres outils à critères sociaux"


def page_bytes(meta: str, body: str, encoding: str) -> bytes:
    return f"<html><head>{meta}</head><body><p>{body}</p></body></html>".encode(encoding)


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("iso-8859-1", "cp1252"),
        ("latin1", "cp1252"),
        ("ISO-8859-1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("utf8", "utf-8"),
        ("x-sjis", "cp932"),
        ("euc-jp", "euc_jp"),
        ("bogus-charset", None),
    ],
)
def test_labels_map_per_whatwg(label: str, codec: str | None) -> None:
    assert whatwg_encoding(label) == codec


def test_iso_8859_1_label_means_windows_1252() -> None:
    data = page_bytes('<meta charset="iso-8859-1">', "It\x92s caf\xe9", "latin-1")
    decoded = decode_html(data)
    assert "It’s café" in decoded.text  # 0x92 is a right quote, never U+0092
    assert (decoded.encoding, decoded.method, decoded.note) == ("cp1252", "declared", None)


def test_windows_1252_keeps_its_undefined_bytes_as_c1() -> None:
    decoded = decode_html(page_bytes('<meta charset="windows-1252">', "a\x81b\x9dc", "latin-1"))
    assert "a\x81b\x9dc" in decoded.text
    assert decoded.method == "declared"


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_a_bom_wins_over_the_declaration(bom: bytes, codec: str) -> None:
    data = bom + page_bytes('<meta charset="iso-8859-1">', SEED_COMMENT, codec)
    decoded = decode_html(data)
    assert SEED_COMMENT in decoded.text
    assert (decoded.encoding, decoded.method) == (codec, "bom")


def test_declared_utf8_that_is_not_falls_back_and_says_so() -> None:
    data = page_bytes('<meta charset="utf-8">', "Salary \xa350K", "latin-1")
    decoded = decode_html(data)
    assert "Salary £50K" in decoded.text
    assert decoded.method == "fallback"
    assert (
        decoded.note is not None and "declared 'utf-8' but the bytes are not utf-8" in decoded.note
    )
    page = parse_page(data, "latin1-says-utf8.html")
    assert [warning.code for warning in page.warnings] == ["encoding"]


def test_undeclared_utf8_is_read_as_utf8() -> None:
    decoded = decode_html(page_bytes("", SEED_COMMENT, "utf-8"))
    assert SEED_COMMENT in decoded.text
    assert (decoded.encoding, decoded.method, decoded.note) == ("utf-8", "utf-8", None)


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not here")
def test_real_undeclared_latin_page_is_windows_1252() -> None:
    data = (CORPUS / "pages" / "wp-cleaneval-563.html").read_bytes()
    decoded = decode_html(data)
    assert "Salary £50K" in decoded.text
    assert decoded.method == "fallback"
    assert decoded.note == "no declared encoding and not UTF-8: read as windows-1252"


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not here")
def test_real_euc_jp_declaration_is_honoured() -> None:
    data = (CORPUS / "pages" / "ot-tdiary-takagi.html").read_bytes()
    decoded = decode_html(data)
    assert (decoded.encoding, decoded.method, decoded.note) == ("euc_jp", "declared", None)


def test_a_legacy_declared_encoding_with_bad_bytes_stays_in_it() -> None:
    data = page_bytes('<meta charset="euc-jp">', "日本語", "euc-jp").replace(
        b"</p>", b"\xff\xfe</p>"
    )
    decoded = decode_html(data)
    assert "日本語" in decoded.text
    assert decoded.method == "declared"
    assert decoded.note is not None and "undecodable byte sequence(s)" in decoded.note


def test_xml_declaration_names_the_encoding() -> None:
    assert declared_encoding(b'<?xml version="1.0" encoding="ISO-8859-1"?><html>') == "ISO-8859-1"


def test_guessing_only_when_asked_and_marked_guessed() -> None:
    data = page_bytes("", SEED_COMMENT * 3, "cp1252")
    assert decode_html(data).method == "fallback"
    guessed = decode_html(data, guess=True)
    assert guessed.method == "guessed"
    assert guessed.note is not None and guessed.note.startswith("encoding guessed as ")
    assert SEED_COMMENT in guessed.text


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("CafÃ©", "Café"),
        ("doesnÃ¢â‚¬â„¢t", "doesn’t"),  # hazards row 13: encoded twice
        ("Bien dâ€™accord avec toi.", "Bien d’accord avec toi."),
        ("Ã\xa0 lâ€™ouest pour twitter", "à l’ouest pour twitter"),
    ],
)
def test_mojibake_repair(broken: str, fixed: str) -> None:
    text, repairs = repair_mojibake(f"<p>{broken}</p>")
    assert text == f"<p>{fixed}</p>"
    assert repairs


def test_mojibake_is_repaired_only_on_request_and_every_repair_is_logged() -> None:
    data = page_bytes('<meta charset="utf-8">', "CafÃ© et doesnÃ¢â‚¬â„¢t, déjà vu", "utf-8")
    untouched = parse_page(data, "mojibake.html")
    assert "CafÃ©" in untouched.root.text_content()
    assert untouched.warnings == []
    repaired = parse_page(data, "mojibake.html", fix_mojibake=True)
    assert "Café et doesn’t, déjà vu" in repaired.root.text_content()
    assert [(w.code, w.message) for w in repaired.warnings] == [
        ("mojibake", "double-encoded text repaired: CafÃ© → Café"),
        ("mojibake", "double-encoded text repaired: doesnÃ¢â‚¬â„¢t → doesn’t"),
    ]


def test_correct_accents_are_not_repaired() -> None:
    text = "Les réseaux sociaux : déjà « réelle » Âge, naïve, Ça"
    assert repair_mojibake(text) == (text, ())
