"""Generate large, valid seed files for load tests and benchmarks."""

from __future__ import annotations

import itertools

import pycountry


def synthetic_seed(states: int = 200, years: range = range(2000, 2006), source_id: str = "synthetic-trade") -> tuple[str, int]:
    """A seed file of yearly trade between every pair of ``states`` states. Returns (text, number of facts).

    Rows are cited a thousand to a section (``table-3:17``): a locator's paragraph has at most four digits."""
    # Leave out the states the shipped seed names, so both can be loaded side by side.
    skip = {"AFG", "CHN", "IND", "IRN", "KGZ", "PAK", "RUS", "TJK", "TKM", "USA"}
    codes = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in skip)[:states]
    lines = ["source:", f"  id: {source_id}", "  title: Synthetic bilateral trade", "  kind: dataset",
             "entities:"]
    for code in codes:
        lines += ["  - kind: state", f"    id: {code}", f"    name: State {code}"]
    lines.append("facts:")
    count = 0
    for row, ((a, b), year) in enumerate(itertools.product(itertools.combinations(codes, 2), years), start=1):
        value = (sum(map(ord, a + b)) * 31 + year) % 997 + 1  # the same pair and year always get the same value
        lines.append(f"  - {{type: TRADES_WITH, subject: {a}, object: {b}, date: {year}, measure: trade, "
                     f"value: {value}, unit: USD million, period: year, at: 'table-{(row - 1) // 1000 + 1}:{(row - 1) % 1000 + 1}'}}")
        count += 1
    return "\n".join(lines) + "\n", count
