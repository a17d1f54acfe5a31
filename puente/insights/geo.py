"""The US state shapes (vendored from `us-atlas`, see data/SOURCES.md) and the state
FIPS codes that key them."""

import json
from functools import cache
from pathlib import Path

SHAPES = Path(__file__).resolve().parent / "data" / "us-states-10m.json"

STATE_FIPS = {
    "AL": "01", "AK": "02", "AZ": "04", "AR": "05", "CA": "06", "CO": "08", "CT": "09",
    "DE": "10", "DC": "11", "FL": "12", "GA": "13", "HI": "15", "ID": "16", "IL": "17",
    "IN": "18", "IA": "19", "KS": "20", "KY": "21", "LA": "22", "ME": "23", "MD": "24",
    "MA": "25", "MI": "26", "MN": "27", "MS": "28", "MO": "29", "MT": "30", "NE": "31",
    "NV": "32", "NH": "33", "NJ": "34", "NM": "35", "NY": "36", "NC": "37", "ND": "38",
    "OH": "39", "OK": "40", "OR": "41", "PA": "42", "RI": "44", "SC": "45", "SD": "46",
    "TN": "47", "TX": "48", "UT": "49", "VT": "50", "VA": "51", "WA": "53", "WV": "54",
    "WI": "55", "WY": "56",
}  # fmt: skip


@cache
def state_shapes() -> dict:
    """The TopoJSON topology of the 50 states and DC (the Albers USA projection the map
    uses has no place for the territories)."""
    with open(SHAPES, encoding="utf-8") as handle:
        topology = json.load(handle)
    keep = set(STATE_FIPS.values())
    states = topology["objects"]["states"]
    states["geometries"] = [g for g in states["geometries"] if g.get("id") in keep]
    topology["objects"] = {"states": states}
    return topology
