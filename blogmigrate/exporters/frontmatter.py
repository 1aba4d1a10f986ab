"""Front matter written by real serialisers (PyYAML, tomli-w), so values such as ``no``,
``2024-01-02``, ``a: b``, ``*x``, newlines and emoji read back as the same strings (hazards row 9)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import tomli_w

if TYPE_CHECKING:
    import yaml

_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


@functools.cache
def _dumper() -> type[yaml.SafeDumper]:
    """PyYAML's safe dumper, except that strings holding NEL, LS or PS are double-quoted: in other
    styles a reader folds those line breaks into spaces, and the string would not read back.
    Made when YAML is first written: PyYAML's import (its regexes) would cost every run ~4 % of
    its start, and only Markdown exports write YAML."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(str, _represent_text)
    return Dumper


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if any(mark in text for mark in _YAML_ONLY_BREAKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def dump_yaml(data: Any) -> str:
    import yaml

    return yaml.dump(data, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=100)


def _without_none(data: Mapping[str, Any]) -> dict[str, Any]:
    """TOML has no null: drop empty values (recursively in tables)."""
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        clean[key] = _without_none(value) if isinstance(value, Mapping) else value
    return clean


def dump_toml(data: Mapping[str, Any]) -> str:
    return tomli_w.dumps(_without_none(data))


def _pelican_value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_pelican_value(item).replace(",", " ") for item in value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    # Pelican's metadata is one "Key: value" line: a newline would end the value.
    return " ".join(str(value).split())


def dump_pelican(data: Mapping[str, Any]) -> str:
    """Pelican's own Markdown metadata block: ``Key: value`` lines, then a blank line."""
    return "".join(
        f"{key.capitalize()}: {_pelican_value(value)}\n"
        for key, value in data.items()
        if value not in (None, "", [], ())
    )


@dataclass(frozen=True, slots=True)
class FrontMatterFormat:
    name: str
    dump: Callable[[dict[str, Any]], str]
    opening: str
    closing: str
    native_dates: bool
    """True when the format has a date type (TOML); YAML gets ISO strings that read back unchanged."""

    def render(self, data: dict[str, Any]) -> str:
        return f"{self.opening}{self.dump(data)}{self.closing}"


FORMATS: dict[str, FrontMatterFormat] = {
    "yaml": FrontMatterFormat("yaml", dump_yaml, "---\n", "---\n\n", native_dates=False),
    "toml": FrontMatterFormat("toml", dump_toml, "+++\n", "+++\n\n", native_dates=True),
    "pelican": FrontMatterFormat("pelican", dump_pelican, "", "\n", native_dates=True),
}
