"""One task of a sweep: a scenario and a batch of pairs, compared and simulated."""

from __future__ import annotations

from corridor.exceptions import NoRouteError
from corridor.network.model import Network
from corridor.planning.compare import compare
from corridor.reliability.simulate import simulate_route
from corridor.sweep.model import SweepRow, SweepTask
from corridor.sweep.seeds import option_seed, pair_seed_sequence

__all__ = ["run_task"]

_DAYS_DIGITS = 3
_MONEY_DIGITS = 2


def run_task(network: Network, task: SweepTask) -> list[SweepRow]:
    """Run one task: apply its scenario, compare corridors per pair, simulate each option.

    The scenario is applied once for the batch. Each shown option of each pair's
    comparison is simulated with ``task.samples`` draws and the seed
    :func:`~corridor.sweep.seeds.option_seed` derives from the base seed, the scenario,
    the pair and the corridor, so a row does not depend on the batch it ran in.

    Parameters
    ----------
    network
        The base network (never changed).
    task
        The task.

    Returns
    -------
    list of SweepRow
        The pairs' options in pair order, best first; a pair without a route gives one
        row whose ``note`` says why.
    """
    scenario_net = task.scenario.network(network)
    options = task.scenario.options(task.options)
    month = options.month
    rows: list[SweepRow] = []
    for origin, destination in task.pairs:
        try:
            comparison = compare(scenario_net, origin, destination, options=options)
        except NoRouteError as exc:
            rows.append(
                SweepRow(
                    task.scenario.name,
                    origin,
                    destination,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    note=str(exc).splitlines()[0] if str(exc) else "no route",
                )
            )
            continue
        pair = pair_seed_sequence(task.seed, task.scenario.name, origin, destination)
        for assessed in comparison.assessed:
            if not assessed.shown:
                continue
            route = assessed.route
            sim = simulate_route(
                scenario_net,
                route,
                samples=task.samples,
                month=month,
                seed=option_seed(pair, route.corridor),
            )
            rows.append(
                SweepRow(
                    scenario=task.scenario.name,
                    origin=origin,
                    destination=destination,
                    rank=assessed.rank,
                    corridor=route.corridor,
                    mean_days=round(sim.mean_days, _DAYS_DIGITS),
                    p50_days=round(sim.percentile_days(50), _DAYS_DIGITS),
                    p90_days=round(sim.percentile_days(90), _DAYS_DIGITS),
                    cost_usd=round(route.cost_usd, _MONEY_DIGITS),
                    co2_kg=round(route.co2_kg, _MONEY_DIGITS),
                )
            )
    return rows
