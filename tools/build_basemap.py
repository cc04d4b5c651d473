"""Build the basemap shipped with corridor from Natural Earth country shapes.

Natural Earth (https://www.naturalearthdata.com, public domain) 1:110m admin-0 countries,
read from ``../shared/data/naturalearth/ne_110m_admin_0_countries.geojson.gz``, written to
``src/corridor/report/data/countries.geojson``: coordinates rounded to 3 decimals (about
100 m, far finer than the 1:110m shapes), properties cut to ``name``, ``iso_a2`` and
``iso_a3``, one feature per line so diffs can be read.

Usage: ``python tools/build_basemap.py [SOURCE] [--out PATH]``
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "naturalearth" / "ne_110m_admin_0_countries.geojson.gz"
OUT = ROOT / "src" / "corridor" / "report" / "data" / "countries.geojson"
PRECISION = 3
ATTRIBUTION = "Natural Earth 1:110m admin-0 countries (public domain), naturalearthdata.com"


def _round(coords: Any, digits: int) -> Any:  # noqa: ANN401 - nested coordinate lists
    if isinstance(coords, float | int):
        return round(float(coords), digits)
    return [_round(c, digits) for c in coords]


def _ring(ring: list[list[float]]) -> list[list[float]]:
    """Drop consecutive duplicate points that rounding made; keep the ring closed."""
    out: list[list[float]] = []
    for point in ring:
        if not out or point != out[-1]:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def _code(props: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = props.get(key)
        if isinstance(value, str) and value and value != "-99":
            return value
    return None


def build(source: Path, digits: int = PRECISION) -> dict[str, Any]:
    """The compact basemap collection from a Natural Earth countries file.

    Parameters
    ----------
    source
        A Natural Earth admin-0 countries GeoJSON (optionally gzip-compressed).
    digits
        Decimals kept per coordinate.

    Returns
    -------
    dict
        A GeoJSON FeatureCollection.
    """
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    features: list[dict[str, Any]] = []
    for feature in data["features"]:
        props = feature["properties"]
        geometry = feature["geometry"]
        coords = _round(geometry["coordinates"], digits)
        if geometry["type"] == "Polygon":
            coords = [_ring(r) for r in coords]
        else:
            coords = [[_ring(r) for r in poly] for poly in coords]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": props.get("NAME") or props.get("ADMIN"),
                    "iso_a2": _code(props, "ISO_A2", "ISO_A2_EH", "WB_A2"),
                    "iso_a3": _code(props, "ISO_A3", "ISO_A3_EH", "ADM0_A3"),
                },
                "geometry": {"type": geometry["type"], "coordinates": coords},
            }
        )
    features.sort(key=lambda f: str(f["properties"]["name"]))
    return {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "features": features,
    }


def write(collection: dict[str, Any], out: Path) -> int:
    """Write ``collection`` one feature per line; return the bytes written.

    Parameters
    ----------
    collection
        The FeatureCollection.
    out
        Destination path.

    Returns
    -------
    int
        Size of the file in bytes.
    """
    head = json.dumps({k: v for k, v in collection.items() if k != "features"})[:-1]
    lines = [
        json.dumps(f, separators=(",", ":"), ensure_ascii=False) for f in collection["features"]
    ]
    text = head + ', "features": [\n' + ",\n".join(lines) + "\n]}\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return len(text.encode())


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    collection = build(args.source)
    size = write(collection, args.out)
    print(f"{args.out}: {len(collection['features'])} countries, {size:,} bytes")


if __name__ == "__main__":
    main()
