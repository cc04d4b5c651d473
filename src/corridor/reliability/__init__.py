"""Reliability: transit-time distributions, seasons and the digital-border lever."""

from corridor.reliability.components import Component, route_components
from corridor.reliability.montecarlo import (
    TransitSimulation,
    sample_components,
    simulate_components,
)
from corridor.reliability.simulate import digital_borders, simulate_route, with_percentiles

__all__ = [
    "Component",
    "TransitSimulation",
    "digital_borders",
    "route_components",
    "sample_components",
    "simulate_components",
    "simulate_route",
    "with_percentiles",
]
