"""What a sweep is made of and what it returns: scenarios, tasks, rows, the result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from corridor._frame import records_frame
from corridor.network.model import Network
from corridor.routing.options import RouteOptions

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BASE",
    "SWEEP_COLUMNS",
    "SweepResult",
    "SweepRow",
    "SweepScenario",
    "SweepTask",
]

SWEEP_COLUMNS: tuple[str, ...] = (
    "scenario",
    "origin",
    "destination",
    "rank",
    "corridor",
    "mean_days",
    "p50_days",
    "p90_days",
    "cost_usd",
    "co2_kg",
    "note",
)
"""Columns of a sweep's table (:meth:`SweepResult.to_frame`, ``corridor sweep -f csv``):
the scenario's name, origin and destination node ids, the option's ``rank`` in the
comparison (1 = best), its ``corridor`` family, the simulated ``mean_days``,
``p50_days`` and ``p90_days`` terminal to terminal, ``cost_usd`` and ``co2_kg`` per
cargo unit; ``note`` says why a pair has no option (``corridor`` then empty)."""


@dataclass(frozen=True)
class SweepScenario:
    """A named change of the network that a sweep runs under.

    Attributes
    ----------
    name
        The name in the results (and in the seeds: renaming changes the draws).
    apply
        Turns the base network into the scenario's network without changing the base;
        ``None`` for the base network itself. It is sent to the workers of a distributed
        sweep, so it must pickle: a module-level function or a picklable callable
        object, not a lambda.
    overrides
        Routing options the scenario sets that a network cannot hold, as
        ``(option, value)`` pairs (``("carbon_usd_per_t", 100.0)``); they replace those of
        the sweep's :class:`~corridor.routing.options.RouteOptions` under this scenario.
    """

    name: str
    apply: Callable[[Network], Network] | None = None
    overrides: tuple[tuple[str, float], ...] = ()

    def network(self, base: Network) -> Network:
        """The network of this scenario.

        Parameters
        ----------
        base
            The base network (never changed).

        Returns
        -------
        Network
            ``base`` itself for the base scenario, else ``apply(base)``.
        """
        return base if self.apply is None else self.apply(base)

    def options(self, options: RouteOptions) -> RouteOptions:
        """The routing options under this scenario.

        Parameters
        ----------
        options
            The sweep's options.

        Returns
        -------
        RouteOptions
            ``options`` with :attr:`overrides` put in.
        """
        return RouteOptions.of(options, dict(self.overrides))


BASE = SweepScenario("base")
"""The base network, unchanged."""


@dataclass(frozen=True)
class SweepTask:
    """One unit of work: one scenario and a batch of origin-destination pairs.

    Attributes
    ----------
    index
        Position of the task in the sweep (results are put back in this order).
    scenario
        The scenario.
    pairs
        ``(origin id, destination id)`` pairs of the batch.
    samples
        Simulated transits per option.
    seed
        The sweep's base seed.
    options
        The routing options of every comparison.
    """

    index: int
    scenario: SweepScenario
    pairs: tuple[tuple[str, str], ...]
    samples: int
    seed: int
    options: RouteOptions


@dataclass(frozen=True)
class SweepRow:
    """One corridor option of one pair under one scenario (see :data:`SWEEP_COLUMNS`).

    Attributes
    ----------
    scenario
        The scenario's name.
    origin, destination
        Node ids.
    rank
        Rank of the option in the comparison (1 = best); ``None`` when no route.
    corridor
        Corridor family; ``None`` when no route.
    mean_days, p50_days, p90_days
        Simulated transit time, terminal to terminal.
    cost_usd, co2_kg
        Money cost and emissions per cargo unit.
    note
        Why there is no option (empty otherwise).
    """

    scenario: str
    origin: str
    destination: str
    rank: int | None
    corridor: str | None
    mean_days: float | None
    p50_days: float | None
    p90_days: float | None
    cost_usd: float | None
    co2_kg: float | None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The row as a mapping of :data:`SWEEP_COLUMNS` to values.

        Returns
        -------
        dict
            Column name to value.
        """
        return asdict(self)


@dataclass(frozen=True)
class SweepResult:
    """The rows of a sweep, in scenario order, then pair order, then rank.

    Attributes
    ----------
    rows
        One row per option found (or per pair without any).
    scenarios
        The scenarios' names, in order.
    pairs
        The ``(origin id, destination id)`` pairs, in order.
    samples
        Simulated transits per option.
    seed
        The base seed.
    backend
        Where it ran (``serial``, ``dask LocalCluster (2 workers)``, ``dask tcp://...``);
        it does not change the numbers.
    """

    rows: tuple[SweepRow, ...]
    scenarios: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]
    samples: int
    seed: int
    backend: str = "serial"

    def records(self) -> list[dict[str, Any]]:
        """The rows as mappings of :data:`SWEEP_COLUMNS` to values.

        Returns
        -------
        list of dict
            One per row, in order.
        """
        return [r.to_dict() for r in self.rows]

    def to_dict(self) -> dict[str, Any]:
        """The public JSON form: the request and the rows.

        Returns
        -------
        dict
            ``scenarios``, ``pairs``, ``samples``, ``seed``, ``backend`` and ``rows``.
        """
        return {
            "scenarios": list(self.scenarios),
            "pairs": [list(p) for p in self.pairs],
            "samples": self.samples,
            "seed": self.seed,
            "backend": self.backend,
            "rows": self.records(),
        }

    def to_frame(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame with columns :data:`SWEEP_COLUMNS`.

        Returns
        -------
        pandas.DataFrame
            One row per option, in order.

        Raises
        ------
        MissingOptionalDependencyError
            If pandas is not installed (``pip install 'corridor[frame]'``).
        """
        return records_frame(self.records(), SWEEP_COLUMNS)
