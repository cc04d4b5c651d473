"""``GET /v1/reliability`` and ``GET /v1/cost``: Monte Carlo transit times and landed cost."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from corridor.api.params import RouteParams
from corridor.api.responses import json_response
from corridor.api.routers._deps import resolve_network
from corridor.exceptions import CorridorError

if TYPE_CHECKING:
    from corridor.routing.result import Route

__all__ = ["MAX_SAMPLES", "router"]

router = APIRouter(tags=["simulation"])
#: The most sampled transits per route one synchronous request may ask for.
MAX_SAMPLES = 200_000


def _pick(options: tuple[Route, ...], detours: tuple[Route, ...], family: str) -> list[Route]:
    for pool in (options, detours):
        exact = [r for r in pool if r.corridor == family]
        chosen = exact or [r for r in pool if r.corridor.startswith(family)]
        if chosen:
            return chosen
    found = ", ".join(r.corridor for r in options)
    raise CorridorError(
        f"--corridor {family}: no route of that family between these places; available: {found}"
    )


@router.get("/reliability", summary="Transit-time distributions (Monte Carlo)")
def reliability(
    request: Request,
    params: Annotated[RouteParams, Query()],
    corridor: Annotated[list[str] | None, Query(description="Corridor families.")] = None,
    samples: Annotated[int, Query(ge=1, le=MAX_SAMPLES)] = 20_000,
    seed: Annotated[int, Query(ge=0, le=2**63 - 1)] = 1,
    deadline: Annotated[str | None, Query(max_length=20, description="20d or 480h.")] = None,
    border_correlation: Annotated[float, Query(description="0 to 1.")] = 0.0,
    digital_borders: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """``corridor reliability -f json``: per route, mean, P10-P95, on-time probability."""
    from corridor.cli._common import check_number, comma_list  # noqa: PLC0415
    from corridor.cli.reliability import parse_days  # noqa: PLC0415
    from corridor.planning import compare  # noqa: PLC0415
    from corridor.reliability.simulate import digital_borders as make_digital  # noqa: PLC0415
    from corridor.reliability.simulate import simulate_route  # noqa: PLC0415

    deadline_days = parse_days(deadline) if deadline is not None else None
    check_number("--border-correlation", border_correlation, low=0.0, high=1.0)
    params.check()
    digital = comma_list("--digital-borders", digital_borders)
    families = comma_list("--corridor", corridor)
    net = resolve_network(request, params.scenario, params.network).network
    where = params.places(net)
    result = compare(
        net, where.origin, where.destination, options=params.options(where, "time", 0.0)
    )
    detours = tuple(a.route for a in result.implausible)
    routes: list[Route] = []
    wanted: list[str | None] = [*families] if families else [None]
    for family in wanted:
        picked = list(result.options) if family is None else _pick(result.options, detours, family)
        routes.extend(r for r in picked if all(r is not x for x in routes))
    runs = []
    for r in routes:
        variants = [(r.corridor, net)]
        if digital:
            variants.append(
                (f"{r.corridor} (digital {','.join(digital)})", make_digital(net, digital, r))
            )
        for label, variant in variants:
            sim = simulate_route(
                variant,
                r,
                samples=samples,
                month=params.month,
                seed=seed,
                border_correlation=border_correlation,
            )
            runs.append(
                {"label": label, "corridor": r.corridor, **sim.to_dict(deadline_days=deadline_days)}
            )
    return json_response(
        {
            "origin": {"id": result.origin.id, "name": result.origin.name},
            "destination": {"id": result.destination.id, "name": result.destination.name},
            "month": params.month,
            "runs": runs,
        },
        notes=where.notes,
    )


@router.get("/cost", summary="Landed cost per corridor")
def cost(
    request: Request,
    params: Annotated[RouteParams, Query()],
    value: Annotated[float, Query(description="Value of the goods of the consignment.")],
    currency: Annotated[str, Query(max_length=3)] = "USD",
    quantity: Annotated[int, Query(ge=1, le=10_000_000)] = 1,
    deadline: Annotated[str | None, Query(max_length=20)] = None,
    confidence: Annotated[float | None, Query()] = None,
    insurance_rate: Annotated[float | None, Query()] = None,
    carrying_rate: Annotated[float | None, Query()] = None,
    conversion_spread: Annotated[float | None, Query()] = None,
    fx: Annotated[list[str] | None, Query(description="EUR=0.92; repeat or comma list.")] = None,
    rank: Annotated[Literal["landed", "time"], Query()] = "landed",
    samples: Annotated[int, Query(ge=1, le=MAX_SAMPLES)] = 10_000,
    seed: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
) -> Response:
    """``corridor cost -f json``: freight, fees, insurance, inventory and FX, ranked."""
    from corridor.cli._common import check_number, comma_list  # noqa: PLC0415
    from corridor.finance.fx import default_fx, parse_rates  # noqa: PLC0415
    from corridor.finance.landed import landed_cost  # noqa: PLC0415

    check_number("--value", value, low=0.0)
    params.check()
    rates = parse_rates(comma_list("--fx", fx))
    resolved = resolve_network(request, params.scenario, params.network)
    net = resolved.network
    where = params.places(net)
    opts = params.options(where, "generalized", resolved.carbon(0.0))
    result = landed_cost(
        net,
        where.origin,
        where.destination,
        value=value,
        currency=currency,
        quantity=quantity,
        deadline=deadline,
        confidence=confidence,
        fx=default_fx().with_rates(rates) if rates else None,
        insurance_rate=insurance_rate,
        carrying_rate=carrying_rate,
        conversion_spread=conversion_spread,
        rank_by=rank,
        samples=samples,
        seed=seed,
        options=opts,
    )
    return json_response(result.to_dict(), notes=where.notes)
