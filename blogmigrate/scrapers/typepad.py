"""Typepad: Six Apart's hosted Movable Type, so the same templates and the same rules
(`movabletype.POST` and `movabletype.COMMENTS`); only detection differs."""

from __future__ import annotations

import re

from . import movabletype
from .rules import DetectRules, PlatformRules, fingerprint

RULES = PlatformRules(
    name="typepad",
    detect=DetectRules(
        generator=re.compile(r"typepad", re.IGNORECASE),
        fingerprints=(
            fingerprint(
                "^script[src*='static.typepad.com'], link[href*='static.typepad.com'],"
                " script[src*='/.shared/js/']",
                0.8,
                "Typepad static files (static.typepad.com, /.shared/js/)",
            ),
            fingerprint(
                "^a[href*='typepad.com/t/comments'], a[href*='typepad.com/t/trackback'],"
                " form[action*='typepad.com/t/comments']",
                0.7,
                "Typepad comment or trackback links (typepad.com/t/…)",
            ),
            fingerprint("^html#sixapart-standard", 0.5, "html#sixapart-standard"),
            fingerprint(
                "^link[rel=canonical][href*='.typepad.com'], a[href*='typepad.com/services/']",
                0.5,
                "typepad.com URLs",
            ),
            fingerprint(
                "^div.comment[id^='comment-'] p.comment-footer", 0.3, "Typepad comment footer"
            ),
        ),
    ),
    post=movabletype.POST,
    comments=movabletype.COMMENTS,
)

SCRAPER = movabletype.SixApartScraper(RULES)
