"""Vectorised Monte Carlo of a route's door-to-door time.

All components of a route are sampled together, family by family (fixed, triangular,
log-normal, empirical), as ``(samples, components)`` arrays: there is no Python loop per
sample or per component. Waits for a departure follow random incidence (a shipment is more
likely to arrive during a long headway: the headway is drawn length-biased, then a uniform
fraction of it is waited). A seasonal closure adds its delay with the month's closure
probability. Border dwells can be correlated (congestion comes in waves) through a shared
normal factor. Samples are drawn in chunks so that memory stays bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt

from corridor.exceptions import CorridorError
from corridor.network.distributions import Empirical, Fixed, LogNormal, Triangular
from corridor.reliability.components import Component

__all__ = ["TransitSimulation", "sample_components", "simulate_components"]

FloatArray: TypeAlias = npt.NDArray[np.float64]
_T = TypeVar("_T")
_WEEK_H = 168.0
_PERCENTILES = (10, 50, 90, 95)


@dataclass(frozen=True)
class _Plan:
    """Parameter arrays of one route's components, grouped by distribution family."""

    n: int
    wait: npt.NDArray[np.bool_]
    closure_p: FloatArray
    correlated: npt.NDArray[np.bool_]
    fixed_cols: npt.NDArray[np.int64]
    fixed_val: FloatArray
    tri_cols: npt.NDArray[np.int64]
    tri: FloatArray  # (k, 3) low, mode, high
    tri_lb: npt.NDArray[np.bool_]
    ln_cols: npt.NDArray[np.int64]
    ln_mu: FloatArray
    ln_sigma: FloatArray
    emp_cols: npt.NDArray[np.int64]
    emp_values: FloatArray
    emp_cum: FloatArray  # cumulative weights, component j's run lies in [j, j + 1)
    tt_cols: npt.NDArray[np.int64]
    tt_deps: FloatArray  # flattened departures, component j shifted by 2 * 168 * j


def _plan(components: Sequence[Component]) -> _Plan:
    kinds = [c.kind for c in components]
    wait = np.array([k == "wait" for k in kinds], dtype=bool)
    tt = np.array([bool(c.timetable) for c in components], dtype=bool)
    closure_p = np.array([c.probability if c.kind == "closure" else 1.0 for c in components])
    correlated = np.array([k == "border" for k in kinds], dtype=bool)

    def cols(kind: type) -> npt.NDArray[np.int64]:
        return np.array(
            [i for i, c in enumerate(components) if isinstance(c.dist, kind) and not tt[i]],
            dtype=np.int64,
        )

    fixed_cols, tri_cols, ln_cols, emp_cols = (
        cols(Fixed),
        cols(Triangular),
        cols(LogNormal),
        cols(Empirical),
    )
    fixed_val = np.array([_as(components[i].dist, Fixed).value for i in fixed_cols])
    tri = np.array(
        [
            [
                _as(components[i].dist, Triangular).low,
                _as(components[i].dist, Triangular).mode,
                _as(components[i].dist, Triangular).high,
            ]
            for i in tri_cols
        ]
    ).reshape(-1, 3)
    ln = [_as(components[i].dist, LogNormal) for i in ln_cols]
    ln_mu = np.array([d.mu for d in ln])
    ln_sigma = np.array([d.sigma for d in ln])
    # a wait samples its headway length-biased: log-normal mu + sigma^2 is exact
    ln_mu = ln_mu + np.where(wait[ln_cols], ln_sigma**2, 0.0)
    values: list[FloatArray] = []
    cums: list[FloatArray] = []
    for j, i in enumerate(emp_cols):
        v = np.sort(np.asarray(_as(components[i].dist, Empirical).values, dtype=np.float64))
        w = v if wait[i] and v.sum() > 0 else np.ones_like(v)
        values.append(v)
        cums.append(j + np.cumsum(w) / w.sum())
    deps = [
        np.sort(np.asarray(components[int(i)].timetable)) + 2 * _WEEK_H * j
        for j, i in enumerate(np.flatnonzero(tt))
    ]
    return _Plan(
        n=len(components),
        wait=wait,
        closure_p=closure_p,
        correlated=correlated,
        fixed_cols=fixed_cols,
        fixed_val=fixed_val,
        tri_cols=tri_cols,
        tri=tri,
        tri_lb=wait[tri_cols],
        ln_cols=ln_cols,
        ln_mu=ln_mu,
        ln_sigma=ln_sigma,
        emp_cols=emp_cols,
        emp_values=np.concatenate(values) if values else np.zeros(0),
        emp_cum=np.concatenate(cums) if cums else np.zeros(0),
        tt_cols=np.flatnonzero(tt).astype(np.int64),
        tt_deps=np.concatenate(deps) if deps else np.zeros(0),
    )


def _as(dist: object, kind: type[_T]) -> _T:
    assert isinstance(dist, kind)  # noqa: S101 - grouped by type just before
    return dist


def _triangular_inverse(u: FloatArray, tri: FloatArray) -> FloatArray:
    a, c, b = tri[:, 0], tri[:, 1], tri[:, 2]
    split = (c - a) / (b - a)
    left = a + np.sqrt(u * (b - a) * (c - a))
    right = b - np.sqrt((1.0 - u) * (b - a) * (b - c))
    return np.where(u < split, left, right)


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
        Samples in hours.
    """
    plan = _plan(components)
    return _sample(plan, n, rng, border_correlation)


def _sample(plan: _Plan, n: int, rng: np.random.Generator, rho: float) -> FloatArray:
    out = np.zeros((n, plan.n))
    if plan.fixed_cols.size:
        out[:, plan.fixed_cols] = plan.fixed_val
    shared = rng.standard_normal(n)[:, None] if rho > 0 else None

    def normals(cols: npt.NDArray[np.int64]) -> FloatArray:
        z = rng.standard_normal((n, cols.size))
        if shared is not None:
            corr = plan.correlated[cols]
            z[:, corr] = np.sqrt(rho) * shared + np.sqrt(1.0 - rho) * z[:, corr]
        return z

    if plan.ln_cols.size:
        out[:, plan.ln_cols] = np.exp(plan.ln_mu + plan.ln_sigma * normals(plan.ln_cols))
    if plan.tri_cols.size:
        corr = plan.correlated[plan.tri_cols]
        u = rng.random((n, plan.tri_cols.size))
        if shared is not None and corr.any():
            from scipy.special import ndtr  # noqa: PLC0415 - only for correlated dwells

            u[:, corr] = ndtr(normals(plan.tri_cols)[:, corr])
        x = _triangular_inverse(u, plan.tri)
        lb = plan.tri_lb
        if lb.any():  # length-biased headways by rejection: accept with prob x / high
            x[:, lb] = _length_biased_triangular(plan.tri[lb], n, rng)
        out[:, plan.tri_cols] = x
    if plan.emp_cols.size:
        k = plan.emp_cols.size
        u = rng.random((n, k)) + np.arange(k)
        idx = np.minimum(np.searchsorted(plan.emp_cum, u, side="right"), plan.emp_cum.size - 1)
        out[:, plan.emp_cols] = plan.emp_values[idx]
    if plan.tt_cols.size:  # time to the next departure from a uniform arrival in the week
        k = plan.tt_cols.size
        shift = 2 * _WEEK_H * np.arange(k)
        arrive = rng.random((n, k)) * _WEEK_H + shift
        wrapped = np.concatenate([plan.tt_deps, plan.tt_deps + _WEEK_H])
        order = np.argsort(wrapped, kind="stable")
        wrapped = wrapped[order]
        nxt = wrapped[np.searchsorted(wrapped, arrive)]
        out[:, plan.tt_cols] = nxt - arrive
    headway = plan.wait.copy()
    headway[plan.tt_cols] = False
    if headway.any():
        out[:, headway] *= rng.random((n, int(headway.sum())))
    closure = plan.closure_p < 1.0
    if closure.any():
        out[:, closure] *= rng.random((n, int(closure.sum()))) < plan.closure_p[closure]
    return out


def _length_biased_triangular(tri: FloatArray, n: int, rng: np.random.Generator) -> FloatArray:
    out = np.empty((n, tri.shape[0]))
    todo = np.ones((n, tri.shape[0]), dtype=bool)
    while todo.any():
        draw = _triangular_inverse(rng.random((n, tri.shape[0])), tri)
        accept = todo & (rng.random((n, tri.shape[0])) * tri[:, 2] <= draw)
        out[accept] = draw[accept]
        todo &= ~accept
    return out


@dataclass(frozen=True)
class TransitSimulation:
    """Sampled door-to-door times of one route.

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
        """The ``q``-th percentile (days)."""
        return float(np.percentile(self.totals_h, q) / 24.0)

    def probability_within(self, days: float) -> float:
        """Probability of arriving within ``days``."""
        return float(np.mean(self.totals_h <= days * 24.0))

    def percentiles(self) -> dict[str, float]:
        """``p10``, ``p50``, ``p90``, ``p95`` (days)."""
        values = np.percentile(self.totals_h, _PERCENTILES) / 24.0
        return {f"p{q}": float(v) for q, v in zip(_PERCENTILES, values, strict=True)}

    def top_contributors(self, k: int = 5) -> list[tuple[str, float]]:
        """The ``k`` components with the largest variance share."""
        order = np.argsort(-self.variance_share)[:k]
        return [(self.labels[i], float(self.variance_share[i])) for i in order]

    def to_dict(self, *, deadline_days: float | None = None) -> dict[str, Any]:
        """JSON form."""
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


def simulate_components(
    components: Sequence[Component],
    *,
    samples: int = 100_000,
    seed: int | np.random.Generator | None = None,
    border_correlation: float = 0.0,
    chunk: int = 100_000,
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
        Samples per chunk (bounds memory).
    progress
        Called with the number of samples done after each chunk.

    Returns
    -------
    TransitSimulation
        Totals and variance shares.
    """
    if samples < 1:
        raise CorridorError(f"--samples {samples}: must be at least 1")
    if not 0.0 <= border_correlation <= 1.0:
        raise CorridorError(f"--border-correlation {border_correlation}: must be in [0, 1]")
    if not components:
        raise CorridorError("the route has no time components to simulate")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    plan = _plan(components)
    totals = np.empty(samples)
    s_x = np.zeros(plan.n)
    s_xt = np.zeros(plan.n)
    done = 0
    while done < samples:
        m = min(chunk, samples - done)
        x = _sample(plan, m, rng, border_correlation)
        t = x.sum(axis=1)
        totals[done : done + m] = t
        s_x += x.sum(axis=0)
        s_xt += t @ x
        done += m
        if progress is not None:
            progress(done)
    mean_x = s_x / samples
    mean_t = totals.mean()
    var_t = totals.var()
    cov = s_xt / samples - mean_x * mean_t
    share = cov / var_t if var_t > 0 else np.zeros(plan.n)
    return TransitSimulation(
        totals_h=totals,
        labels=tuple(c.label for c in components),
        component_mean_h=mean_x,
        variance_share=share,
        seed=seed if isinstance(seed, int) else None,
    )
