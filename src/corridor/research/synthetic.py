"""A three-country synthetic world whose shipment times can be worked out by hand.

::

    AAA                      BBB              CCC
    city A = road r0 --100-- r1 --500-- road r2 = city B --100-- road r3 = city C
             rail v0 ----------200----- rail v1                  rail v2 (not joined)
    port PA (sea s0) ------------------ 400 km by sea --------- port PC (sea s1)

Border hours (export / import): AAA 1 / 2, BBB 3 / 4, CCC 5 / 6. Every other number is a
default of :class:`~corridor.research.parameters.Parameters`. The example project
``new_road`` adds a direct 150 km road from r0 to r2 (both ways).
"""

from __future__ import annotations

import numpy as np

from corridor.research.assemble import (
    BorderHours,
    CityInput,
    LayerInput,
    PortInput,
    assemble,
)
from corridor.research.matrices import ProjectEdges
from corridor.research.parameters import Parameters
from corridor.research.world import WorldNetwork

__all__ = ["SYNTHETIC_BORDERS", "synthetic_project", "synthetic_world"]

SYNTHETIC_BORDERS = {
    "AAA": BorderHours(export_h=1.0, import_h=2.0),
    "BBB": BorderHours(export_h=3.0, import_h=4.0),
    "CCC": BorderHours(export_h=5.0, import_h=6.0),
}


def _layer(
    mode: str,
    lon: list[float],
    lat: list[float],
    country: list[str],
    edges: list[tuple[int, int, float]],
) -> LayerInput:
    tail = [a for a, _, _ in edges] + [b for _, b, _ in edges]
    head = [b for _, b, _ in edges] + [a for a, _, _ in edges]
    km = [k for _, _, k in edges] * 2
    return LayerInput(
        mode,
        lon=np.array(lon, dtype=np.float64),
        lat=np.array(lat, dtype=np.float64),
        country=country,
        tail=np.array(tail, dtype=np.int64),
        head=np.array(head, dtype=np.int64),
        km=np.array(km, dtype=np.float64),
    )


def synthetic_world(params: Parameters | None = None) -> WorldNetwork:
    """The synthetic world of the module docstring.

    Parameters
    ----------
    params
        Parameters (default: :meth:`Parameters.default`).

    Returns
    -------
    WorldNetwork
        Three cities (A, B, C), road, rail and sea layers, two ports.

    Examples
    --------
    >>> from corridor.research.synthetic import synthetic_world
    >>> world = synthetic_world()
    >>> [c.name for c in world.cities], world.countries
    (['A', 'B', 'C'], ('AAA', 'BBB', 'CCC'))
    """
    p = params or Parameters.default()
    road = _layer(
        "road",
        [0.0, 1.0, 2.0, 3.0],
        [0.0] * 4,
        ["AAA", "AAA", "BBB", "CCC"],
        [(0, 1, 100.0), (1, 2, 500.0), (2, 3, 100.0)],
    )
    rail = _layer("rail", [0.0, 2.0, 3.0], [0.0] * 3, ["AAA", "BBB", "CCC"], [(0, 1, 200.0)])
    sea = _layer("sea", [0.0, 3.0], [-0.5, -0.5], ["", ""], [(0, 1, 400.0)])
    ports = [PortInput("PA", "AAA", 0.0, -0.2), PortInput("PC", "CCC", 3.0, -0.2)]
    cities = [
        CityInput("A", "AAA", 0.0, 0.0, 1e6),
        CityInput("B", "BBB", 2.0, 0.0, 1e6),
        CityInput("C", "CCC", 3.0, 0.0, 1e6),
    ]
    return assemble([road, rail, sea], ports, cities, SYNTHETIC_BORDERS, p, name="synthetic")


def synthetic_project(params: Parameters | None = None) -> ProjectEdges:
    """The example project: a direct 150 km road r0 - r2 (AAA - BBB), both ways.

    Parameters
    ----------
    params
        Parameters (default: :meth:`Parameters.default`).

    Returns
    -------
    ProjectEdges
        Its two edges, with the AAA-BBB border hours in each direction.
    """
    p = params or Parameters.default()
    r0, r2 = 0, 2  # road vertices come first
    km = 150.0
    run = km / p.road_speed_kmh
    return ProjectEdges(
        project_id="new_road",
        tail=np.array([r0, r2], dtype=np.int64),
        head=np.array([r2, r0], dtype=np.int64),
        mode=("road", "road"),
        hours=np.array([run + 1.0 + 4.0, run + 3.0 + 2.0]),
        usd=np.array([km * p.road_usd_per_teu_km] * 2),
    )
