"""Research mode: how much transport projects cut shipment times between cities.

An open, reproducible version of the analysis of de Soyres, Mulabdic, Murray, Rocha & Ruta
(World Bank 2019): least shipment times between cities world-wide on the rail, road and
sea network, before and after the Belt and Road projects, with and without mode switching,
aggregated to countries and groups and turned into ad-valorem trade-cost changes.
"""

from __future__ import annotations

from corridor.research.assemble import (
    BorderHours,
    CityInput,
    LayerInput,
    PortInput,
    assemble,
    great_circle_km,
)
from corridor.research.matrices import (
    CLASS_ORDER,
    BaseDistances,
    ProjectEdges,
    ShipmentMatrices,
    all_bases,
    base_distances,
    shipment_matrices,
)
from corridor.research.parameters import Parameter, Parameters
from corridor.research.world import (
    EDGE_MODES,
    LAYERS,
    MODE_CLASSES,
    City,
    WorldNetwork,
    load_world,
    save_world,
)

__all__ = [
    "CLASS_ORDER",
    "EDGE_MODES",
    "LAYERS",
    "MODE_CLASSES",
    "BaseDistances",
    "BorderHours",
    "City",
    "CityInput",
    "LayerInput",
    "Parameter",
    "Parameters",
    "PortInput",
    "ProjectEdges",
    "ShipmentMatrices",
    "WorldNetwork",
    "all_bases",
    "assemble",
    "base_distances",
    "great_circle_km",
    "load_world",
    "save_world",
    "shipment_matrices",
]
