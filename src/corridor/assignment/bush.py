"""User equilibrium by Dial's Algorithm B: one acyclic bush per origin.

Each origin's trips use only the links of its *bush*, an acyclic subgraph rooted at the
origin, and the origin's flow on every link is kept. A bush holds only what the origin
needs: the links its flow uses and its current shortest paths to its destinations, so each
origin's work is proportional to its bush, not to the network. One iteration:

1. **shortest paths**: one Dijkstra search per origin (in parallel above a work
   threshold, :mod:`corridor._threads`), stopped once the origin's destinations are
   settled, gives the relative gap of the current flows and each origin's shortest paths;
2. **bush update**: links the origin no longer uses are dropped (vertices no flow reaches
   leave the bush), and every link ``(i, j)`` that is a shortcut, ``U_i + c_ij < U_j``
   with ``U`` the longest path costs within the bush, or that lies on the origin's
   shortest paths, is added when that keeps the bush acyclic;
3. **equilibration**: in the bush's topological order (kept from sweep to sweep), the
   shortest path and the longest *used* path to each vertex are found; from the last
   vertex they share to it, flow moves from the longer segment to the shorter by a Newton
   step ``Δ = (c_max − c_min) / Σ t'_a``, capped by the flow on the longer segment. Link
   costs follow every move (Gauss-Seidel), and the rounds repeat while flow still moves.
   After the sweep over all origins, further sweeps only equilibrate (the bushes stay as
   they are), since each origin's moves unsettle the others' bushes.

The flows of each origin are kept, so the link flows of each origin, and of each OD pair
(split in proportion to the flows into each vertex), follow from the reported solution.
Convergence is measured with the same relative gap as the Frank-Wolfe family
(:func:`corridor.assignment.gap.relative_gap`, ``(TSTT − SPTT) / TSTT``), the SPTT from
the shortest paths of step 1.

Reference: R. B. Dial (2006), "A path-based user-equilibrium traffic assignment algorithm
that obviates path storage and enumeration", *Transportation Research Part B* 40(10),
917-936.
"""

from __future__ import annotations

import time
from typing import TypeAlias, get_args

import numpy as np
import numpy.typing as npt

from corridor._checks import check_choice, check_instance, check_int, check_number
from corridor._threads import serial_dot, set_numba_threads
from corridor.assignment import _bush_kernels as kernels
from corridor.assignment import _bush_search as search
from corridor.assignment.aon import AONBackend, LoadingGraph, TrackBy
from corridor.assignment.demand_flows import DemandFlows
from corridor.assignment.gap import relative_gap
from corridor.assignment.problem import AssignmentProblem
from corridor.assignment.results import AssignmentResult, ConvergenceReport
from corridor.exceptions import CorridorError

__all__ = ["algorithm_b"]

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]

#: Equilibration rounds per origin and iteration (they stop early once no flow moves).
_PASSES = 2
#: Equilibration-only sweeps over all origins after each bush update (other origins'
#: shifts unsettle a bush more than its own rounds can settle it): at least the first, at
#: most the second; more where the shortest-path search of an iteration costs many sweeps
#: (see :meth:`_BushState.extra_sweeps`).
_EXTRA_SWEEPS = (2, 6)
#: Bush vertices a sweep visits per searched vertex worth one more sweep (measured: on
#: Berlin-Center, bushes of ~475 vertices against 13,852 searched, 6 sweeps need ~20%
#: less time to 1e-6 than 2; on Chicago-Sketch, bushes are about the network's size and 2
#: are best).
_SWEEP_WORTH = 4.0
#: Vertices whose longest and shortest path costs differ by less than this fraction (of
#: the longest) are left alone; the fraction shrinks with the gap (see :func:`_tolerance`).
_MIN_REL_TOL = 1e-15
#: Bisection steps of the extrapolation's line search.
_LINE_SEARCH_STEPS = 50
#: An iteration that leaves more than this fraction of the gap is followed by one that
#: extrapolates (see :meth:`_BushState._extrapolate`).
_CRAWL = 0.7


def _tolerance(rgap: float) -> float:
    """Cost difference (relative to the path cost) below which a vertex is not shifted."""
    return max(_MIN_REL_TOL, min(1e-4, 0.01 * rgap))


class _BushState:
    """The bushes and origin flows of one Algorithm B run (mutable, private to it).

    Parameters
    ----------
    problem
        The assignment problem.
    graph
        Its loading graph.
    """

    def __init__(self, problem: AssignmentProblem, graph: LoadingGraph) -> None:
        """Empty bushes; :meth:`start` makes them the free-flow shortest paths."""
        self.graph = graph
        self.problem = problem
        self.n_links = problem.n_links
        g = graph.graph
        vdf = problem.vdf
        self.params = (
            np.append(vdf.fft, 0.0),
            np.append(vdf.capacity, 1.0),
            np.append(vdf.alpha, 0.0),
            np.append(vdf.beta, 1.0),
            np.append(vdf.kind, np.int8(0)).astype(np.int8),
            np.append(problem.fixed_cost, 0.0),
        )
        n_slots = self.n_links + 1
        self.x = np.zeros(n_slots)
        self.cost = np.zeros(n_slots)
        self.der = np.zeros(n_slots)
        self._refresh_costs()
        self.sources = graph.origin_vertex[graph.origins]
        n_o = self.sources.shape[0]
        n_e = g.indices.shape[0]
        n_v = g.n_vertices
        self.flow = np.zeros((n_o, n_e))
        self.bush = np.zeros((n_o, n_e), dtype=bool)
        self.order = np.zeros((n_o, n_v), dtype=np.int32)
        self.n_order = np.zeros(n_o, dtype=np.int64)
        self.n_entries = np.zeros(n_o, dtype=np.int64)
        self.tree = np.zeros((n_o, n_v), dtype=np.int32)
        self.shortcuts = graph.shortcuts
        rows, cols = np.nonzero(graph.demand_rows > 0)
        self.demand_ptr = np.searchsorted(rows, np.arange(n_o + 1)).astype(np.int64)
        self.demand_vertex = graph.dest_vertex[cols].astype(np.int64)
        self.demand = np.ascontiguousarray(graph.demand_rows[rows, cols], dtype=np.float64)
        self.n_tree = np.zeros(n_o, dtype=np.int64)

    def shortest_paths(self, link_cost: FloatArray) -> tuple[float, int]:
        """Each origin's shortest paths to its destinations at ``link_cost``, kept.

        Parameters
        ----------
        link_cost
            Cost of each link.

        Returns
        -------
        tuple[float, int]
            The SPTT (``Σ demand · shortest-path cost``) and the number of OD pairs with
            demand and no path.
        """
        g = self.graph.graph
        n_o = self.sources.shape[0]
        threads = 1
        if kernels.HAS_NUMBA:
            import numba  # noqa: PLC0415 - installed with the kernels

            threads = set_numba_threads(numba, n_o * g.n_vertices)
        sptt, missing = search.trees(
            self.shortcuts,
            self.graph.weights(link_cost),
            self.sources,
            self.demand_ptr,
            self.demand_vertex,
            self.demand,
            self.tree,
            self.n_tree,
            threads,
        )
        return float(sptt), int(missing)

    def start(self) -> None:
        """Load each origin's demand on the shortest paths of :meth:`shortest_paths`."""
        self._sweep(kernels.INITIAL, rel_tol=0.0)

    def _refresh_costs(self) -> None:
        kernels.link_costs(self.x, *self.params, self.cost, self.der)

    def _sweep(self, mode: int, *, rel_tol: float, resum: bool = True) -> None:
        g = self.graph.graph
        status = kernels.sweep(
            g.indptr,
            g.indices,
            g.tails,
            self.graph.entry_link,
            self.sources,
            self.demand_ptr,
            self.demand_vertex,
            self.demand,
            self.bush,
            self.flow,
            self.order,
            self.n_order,
            self.n_entries,
            self.tree,
            self.n_tree,
            self.x,
            self.cost,
            self.der,
            self.params,
            mode,
            _PASSES,
            rel_tol,
        )
        if status < 0:  # pragma: no cover - a bug, not a user error
            msg = "Algorithm B: a bush became cyclic; report this problem to corridor"
            raise CorridorError(msg)
        if resum:
            self.resum()

    def iterate(self, rgap: float, *, extrapolate: bool = False) -> None:
        """One iteration: update and equilibrate every origin's bush.

        The bushes gain the shortest paths last found by :meth:`shortest_paths`.

        Parameters
        ----------
        rgap
            The current relative gap (it sets how small a cost difference is worth a
            shift).
        extrapolate
            Follow the equilibration sweeps' joint move further (:meth:`_extrapolate`).
        """
        tolerance = _tolerance(rgap)
        # The sweeps keep the link flows and costs up to date; they are summed anew from
        # the origin flows (no drift) once, after the last.
        self._sweep(kernels.UPDATE, rel_tol=tolerance, resum=False)
        before = self._bush_flows()[0] if extrapolate else None
        n_extra = self.extra_sweeps()
        for i in range(n_extra):
            self._sweep(kernels.EQUILIBRATE, rel_tol=tolerance, resum=i == n_extra - 1)
        if before is not None:
            self._extrapolate(before)

    def extra_sweeps(self) -> int:
        """Equilibration-only sweeps per iteration: more when bushes are small.

        A sweep costs about the bushes' total size, the shortest-path search about origins
        times vertices; one more sweep is worth it for every :data:`_SWEEP_WORTH` of their
        ratio.

        Returns
        -------
        int
            Between the two bounds of :data:`_EXTRA_SWEEPS`.
        """
        searched = self.sources.shape[0] * self.graph.graph.n_vertices
        ratio = searched / max(1, int(self.n_order.sum()))
        low, high = _EXTRA_SWEEPS
        return int(min(high, max(low, round(ratio / _SWEEP_WORTH))))

    def _bush_flows(self) -> tuple[FloatArray, IntArray]:
        g = self.graph.graph
        values, links = kernels.bush_flows(
            g.indptr, self.graph.entry_link, self.bush, self.flow, self.order, self.n_order
        )
        return np.asarray(values, dtype=np.float64), np.asarray(links, dtype=np.int64)

    def _extrapolate(self, before: FloatArray) -> None:
        """Move the origin flows further along their move since ``before``, by line search.

        Origins that share congested links can undo each other's shifts, so that each sweep
        moves them all a little in the same direction: the Gauss-Seidel sweeps then crawl
        (the gap falls by a hair an iteration). Going on in that direction as far as the
        Beckmann objective falls (and no origin flow turns negative) jumps the crawl. The
        bushes do not change between ``before`` (:meth:`_bush_flows`) and now, so every
        origin's flows stay balanced.
        """
        now, links = self._bush_flows()
        direction = now - before
        falling = direction < 0.0
        if not falling.any():
            return
        limit = float(np.min(now[falling] / -direction[falling]))
        counts = np.bincount(links, weights=direction, minlength=self.n_links + 1)
        dx: npt.NDArray[np.float64] = counts[: self.n_links].astype(np.float64, copy=False)
        x = self.x[: self.n_links]

        def slope(step: float) -> float:
            return serial_dot(self.problem.cost(x + step * dx), dx)

        if not limit > 0.0 or slope(0.0) >= 0.0:
            return
        if slope(limit) <= 0.0:
            step = limit
        else:
            low, high = 0.0, limit
            for _ in range(_LINE_SEARCH_STEPS):
                mid = 0.5 * (low + high)
                if slope(mid) <= 0.0:
                    low = mid
                else:
                    high = mid
            step = low
        g = self.graph.graph
        kernels.add_bush_flows(
            g.indptr, self.bush, self.flow, self.order, self.n_order, step, direction
        )
        self.resum()

    def resum(self) -> None:
        """Recompute the link flows as the sum of the origin flows (no drift)."""
        g = self.graph.graph
        kernels.link_flows(
            g.indptr,
            self.graph.entry_link,
            self.bush,
            self.flow,
            self.order,
            self.n_order,
            self.x,
        )
        self._refresh_costs()

    @property
    def link_flow(self) -> FloatArray:
        """Flow on each link (the sum of the origins' flows)."""
        return self.x[: self.n_links].copy()

    def rows(self, by: TrackBy) -> FloatArray:
        """Link flows of each origin or OD pair (:meth:`LoadingGraph.rows` order).

        Parameters
        ----------
        by
            ``"origin"`` or ``"od"``.

        Returns
        -------
        numpy.ndarray
            ``(rows, links)`` flows.
        """
        if by == "origin":
            return np.asarray(
                kernels.origin_rows(self.graph.entry_link, self.flow, self.n_links),
                dtype=np.float64,
            )
        g = self.graph.graph
        n_rows = int(np.count_nonzero(self.graph.demand_rows > 0))
        return np.asarray(
            kernels.od_rows(
                g.indptr,
                g.indices,
                g.tails,
                self.graph.entry_link,
                self.sources,
                self.graph.dest_vertex,
                self.graph.demand_rows,
                self.bush,
                self.flow,
                self.n_links,
                n_rows,
            ),
            dtype=np.float64,
        )


def algorithm_b(
    problem: AssignmentProblem,
    *,
    gap: float = 1e-5,
    max_iter: int = 1000,
    backend: AONBackend = "auto",
    track: TrackBy | None = None,
) -> AssignmentResult:
    """User equilibrium by Dial's Algorithm B (bush-based, origin flows kept).

    Usually called as ``assign(problem, algorithm="algb")``.

    Parameters
    ----------
    problem
        The problem.
    gap
        Stop once the relative gap ``(TSTT − SPTT) / TSTT`` is at most this.
    max_iter
        Stop after this many iterations (one iteration visits every origin).
    backend
        ``"scipy"`` measures the gap with scipy's all-or-nothing loading as well (a check);
        otherwise the gap comes from the algorithm's own shortest paths.
    track
        ``None``, ``"origin"`` (each origin's link flows, exact) or ``"od"`` (each OD
        pair's, split at every vertex in proportion to the origin's flows into it), in
        :attr:`AssignmentResult.demand_flows`.

    Returns
    -------
    AssignmentResult
        Flows, costs and the convergence report (direction ``"bush"``, no step size); the
        reported gap is that of the returned flows.

    Raises
    ------
    InvalidArgumentError
        If ``problem`` is not an :class:`AssignmentProblem`, or ``gap`` (a finite number
        >= 0), ``max_iter`` (a whole number >= 1), ``backend`` or ``track`` is invalid (a
        ``ValueError``).
    NoRouteError
        If some OD pair with demand has no path.

    Examples
    --------
    Two parallel roads, ``1 + x/10`` and ``1 + x/30``: equal times at 2.5 and 7.5 trips.

    >>> import numpy as np
    >>> from corridor.assignment import AssignmentProblem, LinkCostFunction, assign
    >>> vdf = LinkCostFunction.bpr_links([1.0, 1.0], [10.0, 30.0], alpha=1.0, beta=1.0)
    >>> od = np.array([[0.0, 10.0], [0.0, 0.0]])
    >>> problem = AssignmentProblem.create([0, 0], [1, 1], vdf=vdf, demand=od)
    >>> result = assign(problem, algorithm="algb", gap=1e-12)
    >>> np.round(result.flow, 9).tolist()
    [2.5, 7.5]
    """
    check_instance("problem", problem, AssignmentProblem, "an AssignmentProblem.create(...)")
    gap = check_number("gap", gap, low=0.0)
    max_iter = check_int("max_iter", max_iter, low=1)
    backend = check_choice("backend", backend, get_args(AONBackend))
    if track is not None:
        track = check_choice("track", track, get_args(TrackBy))
    start = time.perf_counter()
    graph = LoadingGraph.build(problem)
    state = _BushState(problem, graph)
    _, missing = state.shortest_paths(problem.cost(np.zeros(problem.n_links)))
    if missing:
        # Fails with NoRouteError naming a pair without a path.
        graph.load(problem.cost(np.zeros(problem.n_links)), backend="scipy")
    state.start()
    gaps: list[float] = []
    objectives: list[float] = []
    elapsed: list[float] = []
    converged = False
    for k in range(1, max_iter + 1):
        x = state.link_flow
        cost = problem.cost(x)
        # The shortest paths give the gap and, next, the bushes' new links.
        sptt, _ = state.shortest_paths(cost)
        if backend == "scipy":
            _, sptt = graph.load(cost, backend=backend)
        rgap = relative_gap(x, cost, sptt)
        gaps.append(rgap)
        objectives.append(problem.objective(x))
        if rgap <= gap or k == max_iter:
            converged = rgap <= gap
            elapsed.append(time.perf_counter() - start)
            break
        state.iterate(rgap, extrapolate=len(gaps) > 1 and rgap > _CRAWL * gaps[-2])
        elapsed.append(time.perf_counter() - start)
    n_iter = len(gaps)
    report = ConvergenceReport(
        algorithm="algb",
        gap_target=float(gap),
        max_iter=int(max_iter),
        converged=converged,
        relative_gap=np.array(gaps),
        objective=np.array(objectives),
        step_size=np.full(n_iter, np.nan),
        direction=("bush",) * (n_iter - 1) + ("-",),
        elapsed=np.array(elapsed),
    )
    x = state.link_flow
    travel_time = problem.vdf.cost(x)
    generalised = travel_time + problem.fixed_cost
    with np.errstate(divide="ignore", invalid="ignore"):
        vc = np.where(x > 0, x / problem.vdf.capacity, 0.0)
    demand_flows = None
    if track is not None:
        origin, destination, demand = graph.rows(track)
        demand_flows = DemandFlows(
            by=track, origin=origin, destination=destination, demand=demand, flow=state.rows(track)
        )
    return AssignmentResult(
        flow=x,
        travel_time=travel_time,
        cost=generalised,
        volume_capacity=vc,
        objective=objectives[-1],
        relative_gap=gaps[-1],
        total_travel_time=serial_dot(x, travel_time),
        total_cost=serial_dot(x, generalised),
        report=report,
        seconds=time.perf_counter() - start,
        demand_flows=demand_flows,
    )
