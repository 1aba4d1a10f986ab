"""Slugs: a permalink segment that already is one is kept as python-slugify would give it back.

`make_slug` skips slugify for lower-case ASCII words joined by single dashes; every other text goes
through slugify. Both are compared with slugify itself: on texts at the edges of that shape, and on
every text the fixtures and the corpus pages make a slug from.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from slugify import slugify

from blogmigrate.normalize import slugs

from .conftest import CORPUS as SHARED_CORPUS
from .conftest import PAGES, calls_while_converting

CORPUS = SHARED_CORPUS / "pages"


def slugify_reading(text: str) -> str:
    """`make_slug` as it was: slugify for every text (transliterated as blogmigrate has it)."""
    slug = slugify(
        text,
        max_length=slugs.MAX_SLUG_BYTES,
        word_boundary=True,
        backend=slugs.TRANSLITERATOR,
    )
    return f"{slug}-post" if slug in slugs._WINDOWS_RESERVED else slug


EDGES = [
    "first-frost",
    "2012-10-28-first-frost",
    "a",
    "9",
    "con",  # a Windows device name either way
    "First-Frost",
    "first--frost",
    "-first-frost",
    "first-frost-",
    "first_frost",
    "first frost",
    "it's-here",
    "caf\u00e9-cr\u00e8me",
    "first-frost\u2013again",
    "fi&amp;rst",
    "first-\uff46rost",  # a full-width letter: NFKD makes it "f"
    "x" * 99,
    "x" * 100,
    "-".join(["word"] * 20),  # 99 characters
    "-".join(["word"] * 21),  # 104: cut at a word
    "",
]


@pytest.mark.parametrize("text", EDGES)
def test_slugs_are_what_slugify_makes(text: str) -> None:
    assert slugs.make_slug(text) == slugify_reading(text)


def _slugged_texts(paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the pages make a slug from (permalink segments, titles), by converting them."""
    return [text for (text,) in calls_while_converting(slugs, "make_slug", paths, monkeypatch)]


def _same_as_slugify_on(paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _slugged_texts(paths, monkeypatch)
    assert [slugs.make_slug(text) for text in texts] == [slugify_reading(text) for text in texts]
    plain = [text for text in texts if slugs._PLAIN_SLUG.fullmatch(text)]
    assert len(plain) >= len(texts) // 3  # the shortcut is taken, and compared


def test_every_fixture_slug_is_what_slugify_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    _same_as_slugify_on(sorted(PAGES.rglob("*.html")), monkeypatch)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the project")
def test_every_corpus_slug_is_what_slugify_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    _same_as_slugify_on(sorted(CORPUS.glob("*.html")), monkeypatch)


def test_slugs_are_transliterated_alike_wherever_they_run() -> None:
    """python-slugify left to choose takes Unidecode where another package installed it: the
    same title would get another slug on another machine. blogmigrate names text-unidecode."""
    title = "工場出荷時共通初期パスワード、カフチヤン"
    expected = "gong-chang-chu-he-shi-gong-tong-chu-qi-hasuwato-kahutiyan"
    assert slugs.make_slug(title) == expected
    assert slugs.slugify(title) == expected
    if importlib.util.find_spec("unidecode") is not None:  # the case the pin is for
        assert slugify(title, backend="unidecode") != expected
