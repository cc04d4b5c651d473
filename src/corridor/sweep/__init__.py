"""Sweeps: many scenarios x origin-destination pairs x Monte Carlo draws, serial or on Dask.

::

    from corridor.sweep import sweep
    result = sweep(corridor.eurasia(), ["base"], [("Shanghai", "Rotterdam")], workers=2)
    result.to_frame()

A sweep gives the same numbers whatever runs it (this process, a Dask ``LocalCluster``
or a remote scheduler) and however its pairs are batched: every simulation is seeded
from the base seed and the names of its scenario, pair and corridor.
"""

from __future__ import annotations

from corridor.sweep.backends import SchedulerUnreachableError
from corridor.sweep.engine import sweep, sweep_scenario
from corridor.sweep.model import (
    BASE,
    SWEEP_COLUMNS,
    SweepResult,
    SweepRow,
    SweepScenario,
    SweepTask,
)

__all__ = [
    "BASE",
    "SWEEP_COLUMNS",
    "SchedulerUnreachableError",
    "SweepResult",
    "SweepRow",
    "SweepScenario",
    "SweepTask",
    "sweep",
    "sweep_scenario",
]
