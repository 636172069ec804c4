"""Generate large, valid seed files for load tests and benchmarks."""

from __future__ import annotations

import itertools

import pycountry

PAGE = 5000  # rows cited per section


def synthetic_seed(
    states: int = 200, years: range = range(2000, 2006), source_id: str = "synthetic-trade"
) -> tuple[str, int]:
    """A seed file of yearly trade between every pair of ``states`` states. Returns (text, number of facts).

    Rows are cited by page (``page-3:17``), five thousand to a page."""
    # Leave out the states the shipped seed names, so both can be loaded side by side.
    skip = {"AFG", "CHN", "IND", "IRN", "KGZ", "PAK", "RUS", "TJK", "TKM", "USA"}
    codes = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in skip)[:states]
    pairs = len(codes) * (len(codes) - 1) // 2
    # Paragraph numbers stop at 9999 (a locator is section:paragraph), so rows are cited by page.
    pages = (pairs * len(years) - 1) // PAGE + 1
    lines = [
        "source:",
        f"  id: {source_id}",
        "  title: Synthetic bilateral trade",
        "  kind: dataset",
        f"  sections: [{', '.join(f'page-{n}' for n in range(1, pages + 1))}]",
        "entities:",
    ]
    for code in codes:
        lines += ["  - kind: state", f"    id: {code}", f"    name: State {code}"]
    lines.append("facts:")
    count = 0
    for row, ((a, b), year) in enumerate(itertools.product(itertools.combinations(codes, 2), years), start=1):
        value = (sum(map(ord, a + b)) * 31 + year) % 997 + 1  # the same pair and year always get the same value
        lines.append(
            f"  - {{type: TRADES_WITH, subject: {a}, object: {b}, date: {year}, measure: trade, "
            f"value: {value}, unit: USD million, period: year, at: 'page-{(row - 1) // PAGE + 1}:{(row - 1) % PAGE + 1}'}}"
        )
        count += 1
    return "\n".join(lines) + "\n", count
