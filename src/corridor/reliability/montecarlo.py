"""Vectorised Monte Carlo of a route's terminal-to-terminal time.

All components of a route are sampled together, family by family (fixed, triangular,
log-normal, empirical), as ``(samples, components)`` arrays: there is no Python loop per
sample or per component. Waits for a departure follow random incidence (a shipment is more
likely to arrive during a long headway: the headway is drawn length-biased, then a uniform
fraction of it is waited). A seasonal closure adds its delay with the month's closure
probability. Border dwells can be correlated (congestion comes in waves) through a shared
normal factor. Samples are drawn in chunks so that memory stays bounded.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt

from corridor._checks import (
    MAX_SAMPLES,
    check_int,
    check_number,
    check_rng,
    check_seed,
    show,
)
from corridor._frame import records_frame
from corridor.exceptions import InvalidArgumentError
from corridor.network.distributions import Empirical, Fixed, LogNormal, Mixture, Triangular
from corridor.reliability.components import Component

if TYPE_CHECKING:
    from pandas import DataFrame

__all__ = [
    "SIMULATION_COLUMNS",
    "TransitSimulation",
    "sample_components",
    "simulate_components",
    "simulations_frame",
    "simulations_rows",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
_T = TypeVar("_T")
_WEEK_H = 168.0
_PERCENTILES = (10, 50, 90, 95)


def _linear_percentiles(values: FloatArray, percents: Sequence[int]) -> list[float]:
    """``numpy.percentile(values, percents)`` (its default, linear method), bit for bit.

    numpy's own goes through ``numpy.unique``, whose first call imports ``numpy.ma``
    (~20 ms of a cold ``corridor compare``); the order statistics come from one partition
    here, and the interpolation repeats numpy's arithmetic step by step.

    Parameters
    ----------
    values
        One-dimensional sample, at least one value.
    percents
        Percentiles, whole numbers from 0 to 100.

    Returns
    -------
    list of float
        One value per percentile, equal to numpy's.
    """
    if values.ndim != 1 or values.size == 0 or np.isnan(values).any():
        return [float(v) for v in np.percentile(values, list(percents))]
    n = values.size
    picks: list[tuple[float, int, int]] = []
    for q in percents:
        virtual = (n - 1) * (q / 100)  # numpy's virtual index of the linear method
        if virtual >= n - 1:  # numpy: both neighbours are the largest value
            below = above = n - 1
            gamma = virtual + 1  # numpy subtracts the index it stores for it, -1
        else:
            below = math.floor(virtual)  # percents from 0 to 100: virtual >= 0
            above = below + 1
            gamma = virtual - below
        picks.append((gamma, below, above))
    order = np.partition(values, sorted({k for _, b, a in picks for k in (b, a)}))
    out = []
    for gamma, below, above in picks:
        a, b = float(order[below]), float(order[above])
        diff = b - a
        # numpy's _lerp: a + diff * gamma, or b - diff * (1 - gamma) from gamma 0.5 on
        out.append(b - diff * (1 - gamma) if gamma >= 0.5 else a + diff * gamma)  # noqa: PLR2004
    return out


SIMULATION_COLUMNS: tuple[str, ...] = (
    "label",
    "corridor",
    "month",
    "samples",
    "seed",
    "transit_days_mean",
    "transit_days_std",
    "transit_days_p10",
    "transit_days_p50",
    "transit_days_p90",
    "transit_days_p95",
    "deadline_days",
    "on_time_probability",
)
"""Columns of a simulation's summary (:meth:`TransitSimulation.to_frame`, ``corridor
reliability -f csv``): the names of :meth:`TransitSimulation.to_dict`, ``transit_days``
flattened to ``transit_days_mean`` ... ``_p95`` (days, 3 decimals), the on-time
probability (0 to 1) when a deadline is given, ``None`` otherwise."""


_FIXED, _TRI, _TRI_LB, _LOGNORMAL, _EMPIRICAL, _TIMETABLE, _MIXTURE = range(7)
_PLAIN, _WAIT, _CLOSURE = range(3)


@dataclass(frozen=True)
class _Block:
    """Contiguous columns ``start:stop`` sharing a distribution family and a transform."""

    family: int
    transform: int
    start: int
    stop: int
    params: FloatArray  # one row per column; meaning depends on the family
    correlated: npt.NDArray[np.bool_]
    probability: FloatArray
    values: FloatArray = field(default_factory=lambda: np.zeros(0))
    cum: FloatArray = field(default_factory=lambda: np.zeros(0))
    mixtures: tuple[Mixture, ...] = ()


@dataclass(frozen=True)
class _Plan:
    """A route's components reordered into blocks; ``inverse`` restores the order."""

    n: int
    blocks: tuple[_Block, ...]
    inverse: npt.NDArray[np.int64]


def _family(c: Component) -> int:
    if c.timetable:
        return _TIMETABLE
    d = c.dist
    if isinstance(d, Fixed):
        return _FIXED
    if isinstance(d, Triangular):
        return _TRI_LB if c.kind == "wait" else _TRI
    if isinstance(d, LogNormal):
        return _LOGNORMAL
    if isinstance(d, Mixture):
        return _MIXTURE
    return _EMPIRICAL


def _transform(c: Component) -> int:
    if c.kind == "wait" and not c.timetable:
        return _WAIT
    return _CLOSURE if c.kind == "closure" else _PLAIN


def _params(c: Component, family: int) -> list[float]:
    d = c.dist
    if family == _FIXED:
        return [_as(d, Fixed).value]
    if family in (_TRI, _TRI_LB):
        t = _as(d, Triangular)
        return [t.low, t.mode, t.high]
    if family == _LOGNORMAL:
        ln = _as(d, LogNormal)
        # a wait samples its headway length-biased: log-normal mu + sigma^2 is exact
        return [ln.mu + (ln.sigma**2 if c.kind == "wait" else 0.0), ln.sigma]
    return [0.0]


def _plan(components: Sequence[Component]) -> _Plan:
    keys = [(_family(c), _transform(c)) for c in components]
    order = sorted(range(len(components)), key=lambda i: keys[i])
    blocks: list[_Block] = []
    start = 0
    while start < len(order):
        key = keys[order[start]]
        stop = start
        while stop < len(order) and keys[order[stop]] == key:
            stop += 1
        members = [components[i] for i in order[start:stop]]
        family, transform = key
        values = cum = np.zeros(0)
        if family == _EMPIRICAL:
            vals, cums = [], []
            for j, c in enumerate(members):
                v = np.sort(np.asarray(_as(c.dist, Empirical).values, dtype=np.float64))
                w = v if transform == _WAIT and v.sum() > 0 else np.ones_like(v)
                vals.append(v)
                cums.append(j + np.cumsum(w) / w.sum())
            values, cum = np.concatenate(vals), np.concatenate(cums)
        elif family == _TIMETABLE:
            values = np.concatenate(
                [np.sort(np.asarray(c.timetable)) + 2 * _WEEK_H * j for j, c in enumerate(members)]
            )
            values = np.sort(np.concatenate([values, values + _WEEK_H]))
        blocks.append(
            _Block(
                family=family,
                transform=transform,
                start=start,
                stop=stop,
                params=np.array([_params(c, family) for c in members], dtype=np.float64),
                correlated=np.array([c.kind == "border" for c in members], dtype=bool),
                probability=np.array([c.probability for c in members], dtype=np.float64),
                values=values,
                cum=cum,
                mixtures=tuple(c.dist for c in members if isinstance(c.dist, Mixture)),
            )
        )
        start = stop
    return _Plan(len(components), tuple(blocks), np.argsort(np.array(order, dtype=np.int64)))


def _as(dist: object, kind: type[_T]) -> _T:
    assert isinstance(dist, kind)  # noqa: S101 - grouped by type just before
    return dist


def _triangular_inverse(u: FloatArray, tri: FloatArray) -> FloatArray:
    """Inverse CDF of triangular distributions.

    ``tri`` rows (low, mode, high) broadcast against the last axis of ``u``, or match
    ``u`` element-wise when ``u`` is flat.
    """
    a, c, b = tri[..., 0], tri[..., 1], tri[..., 2]
    left = u < (c - a) / (b - a)
    root = np.sqrt(np.where(left, u * (c - a), (1.0 - u) * (b - c)) * (b - a))
    return np.where(left, a + root, b - root)


def sample_components(
    components: Sequence[Component],
    n: int,
    rng: np.random.Generator,
    *,
    border_correlation: float = 0.0,
) -> FloatArray:
    """Draw ``n`` joint samples of every component (hours), shape ``(n, len(components))``.

    Parameters
    ----------
    components
        The route's components.
    n
        Number of samples.
    rng
        Random generator.
    border_correlation
        Correlation (0-1) of the normal factors behind border dwells (log-normal and
        triangular dwells; a shared congestion wave).

    Returns
    -------
    numpy.ndarray
        Samples in hours, columns in the order of ``components``.

    Raises
    ------
    InvalidArgumentError
        If ``n`` is not a whole number from 0 to 10^8 (or ``n * len(components)`` exceeds
        10^8), ``rng`` is not a generator, ``border_correlation`` is not in [0, 1] or a
        component is not a :class:`Component`.
    """
    parts = _components(components)
    n = check_int("n", n, low=0, high=MAX_SAMPLES)
    if n * max(len(parts), 1) > MAX_SAMPLES:
        raise InvalidArgumentError(
            f"n={n}: {n} samples of {len(parts)} components exceed {MAX_SAMPLES:,} values; "
            "draw fewer at a time"
        )
    rng = check_rng("rng", rng)
    rho = check_number("border_correlation", border_correlation, low=0.0, high=1.0)
    plan = _plan(parts)
    return _sample(plan, n, rng, rho)[:, plan.inverse]


def _components(components: object) -> list[Component]:
    """``components`` as a list of :class:`Component` (anything else refused)."""
    if isinstance(components, str | bytes) or not isinstance(components, Sequence):
        raise InvalidArgumentError(
            f"components={show(components)}: use a list of Component (route_components())"
        )
    for i, c in enumerate(components):
        if not isinstance(c, Component):
            raise InvalidArgumentError(
                f"components[{i}]={show(c)}: use Component objects (route_components())"
            )
    return list(components)


def _sample(plan: _Plan, n: int, rng: np.random.Generator, rho: float) -> FloatArray:
    """Samples with columns in plan order (blocks are contiguous slices: no copies)."""
    out = np.empty((n, plan.n))
    shared = rng.standard_normal(n)[:, None] if rho > 0 else None
    for b in plan.blocks:
        view = out[:, b.start : b.stop]
        k = b.stop - b.start
        if b.family == _FIXED:
            view[:] = b.params[:, 0]
        elif b.family == _LOGNORMAL:
            z = rng.standard_normal((n, k))
            if shared is not None and b.correlated.any():
                z[:, b.correlated] = np.sqrt(rho) * shared + np.sqrt(1.0 - rho) * z[:, b.correlated]
            np.exp(b.params[:, 0] + b.params[:, 1] * z, out=view)
        elif b.family == _TRI:
            view[:] = rng.triangular(b.params[:, 0], b.params[:, 1], b.params[:, 2], (n, k))
            if shared is not None and b.correlated.any():  # Gaussian copula, inverse CDF
                from scipy.special import ndtr  # noqa: PLC0415 - only for correlated dwells

                c = b.correlated
                z = np.sqrt(rho) * shared + np.sqrt(1.0 - rho) * rng.standard_normal((n, k))
                view[:, c] = _triangular_inverse(ndtr(z[:, c]), b.params[c])
        elif b.family == _TRI_LB:
            view[:] = _length_biased_triangular(b.params, n, rng)
        elif b.family == _MIXTURE:  # one column per mixture, vectorised over samples
            for j, mix in enumerate(b.mixtures):
                view[:, j] = mix.sample(rng, n)
        elif b.family == _EMPIRICAL:
            u = rng.random((n, k)) + np.arange(k)
            idx = np.minimum(np.searchsorted(b.cum, u, side="right"), b.cum.size - 1)
            view[:] = b.values[idx]  # noqa: PD011 - a numpy array
        else:  # timetable: time to the next departure from a uniform arrival in the week
            arrive = rng.random((n, k)) * _WEEK_H + 2 * _WEEK_H * np.arange(k)
            view[:] = b.values[np.searchsorted(b.values, arrive)] - arrive  # noqa: PD011
        if b.transform == _WAIT:
            view *= rng.random((n, k))
        elif b.transform == _CLOSURE:
            view *= rng.random((n, k)) < b.probability
    return out


def _length_biased_triangular(tri: FloatArray, n: int, rng: np.random.Generator) -> FloatArray:
    """Draw headways with density proportional to ``x f(x)`` by rejection.

    Proposals come from the triangular itself and are accepted with probability
    ``x / high``; only the entries still missing are redrawn, so the work shrinks
    geometrically.
    """
    k = tri.shape[0]
    out = rng.triangular(tri[:, 0], tri[:, 1], tri[:, 2], (n, k))
    keep = rng.random((n, k)) * tri[:, 2] <= out
    todo = np.flatnonzero(~keep.ravel())
    flat = out.ravel()
    while todo.size:
        params = tri[todo % k]
        draw = rng.triangular(params[:, 0], params[:, 1], params[:, 2])
        accept = rng.random(todo.size) * params[:, 2] <= draw
        flat[todo[accept]] = draw[accept]
        todo = todo[~accept]
    return out


@dataclass(frozen=True)
class TransitSimulation:
    """Sampled terminal-to-terminal times of one route.

    Attributes
    ----------
    totals_h
        Every sampled total (hours).
    labels
        Component labels.
    component_mean_h
        Mean of each component (hours).
    variance_share
        Each component's share of the variance of the total, ``cov(X_i, T) / var(T)``
        (sums to 1; correlated components share their covariance).
    seed
        The seed used.
    """

    totals_h: FloatArray
    labels: tuple[str, ...]
    component_mean_h: FloatArray
    variance_share: FloatArray
    seed: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if np.ndim(self.totals_h) != 1 or np.size(self.totals_h) == 0:
            raise InvalidArgumentError(
                f"totals_h has shape {np.shape(self.totals_h)}: a simulation needs a "
                "one-dimensional array of at least one sampled total"
            )

    @property
    def samples(self) -> int:
        """Number of samples."""
        return int(self.totals_h.size)

    @property
    def mean_days(self) -> float:
        """Mean (days)."""
        return float(self.totals_h.mean() / 24.0)

    @property
    def std_days(self) -> float:
        """Standard deviation (days)."""
        return float(self.totals_h.std() / 24.0)

    def percentile_days(self, q: float) -> float:
        """The ``q``-th percentile of the sampled transit times (days).

        Parameters
        ----------
        q
            Percentile from 0 to 100 (``90`` gives the P90).

        Returns
        -------
        float
            Days.

        Raises
        ------
        InvalidArgumentError
            If ``q`` is not a number from 0 to 100.
        """
        q = check_number("q", q, low=0.0, high=100.0)
        return float(np.percentile(self.totals_h, q) / 24.0)

    def probability_within(self, days: float) -> float:
        """Probability of arriving within ``days``.

        Parameters
        ----------
        days
            The deadline, in days after departure.

        Returns
        -------
        float
            Share of sampled transits that take at most ``days``, from 0 to 1.

        Raises
        ------
        InvalidArgumentError
            If ``days`` is not a number or is NaN (infinity is accepted).
        """
        if isinstance(days, bool) or not isinstance(days, int | float | np.integer | np.floating):
            raise InvalidArgumentError(f"days={show(days)}: use a number of days")
        if math.isnan(days):
            raise InvalidArgumentError("days=nan: use a number of days")
        return float(np.mean(self.totals_h <= days * 24.0))

    def percentiles(self) -> dict[str, float]:
        """``p10``, ``p50``, ``p90``, ``p95`` (days).

        Returns
        -------
        dict
            Percentile name to days.
        """
        values = _linear_percentiles(self.totals_h, _PERCENTILES)
        return {f"p{q}": v / 24.0 for q, v in zip(_PERCENTILES, values, strict=True)}

    def top_contributors(self, k: int = 5) -> list[tuple[str, float]]:
        """The ``k`` components with the largest variance share.

        Parameters
        ----------
        k
            How many components to list.

        Returns
        -------
        list of tuple
            ``(label, share)`` pairs, largest share first.

        Raises
        ------
        InvalidArgumentError
            If ``k`` is not a whole number >= 0.
        """
        k = check_int("k", k, low=0)
        order = np.argsort(-self.variance_share)[:k]
        return [(self.labels[i], float(self.variance_share[i])) for i in order]

    def to_dict(self, *, deadline_days: float | None = None) -> dict[str, Any]:
        """JSON form: sample count, seed, transit days and variance shares.

        Parameters
        ----------
        deadline_days
            When given, the on-time probability for this deadline is included.

        Returns
        -------
        dict
            Days rounded to 3 decimals, shares and probabilities to 4.

        Raises
        ------
        InvalidArgumentError
            If ``deadline_days`` is not a finite number >= 0.
        """
        if deadline_days is not None:
            deadline_days = check_number("deadline_days", deadline_days, low=0.0)
        out: dict[str, Any] = {
            "samples": self.samples,
            "seed": self.seed,
            "transit_days": {
                "mean": round(self.mean_days, 3),
                "std": round(self.std_days, 3),
                **{k: round(v, 3) for k, v in self.percentiles().items()},
            },
            "variance_share": [
                {"component": label, "share": round(share, 4)}
                for label, share in self.top_contributors(len(self.labels))
            ],
        }
        if deadline_days is not None:
            out["deadline_days"] = deadline_days
            out["on_time_probability"] = round(self.probability_within(deadline_days), 4)
        out.update(self.meta)
        return out

    def summary_row(
        self, *, label: str | None = None, deadline_days: float | None = None
    ) -> dict[str, Any]:
        """The simulation as one row of :data:`SIMULATION_COLUMNS` (values of :meth:`to_dict`).

        Parameters
        ----------
        label
            The row's label (default: the simulated route's corridor).
        deadline_days
            When given, ``deadline_days`` and ``on_time_probability`` are filled.

        Returns
        -------
        dict
            Column name to value.

        Raises
        ------
        InvalidArgumentError
            If ``deadline_days`` is not a finite number >= 0.
        """
        data = self.to_dict(deadline_days=deadline_days)
        days = data["transit_days"]
        corridor = self.meta.get("corridor")
        return {
            "label": corridor if label is None else label,
            "corridor": corridor,
            "month": self.meta.get("month"),
            "samples": data["samples"],
            "seed": data["seed"],
            **{f"transit_days_{k}": v for k, v in days.items()},
            "deadline_days": data.get("deadline_days"),
            "on_time_probability": data.get("on_time_probability"),
        }

    def to_frame(
        self, *, label: str | None = None, deadline_days: float | None = None
    ) -> DataFrame:
        """A one-row pandas DataFrame of the summary, columns :data:`SIMULATION_COLUMNS`.

        The row is that of ``corridor reliability ... --format csv``: mean, standard
        deviation and P10/P50/P90/P95 of the terminal-to-terminal days, and the on-time
        probability for ``deadline_days``. Several runs stack into one table with
        :func:`simulations_frame`; the samples themselves are :attr:`totals_h` (hours).

        Parameters
        ----------
        label
            The row's label (default: the simulated route's corridor).
        deadline_days
            When given, the on-time probability is included.

        Returns
        -------
        pandas.DataFrame
            One row.

        Raises
        ------
        InvalidArgumentError
            If ``deadline_days`` is not a finite number >= 0.
        MissingOptionalDependencyError
            If pandas is not installed (``pip install 'corridor[frame]'``).
        """
        row = self.summary_row(label=label, deadline_days=deadline_days)
        return records_frame([row], SIMULATION_COLUMNS)


def simulate_components(
    components: Sequence[Component],
    *,
    samples: int = 100_000,
    seed: int | np.random.Generator | None = None,
    border_correlation: float = 0.0,
    chunk: int = 20_000,
    progress: Callable[[int], None] | None = None,
) -> TransitSimulation:
    """Monte Carlo of the sum of ``components``.

    Parameters
    ----------
    components
        The route's components.
    samples
        Number of sampled transits.
    seed
        Seed or generator; the same seed gives identical numbers.
    border_correlation
        See :func:`sample_components`.
    chunk
        Samples per chunk (bounds memory; 20,000 keeps a chunk in cache). The same seed
        and chunk give identical numbers.
    progress
        Called with the number of samples done after each chunk.

    Returns
    -------
    TransitSimulation
        Totals and variance shares.

    Raises
    ------
    InvalidArgumentError
        If ``samples`` is not a whole number from 1 to 10^8, ``chunk`` not one >= 1,
        ``seed`` not ``None``, a whole number >= 0 or a generator, ``border_correlation``
        not in [0, 1], ``progress`` not callable, or ``components`` empty or not
        :class:`Component` objects.
    """
    parts = _components(components)
    samples = check_int("samples", samples, low=1, high=MAX_SAMPLES)
    chunk = check_int("chunk", chunk, low=1)
    seed = check_seed("seed", seed)
    border_correlation = check_number("border_correlation", border_correlation, low=0.0, high=1.0)
    if progress is not None and not callable(progress):
        raise InvalidArgumentError(f"progress={show(progress)}: use a function of one int or None")
    if not parts:
        raise InvalidArgumentError("components=[]: the route has no time components to simulate")
    components = parts
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    # fixed durations add a constant: they are summed once, not sampled column by column
    constant = np.array(
        [_family(c) == _FIXED and _transform(c) == _PLAIN for c in components], dtype=bool
    )
    fixed_h = np.array(
        [_as(c.dist, Fixed).value if k else 0.0 for c, k in zip(components, constant, strict=True)]
    )
    random_ix = np.flatnonzero(~constant)
    plan = _plan([components[int(i)] for i in random_ix])
    offset = float(fixed_h.sum())
    totals = np.empty(samples)
    s_x = np.zeros(plan.n)
    s_xt = np.zeros(plan.n)
    done = 0
    while done < samples:
        m = min(chunk, samples - done)
        x = _sample(plan, m, rng, border_correlation)
        t = x.sum(axis=1) + offset
        totals[done : done + m] = t
        s_x += x.sum(axis=0)
        s_xt += t @ x
        done += m
        if progress is not None:
            progress(done)
    mean_t = totals.mean()
    var_t = totals.var()
    mean_x = fixed_h.copy()
    share = np.zeros(len(components))
    if plan.n:
        s_x, s_xt = s_x[plan.inverse], s_xt[plan.inverse]
        mean_x[random_ix] = s_x / samples
        cov = s_xt / samples - mean_x[random_ix] * mean_t
        if var_t > 0:
            share[random_ix] = cov / var_t
    return TransitSimulation(
        totals_h=totals,
        labels=tuple(c.label for c in components),
        component_mean_h=mean_x,
        variance_share=share,
        seed=seed if isinstance(seed, int) else None,
    )


def simulations_rows(
    simulations: Sequence[tuple[str, TransitSimulation]], *, deadline_days: float | None = None
) -> list[dict[str, Any]]:
    """One row of :data:`SIMULATION_COLUMNS` per ``(label, simulation)`` pair, in order.

    Parameters
    ----------
    simulations
        ``(label, simulation)`` pairs, as for :func:`corridor.reliability.plot_transit_times`.
    deadline_days
        When given, each row's on-time probability for it.

    Returns
    -------
    list of dict
        Column name to value.

    Raises
    ------
    InvalidArgumentError
        If a pair is not ``(label, TransitSimulation)`` or ``deadline_days`` is not a
        finite number >= 0.
    """
    rows: list[dict[str, Any]] = []
    for i, pair in enumerate(simulations):
        if not isinstance(pair, tuple | list) or len(pair) != 2:  # noqa: PLR2004
            raise InvalidArgumentError(
                f"simulations[{i}]={show(pair)}: use a (label, TransitSimulation) pair"
            )
        label, sim = pair
        if not isinstance(sim, TransitSimulation):
            raise InvalidArgumentError(
                f"simulations[{i}]={show(pair)}: use a (label, TransitSimulation) pair"
            )
        rows.append(sim.summary_row(label=str(label), deadline_days=deadline_days))
    return rows


def simulations_frame(
    simulations: Sequence[tuple[str, TransitSimulation]], *, deadline_days: float | None = None
) -> DataFrame:
    """Percentiles per run as a pandas DataFrame, columns :data:`SIMULATION_COLUMNS`.

    The same table as ``corridor reliability ... --format csv``.

    Parameters
    ----------
    simulations
        ``(label, simulation)`` pairs.
    deadline_days
        When given, each row's on-time probability for it.

    Returns
    -------
    pandas.DataFrame
        One row per simulation.

    Raises
    ------
    InvalidArgumentError
        As for :func:`simulations_rows`.
    MissingOptionalDependencyError
        If pandas is not installed (``pip install 'corridor[frame]'``).
    """
    return records_frame(
        simulations_rows(simulations, deadline_days=deadline_days), SIMULATION_COLUMNS
    )
