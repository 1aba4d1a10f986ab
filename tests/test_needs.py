"""Detection asks the page index about every fingerprint query of a platform at once (`NeedsTable`)
instead of one `Selector.possible` call per query: the same queries may match, and the same
fingerprints are present (`DetectRules.present` against `Fingerprint.present`), for every platform
on every fixture and corpus page, with the page's source and without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogmigrate.page import Page, parse_page
from blogmigrate.scrapers import _PLATFORMS, REGISTRY, rules
from blogmigrate.scrapers.needs import _shared_words, needs_table
from blogmigrate.scrapers.rules import DetectRules, Fingerprint, PlatformRules, fingerprint
from blogmigrate.scrapers.selectors import PageIndex, compile_selector, first_hit_xpath, selectors

from .conftest import CORPUS, PAGES, parsed_page


def _platforms() -> list[PlatformRules]:
    tables = [getattr(getattr(scraper, "inner", scraper), "rules", None) for scraper in REGISTRY]
    return [table for table in tables if isinstance(table, PlatformRules)]


def _one_by_one(detect: DetectRules, page: Page) -> list[Fingerprint]:
    """The fingerprints the page holds, each asked on its own (`Fingerprint.present`)."""
    index = rules.page_index(page)
    return [hint for hint in detect.fingerprints if hint.present(page.root, index)]


def _possible_one_by_one(detect: DetectRules, index: PageIndex) -> int:
    queries = detect.branches.selectors
    return sum(1 << number for number, rule in enumerate(queries) if rule.possible(index))


def _alike(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """Every platform's queries, fingerprints and detection on the page, in bulk and one by one;
    returns how many queries there were and how many the table ruled out."""
    page = parsed_page(path)
    if page is None:  # the fixtures of what is not a page (empty, an image)
        return 0, 0
    index = rules.page_index(page)
    sourceless = PageIndex(page.root)  # as after a scraper changed the tree
    queries = ruled_out = 0
    platforms = _platforms()
    for table in platforms:
        detect = table.detect
        possible = detect.branches.possible(index)
        assert possible == _possible_one_by_one(detect, index), (path.name, table.name)
        assert detect.branches.possible(sourceless) == _possible_one_by_one(detect, sourceless)
        assert detect.present(page) == _one_by_one(detect, page), (path.name, table.name)
        queries += len(detect.branches.selectors)
        ruled_out += len(detect.branches.selectors) - possible.bit_count()
    in_bulk = [rules.detect_with(table, page) for table in platforms]
    with monkeypatch.context() as patched:
        patched.setattr(DetectRules, "present", _one_by_one)
        one_by_one = [rules.detect_with(table, page) for table in platforms]
    assert in_bulk == one_by_one, path.name  # platform, confidence, reasons in order
    return queries, ruled_out


def test_detection_in_bulk_is_detection_one_by_one_on_every_fixture(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked = [_alike(path, monkeypatch) for path in sorted(PAGES.rglob("*.html"))]
    queries, ruled_out = map(sum, zip(*checked, strict=True))
    assert ruled_out > 0.9 * queries


@pytest.mark.skipif(not (CORPUS / "pages").is_dir(), reason="the shared corpus is not beside")
def test_detection_in_bulk_is_detection_one_by_one_on_corpus_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = sorted((CORPUS / "pages").glob("*.html"))
    checked = [_alike(path, monkeypatch) for path in paths]
    queries, ruled_out = map(sum, zip(*checked, strict=True))
    assert ruled_out > 0.9 * queries


def _named_by_generator(detect: DetectRules, page: Page) -> bool:
    """Does a generator meta of the page name the platform? (Its own pattern over the metas.)"""
    pattern = detect.generator
    return pattern is not None and any(pattern.search(name) for name in rules.generators(page))


def _platforms_alike(path: Path) -> int:
    """The platforms that may find a fingerprint on the page, asked of one table for all
    (`PlatformsTable`), are those whose own table leaves a query, no text searched that their
    own tables do not search; a platform ruled out detects nothing unless its generator names
    it, as the table says. Returns how many platforms were ruled out."""
    page = parsed_page(path)
    if page is None:  # the fixtures of what is not a page (empty, an image)
        return 0
    platforms = REGISTRY[:-1]
    apart = PageIndex(page.root, page.ascii_source)
    expected = [bool(scraper.detect_rules.branches.possible(apart)) for scraper in platforms]
    assert _PLATFORMS.may_find(page) == expected, path.name
    named = [_named_by_generator(scraper.detect_rules, page) for scraper in platforms]
    assert _PLATFORMS.named(page) == named, path.name
    assert set(rules.page_index(page)._memo) <= set(apart._memo), path.name
    for scraper, may, name in zip(platforms, expected, named, strict=True):
        if not may and not name:
            assert scraper.detect(page) is None, (path.name, scraper.name)
    return expected.count(False)


def test_one_table_rules_out_the_platforms_their_own_tables_rule_out() -> None:
    paths = sorted(PAGES.rglob("*.html"))
    if (CORPUS / "pages").is_dir():
        paths += sorted((CORPUS / "pages").glob("*.html"))
    assert sum(_platforms_alike(path) for path in paths) > 10 * len(paths)


def _page(markup: str) -> Page:
    return parse_page(markup.encode(), "page.html")


def test_a_query_needing_a_missing_class_value_text_or_source_is_ruled_out() -> None:
    table = needs_table(
        selectors(
            "^div.a.b",  # 0: classes a and b
            "^#x",  # 1: the value x
            "^a[href*='/wp-']",  # 2: a text
            "^[data-y]",  # 3: an attribute name in the source
            "//p",  # 4: XPath, nothing known
            "^.c[id^='n']",  # 5: a class and a text
        )
    )
    page = _page(
        '<html><body><div class="a" id="x"><a href="/wp-x" data-y="1">l</a></div></body></html>'
    )
    index = rules.page_index(page)
    assert table.possible(index) == 0b011110
    page = _page('<html><body><div class="a b c" id="m"><p>t</p></div></body></html>')
    assert table.possible(rules.page_index(page)) == 0b010001


def test_a_query_of_several_branches_is_asked_as_a_whole() -> None:
    group = compile_selector("^.gone, .there")
    table = needs_table([group, compile_selector("^.gone")])
    assert len(table.asked) == 1
    page = _page('<html><body><p class="there">t</p></body></html>')
    assert table.possible(rules.page_index(page)) == 0b01
    hint = Fingerprint(group, 0.5, "either")
    detect = DetectRules(fingerprints=(hint, fingerprint("^.gone", 0.5, "gone")))
    assert detect.present(page) == [hint]


def test_the_first_query_found_answers_for_its_fingerprint_in_order() -> None:
    detect = DetectRules(
        fingerprints=(
            fingerprint("^.one, .two", 0.5, "one or two"),
            fingerprint("^#none", 0.5, "none"),
            fingerprint("^p.two", 0.5, "two"),
        )
    )
    assert detect.owners == (0, 0, 1, 2)
    assert detect.spans == (0b0011, 0b0100, 0b1000)
    page = _page('<html><body><p class="two">t</p><p class="one">u</p></body></html>')
    assert [hint.reason for hint in detect.present(page)] == ["one or two", "two"]


def _first_hits_alike(path: Path) -> int:
    """Every fingerprint query that stops at its first hit finds the element its own XPath finds
    first; returns how many found one."""
    page = parsed_page(path)
    if page is None:  # the fixtures of what is not a page (empty, an image)
        return 0
    root = page.root
    found = 0
    for table in _platforms():
        for rule in table.detect.branches.selectors:
            first = first_hit_xpath(rule.source)
            if first is not None:
                hit = first(root)
                assert hit == rule.elements(root)[:1], (path.name, rule.source)
                found += bool(hit)
    return found


def test_a_query_stopped_at_its_first_hit_finds_what_it_finds_first() -> None:
    paths = sorted(PAGES.rglob("*.html"))
    if (CORPUS / "pages").is_dir():
        paths += sorted((CORPUS / "pages").glob("*.html"))
    assert sum(_first_hits_alike(path) for path in paths) > 50


@pytest.mark.parametrize(
    ("source", "expression"),
    [
        ("^img[src*='x']", "/descendant::img[@src and contains(@src, 'x')][1]"),
        ("^[id^='B']", "/descendant::*[@id and starts-with(@id, 'B')][1]"),
        ("^script:contains('S.')", "/descendant::script[contains(., 'S.')][1]"),
        ("^div + p", None),  # a combinator: its last step's [1] would count per context node
        ("^a::attr(href)", None),
        ("img[src*='x']", None),  # from a scope
        ("^//a", None),
        ("^a, b", None),
    ],
)
def test_one_compound_from_the_root_stops_at_its_first_hit(
    source: str, expression: str | None
) -> None:
    first = first_hit_xpath(source)
    assert (first.path if first is not None else None) == expression


def test_a_word_several_texts_share_is_searched_before_them() -> None:
    assert _shared_words(["x.blogger.com/a.g", "blogger.com/b.g", "blogger", "other"]) == []
    assert _shared_words(["blogger.com/a.g", "blogger.com/b.g", "/media/x/", "/media/y/"]) == [
        "blogger",
        "media",
    ]
    table = needs_table(selectors("^a[href*='blogger.com/a.g']", "^a[href*='blogger.com/b.g']"))
    assert table.by_text == (
        ("blogger", 0b11),
        ("blogger.com/a.g", 0b01),
        ("blogger.com/b.g", 0b10),
    )
    page = _page("<html><body><a href='http://blogger.com/b.g'>l</a></body></html>")
    assert table.possible(rules.page_index(page)) == 0b10


def test_a_word_several_source_texts_share_is_searched_before_them() -> None:
    table = needs_table(selectors("^[data-drupal-selector]", "^script:contains('Drupal.settings')"))
    assert table.source_words == (b"drupal",)
    assert table.by_source == (
        (b"drupal", 0b11),
        (b"drupal.settings", 0b10),
        (b"data-drupal-selector", 0b01),
    )
    page = _page("<html><body><p data-drupal-selector='x'>t</p></body></html>")
    assert table.possible(rules.page_index(page)) == 0b01
    page = _page("<html><body><p data-other='x'>t</p></body></html>")
    assert table.possible(rules.page_index(page)) == 0
