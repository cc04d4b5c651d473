"""The sweep: scenarios x origin-destination pairs x Monte Carlo draws."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from os import PathLike
from typing import Any

from corridor._checks import check_instance, check_int, check_str, show
from corridor.exceptions import InvalidArgumentError, UnknownPlaceError
from corridor.network.model import Network
from corridor.network.places import check_endpoint, resolve_place
from corridor.routing.options import RouteOptions
from corridor.scenarios import Scenario, apply_scenario, load_scenario, route_overrides
from corridor.sweep.backends import Progress, run_dask, run_serial
from corridor.sweep.model import BASE, SweepResult, SweepScenario, SweepTask

__all__ = [
    "MAX_BATCH_SIZE",
    "MAX_SWEEP_SAMPLES",
    "MAX_WORKERS",
    "ScenarioFiles",
    "sweep",
    "sweep_scenario",
]

MAX_SWEEP_SAMPLES = 10_000_000
"""Most simulated transits per option (as ``corridor reliability --samples``)."""
MAX_WORKERS = 1024
"""Most workers of a local cluster."""
MAX_BATCH_SIZE = 100_000
"""Most pairs in one task."""
DEFAULT_SAMPLES = 2_000
"""Simulated transits per option by default (P90 good to about 0.2 day)."""


@dataclass(frozen=True)
class ScenarioFiles:
    """Applies scenarios of :mod:`corridor.scenarios` in order; picklable for workers.

    Attributes
    ----------
    scenarios
        The loaded scenarios.
    """

    scenarios: tuple[Scenario, ...]

    def __call__(self, network: Network) -> Network:
        """The network with the scenarios applied (the base is never changed).

        Parameters
        ----------
        network
            The base network.

        Returns
        -------
        Network
            A new network.

        Raises
        ------
        ScenarioError
            If a scenario names ids the network does not have.
        """
        return apply_scenario(network, list(self.scenarios))


def sweep_scenario(spec: object) -> SweepScenario:
    """The scenario meant by ``spec``.

    Parameters
    ----------
    spec
        A :class:`SweepScenario`; ``"base"`` for the unchanged network; a built-in
        scenario name or a scenario ``.toml`` path (:func:`corridor.scenarios.load_scenario`),
        several joined by ``+`` to apply them in order (``middle-corridor-2030+digital-borders``);
        a :class:`~corridor.scenarios.Scenario`; or a callable turning a network into a
        network with a ``name`` attribute.

    Returns
    -------
    SweepScenario
        The scenario, named as in its file (``A+B`` for several).

    Raises
    ------
    ScenarioError
        If a name is neither built in nor a readable scenario file, or a file has problems.
    InvalidArgumentError
        If ``spec`` is none of these.

    Examples
    --------
    >>> from corridor.sweep import sweep_scenario
    >>> sweep_scenario("red-sea-closure").name
    'red-sea-closure'
    >>> sweep_scenario("base").apply is None
    True
    """
    if isinstance(spec, SweepScenario):
        return spec
    if isinstance(spec, str | PathLike | Scenario):
        return _from_files(spec)
    label = getattr(spec, "name", None)
    if callable(spec) and isinstance(label, str) and label.strip():
        return SweepScenario(label, spec)
    msg = (
        f"scenario={show(spec)}: use 'base', a scenario name or file, a SweepScenario(name, "
        "apply) or a named callable that returns a network"
    )
    raise InvalidArgumentError(msg)


def _from_files(spec: str | PathLike[str] | Scenario) -> SweepScenario:
    parts: list[str | PathLike[str] | Scenario] = []
    if isinstance(spec, str):
        names = [p.strip() for p in spec.split("+")]
        if not all(names):
            msg = f"scenario={spec!r}: empty name; fix: join names with '+', e.g. 'a+b'"
            raise InvalidArgumentError(msg)
        parts.extend(n for n in names if n.lower() != BASE.name)
    else:
        parts.append(spec)
    chosen = [load_scenario(p) for p in parts]
    chosen = [s for s in chosen if s.name != BASE.name or s.edits]
    if not chosen:
        return BASE
    overrides = tuple(sorted(route_overrides(chosen).items()))  # also checks base chains
    name = "+".join(s.name for s in chosen)
    expanded = tuple(x for s in chosen for x in _with_bases(s))
    return SweepScenario(name, ScenarioFiles(expanded), overrides)


def _with_bases(scenario: Scenario) -> list[Scenario]:
    """The scenario after its ``base`` scenarios, each with ``base`` cleared.

    Bases are read here, where their files are, so that workers on other machines get
    parsed scenarios and never look for a file (:func:`route_overrides` has refused loops).
    """
    chain = [replace(scenario, base=None)]
    while scenario.base is not None and scenario.base != BASE.name:
        scenario = load_scenario(scenario.base)
        chain.insert(0, replace(scenario, base=None))
    return chain


def _pairs(network: Network, pairs: object) -> tuple[tuple[str, str], ...]:
    if isinstance(pairs, str | bytes) or not isinstance(pairs, Iterable):
        msg = f"pairs={show(pairs)}: use a list of (origin, destination) pairs"
        raise InvalidArgumentError(msg)
    found: list[tuple[str, str]] = []
    for i, pair in enumerate(pairs):
        if isinstance(pair, str | bytes) or not isinstance(pair, Iterable):
            raise InvalidArgumentError(f"pairs[{i}]={show(pair)}: use an (origin, destination)")
        items = list(pair)
        if len(items) != 2:  # noqa: PLR2004 - a pair
            raise InvalidArgumentError(f"pairs[{i}]={show(pair)}: use an (origin, destination)")
        ids: list[str] = []
        for role, text in zip(("origin", "destination"), items, strict=True):
            check_str(f"pairs[{i}] {role}", text, empty=False)
            try:
                node = check_endpoint(resolve_place(network, text), role)
            except UnknownPlaceError as exc:
                raise UnknownPlaceError(f"pairs[{i}] {role}: {exc}") from None
            ids.append(node.id)
        if ids[0] == ids[1]:
            msg = f"pairs[{i}]={show(pair)}: origin and destination are the same place"
            raise InvalidArgumentError(msg)
        key = (ids[0], ids[1])
        if key not in found:
            found.append(key)
    if not found:
        raise InvalidArgumentError("pairs=[]: give at least one (origin, destination) pair")
    return tuple(found)


def _scenarios(scenarios: object) -> tuple[SweepScenario, ...]:
    if isinstance(scenarios, str) or not isinstance(scenarios, Iterable):
        scenarios = [scenarios]
    found = tuple(sweep_scenario(s) for s in scenarios)
    if not found:
        raise InvalidArgumentError("scenarios=[]: give at least one scenario ('base')")
    names = [s.name for s in found]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        msg = f"scenarios: {', '.join(twice)} given twice; fix: give each scenario once"
        raise InvalidArgumentError(msg)
    return found


def sweep(
    network: Network,
    scenarios: Iterable[object] | object,
    pairs: Iterable[tuple[str, str]],
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    batch_size: int = 4,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,  # noqa: ANN401 - a distributed.Client: optional extra
    processes: bool = True,
    options: RouteOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SweepResult:
    """Compare corridors for every pair under every scenario, with simulated times.

    The work is cut into tasks of one scenario and up to ``batch_size`` pairs. A task
    applies its scenario to the base network, compares corridors for each pair
    (:func:`corridor.compare`) and simulates each shown option with ``samples`` draws
    seeded from ``(seed, scenario name, origin, destination, corridor)`` through numpy
    :class:`~numpy.random.SeedSequence` spawn keys (:mod:`corridor.sweep.seeds`). The
    numbers therefore do not depend on the batch size, on the order tasks finish in or
    on where they run: a serial run and a Dask run agree exactly.

    Parameters
    ----------
    network
        The base network (never changed; scattered once to Dask workers).
    scenarios
        Scenarios in order: ``"base"``, built-in scenario names or ``.toml`` paths
        (``a+b`` applies both), :class:`SweepScenario` objects or named callables (see
        :func:`sweep_scenario`); names must differ.
    pairs
        ``(origin, destination)`` places (name, alias, id or UN/LOCODE, matched exactly);
        a repeated pair is run once.
    samples
        Simulated transits per option, 1 to 10^7.
    seed
        Base seed, a whole number >= 0.
    batch_size
        Pairs per task, 1 to 100,000 (changes the work's grain, not the numbers).
    workers
        Run on a new Dask ``LocalCluster`` of this many workers (1 to 1024).
    scheduler
        Run on the Dask scheduler at this address (``tcp://host:8786``).
    client
        Run on this connected :class:`distributed.Client` (left open).
    processes
        Whether a local cluster's workers are processes (``False``: threads).
    options
        Routing options of every comparison (cargo, criterion, month, ...).
    progress
        Called with (0, tasks in all) before the first task, then with (tasks done, tasks
        in all) as tasks finish.

    Returns
    -------
    SweepResult
        Rows in scenario order, then pair order, then rank.

    Raises
    ------
    InvalidArgumentError
        For a bad number, an empty or malformed list, two scenarios of one name, two of
        ``workers``/``scheduler``/``client`` at once, a ``client`` that is not a Dask
        client, or the same place at both ends.
    UnknownPlaceError
        If a place of ``pairs`` is not in the network (the message names the pair).
    ScenarioError
        If a scenario is neither built in nor a readable file, or does not fit the network.
    MissingOptionalDependencyError
        If a Dask backend is asked for and Dask is not installed
        (``pip install 'corridor[dask]'``).
    SchedulerUnreachableError
        If ``scheduler`` cannot be reached.

    Examples
    --------
    >>> import corridor
    >>> from corridor.sweep import sweep
    >>> result = sweep(corridor.eurasia(), ["base"], [("Xi'an", "Duisburg")], samples=200)
    >>> row = result.rows[0]
    >>> (row.scenario, row.rank, row.p50_days <= row.p90_days)
    ('base', 1, True)
    """
    check_instance("network", network, Network, "a Network, e.g. corridor.eurasia()")
    samples = check_int("samples", samples, low=1, high=MAX_SWEEP_SAMPLES)
    seed = check_int("seed", seed, low=0)
    batch_size = check_int("batch_size", batch_size, low=1, high=MAX_BATCH_SIZE)
    if workers is not None:
        workers = check_int("workers", workers, low=1, high=MAX_WORKERS)
    if scheduler is not None:
        scheduler = check_str("scheduler", scheduler, empty=False).strip()
    if client is not None and not all(hasattr(client, a) for a in ("scatter", "submit")):
        msg = f"client={show(client)}: use a connected distributed.Client, or None"
        raise InvalidArgumentError(msg)
    if not isinstance(processes, bool):
        raise InvalidArgumentError(f"processes={show(processes)}: use True or False")
    where = {"workers": workers, "scheduler": scheduler, "client": client}
    chosen = [name for name, value in where.items() if value is not None]
    if len(chosen) > 1:
        msg = f"{' and '.join(chosen)}: give only one of workers, scheduler and client"
        raise InvalidArgumentError(msg)
    if options is None:
        options = RouteOptions()
    check_instance("options", options, RouteOptions, "a RouteOptions")
    if progress is not None and not callable(progress):
        raise InvalidArgumentError(f"progress={show(progress)}: use a callable or None")
    chosen_scenarios = _scenarios(scenarios)
    chosen_pairs = _pairs(network, pairs)
    batches = [
        (scenario, chosen_pairs[start : start + batch_size])
        for scenario in chosen_scenarios
        for start in range(0, len(chosen_pairs), batch_size)
    ]
    tasks = [
        SweepTask(
            index=i, scenario=scenario, pairs=batch, samples=samples, seed=seed, options=options
        )
        for i, (scenario, batch) in enumerate(batches)
    ]
    report: Progress | None = progress
    if chosen:
        results, backend = run_dask(
            network,
            tasks,
            workers=workers,
            scheduler=scheduler,
            client=client,
            processes=processes,
            progress=report,
        )
    else:
        results, backend = run_serial(network, tasks, report), "serial"
    return SweepResult(
        rows=tuple(row for rows in results for row in rows),
        scenarios=tuple(s.name for s in chosen_scenarios),
        pairs=chosen_pairs,
        samples=samples,
        seed=seed,
        backend=backend,
    )
