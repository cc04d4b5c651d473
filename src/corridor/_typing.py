"""Option strings used across corridor, as ``Literal`` aliases in one place."""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "CAPACITY_UNITS",
    "DIRECTIONS",
    "ESTIMATE_KINDS",
    "MODES",
    "NODE_KINDS",
    "REGIMES",
    "REGIME_KINDS",
    "SERVICE_KINDS",
    "TARIFF_UNITS",
    "TRANSFER_KINDS",
    "CapacityUnit",
    "Direction",
    "EstimateKind",
    "Mode",
    "NodeKind",
    "Regime",
    "RegimeKind",
    "ServiceKind",
    "TariffUnit",
    "TransferKind",
]

Mode = Literal["rail_1435", "rail_1520", "road", "sea", "ferry", "inland_water"]
"""Transport mode of a link. Rail is split by track gauge (mm)."""

NodeKind = Literal[
    "city", "rail_terminal", "port", "dry_port", "border_crossing", "junction", "chokepoint"
]
"""What a node is in the real world."""

Regime = Literal["paper", "digital"]
"""Border procedure regime: paper documents, or digital (e-TIR, e-CMR/SMGS, pre-arrival)."""

ServiceKind = Literal["liner", "feeder", "ferry", "train"]
"""What a scheduled service is: deep-sea liner, feeder ship, ferry or block train."""

RegimeKind = Literal["sea_rates", "rail_operations"]
"""A dated sea-freight rate regime, or a rail corridor operating regime."""

TransferKind = Literal["gauge_change", "rail_ship", "rail_road", "road_ship", "ship_ship"]
"""Kind of a mode change at a node."""

Direction = Literal["both", "forward"]
"""``both``: the link can be used in both directions; ``forward``: only from → to."""

CapacityUnit = Literal["trains_per_day", "teu_per_year", "tonnes_per_year", "teu_per_day"]
"""Unit in which a capacity figure is published."""

EstimateKind = Literal["published", "measured", "derived", "estimate"]
"""How a number was obtained: a published source, measured on a graph, derived, or an estimate."""

TariffUnit = Literal["TEU", "FEU", "tonne"]
"""Unit a tariff is quoted per."""

MODES: tuple[Mode, ...] = get_args(Mode)
CAPACITY_UNITS: tuple[CapacityUnit, ...] = get_args(CapacityUnit)
ESTIMATE_KINDS: tuple[EstimateKind, ...] = get_args(EstimateKind)
TARIFF_UNITS: tuple[TariffUnit, ...] = get_args(TariffUnit)
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)
NODE_KINDS: tuple[NodeKind, ...] = get_args(NodeKind)
REGIMES: tuple[Regime, ...] = get_args(Regime)
TRANSFER_KINDS: tuple[TransferKind, ...] = get_args(TransferKind)
SERVICE_KINDS: tuple[ServiceKind, ...] = get_args(ServiceKind)
REGIME_KINDS: tuple[RegimeKind, ...] = get_args(RegimeKind)
