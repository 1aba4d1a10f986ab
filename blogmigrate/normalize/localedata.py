"""dateparser's locale data and accent folding, as the date readers use them (`dategate`, `dates`,
`timeago`), without importing dateparser unless its data is not kept yet.

The locale data (month names, relative words, simplifications, day order of each language) is read
from dateparser's loader once and kept between runs (`usercache`, keyed by dateparser's own
``__init__.py``); the accent folding is dateparser's ``utils.normalize_unicode`` written here. Both
spare a run that never calls dateparser's parser its import (~25 ms of each process).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from .. import usercache


def dateparser_normalised(text: str) -> str:
    """A text or one of dateparser's patterns normalised as dateparser normalises them (accents
    dropped: its ``utils.normalize_unicode``, the NFKD form without nonspacing marks, which the
    tests compare with dateparser's on every code point; written here so that a run that never
    calls dateparser's parser never imports it, ~25 ms of each process). A pattern is not
    casefolded, which would turn ``\\D`` into ``\\d``: compile it to ignore case instead."""
    if text.isascii():  # NFKD leaves ASCII as it is, and it holds no mark
        return text
    return "".join(
        character
        for character in unicodedata.normalize("NFKD", text)
        if unicodedata.category(character) != "Mn"
    )


def locale_info(code: str) -> dict[str, Any] | None:
    """dateparser's data for a language or locale code (month names, simplifications, relative
    patterns, day order), or None when it has none: as plain dicts and lists, read from what an
    earlier run stored (`usercache`) when it holds the code, so that dateparser is imported only
    by a run that calls its parser."""
    infos = _LOCALES.table("locales")
    if code in infos:
        found = infos[code]
        if found is None or isinstance(found, dict):
            return found
    info = infos[code] = _dateparser_locale_info(code)
    # Written at once: codes are few and met early, and a worker process, which ends without
    # the interpreter's exit, would not write them later.
    _LOCALES.changed = True
    _LOCALES.store()
    return info


_LOCALES = usercache.Stored(
    "locales", ("locales",), lambda: ((), (usercache.module_file("dateparser"),))
)
"""dateparser's locale data met so far (`locale_info`), kept between runs (keyed by dateparser's
``__init__.py``, where its version is written)."""


def _dateparser_locale_info(code: str) -> dict[str, Any] | None:
    from dateparser.languages import default_loader

    try:
        info = default_loader.get_locale(code).info
    except (KeyError, ValueError):
        return None
    plain: dict[str, Any] = _plain(info)
    return plain


def _plain(value: Any) -> Any:
    """Dicts (dateparser's are OrderedDicts) and lists as plain ones, which `usercache` stores."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    return value
