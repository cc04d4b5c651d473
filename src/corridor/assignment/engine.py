"""One engine for all-or-nothing, MSA, Frank-Wolfe, conjugate and bi-conjugate Frank-Wolfe.

Each iteration loads the demand all-or-nothing at the current costs, which gives both the
relative gap of the current flows and the Frank-Wolfe target ``y``; the algorithms differ
in how they turn ``y`` into a search direction and a step:

- ``msa``: step ``1/(k+1)`` towards ``y``;
- ``fw``: exact line search towards ``y``;
- ``cfw``: towards a target conjugate to the previous one (Mitradjieva & Lindberg, 2013);
- ``bfw``: bi-conjugate to the two previous targets (same paper);
- ``so``: ``bfw`` on marginal costs ``t + x · t'``, which minimises total cost (system
  optimum).

``algb`` (Dial's Algorithm B, origin-based) is a different kind of algorithm: ``assign``
hands it to :func:`corridor.assignment.bush.algorithm_b`.

The line search minimises the objective along the direction with a safeguarded Newton
method on its derivative, vectorised over links.

Every target is a combination ``w_y · y + w_prev · previous + w_older · before_previous``
of all-or-nothing loads and every step a convex combination of the current flows and the
target. With ``track="origin"`` or ``track="od"``, the engine keeps the all-or-nothing load
of each origin (or OD pair) apart and applies the very same weights and steps to them
(:class:`~corridor.assignment.demand_flows.DemandFlows`): their sum is the reported link
flows, so OD flows and select-link come from the reported equilibrium, with no second
solver.

Reference: M. Mitradjieva and P. O. Lindberg (2013), "The Stiff Is Moving — Conjugate
Direction Frank-Wolfe Methods with Applications to Traffic Assignment", *Transportation
Science* 47(2), 280-293.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeAlias, get_args

import numpy as np
import numpy.typing as npt

from corridor._checks import check_choice, check_instance, check_int, check_number
from corridor._threads import serial_dot
from corridor.assignment.aon import AONBackend, LoadingGraph, TrackBy
from corridor.assignment.demand_flows import DemandFlows
from corridor.assignment.gap import relative_gap
from corridor.assignment.problem import AssignmentProblem
from corridor.assignment.results import AssignmentResult, ConvergenceReport

__all__ = ["ALGORITHMS", "Algorithm", "assign"]

FloatArray: TypeAlias = npt.NDArray[np.float64]
Algorithm = Literal["aon", "msa", "fw", "cfw", "bfw", "so", "algb"]
"""Assignment algorithm."""
ALGORITHMS: tuple[Algorithm, ...] = get_args(Algorithm)

#: Conjugate weights are capped below 1 so that a new target always differs from the old.
_CONJUGATE_MAX = 0.99999
#: After a step this close to 1 the conjugate history is discarded (restart with FW).
_FULL_STEP = 1.0 - 1e-7
_LINE_SEARCH_ITER = 60


@dataclass(frozen=True)
class _Costs:
    """Cost, derivative and objective of one assignment variant (UE or SO)."""

    cost: Callable[[FloatArray], FloatArray]
    derivative: Callable[[FloatArray], FloatArray]
    objective: Callable[[FloatArray], float]


def _costs(problem: AssignmentProblem, *, system_optimum: bool) -> _Costs:
    vdf = problem.vdf
    fixed = problem.fixed_cost
    if not system_optimum:
        return _Costs(
            cost=lambda x: vdf.cost(x) + fixed,
            derivative=vdf.derivative,
            objective=problem.objective,
        )
    return _Costs(
        cost=lambda x: vdf.cost(x) + x * vdf.derivative(x) + fixed,
        derivative=lambda x: 2.0 * vdf.derivative(x) + x * vdf.second_derivative(x),
        objective=lambda x: serial_dot(x, vdf.cost(x) + fixed),
    )


def _line_search(x: FloatArray, d: FloatArray, slope0: float, costs: _Costs) -> float:
    """Step ``τ ∈ [0, 1]`` minimising the objective along ``x + τ·d``.

    ``slope0 = d · c(x)`` is the derivative at ``τ = 0``; the derivative ``d · c(x + τ d)``
    is non-decreasing, so its root is bracketed and found by Newton steps that fall back
    to bisection when they leave the bracket.
    """
    if slope0 >= 0.0:
        return 0.0
    slope1 = serial_dot(d, costs.cost(x + d))
    if slope1 <= 0.0:
        return 1.0
    lo, hi = 0.0, 1.0
    tau = slope0 / (slope0 - slope1)
    tolerance = 1e-10 * -slope0
    for _ in range(_LINE_SEARCH_ITER):
        point = x + tau * d
        slope = serial_dot(d, costs.cost(point))
        if abs(slope) <= tolerance:
            break
        if slope > 0.0:
            hi = tau
        else:
            lo = tau
        if hi - lo <= 1e-15:  # noqa: PLR2004
            break
        curvature = serial_dot(d * d, costs.derivative(point))
        newton = tau - slope / curvature if curvature > 0.0 else -1.0
        tau = newton if lo < newton < hi else 0.5 * (lo + hi)
    return tau


@dataclass
class _Directions:
    """Conjugate-direction state (mutable, private to one run).

    ``previous`` and ``before_previous`` are the last two targets of the link flows;
    ``previous_rows`` and ``before_previous_rows`` the same targets of the tracked rows.
    """

    previous: FloatArray | None = None
    before_previous: FloatArray | None = None
    last_step: float = 0.0
    next_kind: str = "fw"
    previous_rows: FloatArray | None = None
    before_previous_rows: FloatArray | None = None

    def reset(self) -> None:
        self.previous = None
        self.before_previous = None
        self.previous_rows = None
        self.before_previous_rows = None
        self.next_kind = "fw"


Weights: TypeAlias = tuple[float, float, float]


def _combine(
    weights: Weights, y: FloatArray, prev: FloatArray | None, older: FloatArray | None
) -> FloatArray:
    """``w_y · y + w_prev · prev + w_older · older`` (terms of weight 0 skipped)."""
    w_y, w_prev, w_older = weights
    out = w_y * y
    if w_prev != 0.0 and prev is not None:
        out += w_prev * prev
    if w_older != 0.0 and older is not None:
        out += w_older * older
    return out


def _target(
    kind: str, x: FloatArray, y: FloatArray, state: _Directions, costs: _Costs
) -> FloatArray:
    """The point to move towards: ``y`` (FW) or a conjugate combination."""
    weights = _weights(kind, x, y, state, costs)
    return _combine(weights, y, state.previous, state.before_previous)


def _weights(kind: str, x: FloatArray, y: FloatArray, state: _Directions, costs: _Costs) -> Weights:
    """Weights of ``y``, the previous target and the one before it in the next target."""
    prev = state.previous
    if kind == "cfw" and prev is not None:
        hessian = costs.derivative(x)
        d_prev = prev - x
        numerator = serial_dot(d_prev, hessian * (y - x))
        denominator = serial_dot(d_prev, hessian * (y - prev))
        alpha = numerator / denominator if denominator != 0.0 else 0.0
        alpha = min(max(alpha, 0.0), _CONJUGATE_MAX)
        return (1.0 - alpha, alpha, 0.0)
    older = state.before_previous
    if kind == "bfw" and prev is not None and older is not None:
        hessian = costs.derivative(x)
        tau = state.last_step
        x_dir = tau * prev + (1.0 - tau) * older - x
        y_dir = y - x
        z_dir = prev - x
        w_dir = older - prev
        hx = hessian * x_dir
        mu_den = serial_dot(hx, w_dir)
        mu = max(0.0, -serial_dot(hx, y_dir) / mu_den) if mu_den != 0.0 else 0.0
        hz = hessian * z_dir
        nu_den = serial_dot(hz, z_dir)
        nu = (
            max(0.0, -serial_dot(hz, y_dir) / nu_den + mu * tau / (1.0 - tau))
            if nu_den != 0.0
            else 0.0
        )
        beta0 = 1.0 / (1.0 + nu + mu)
        return (beta0, nu * beta0, mu * beta0)
    return (1.0, 0.0, 0.0)


def assign(
    problem: AssignmentProblem,
    *,
    algorithm: Algorithm = "bfw",
    gap: float = 1e-5,
    max_iter: int = 1000,
    backend: AONBackend = "auto",
    track: TrackBy | None = None,
) -> AssignmentResult:
    """Solve a static traffic assignment.

    Parameters
    ----------
    problem
        The problem.
    algorithm
        ``aon``, ``msa``, ``fw``, ``cfw``, ``bfw`` (default), ``so`` (system optimum by
        bi-conjugate Frank-Wolfe on marginal costs) or ``algb`` (Dial's bush-based
        Algorithm B, :func:`corridor.assignment.bush.algorithm_b`: precise equilibria,
        exact origin flows).
    gap
        Stop once the relative gap ``(TSTT − SPTT) / TSTT`` is at most this.
    max_iter
        Stop after this many iterations.
    backend
        Shortest-path backend for the all-or-nothing loadings: ``"scipy"``, ``"numba"``
        or ``"auto"``.
    track
        ``None`` (default), ``"origin"`` or ``"od"``: also carry the link flows of each
        origin (or OD pair) through the same steps, in
        :attr:`AssignmentResult.demand_flows`. Memory: rows × links floats, a few times.

    Returns
    -------
    AssignmentResult
        Flows, costs and the convergence report; the reported gap is that of the
        returned flows.

    Raises
    ------
    InvalidArgumentError
        If ``problem`` is not an :class:`AssignmentProblem`, or ``algorithm``, ``gap``
        (a finite number >= 0), ``max_iter`` (a whole number >= 1), ``backend`` or
        ``track`` is invalid (a ``ValueError``).
    NoRouteError
        If some OD pair with demand has no path.
    """
    check_instance("problem", problem, AssignmentProblem, "an AssignmentProblem.create(...)")
    algorithm = check_choice("algorithm", algorithm, ALGORITHMS)
    gap = check_number("gap", gap, low=0.0)
    max_iter = check_int("max_iter", max_iter, low=1)
    backend = check_choice("backend", backend, get_args(AONBackend))
    if track is not None:
        track = check_choice("track", track, get_args(TrackBy))
    if algorithm == "algb":
        from corridor.assignment.bush import algorithm_b  # noqa: PLC0415 - numba on demand

        return algorithm_b(problem, gap=gap, max_iter=max_iter, backend=backend, track=track)
    start = time.perf_counter()
    system_optimum = algorithm == "so"
    costs = _costs(problem, system_optimum=system_optimum)
    graph = LoadingGraph.build(problem)

    def load(cost: FloatArray) -> tuple[FloatArray, float, FloatArray | None]:
        if track is None:
            flow, total = graph.load(cost, backend=backend)
            return flow, total, None
        return graph.load_rows(cost, track, backend=backend)

    x, _, rows = load(costs.cost(np.zeros(problem.n_links)))
    gaps: list[float] = []
    objectives: list[float] = []
    steps: list[float] = []
    kinds: list[str] = []
    elapsed: list[float] = []
    state = _Directions()
    scheme = {"aon": "fw", "msa": "msa", "fw": "fw", "cfw": "cfw", "bfw": "bfw", "so": "bfw"}[
        algorithm
    ]
    converged = False
    for k in range(1, max_iter + 1):
        cost = costs.cost(x)
        y, sptt, y_rows = load(cost)
        rgap = relative_gap(x, cost, sptt)
        gaps.append(rgap)
        objectives.append(costs.objective(x))
        if rgap <= gap or algorithm == "aon" or k == max_iter:
            converged = rgap <= gap
            steps.append(np.nan)
            kinds.append("-")
            elapsed.append(time.perf_counter() - start)
            break
        if scheme == "msa":
            kind = "msa"
            tau = 1.0 / (k + 1)
            x += tau * (y - x)
            if rows is not None and y_rows is not None:
                rows += tau * (y_rows - rows)
        else:
            kind = state.next_kind if scheme != "fw" else "fw"
            weights = _weights(kind, x, y, state, costs)
            target = _combine(weights, y, state.previous, state.before_previous)
            direction = target - x
            slope0 = serial_dot(direction, cost)
            if kind != "fw" and slope0 >= 0.0:
                kind, target, weights = "fw", y, (1.0, 0.0, 0.0)
                direction = y - x
                slope0 = sptt - serial_dot(x, cost)
            tau = _line_search(x, direction, slope0, costs)
            x = x + tau * direction
            target_rows = None
            if rows is not None and y_rows is not None:
                target_rows = _combine(
                    weights, y_rows, state.previous_rows, state.before_previous_rows
                )
                rows *= 1.0 - tau
                rows += tau * target_rows
            state.before_previous = state.previous
            state.previous = target
            state.before_previous_rows = state.previous_rows
            state.previous_rows = target_rows
            state.last_step = tau
            if tau >= _FULL_STEP or tau <= 0.0:
                state.reset()
            else:
                state.next_kind = {"fw": "cfw", "cfw": "cfw" if scheme == "cfw" else "bfw"}.get(
                    kind, "bfw"
                )
        steps.append(tau)
        kinds.append(kind)
        elapsed.append(time.perf_counter() - start)
    report = ConvergenceReport(
        algorithm=algorithm,
        gap_target=float(gap),
        max_iter=int(max_iter),
        converged=converged,
        relative_gap=np.array(gaps),
        objective=np.array(objectives),
        step_size=np.array(steps),
        direction=tuple(kinds),
        elapsed=np.array(elapsed),
    )
    travel_time = problem.vdf.cost(x)
    generalised = travel_time + problem.fixed_cost
    with np.errstate(divide="ignore", invalid="ignore"):
        vc = np.where(x > 0, x / problem.vdf.capacity, 0.0)
    demand_flows = None
    if track is not None and rows is not None:
        origin, destination, demand = graph.rows(track)
        demand_flows = DemandFlows(
            by=track, origin=origin, destination=destination, demand=demand, flow=rows
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
