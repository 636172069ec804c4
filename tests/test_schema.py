"""The committed JSON Schema of seed files matches the models, and the seed files satisfy it."""

from __future__ import annotations

import json

import jsonschema
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.core.models import SeedDocument
from relgraph.seeds import yamlread
from relgraph.seeds.schema import SCHEMA_PATH, drifted, schema_text

from .conftest import ROOT, SEED_DIR

COMMITTED = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
runner = CliRunner()


def test_committed_schema_matches_the_models():
    assert not drifted(COMMITTED), "run: relgraph seed schema -o schema/seed.schema.json"


def test_a_model_change_without_regenerating_is_caught():
    class Changed(SeedDocument):
        reviewer: str | None = None

    assert drifted(COMMITTED, Changed)
    assert "reviewer" in schema_text(Changed) and "reviewer" not in COMMITTED


def test_check_command(tmp_path):
    ok = runner.invoke(app, ["seed", "schema", "--check", "-o", str(ROOT / SCHEMA_PATH)])
    assert ok.exit_code == 0
    stale = tmp_path / "old.json"
    stale.write_text(COMMITTED.replace('"relgraph seed file"', '"something else"'))
    result = runner.invoke(app, ["seed", "schema", "--check", "-o", str(stale)])
    assert result.exit_code == 1 and "out of date" in result.stderr


def test_seed_files_reference_and_satisfy_the_schema():
    schema = json.loads(COMMITTED)
    for path in SEED_DIR.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "# yaml-language-server: $schema=../schema/seed.schema.json" in text.splitlines()[0]
        data, problems = yamlread.load(text, str(path))
        assert problems == []
        jsonschema.validate(data, schema)


def test_schema_rejects_what_the_models_reject():
    schema = json.loads(COMMITTED)
    bad = {
        "source": {"id": "x", "title": "t", "kind": "essay"},
        "facts": [{"type": "NOT_A_TYPE", "subject": "RUS", "object": "PAK", "at": "a:1"}],
    }
    assert not jsonschema.Draft202012Validator(schema).is_valid(bad)


def test_docs_list_every_relation_type_and_kind():
    from relgraph.core.vocabulary import ENTITY_KINDS, SPECS

    model = (ROOT / "docs" / "graph-model.md").read_text()
    fmt = (ROOT / "docs" / "seed-format.md").read_text()
    assert [t for t in SPECS if f"| `{t}` |" not in model] == []
    assert [k for k in ENTITY_KINDS if f"| `{k}` |" not in fmt] == []
