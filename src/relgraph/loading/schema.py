"""The constraints and indexes a load needs, created when missing (under the load lock: ``loader``)."""

from __future__ import annotations

from ..core.vocabulary import SPECS
from ..db.graph import Graph
from ..queries import catalogue
from ..queries.factqueries import constraint_name, slot_index_name

SCHEMA = (
    "constraint_entity_id",
    "constraint_dyad_id",
    "constraint_source_id",
    "schema_load_lock",
    "schema_load_id",
    "schema_source_facts_source",
    "schema_dispute_slot",
    "constraint_state_id",
    *(constraint_name(relation) for relation in SPECS),
    *(slot_index_name(relation) for relation in SPECS),
)


def ensure_schema(graph: Graph) -> None:
    """Create the constraints and indexes that are missing, in one transaction, and wait for them."""
    existing = {row["name"] for row in graph.read(catalogue.get("schema_names"))}
    wanted = [catalogue.get(name) for name in SCHEMA]
    missing = [q for q in wanted if _schema_object(q.text) not in existing]
    if missing:
        graph.schema_batch(missing)


def _schema_object(text: str) -> str:
    return text.split()[2]  # CREATE CONSTRAINT <name> / CREATE INDEX <name>
