"""The JSON Schema of blogmigrate's JSON output, shipped as package data."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

SCHEMA_FILE = "blogmigrate.schema.json"


def schema_text() -> str:
    """The schema exactly as shipped (what ``blogmigrate schema`` prints)."""
    from importlib.resources import files  # ~5 ms that only this command and the tests need

    return files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded


def post_schema() -> dict[str, Any]:
    """The schema of one post (one line of ``--to jsonl``), with the shared definitions."""
    whole = schema()
    return {
        "$schema": whole["$schema"],
        "$ref": "#/$defs/post",
        "$defs": whole["$defs"],
    }
