"""Resolving what a user types to one entity (pure)."""

import pytest

from relgraph.core.errors import UsageError
from relgraph.core.names import Candidate, resolve

POOL = [
    Candidate("RUS", "state", "Russia", ("Moscow", "Russian Federation")),
    Candidate("PAK", "state", "Pakistan", ("Islamabad",)),
    Candidate("sco", "organisation", "Shanghai Cooperation Organisation", ("SCO",)),
    Candidate("georgia-state", "region", "Georgia", ()),
    Candidate("GEO", "state", "Georgia", ()),
]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("RUS", "RUS"),
        ("rus", "RUS"),
        ("Russia", "RUS"),
        ("MOSCOW", "RUS"),
        ("russian federation", "RUS"),
        ("  Islamabad ", "PAK"),
        ("sco", "sco"),
        ("Shanghai cooperation organisation", "sco"),
    ],
)
def test_resolves_ids_names_and_aliases_in_any_case(text, expected):
    assert resolve(text, POOL).id == expected


def test_kind_filter():
    assert resolve("Georgia", POOL, kinds=("state",)).id == "GEO"


def test_ambiguous_lists_candidates():
    with pytest.raises(UsageError, match="ambiguous") as err:
        resolve("Georgia", POOL)
    assert "GEO" in str(err.value) and "georgia-state" in str(err.value)


def test_unknown_suggests_near_misses():
    with pytest.raises(UsageError) as err:
        resolve("Pakistn", POOL)
    assert "Did you mean 'PAK' (Pakistan)" in str(err.value)
    assert err.value.exit_code == 2
