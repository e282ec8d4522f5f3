"""The JSON Schema of the plan format, for editors that validate TOML (taplo, Even Better TOML)."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from roadmap_tui.model.plan import Plan


def plan_schema() -> dict[str, Any]:
    """The schema as a dict. Dates are strings with ``format: date`` (how taplo sees TOML dates)."""
    schema: dict[str, Any] = msgspec.json.schema(Plan)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "roadmap-tui plan",
        "description": "A project plan for roadmap-tui. See docs/plan-format.md.",
        **schema,
    }
    return schema


def schema_text() -> str:
    """The schema as the JSON text ``roadmap-tui schema`` prints."""
    return json.dumps(plan_schema(), ensure_ascii=False, indent=2) + "\n"
