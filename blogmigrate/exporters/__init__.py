"""The exporter registry: format name → exporter class. A new format is one module and one line."""

from __future__ import annotations

from .base import Exporter, ExportOptions
from .jsonfile import JsonExporter, JsonLinesExporter
from .markdown import MarkdownExporter
from .wxr import DisqusExporter, WxrExporter

EXPORTERS: dict[str, type[Exporter]] = {
    exporter.name: exporter
    for exporter in (
        JsonExporter,
        JsonLinesExporter,
        MarkdownExporter,
        WxrExporter,
        DisqusExporter,
    )
}


def make_exporter(name: str, options: ExportOptions) -> Exporter:
    try:
        exporter_class = EXPORTERS[name]
    except KeyError:
        raise KeyError(f"unknown format {name!r}; choose one of {', '.join(EXPORTERS)}") from None
    return exporter_class(options)  # type: ignore[call-arg]


__all__ = ["EXPORTERS", "ExportOptions", "Exporter", "make_exporter"]
