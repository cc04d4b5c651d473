"""Results of a traffic assignment and its convergence report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import numpy.typing as npt

from corridor._frame import records_frame
from corridor.assignment.demand_flows import DemandFlows

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LINK_RESULT_COLUMNS", "AssignmentResult", "ConvergenceReport"]

FloatArray: TypeAlias = npt.NDArray[np.float64]

#: Rows shown by :meth:`ConvergenceReport.summary` at each end of a long report.
_SUMMARY_ROWS = 5
LINK_RESULT_COLUMNS = ("link", "tail", "head", "flow", "travel_time", "cost", "volume_capacity")
"""Columns of :meth:`AssignmentResult.to_frame` (``tail``/``head`` given a problem)."""


@dataclass(frozen=True, eq=False)
class ConvergenceReport:
    """What happened at each iteration of an assignment.

    Iteration ``k`` measured the relative gap of the flows it started from (using an
    all-or-nothing loading at their costs), then, unless converged, moved to new flows.

    Parameters
    ----------
    algorithm
        ``aon``, ``msa``, ``fw``, ``cfw``, ``bfw``, ``so`` or ``algb``.
    gap_target
        Requested relative gap.
    max_iter
        Iteration limit.
    converged
        Whether the relative gap reached ``gap_target``.
    relative_gap
        Relative gap at each iteration.
    objective
        Objective at each iteration (Beckmann for equilibrium; total cost for ``so``).
    step_size
        Step taken at each iteration (NaN where none was taken).
    direction
        Search direction of each step: ``fw``, ``cfw``, ``bfw``, ``msa``, ``bush`` (an
        Algorithm B iteration, no step size) or ``-``.
    elapsed
        Seconds since the start at the end of each iteration.
    """

    algorithm: str
    gap_target: float
    max_iter: int
    converged: bool
    relative_gap: FloatArray
    objective: FloatArray
    step_size: FloatArray
    direction: tuple[str, ...]
    elapsed: FloatArray

    @property
    def iterations(self) -> int:
        """Number of iterations run."""
        return int(self.relative_gap.shape[0])

    @property
    def final_gap(self) -> float:
        """Relative gap at the last iteration (NaN when none ran)."""
        return float(self.relative_gap[-1]) if self.iterations else float("nan")

    def iterations_to(self, gap: float) -> int | None:
        """First iteration (1-based) at which the relative gap was at most ``gap``.

        Parameters
        ----------
        gap
            Relative-gap threshold.

        Returns
        -------
        int or None
            The iteration, or ``None`` if it was never reached.
        """
        hits = np.flatnonzero(self.relative_gap <= gap)
        return int(hits[0]) + 1 if hits.size else None

    def seconds_to(self, gap: float) -> float | None:
        """Seconds until the relative gap was first at most ``gap``.

        Parameters
        ----------
        gap
            Relative-gap threshold.

        Returns
        -------
        float or None
            The time, or ``None`` if it was never reached.
        """
        k = self.iterations_to(gap)
        return None if k is None else float(self.elapsed[k - 1])

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready builtins.

        Returns
        -------
        dict
            Keys ``algorithm``, ``gap_target``, ``max_iter``, ``converged``,
            ``iterations`` and per-iteration lists ``relative_gap``, ``objective``,
            ``step_size`` (``None`` where no step), ``direction``, ``elapsed``.
        """
        return {
            "algorithm": self.algorithm,
            "gap_target": self.gap_target,
            "max_iter": self.max_iter,
            "converged": self.converged,
            "iterations": self.iterations,
            "relative_gap": self.relative_gap.tolist(),
            "objective": self.objective.tolist(),
            "step_size": [None if np.isnan(s) else float(s) for s in self.step_size],
            "direction": list(self.direction),
            "elapsed": self.elapsed.tolist(),
        }

    def summary(self) -> str:
        """A short table of the iterations (first and last few when there are many).

        Returns
        -------
        str
            Printable text.
        """
        head = (
            f"{self.algorithm}: {self.iterations} iterations, relative gap "
            f"{self.final_gap:.3e} (target {self.gap_target:.1e}, "
            f"{'converged' if self.converged else 'NOT converged'})"
        )
        rows = [f"{'iter':>6} {'rel. gap':>11} {'objective':>20} {'step':>9} {'dir':>4}"]
        n = self.iterations
        shown = (
            list(range(n))
            if n <= 2 * _SUMMARY_ROWS
            else [*range(_SUMMARY_ROWS), -1, *range(n - _SUMMARY_ROWS, n)]
        )
        for k in shown:
            if k < 0:
                rows.append(f"{'...':>6}")
                continue
            step = self.step_size[k]
            step_text = "-" if np.isnan(step) else f"{step:.3g}"
            rows.append(
                f"{k + 1:>6} {self.relative_gap[k]:>11.3e} {self.objective[k]:>20.10g} "
                f"{step_text:>9} {self.direction[k]:>4}"
            )
        return "\n".join([head, *rows])

    def __str__(self) -> str:
        return self.summary()


@dataclass(frozen=True, eq=False)
class AssignmentResult:
    """Link flows and costs from a traffic assignment, with its convergence report.

    Parameters
    ----------
    flow
        Flow on each link.
    travel_time
        Travel time of each link at ``flow`` (volume-delay function only).
    cost
        Generalised cost of each link at ``flow`` (travel time + fixed cost).
    volume_capacity
        ``flow / capacity`` of each link (``inf`` where capacity is 0 and flow positive).
    objective
        Beckmann objective at ``flow`` (for ``so``: the total generalised cost).
    relative_gap
        Relative gap at ``flow``.
    total_travel_time
        ``Σ flow · travel_time``.
    total_cost
        ``Σ flow · cost``.
    report
        Per-iteration convergence report.
    seconds
        Wall time of the assignment.
    demand_flows
        Link flows of each origin or OD pair, carried through the same steps (only when
        the assignment was asked to track them, else ``None``).
    """

    flow: FloatArray
    travel_time: FloatArray
    cost: FloatArray
    volume_capacity: FloatArray
    objective: float
    relative_gap: float
    total_travel_time: float
    total_cost: float
    report: ConvergenceReport
    seconds: float
    demand_flows: DemandFlows | None = None

    @property
    def algorithm(self) -> str:
        """The algorithm that produced the result."""
        return self.report.algorithm

    @property
    def iterations(self) -> int:
        """Number of iterations run."""
        return self.report.iterations

    @property
    def converged(self) -> bool:
        """Whether the relative-gap target was reached."""
        return self.report.converged

    def to_dict(self, *, links: bool = False, history: bool = False) -> dict[str, Any]:
        """The result as JSON-ready builtins.

        Parameters
        ----------
        links
            Include per-link lists ``flow``, ``travel_time``, ``cost``, ``volume_capacity``.
        history
            Include the full convergence report under ``report``.

        Returns
        -------
        dict
            At least ``algorithm``, ``iterations``, ``relative_gap``, ``objective``,
            ``total_travel_time``, ``total_cost``, ``converged`` and ``seconds``.
        """
        data: dict[str, Any] = {
            "algorithm": self.algorithm,
            "iterations": self.iterations,
            "relative_gap": self.relative_gap,
            "objective": self.objective,
            "total_travel_time": self.total_travel_time,
            "total_cost": self.total_cost,
            "converged": self.converged,
            "seconds": self.seconds,
        }
        if links:
            vc = np.where(np.isfinite(self.volume_capacity), self.volume_capacity, np.nan)
            data["flow"] = self.flow.tolist()
            data["travel_time"] = self.travel_time.tolist()
            data["cost"] = self.cost.tolist()
            data["volume_capacity"] = [None if np.isnan(v) else float(v) for v in vc]
        if history:
            data["report"] = self.report.to_dict()
        return data

    def records(
        self, *, tail: npt.ArrayLike | None = None, head: npt.ArrayLike | None = None
    ) -> list[dict[str, Any]]:
        """One record per link (the rows of :meth:`to_frame`).

        Parameters
        ----------
        tail, head
            Node ids of each link's ends, to include (e.g. the problem's, or a file's own
            numbering); ``None`` leaves the column empty.

        Returns
        -------
        list of dict
            Keys :data:`LINK_RESULT_COLUMNS`; ``volume_capacity`` is ``None`` where the
            capacity is zero or infinite.

        Raises
        ------
        ValueError
            If ``tail`` or ``head`` does not have one value per link.
        """
        n = self.flow.shape[0]
        ends: list[list[int] | None] = []
        for name, ids in (("tail", tail), ("head", head)):
            if ids is None:
                ends.append(None)
                continue
            arr = np.asarray(ids).astype(np.int64)
            if arr.shape != (n,):
                raise ValueError(f"{name} must have one node id per link ({n})")
            ends.append(arr.tolist())
        tails, heads = ends
        vc = self.volume_capacity
        return [
            {
                "link": i,
                "tail": None if tails is None else tails[i],
                "head": None if heads is None else heads[i],
                "flow": float(self.flow[i]),
                "travel_time": float(self.travel_time[i]),
                "cost": float(self.cost[i]),
                "volume_capacity": float(vc[i]) if np.isfinite(vc[i]) else None,
            }
            for i in range(n)
        ]

    def to_frame(
        self, *, tail: npt.ArrayLike | None = None, head: npt.ArrayLike | None = None
    ) -> pd.DataFrame:
        """The link results as a table, one row per link.

        Parameters
        ----------
        tail, head
            Node ids of each link's ends, to include; ``None`` leaves the column empty.

        Returns
        -------
        pandas.DataFrame
            Columns :data:`LINK_RESULT_COLUMNS`.

        Raises
        ------
        MissingOptionalDependencyError
            If pandas is not installed (``pip install 'corridor[frame]'``).
        ValueError
            If ``tail`` or ``head`` does not have one value per link.
        """
        return records_frame(self.records(tail=tail, head=head), LINK_RESULT_COLUMNS)

    def summary(self) -> str:
        """A few lines for a terminal.

        Returns
        -------
        str
            Printable text.
        """
        over = int(np.sum(self.volume_capacity > 1.0))
        return "\n".join(
            [
                f"algorithm           {self.algorithm}",
                f"iterations          {self.iterations}"
                + ("" if self.converged else " (gap target not reached)"),
                f"relative gap        {self.relative_gap:.3e}",
                f"objective           {self.objective:.10g}",
                f"total travel time   {self.total_travel_time:.10g}",
                f"total cost          {self.total_cost:.10g}",
                f"links over capacity {over} of {self.flow.shape[0]}",
                f"seconds             {self.seconds:.3f}",
            ]
        )

    def __str__(self) -> str:
        return self.summary()
