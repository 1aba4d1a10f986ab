"""The exporter registry: format name → exporter class. A new format is one module and one line."""

from __future__ import annotations

from .base import Exporter, ExportOptions
from .jsonfile import JsonExporter
from .markdown import MarkdownExporter
from .wxr import WxrExporter

EXPORTERS: dict[str, type[Exporter]] = {
    JsonExporter.name: JsonExporter,
    MarkdownExporter.name: MarkdownExporter,
    WxrExporter.name: WxrExporter,
}


def make_exporter(name: str, options: ExportOptions) -> Exporter:
    try:
        exporter_class = EXPORTERS[name]
    except KeyError:
        raise KeyError(f"unknown format {name!r}; choose one of {', '.join(EXPORTERS)}") from None
    return exporter_class(options)  # type: ignore[call-arg]


__all__ = ["EXPORTERS", "ExportOptions", "Exporter", "make_exporter"]
