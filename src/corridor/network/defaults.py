"""Default factors used when a link or cargo class does not give its own, with sources."""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from corridor._typing import Mode
from corridor.network.model import Provenance

__all__ = [
    "DEFAULT_EMISSION_G_PER_TKM",
    "EMISSION_PROVENANCE",
    "FEU_PAYLOAD_TONNES",
    "RAIL_DIESEL_G_PER_TKM",
    "RAIL_ELECTRIC_G_PER_TKM",
]

RAIL_ELECTRIC_G_PER_TKM: Final = 12.5
"""Electric rail, middle of the 5–20 g CO2e/tkm range (grid-dependent); an estimate."""

RAIL_DIESEL_G_PER_TKM: Final = 30.0
"""Diesel rail, middle of the 25–35 g CO2e/tkm range; an estimate."""

DEFAULT_EMISSION_G_PER_TKM: Final = MappingProxyType[Mode, float](
    {
        "rail_1435": 22.0,
        "rail_1520": 22.0,
        "road": 126.0,
        "sea": 15.4,
        "ferry": 51.4,
        "inland_water": 31.0,
    }
)
"""Well-to-wheel g CO2e per tonne-km by mode, when a link gives none."""

EMISSION_PROVENANCE: Final = MappingProxyType[str, Provenance](
    {
        "rail": Provenance(
            "China-Europe rail 15-30 g CO2e/tkm (chinalogistichub, GLEC-aligned) [T]; "
            "electric 5-20 g, diesel 25-35 g (FACTS.md 4.6)",
            "estimate",
            "22 g/tkm for mixed traction, 12.5 electric, 30 diesel: UNSOURCED ESTIMATE "
            "(mid-points of the published ranges)",
        ),
        "road": Provenance("DEFRA HGV average 126 g CO2e/tkm, via Mode Shift Centre", "published"),
        "sea": Provenance(
            "DEFRA deep-sea container ship (>=3,000 TEU) 15.4 g CO2e/tkm", "published"
        ),
        "ferry": Provenance("DEFRA ro-ro ferry 51.4 g CO2e/tkm", "published"),
        "inland_water": Provenance(
            "no inland-waterway factor in FACTS.md", "estimate", "31 g/tkm: UNSOURCED ESTIMATE"
        ),
    }
)

FEU_PAYLOAD_TONNES: Final = 20.0
"""Tonnes of bulk cargo taken as one FEU when a per-FEU tariff meets bulk cargo.

Doing Business reference shipment is 10 t per TEU (FACTS.md 4.5), so 20 t per FEU.
"""
