"""The scraper registry: platform scrapers in order, the generic fallback last."""

from __future__ import annotations

from ..page import Page
from . import (
    blogger,
    canalblog,
    disqus,
    dotclear,
    drupal,
    generic,
    ghost,
    hautetfort,
    joomla,
    livejournal,
    medium,
    movabletype,
    overblog,
    pixnet,
    skyrock,
    squarespace,
    substack,
    tumblr,
    typepad,
    wordpress,
)
from .base import Detection, RawComment, RawDate, RawPost, Scraper
from .indexed import using
from .rules import page_index, platforms_table
from .selectors import store_compiled

REGISTRY: tuple[Scraper, ...] = (
    wordpress.SCRAPER,
    blogger.SCRAPER,
    typepad.SCRAPER,
    movabletype.SCRAPER,
    drupal.SCRAPER,
    joomla.SCRAPER,
    dotclear.SCRAPER,
    livejournal.SCRAPER,
    livejournal.DREAMWIDTH_SCRAPER,
    canalblog.SCRAPER,
    hautetfort.SCRAPER,
    overblog.SCRAPER,
    skyrock.SCRAPER,
    medium.SCRAPER,
    tumblr.SCRAPER,
    ghost.SCRAPER,
    substack.SCRAPER,
    squarespace.SCRAPER,
    pixnet.SCRAPER,
    generic.SCRAPER,
)
"""Ordered: on equal confidence the earlier scraper wins. A new platform is one line here."""
# a server-rendered Disqus thread replaces any platform's own comment list
REGISTRY = disqus.with_disqus(REGISTRY)

MIN_CONFIDENCE = 0.3

_PLATFORMS = platforms_table([scraper.detect_rules for scraper in REGISTRY[:-1]])
"""Which platforms a page's generator names, and which may find a fingerprint on it."""

store_compiled()  # every rule is compiled: what was not read from the cache is kept for next runs


def scraper_names() -> tuple[str, ...]:
    return tuple(scraper.name for scraper in REGISTRY)


def get_scraper(name: str) -> Scraper:
    for scraper in REGISTRY:
        if scraper.name == name:
            return scraper
    known = ", ".join(scraper_names())
    raise KeyError(f"unknown platform {name!r}; known platforms: {known}")


def choose_scraper(page: Page, forced: str | None = None) -> tuple[Scraper, Detection]:
    """The scraper for a page, with the detection that chose it (``forced`` skips detection)."""
    if forced is not None:
        scraper = get_scraper(forced)
        return scraper, Detection(scraper.name, 1.0, ("forced with --platform",))
    # Cheap signal first: a generator meta that names exactly one platform decides; its own
    # fingerprints still give the confidence, but the other platforms are not tried. (Nearly
    # half the pages have no generator meta: no pattern is tried then.)
    platforms = REGISTRY[:-1]
    named = [s for s, name in zip(platforms, _PLATFORMS.named(page), strict=True) if name]
    best: tuple[Scraper, Detection] | None = None
    # Fingerprints never change the tree; the page's element lists answer them at the first match.
    with using(page.root, page_index(page).lists):
        # Else every platform its generator names or whose fingerprints the page may hold.
        tried = named
        if len(named) != 1:
            found = _PLATFORMS.may_find(page)
            tried = [s for s, may in zip(platforms, found, strict=True) if may or s in named]
        for scraper in tried:
            detection = scraper.detect(page)
            if detection is None or detection.confidence < MIN_CONFIDENCE:
                continue
            if best is None or detection.confidence > best[1].confidence:
                best = (scraper, detection)
    if best is not None:
        return best
    fallback = REGISTRY[-1]
    detection = fallback.detect(page)
    assert detection is not None
    return fallback, detection


__all__ = [
    "REGISTRY",
    "Detection",
    "RawComment",
    "RawDate",
    "RawPost",
    "Scraper",
    "choose_scraper",
    "get_scraper",
    "scraper_names",
]
