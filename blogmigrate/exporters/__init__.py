"""The exporter registry: format name → exporter class. A new format is one module and one line.

Each exporter's module is imported when a run first asks for its format: a JSON run does not import
the Markdown and WXR writers (markdownify, the YAML and TOML writers; ~10 ms of every run's start).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from .base import Exporter, ExportOptions

_EXPORTER_CLASSES: dict[str, tuple[str, str]] = {
    "json": ("jsonfile", "JsonExporter"),
    "jsonl": ("jsonfile", "JsonLinesExporter"),
    "markdown": ("markdown", "MarkdownExporter"),
    "wxr": ("wxr", "WxrExporter"),
    "disqus": ("wxr", "DisqusExporter"),
}
"""Each format's module (in this package) and class, whose ``name`` is the format's."""


class _Exporters(Mapping[str, type[Exporter]]):
    """The formats, with their exporter classes imported on first use."""

    def __getitem__(self, name: str) -> type[Exporter]:
        module, class_name = _EXPORTER_CLASSES[name]
        exporter: type[Exporter] = getattr(
            importlib.import_module(f"{__name__}.{module}"), class_name
        )
        return exporter

    def __iter__(self) -> Iterator[str]:
        return iter(_EXPORTER_CLASSES)

    def __len__(self) -> int:
        return len(_EXPORTER_CLASSES)


EXPORTERS: Mapping[str, type[Exporter]] = _Exporters()


def make_exporter(name: str, options: ExportOptions) -> Exporter:
    try:
        exporter_class = EXPORTERS[name]
    except KeyError:
        raise KeyError(f"unknown format {name!r}; choose one of {', '.join(EXPORTERS)}") from None
    return exporter_class(options)  # type: ignore[call-arg]


__all__ = ["EXPORTERS", "ExportOptions", "Exporter", "make_exporter"]
