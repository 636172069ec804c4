"""The JSON Schema of seed files, generated from the models.

Pure: returns text. ``schema/seed.schema.json`` is the committed copy that seed
files reference (``# yaml-language-server: $schema=../schema/seed.schema.json``)
so editors validate as you type; a test fails when it drifts from the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..core.errors import DataError, UsageError
from ..core.models import SeedDocument

SCHEMA_ID = "https://relgraph.invalid/schema/seed.schema.json"
SCHEMA_PATH = "schema/seed.schema.json"


def seed_schema(model: type[BaseModel] = SeedDocument) -> dict[str, Any]:
    schema = model.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "relgraph seed file",
        "description": "One source document: its metadata, the entities it names, and the facts it asserts. "
        "See docs/seed-format.md.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def schema_text(model: type[BaseModel] = SeedDocument) -> str:
    return json.dumps(seed_schema(model), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def drifted(committed: str, model: type[BaseModel] = SeedDocument) -> bool:
    """True when the committed schema no longer matches the models."""
    return committed != schema_text(model)


def write_file(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return f"wrote {path}"


def check_file(path: Path | None) -> str:
    """Raise DataError (exit 1) when the committed schema differs from the models."""
    if path is None:
        raise UsageError("--check needs the committed file: relgraph seed schema --check -o schema/seed.schema.json")
    if not path.exists() or drifted(path.read_text(encoding="utf-8")):
        raise DataError(f"{path} is out of date", f"Regenerate it with: relgraph seed schema -o {path}")
    return f"{path} matches the models"
