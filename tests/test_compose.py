"""docker-compose.yml and the Dockerfile, checked statically (no Docker engine here)."""

from __future__ import annotations

import re

import yaml

from .conftest import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_neo4j_service():
    neo4j = SERVICES["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    for port in neo4j["ports"]:
        assert port.startswith("127.0.0.1:"), port
    assert {p.rsplit(":", 1)[1] for p in neo4j["ports"]} == {"7474", "7687"}
    assert "test" in neo4j["healthcheck"]


def test_password_comes_from_env_without_default():
    auth = SERVICES["neo4j"]["environment"]["NEO4J_AUTH"]
    assert re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD:\?[^}]*\}", auth), auth
    assert SERVICES["loader"]["environment"]["NEO4J_PASSWORD"].startswith("${NEO4J_PASSWORD:?")
    example = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert len(example["NEO4J_PASSWORD"]) >= 8


def test_named_volume():
    volume = SERVICES["neo4j"]["volumes"][0].split(":")
    assert volume[1] == "/data" and volume[0] in COMPOSE["volumes"]


def test_loader_runs_after_neo4j_is_healthy():
    loader = SERVICES["loader"]
    assert loader["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert loader["command"] == ["load", "seed/"]
    assert loader["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert (ROOT / loader["build"]["context"] / loader["build"]["dockerfile"]).is_file()


def test_dockerfile_copies_what_exists_and_runs_relgraph():
    lines = [
        line.split() for line in (ROOT / "Dockerfile").read_text().splitlines() if line and not line.startswith("#")
    ]
    assert lines[0][0] == "FROM" and lines[0][1].startswith("python:3.1")
    for words in lines:
        if words[0] == "COPY":
            for source in words[1:-1]:
                assert (ROOT / source).exists(), source
    assert ["ENTRYPOINT", '["relgraph"]'] in lines
    assert any(w[0] == "RUN" and "pip" in w and "install" in w for w in lines)


def test_load_csv_is_closed_as_on_the_managed_server():
    env = SERVICES["neo4j"]["environment"]
    assert env["NEO4J_dbms_security_allow__csv__import__from__file__urls"] == "false"
    assert env["NEO4J_internal_dbms_cypher__ip__blocklist"] == "0.0.0.0/0,::/0"
