"""Query parameters shared by the routing endpoints, and the route options they make."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from corridor.network.model import Network
    from corridor.routing.options import RouteOptions

__all__ = ["MAX_TEXT", "Endpoints", "FormatParam", "RouteParams", "StrList"]

#: The longest place text accepted (spelling-tolerant matching costs length squared).
MAX_TEXT = 200

StrList = Annotated[
    list[str] | None,
    Query(description="Repeat the parameter or give a comma list."),
]
FormatParam = Annotated[
    Literal["json", "geojson"] | None,
    Query(
        alias="format",
        description="json or geojson (also chosen by Accept: application/geo+json).",
    ),
]


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Resolved node ids of a request's origin, destination and via places.

    ``notes`` holds the CLI's notes on misspellings matched (``matched 'Duisburg' for
    'Duisbrg'``), sent back in the ``Corridor-Notes`` header.
    """

    origin: str
    destination: str
    via: tuple[str, ...]
    notes: tuple[str, ...] = ()


class RouteParams(BaseModel):
    """Routing options of a request, as the CLI's flags (same names, same checks).

    Parameters
    ----------
    origin, destination
        Name, alias, id or UN/LOCODE.
    cargo
        Cargo class.
    avoid_country, close, mode_only, via
        Repeated or comma lists.
    max_transshipments
        At most this many transfers.
    value_of_time
        USD per cargo unit per day.
    carbon_price
        USD per tonne CO2e.
    month
        Month of departure.
    date
        Shipping date YYYY-MM-DD.
    operations
        Rail operating regime.
    scenario
        Built-in scenario names, applied in order.
    network
        An uploaded network (``GET /v1/networks``); default: the embedded one.
    """

    origin: str = Field(max_length=MAX_TEXT, description="Origin: name, alias, id or UN/LOCODE.")
    destination: str = Field(
        max_length=MAX_TEXT, description="Destination: name, alias, id or UN/LOCODE."
    )
    cargo: str = Field("FEU", description="TEU, FEU, bulk_grain, liquid_energy.")
    avoid_country: list[str] | None = Field(None, description="ISO codes; repeat or comma list.")
    close: list[str] | None = Field(None, description="Node or link ids; repeat or comma list.")
    mode_only: list[str] | None = Field(None, description="Modes allowed; repeat or comma list.")
    via: list[str] | None = Field(None, description="Places to pass, in order.")
    max_transshipments: int | None = Field(None, description="At most N transfers.")
    value_of_time: float | None = Field(None, description="USD per unit per day.")
    carbon_price: float = Field(0.0, description="USD per tonne CO2e.")
    month: int | None = Field(None, ge=1, le=12, description="Month of departure.")
    date: str | None = Field(None, description="Shipping date YYYY-MM-DD.")
    operations: str | None = Field(None, description="scheduled, average or congested.")
    scenario: list[str] | None = Field(None, description="Built-in scenarios, in order.")
    network: str | None = Field(
        None, max_length=100, description="An uploaded network's name (default: embedded)."
    )

    def check(self) -> None:
        """Refuse bad options before any work, with the CLI's messages."""
        from corridor.cli.routing import check_edge  # noqa: PLC0415

        check_edge(
            self.value_of_time,
            self.carbon_price,
            self.avoid_country,
            self.close,
            self.mode_only,
            self.max_transshipments,
            self.via,
        )

    def places(self, net: Network) -> Endpoints:
        """Check the countries and resolve the places on ``net``.

        Parameters
        ----------
        net
            The network (scenarios applied).

        Returns
        -------
        Endpoints
            The node ids.
        """
        from corridor.api.networks import resolve  # noqa: PLC0415
        from corridor.cli._common import comma_list  # noqa: PLC0415
        from corridor.cli.routing import check_countries  # noqa: PLC0415

        check_countries(net, self.avoid_country)
        notes: list[str] = []
        return Endpoints(
            resolve(net, self.origin, "origin", notes),
            resolve(net, self.destination, "destination", notes),
            tuple(resolve(net, v, "via", notes) for v in comma_list("--via", self.via)),
            tuple(notes),
        )

    def options(self, where: Endpoints, optimize: str, carbon_price: float) -> RouteOptions:
        """The library's route options.

        Parameters
        ----------
        where
            The resolved places.
        optimize
            The criterion.
        carbon_price
            The carbon price (the scenarios' own when none was given).

        Returns
        -------
        RouteOptions
            The options.
        """
        from corridor.cli._common import comma_list  # noqa: PLC0415
        from corridor.routing.options import RouteOptions  # noqa: PLC0415

        return RouteOptions(
            date=self.date,
            operations=self.operations,
            cargo=self.cargo,
            optimize=optimize,  # type: ignore[arg-type]
            avoid_countries=tuple(comma_list("--avoid-country", self.avoid_country)),
            close=tuple(comma_list("--close", self.close)),
            modes=tuple(comma_list("--mode-only", self.mode_only)),  # type: ignore[arg-type]
            via=where.via,
            max_transshipments=self.max_transshipments,
            value_of_time_usd_per_day=self.value_of_time,
            carbon_usd_per_t=carbon_price,
            month=self.month,
        )
