"""Build the world network from the open data in ``../shared/data`` (see SOURCES.md there).

Inputs (all read from a data folder, never downloaded):

- ``scgraph/world_railways.graphjson.gz``, ``scgraph/world_highways.graphjson.gz``
  (OpenStreetMap-derived, ODbL) and ``scgraph/marnet.graphjson.gz`` (MARNET, MIT), as
  packaged by the scgraph project;
- ``naturalearth/ne_50m_admin_0_countries.geojson.gz`` (which country each rail and road
  vertex lies in), ``ne_10m_populated_places_simple`` (cities) and ``ne_10m_ports``
  (ports) — Natural Earth, public domain;
- ``worldbank/border_compliance_doing_business.csv``: World Bank Doing Business border
  compliance hours and fees per country (CC BY 4.0), as used by Reed & Trubetskoy (2019).

The rules that join them are :func:`corridor.research.assemble.assemble`'s.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Callable, Mapping
from os import PathLike
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from corridor._checks import check_int
from corridor._dependencies import import_optional
from corridor.exceptions import InvalidArgumentError
from corridor.io.graphjson import read_graphjson
from corridor.research.assemble import (
    BorderHours,
    CityInput,
    LayerInput,
    PortInput,
    assemble,
)
from corridor.research.parameters import Parameters
from corridor.research.world import WorldNetwork

__all__ = ["ATTRIBUTION", "REQUIRED_FILES", "build_world", "read_border_hours", "select_cities"]

REQUIRED_FILES: Final = (
    "scgraph/world_railways.graphjson.gz",
    "scgraph/world_highways.graphjson.gz",
    "scgraph/marnet.graphjson.gz",
    "naturalearth/ne_50m_admin_0_countries.geojson.gz",
    "naturalearth/ne_10m_populated_places_simple.geojson.gz",
    "naturalearth/ne_10m_ports.geojson.gz",
    "worldbank/border_compliance_doing_business.csv",
)

ATTRIBUTION: Final = (
    "Railways and highways: (c) OpenStreetMap contributors, ODbL 1.0, as packaged by scgraph; "
    "sea lanes: MARNET (searoute), MIT; countries, cities and ports: Natural Earth (public "
    "domain); border compliance: World Bank, Doing Business (Trading across Borders), CC BY 4.0"
)

#: Natural Earth ADM0_A3 codes that Doing Business writes differently.
_DB_CODE: Final = {"KOS": "XK", "PSX": "PSE", "SDS": "SSD", "SAH": "ESH"}
_NO_DATA: Final = -9999.0
_MAX_COUNTRY_DEG: Final = 0.5

Progress = Callable[[str], None]


def _geojson(path: Path) -> list[dict[str, Any]]:
    data = json.loads(gzip.decompress(path.read_bytes()))
    return list(data["features"])


def read_border_hours(path: str | PathLike[str]) -> dict[str, BorderHours]:
    """Doing Business border compliance by Natural Earth country code.

    Parameters
    ----------
    path
        ``border_compliance_doing_business.csv``.

    Returns
    -------
    dict
        ISO3 (as Natural Earth's ADM0_A3) to its hours and fees; ``-9999`` (no data) becomes
        ``None`` so that the model's default applies.
    """

    def value(text: str) -> float | None:
        try:
            number = float(text)
        except ValueError:
            return None
        return None if number == _NO_DATA else number

    out: dict[str, BorderHours] = {}
    with Path(path).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            out[row["iso3"]] = BorderHours(
                export_h=value(row["border_time_export"]),
                import_h=value(row["border_time_import"]),
                export_usd=value(row["border_fee_export"]),
                import_usd=value(row["border_fee_import"]),
            )
    for ne, db in _DB_CODE.items():
        if db in out:
            out[ne] = out[db]
    return out


def select_cities(
    features: list[dict[str, Any]], n: int, countries: frozenset[str] | None = None
) -> list[CityInput]:
    """The ``n`` largest cities, with at least the largest of every country.

    Parameters
    ----------
    features
        Natural Earth populated places.
    n
        How many (at least one per country even if that makes more).
    countries
        Only cities of these countries (ADM0_A3 codes; ``None``: the world), for a
        regional set such as the economies that host projects.

    Returns
    -------
    list of CityInput
        Largest first.
    """
    rows = []
    for f in features:
        p = f["properties"]
        code = p.get("adm0_a3")
        pop = p.get("pop_max") or 0
        if not code or code == "-99" or (countries is not None and code not in countries):
            continue
        lon, lat = f["geometry"]["coordinates"][:2]
        rows.append(CityInput(str(p.get("nameascii") or p["name"]), code, lon, lat, float(pop)))
    rows.sort(key=lambda c: (-c.population, c.name))
    chosen: dict[tuple[str, str], CityInput] = {}
    for c in rows:  # the largest of each country first
        if not any(k[1] == c.iso3 for k in chosen):
            chosen[c.name, c.iso3] = c
    for c in rows:
        if len(chosen) >= n:
            break
        chosen.setdefault((c.name, c.iso3), c)
    return sorted(chosen.values(), key=lambda c: (-c.population, c.name))


def _country_of(
    lon: npt.NDArray[np.float64], lat: npt.NDArray[np.float64], countries: list[dict[str, Any]]
) -> list[str]:
    """ADM0_A3 of the country polygon each point lies in (nearest within 0.5 degrees)."""
    shapely = import_optional("shapely", extra="research")
    polys = [shapely.geometry.shape(f["geometry"]) for f in countries]
    codes = [str(f["properties"]["ADM0_A3"]) for f in countries]
    tree = shapely.STRtree(polys)
    points = shapely.points(lon, lat)
    out = np.full(lon.shape[0], -1, dtype=np.int64)
    pairs = tree.query(points, predicate="intersects")
    out[pairs[0]] = pairs[1]
    missing = np.flatnonzero(out < 0)
    if missing.size:
        near = tree.query_nearest(points[missing], max_distance=_MAX_COUNTRY_DEG)
        out[missing[near[0]]] = near[1]
    return [codes[i] if i >= 0 else "" for i in out.tolist()]


def _layer(mode: str, path: Path, countries: list[dict[str, Any]] | None) -> LayerInput:
    graph = read_graphjson(path)
    assert graph.coords is not None  # noqa: S101 - GeoGraph files carry positions
    lon = np.ascontiguousarray(graph.coords[:, 0])
    lat = np.ascontiguousarray(graph.coords[:, 1])
    country = _country_of(lon, lat, countries) if countries is not None else [""] * lon.size
    return LayerInput(
        mode,
        lon=lon,
        lat=lat,
        country=country,
        tail=graph.tails,
        head=graph.indices.astype(np.int64),
        km=graph.weights,
    )


def build_world(
    data: str | PathLike[str],
    *,
    cities: int = 1000,
    countries: frozenset[str] | None = None,
    params: Parameters | None = None,
    progress: Progress | None = None,
) -> WorldNetwork:
    """Build the world network from the data folder.

    Parameters
    ----------
    data
        The folder with ``scgraph/``, ``naturalearth/`` and ``worldbank/``.
    cities
        How many of the largest cities (at least one per country is added).
    countries
        Take the cities from these countries only (a regional set); the network stays
        world-wide.
    params
        Parameters (default: :meth:`Parameters.default`).
    progress
        Called with a line on each step.

    Returns
    -------
    WorldNetwork
        The network.

    Raises
    ------
    InvalidArgumentError
        If a required file is missing (all missing files are named), or ``cities`` is not a
        whole number from 2 to 10,000.
    MissingOptionalDependencyError
        If shapely is not installed (``pip install 'corridor[research]'``).
    """
    n_cities = check_int("cities", cities, low=2, high=10_000)
    root = Path(data)
    missing = [f for f in REQUIRED_FILES if not (root / f).is_file()]
    if missing:
        msg = (
            f"data={str(root)!r}: missing {', '.join(missing)}; fix: point --data at the "
            "shared data folder (../shared/data, described in its SOURCES.md)"
        )
        raise InvalidArgumentError(msg)
    say = progress or (lambda _line: None)
    p = params or Parameters.default()
    shapes = _geojson(root / "naturalearth/ne_50m_admin_0_countries.geojson.gz")
    say("reading the railways and placing their vertices in countries")
    rail = _layer("rail", root / "scgraph/world_railways.graphjson.gz", shapes)
    say("reading the highways and placing their vertices in countries")
    road = _layer("road", root / "scgraph/world_highways.graphjson.gz", shapes)
    say("reading the sea lanes")
    sea = _layer("sea", root / "scgraph/marnet.graphjson.gz", None)
    say("choosing cities and ports")
    places = _geojson(root / "naturalearth/ne_10m_populated_places_simple.geojson.gz")
    chosen = select_cities(places, n_cities, countries)
    if len(chosen) < 2:  # noqa: PLR2004
        msg = f"countries={sorted(countries or [])}: fewer than two cities; check the ISO3 codes"
        raise InvalidArgumentError(msg)
    port_features = _geojson(root / "naturalearth/ne_10m_ports.geojson.gz")
    plon = np.array([f["geometry"]["coordinates"][0] for f in port_features], dtype=np.float64)
    plat = np.array([f["geometry"]["coordinates"][1] for f in port_features], dtype=np.float64)
    pcountry = _country_of(plon, plat, shapes)
    ports = [
        PortInput(str(f["properties"].get("name") or f"port {i}"), c, float(x), float(y))
        for i, (f, c, x, y) in enumerate(zip(port_features, pcountry, plon, plat, strict=True))
        if c
    ]
    hours: Mapping[str, BorderHours] = read_border_hours(
        root / "worldbank/border_compliance_doing_business.csv"
    )
    say(f"joining {len(chosen)} cities and {len(ports)} ports")
    return assemble(
        [road, rail, sea], ports, chosen, hours, p, name="world", attribution=ATTRIBUTION
    )
