"""Inputs: files and folders (recursive, sorted, symlink loops and dangling links handled), mirrors,
archives and ``-``. The readers live in `blogmigrate.archive.inputs`; this module names them."""

from __future__ import annotations

from .archive.inputs import (
    PAGE_SUFFIXES,
    STDIN,
    Asset,
    Discovery,
    InputFile,
    discover,
    discover_inputs,
    looks_like_page,
    read_input,
)

__all__ = [
    "PAGE_SUFFIXES",
    "STDIN",
    "Asset",
    "Discovery",
    "InputFile",
    "discover",
    "discover_inputs",
    "looks_like_page",
    "read_input",
]
