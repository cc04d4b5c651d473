"""The network model: nodes, links, transfers, borders, services, cargo classes.

All objects are frozen, and so is everything they hold: sequences are tuples, sets are
frozensets and mappings are read-only :class:`~corridor.network.frozen.FrozenMap` s. A
constructor copies the lists and dicts it is given into those (a string or a number where
a sequence or mapping belongs raises :class:`~corridor.exceptions.InvalidArgumentError`),
so nothing a caller keeps can change an object afterwards. Edit a network with
:func:`dataclasses.replace` or a scenario, which produce a new one; a network can then be
shared (:func:`corridor.eurasia`), hashed, pickled (to Dask workers) and memoised on
without going stale. Units are in the field names (``_km``, ``_h``, ``_kmh``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from corridor._typing import (
    CAPACITY_UNITS,
    CapacityUnit,
    Direction,
    EstimateKind,
    Mode,
    NodeKind,
    Regime,
    RegimeKind,
    ServiceKind,
    TariffUnit,
    TransferKind,
)
from corridor.exceptions import InvalidArgumentError, UnknownIdError
from corridor.network.distributions import Distribution
from corridor.network.frozen import EMPTY, FrozenMap, freeze_map

__all__ = [
    "Border",
    "Capacity",
    "CargoClass",
    "Closure",
    "CustomsUnion",
    "FxTable",
    "Handling",
    "Link",
    "Money",
    "Network",
    "Node",
    "OperatingRegime",
    "Passage",
    "Provenance",
    "Service",
    "Tariff",
    "Transfer",
]


_HASH_KEY = "__hash__"
_COUNTRIES_KEY = "__countries__"
_POSITIONS_KEY = "node_positions"  # shared with corridor.network.columns
_LINKS_KEY = "__links_by_id__"


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)


def _frozen_map(obj: object, *names: str) -> None:
    """Replace each mapping field ``names`` of ``obj`` by a :class:`FrozenMap` copy."""
    for name in names:
        value = getattr(obj, name)
        if type(value) is not FrozenMap:
            _set(obj, name, _as_map(value, f"{type(obj).__name__}.{name}"))


def _as_map(value: object, where: str) -> FrozenMap[Any, Any]:
    if not isinstance(value, Mapping):
        msg = f"{where} must be a mapping, got {type(value).__name__}; pass a dict"
        raise InvalidArgumentError(msg)
    return freeze_map(value)


def _frozen_tuple(obj: object, *names: str) -> None:
    """Replace each sequence field ``names`` of ``obj`` by a tuple."""
    for name in names:
        value = getattr(obj, name)
        if type(value) is not tuple:
            _set(obj, name, _as_tuple(value, f"{type(obj).__name__}.{name}"))


def _as_tuple(value: object, where: str) -> tuple[Any, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        msg = (
            f"{where} must be a sequence, got {type(value).__name__} {value!r:.40}; "
            "pass a list or tuple"
        )
        raise InvalidArgumentError(msg)
    return tuple(value)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a number comes from.

    Parameters
    ----------
    source
        Citation (publication, URL) or the graph and path a distance was measured on.
    kind
        ``published``, ``measured`` (on a graph), ``derived`` (computed from sourced
        numbers) or ``estimate`` (no source: a modelling placeholder).
    note
        Working, caveats, confidence.
    """

    source: str
    kind: EstimateKind = "published"
    note: str | None = None

    @property
    def is_estimate(self) -> bool:
        """True for unsourced estimates."""
        return self.kind == "estimate"


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in a currency (ISO 4217 code)."""

    amount: float
    currency: str = "USD"


@dataclass(frozen=True, slots=True)
class Tariff:
    """A freight tariff: ``fixed + per_km * distance`` per ``unit`` of cargo.

    Parameters
    ----------
    fixed
        Charge per unit regardless of distance.
    per_km
        Charge per unit and kilometre.
    currency
        ISO 4217 code; converted with the network's :class:`FxTable`.
    unit
        ``TEU``, ``FEU`` or ``tonne``.
    """

    fixed: float = 0.0
    per_km: float = 0.0
    currency: str = "USD"
    unit: TariffUnit = "FEU"


@dataclass(frozen=True, slots=True)
class Capacity:
    """A capacity figure in the unit it was published in.

    Parameters
    ----------
    value
        The published figure.
    unit
        One of ``trains_per_day``, ``teu_per_year``, ``tonnes_per_year``, ``teu_per_day``.

    Raises
    ------
    InvalidArgumentError
        For any other unit (a typo such as ``train_per_day`` used to be read as TEU/year).
    """

    value: float
    unit: CapacityUnit

    def __post_init__(self) -> None:
        if self.unit not in CAPACITY_UNITS:
            raise InvalidArgumentError(
                f"capacity unit {self.unit!r} is not known; use one of {', '.join(CAPACITY_UNITS)}"
            )


@dataclass(frozen=True, slots=True)
class Service:
    """Scheduled departures on a link (Caspian ferries, feeder ships, block trains).

    Parameters
    ----------
    name
        Service name.
    headway_h
        Time between departures (hours), when departures are regular or on demand.
    weekly_departures_h
        Departure times as hours since Monday 00:00, when there is a timetable.
    operator
        Operator name.
    kind
        ``liner`` (deep-sea container line), ``feeder``, ``ferry`` or ``train``.
    call_h
        Time at each intermediate port call while the cargo stays aboard (liners).
    schedule_delay_h
        Lateness of arrival, added once per ride on the service (schedule reliability).

    Notes
    -----
    Every link carrying a service of the same ``name`` belongs to one *service layer*: a
    shipment boards once (waiting for a departure), stays aboard through the service's
    intermediate calls and passages, and alights once (with the schedule delay).
    """

    name: str
    headway_h: Distribution | None = None
    weekly_departures_h: tuple[float, ...] = ()
    operator: str | None = None
    kind: ServiceKind = "liner"
    call_h: Distribution | None = None
    schedule_delay_h: Distribution | None = None

    def __post_init__(self) -> None:
        _frozen_tuple(self, "weekly_departures_h")


@dataclass(frozen=True, slots=True)
class Transfer:
    """A mode change at a node: gauge change, rail↔ship, rail↔road, ...

    Parameters
    ----------
    from_mode, to_mode
        The modes it connects.
    kind
        What sort of transfer it is.
    time_h
        Dwell distribution (hours).
    cost
        Charge per FEU (or per unit of the tariff), if any.
    capacity
        Throughput of the facility.
    both_ways
        Whether ``to_mode → from_mode`` is possible too (default).
    provenance
        Source per field (``time_h``, ``cost``, ``capacity``).
    """

    from_mode: Mode
    to_mode: Mode
    kind: TransferKind
    time_h: Distribution
    cost: Money | None = None
    capacity: Capacity | None = None
    both_ways: bool = True
    provenance: Mapping[str, Provenance] = EMPTY

    def __post_init__(self) -> None:
        _frozen_map(self, "provenance")

    def connects(self, a: Mode, b: Mode) -> bool:
        """Whether this transfer lets cargo go from mode ``a`` to mode ``b``.

        Parameters
        ----------
        a
            The mode the cargo arrives on.
        b
            The mode the cargo leaves on.

        Returns
        -------
        bool
            True for ``from_mode`` → ``to_mode``, and for the reverse when ``both_ways``.
        """
        if (self.from_mode, self.to_mode) == (a, b):
            return True
        return self.both_ways and (self.to_mode, self.from_mode) == (a, b)


@dataclass(frozen=True, slots=True)
class Border:
    """Border procedures at a crossing node.

    Parameters
    ----------
    countries
        The two ISO countries the crossing joins (``XX`` for the water side of a port of
        entry).
    dwell_h
        Dwell distribution per regime (``paper`` and/or ``digital``), both directions.
    regime
        The regime in force.
    fee
        Fees per crossing, if any.
    dwell_h_by_direction
        Dwell per direction, keyed ``"FROM>TO"`` (ISO codes), then per regime; a direction
        not listed uses ``dwell_h``.
    provenance
        Source per field (``dwell_h.paper``, ``fee``, ``dwell_h_by_direction.KZ>CN.paper``).
    """

    countries: tuple[str, str]
    dwell_h: Mapping[Regime, Distribution]
    regime: Regime = "paper"
    fee: Money | None = None
    provenance: Mapping[str, Provenance] = EMPTY
    dwell_h_by_direction: Mapping[str, Mapping[Regime, Distribution]] = EMPTY

    def __post_init__(self) -> None:
        _frozen_tuple(self, "countries")
        _frozen_map(self, "dwell_h", "provenance")
        by_direction = self.dwell_h_by_direction
        if type(by_direction) is not FrozenMap or not all(
            type(v) is FrozenMap for v in by_direction.values()
        ):
            where = "Border.dwell_h_by_direction"
            outer = _as_map(by_direction, where)
            inner = {k: _as_map(v, f"{where}[{k!r}]") for k, v in outer.items()}
            _set(self, "dwell_h_by_direction", freeze_map(inner))

    @property
    def dwell(self) -> Distribution:
        """The dwell distribution of the regime in force (direction-independent)."""
        return self.dwell_h[self.regime]

    def dwell_for(self, from_country: str, to_country: str) -> Distribution:
        """The dwell crossing from ``from_country`` into ``to_country`` (regime in force).

        Parameters
        ----------
        from_country
            ISO code of the country the cargo leaves.
        to_country
            ISO code of the country the cargo enters.

        Returns
        -------
        Distribution
            The dwell for the direction ``FROM>TO`` when ``dwell_h_by_direction`` lists it
            for the regime in force, else :attr:`dwell` (hours).
        """
        by_regime = self.dwell_h_by_direction.get(f"{from_country}>{to_country}")
        if by_regime is not None and self.regime in by_regime:
            return by_regime[self.regime]
        return self.dwell


@dataclass(frozen=True, slots=True)
class Passage:
    """A canal or strait that ships pass through (Suez): transit time and toll.

    Parameters
    ----------
    time_h
        Transit time including the wait for a convoy (hours).
    toll
        Toll per ``toll_unit`` of cargo.
    toll_unit
        ``FEU``, ``TEU`` or ``tonne``.
    provenance
        Source per field (``time_h``, ``toll``).
    """

    time_h: Distribution
    toll: Money | None = None
    toll_unit: TariffUnit = "FEU"
    provenance: Mapping[str, Provenance] = EMPTY

    def __post_init__(self) -> None:
        _frozen_map(self, "provenance")


@dataclass(frozen=True, slots=True)
class CustomsUnion:
    """A customs union: crossings between two members are internal, not frontiers.

    Parameters
    ----------
    id
        Short id (``EU``, ``EAEU``).
    name
        Display name.
    members
        ISO codes of the member states.
    provenance
        Source of the membership.
    """

    id: str
    name: str
    members: frozenset[str]
    provenance: Provenance | None = None

    def __post_init__(self) -> None:
        if type(self.members) is not frozenset:
            _set(self, "members", frozenset(_as_tuple(self.members, "CustomsUnion.members")))


@dataclass(frozen=True, slots=True)
class OperatingRegime:
    """A dated rate regime (sea) or an operating regime (rail corridors).

    Applying a regime (:func:`corridor.network.regimes.apply_regimes`) returns a new network
    with tariffs, dwells and waits scaled and the listed nodes closed to liner services.

    Parameters
    ----------
    id
        Identifier (``sea-2024-red-sea``, ``average``).
    name
        Display name.
    kind
        ``sea_rates`` (chosen by date) or ``rail_operations`` (chosen by id).
    valid_from, valid_to
        ISO dates bounding a ``sea_rates`` regime (``None``: open-ended).
    default
        Whether a ``rail_operations`` regime applies when none is asked for.
    tariff_factor
        Multiplier of link tariffs by service name, mode or ``*``.
    tariff_reverse_factor
        Multiplier of back-haul tariffs (``Link.tariff_reverse``) by service name, mode or
        ``*``; a link none of whose keys is listed takes its ``tariff_factor`` (back-haul
        rates move far less than head-haul ones).
    closed
        Node ids (passages) closed to liner services under the regime.
    dwell_factor
        Multiplier of border dwell and transfer times by node id, ISO country or ``*``.
    wait_factor
        Multiplier of service headways by service name, node id, ISO country or ``*``.
    schedule_delay_h
        Schedule-delay distribution replacing that of services, by service name, service
        kind (``liner``, ``feeder``) or ``*`` (liner punctuality differs by period).
    speed_factor
        Multiplier of running times of land links (speeds divided, durations scaled) by
        ``<ISO>:<mode>`` (``KZ:rail_1520``), the ISO country of the link's from-node, the
        link mode or ``*`` (congested lines); water links are not scaled.
    provenance
        Source per field.
    """

    id: str
    name: str
    kind: RegimeKind
    valid_from: str | None = None
    valid_to: str | None = None
    default: bool = False
    tariff_factor: Mapping[str, float] = EMPTY
    closed: tuple[str, ...] = ()
    dwell_factor: Mapping[str, float] = EMPTY
    wait_factor: Mapping[str, float] = EMPTY
    provenance: Mapping[str, Provenance] = EMPTY
    schedule_delay_h: Mapping[str, Distribution] = EMPTY
    tariff_reverse_factor: Mapping[str, float] = EMPTY
    speed_factor: Mapping[str, float] = EMPTY

    def __post_init__(self) -> None:
        _frozen_tuple(self, "closed")
        _frozen_map(
            self,
            "tariff_factor",
            "dwell_factor",
            "wait_factor",
            "provenance",
            "schedule_delay_h",
            "tariff_reverse_factor",
            "speed_factor",
        )


@dataclass(frozen=True, slots=True)
class Handling:
    """Loading or unloading at a terminal where a shipment starts or ends."""

    time_h: Distribution
    cost: Money | None = None
    provenance: Mapping[str, Provenance] = EMPTY

    def __post_init__(self) -> None:
        _frozen_map(self, "provenance")


@dataclass(frozen=True, slots=True)
class Closure:
    """Seasonal closures of a port (weather, ice): ships cannot leave while it is closed.

    Parameters
    ----------
    monthly_probability
        Twelve probabilities (January first) that the port is closed when a shipment is
        due to leave.
    delay_h
        Extra wait until it reopens, when it is closed (hours).
    provenance
        Source per field (``monthly_probability``, ``delay_h``).
    """

    monthly_probability: tuple[float, ...]
    delay_h: Distribution
    provenance: Mapping[str, Provenance] = EMPTY

    def __post_init__(self) -> None:
        _frozen_tuple(self, "monthly_probability")
        _frozen_map(self, "provenance")

    def probability(self, month: int | None) -> float:
        """Closure probability in ``month`` (1-12), or the yearly average for ``None``.

        Parameters
        ----------
        month
            Month of departure, 1 (January) to 12, or ``None`` for the whole year.

        Returns
        -------
        float
            The probability (0-1) that the port is closed.
        """
        if month is None:
            return sum(self.monthly_probability) / len(self.monthly_probability)
        return self.monthly_probability[month - 1]

    def mean_delay_h(self, month: int | None) -> float:
        """Expected extra wait (hours): probability × mean delay.

        Parameters
        ----------
        month
            Month of departure, 1 (January) to 12, or ``None`` for the yearly average.

        Returns
        -------
        float
            :meth:`probability` times the mean of ``delay_h`` (hours).
        """
        return self.probability(month) * self.delay_h.mean


@dataclass(frozen=True, slots=True)
class Node:
    """A place: city, terminal, port, border crossing, junction or chokepoint.

    Parameters
    ----------
    id
        Stable identifier (UN/LOCODE where one exists, else a readable slug).
    name
        Display name.
    kind
        What the node is.
    country
        ISO 3166-1 alpha-2 code (``XX`` for international waters).
    lon, lat
        WGS84 degrees.
    aliases
        Other names and spellings users may type.
    locode
        UN/LOCODE (5 characters), where one exists.
    transfers
        Mode changes possible here.
    border
        Border procedures, for border crossings.
    handling
        Loading/unloading when a shipment starts or ends here.
    closures
        Seasonal closures (ports): ships leaving here wait while it is closed.
    passage
        For canals and straits: transit time and toll charged on ships passing through.
    provenance
        Source per field (``lon``/``lat`` as ``coordinates``).
    """

    id: str
    name: str
    kind: NodeKind
    country: str
    lon: float
    lat: float
    aliases: tuple[str, ...] = ()
    locode: str | None = None
    transfers: tuple[Transfer, ...] = ()
    border: Border | None = None
    handling: Handling | None = None
    closures: Closure | None = None
    provenance: Mapping[str, Provenance] = EMPTY
    passage: Passage | None = None

    def __post_init__(self) -> None:
        _frozen_tuple(self, "aliases", "transfers")
        _frozen_map(self, "provenance")


@dataclass(frozen=True, slots=True)
class Link:
    """A physical link between two nodes in one mode.

    Parameters
    ----------
    id
        Stable identifier.
    from_node, to_node
        Node ids.
    mode
        Transport mode.
    distance_km
        Network distance (km).
    speed_kmh
        Commercial speed; either this or ``duration_h`` gives the running time.
    duration_h
        Running-time distribution (hours); takes precedence over ``speed_kmh``.
    tariff
        Freight tariff.
    tariff_reverse
        Tariff when the link is used from ``to_node`` to ``from_node``, where it differs
        (back-haul sea and rail rates are a fraction of the head-haul ones); ``None``: the
        same as ``tariff``.
    capacity
        Line capacity.
    emission_g_per_tkm
        CO2e per tonne-km (well-to-wheel), overriding the mode default.
    electrified
        For rail: electric traction.
    directions
        ``both`` or ``forward``.
    service
        Scheduled departures, if the link is served by a timetable or headway.
    geometry
        ``(lon, lat)`` vertices from ``from_node`` to ``to_node``.
    name
        Display name (line or route name).
    provenance
        Source per field.
    """

    id: str
    from_node: str
    to_node: str
    mode: Mode
    distance_km: float
    speed_kmh: float | None = None
    duration_h: Distribution | None = None
    tariff: Tariff | None = None
    capacity: Capacity | None = None
    emission_g_per_tkm: float | None = None
    electrified: bool | None = None
    directions: Direction = "both"
    service: Service | None = None
    geometry: tuple[tuple[float, float], ...] = ()
    name: str | None = None
    provenance: Mapping[str, Provenance] = EMPTY
    tariff_reverse: Tariff | None = None

    def __post_init__(self) -> None:
        geometry = self.geometry
        if type(geometry) is not tuple or not all(type(p) is tuple for p in geometry):
            points = _as_tuple(geometry, "Link.geometry")
            _set(self, "geometry", tuple(_as_tuple(p, "Link.geometry[i]") for p in points))
        _frozen_map(self, "provenance")


@dataclass(frozen=True, slots=True)
class CargoClass:
    """A kind of cargo and what a day of its time is worth.

    Parameters
    ----------
    id
        ``TEU``, ``FEU``, ``bulk_grain``, ``liquid_energy`` or a user id.
    name
        Display name.
    teu
        Container size in TEU (0 for bulk).
    tonnes
        Cargo tonnes per unit, for emissions (tonne-km).
    value_usd
        Cargo value per unit.
    value_of_time_usd_per_day
        Cost of one day in transit per unit.
    unit
        What one unit is (``container``, ``tonne``).
    modes
        Modes that accept this cargo (empty: all).
    provenance
        Source per field.
    """

    id: str
    name: str
    teu: float
    tonnes: float
    value_usd: float
    value_of_time_usd_per_day: float
    unit: str = "container"
    modes: tuple[Mode, ...] = ()
    provenance: Mapping[str, Provenance] = EMPTY

    def __post_init__(self) -> None:
        _frozen_tuple(self, "modes")
        _frozen_map(self, "provenance")


@dataclass(frozen=True, slots=True)
class FxTable:
    """Exchange rates: units of each currency per one unit of ``base``.

    Parameters
    ----------
    rates
        ``{"EUR": 0.86, ...}``: how many units of the currency buy one ``base``.
    base
        Base currency (``USD``).
    date
        Date of the rates (ISO 8601).
    provenance
        Where the rates come from.
    """

    rates: Mapping[str, float]
    base: str = "USD"
    date: str | None = None
    provenance: Provenance | None = None

    def __post_init__(self) -> None:
        _frozen_map(self, "rates")

    @property
    def currencies(self) -> frozenset[str]:
        """Every currency the table can convert."""
        return frozenset(self.rates) | {self.base}

    def to_base(self, amount: float, currency: str) -> float:
        """Convert ``amount`` in ``currency`` to the base currency.

        Parameters
        ----------
        amount
            The amount, in ``currency``.
        currency
            ISO 4217 code of ``amount``'s currency.

        Returns
        -------
        float
            The amount in ``base``.

        Raises
        ------
        UnknownIdError
            If the table has no rate for ``currency`` (a ``KeyError``).
        """
        if currency == self.base:
            return amount
        rate = self.rates.get(currency)
        if rate is None:
            known = ", ".join(sorted(self.currencies))
            msg = f"currency={currency!r}: no exchange rate for it; use one of {known}"
            raise UnknownIdError(msg)
        return amount / rate


@dataclass(frozen=True)
class Network:
    """An immutable multimodal network.

    Every container in a network and its parts is a tuple, a frozenset or a read-only
    :class:`~corridor.network.frozen.FrozenMap` (lists and dicts passed in are copied), so
    a network can be shared, hashed, pickled and cached: edit one with
    :func:`dataclasses.replace` (or a scenario), which builds a new network.

    Parameters
    ----------
    nodes
        Every node.
    links
        Every link.
    cargo_classes
        Cargo classes, by id.
    fx
        Exchange rates for tariffs and fees.
    name
        Network name.
    attribution
        Licence and attribution text for the data.
    source
        The file it was read from, or ``"<memory>"``.
    customs_unions
        Customs unions (EU, EAEU): crossings inside one are internal.
    regimes
        Dated sea-rate regimes and rail operating regimes.
    applied_regimes
        Ids of the regimes already applied to this network (never applied twice).

    Raises
    ------
    InvalidArgumentError
        If a sequence field is given a string or a non-iterable.
    """

    nodes: tuple[Node, ...]
    links: tuple[Link, ...]
    cargo_classes: tuple[CargoClass, ...] = ()
    fx: FxTable = field(default_factory=lambda: FxTable(rates=EMPTY))
    name: str = "network"
    attribution: str | None = None
    source: str = "<memory>"
    customs_unions: tuple[CustomsUnion, ...] = ()
    regimes: tuple[OperatingRegime, ...] = ()
    applied_regimes: tuple[str, ...] = ()
    _cache: dict[str, object] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _frozen_tuple(
            self, "nodes", "links", "cargo_classes", "customs_unions", "regimes", "applied_regimes"
        )
        # derived objects only (compiled graph, place index, the id indexes, built on
        # first use): the network cannot change after construction, so nothing memoised
        # here can go stale
        _set(self, "_cache", {})

    def _node_positions(self) -> dict[str, int]:
        """Each node id's position in ``nodes`` (the last, for a repeated id); memoised.

        The same map as :func:`corridor.network.columns.node_positions` (one memo).
        """
        found = self._cache.get(_POSITIONS_KEY)
        if not isinstance(found, dict):
            ids = map(attrgetter("id"), self.nodes)
            found = dict(zip(ids, range(len(self.nodes)), strict=True))
            self._cache[_POSITIONS_KEY] = found
        return found

    def _links_by_id(self) -> dict[str, Link]:
        found = self._cache.get(_LINKS_KEY)
        if not isinstance(found, dict):
            found = dict(zip(map(attrgetter("id"), self.links), self.links, strict=True))
            self._cache[_LINKS_KEY] = found
        return found

    def __reduce__(self) -> tuple[type[Network], tuple[object, ...]]:
        """Pickle the fields only; indexes and memoised objects are rebuilt on demand."""
        return (type(self), tuple(getattr(self, f.name) for f in fields(self) if f.init))

    def __hash__(self) -> int:
        """Hash of the value (every compared field), computed once per network."""
        found = self._cache.get(_HASH_KEY)
        if not isinstance(found, int):
            found = hash(tuple(getattr(self, f.name) for f in fields(self) if f.compare))
            self._cache[_HASH_KEY] = found
        return found

    def cached(self, key: str) -> object | None:
        """A derived object (a compiled graph) memoised on this immutable network.

        Parameters
        ----------
        key
            The name it was memoised under with :meth:`remember`.

        Returns
        -------
        object or None
            The memoised object, or ``None`` if nothing is memoised under ``key``.
        """
        return self._cache.get(key)

    def remember(self, key: str, value: object) -> None:
        """Memoise a derived object; the network itself is unchanged.

        Parameters
        ----------
        key
            The name to memoise it under (read back with :meth:`cached`).
        value
            The derived object; it must depend on nothing but this network.
        """
        self._cache[key] = value

    def node(self, node_id: str) -> Node:
        """The node with id ``node_id``.

        Parameters
        ----------
        node_id
            The node's id.

        Returns
        -------
        Node
            The node.

        Raises
        ------
        UnknownIdError
            If there is none (a ``KeyError``).
        """
        found = self._node_positions().get(node_id)
        if found is None:
            msg = (
                f"node_id={node_id!r}: no node has this id; use an id from `corridor places`,"
                " or corridor.resolve_place for a name"
            )
            raise UnknownIdError(msg)
        return self.nodes[found]

    def link(self, link_id: str) -> Link:
        """The link with id ``link_id``.

        Parameters
        ----------
        link_id
            The link's id.

        Returns
        -------
        Link
            The link.

        Raises
        ------
        UnknownIdError
            If there is none (a ``KeyError``).
        """
        found = self._links_by_id().get(link_id)
        if found is None:
            msg = f"link_id={link_id!r}: no link has this id; use an id of network.links"
            raise UnknownIdError(msg)
        return found

    def has_node(self, node_id: str) -> bool:
        """Whether a node with this id exists.

        Parameters
        ----------
        node_id
            The id to look up.

        Returns
        -------
        bool
            True if the network has a node ``node_id``.
        """
        return node_id in self._node_positions()

    def cargo(self, cargo_id: str) -> CargoClass:
        """The cargo class with id ``cargo_id`` (case-insensitive).

        Parameters
        ----------
        cargo_id
            The cargo class's id, in any case.

        Returns
        -------
        CargoClass
            The cargo class.

        Raises
        ------
        UnknownIdError
            If there is none (a ``KeyError``).
        """
        for cargo in self.cargo_classes:
            if cargo.id.lower() == cargo_id.lower():
                return cargo
        known = ", ".join(c.id for c in self.cargo_classes) or "none defined"
        msg = f"cargo_id={cargo_id!r}: no cargo class has this id; use one of {known}"
        raise UnknownIdError(msg)

    def links_at(self, node_id: str) -> Iterator[Link]:
        """Links that start or end at ``node_id``.

        Parameters
        ----------
        node_id
            The node's id.

        Returns
        -------
        Iterator of Link
            Each link whose ``from_node`` or ``to_node`` is ``node_id``, in network order.
        """
        return (lk for lk in self.links if node_id in (lk.from_node, lk.to_node))

    def customs_frontier(self, a: str, b: str) -> bool:
        """Whether a crossing between countries ``a`` and ``b`` is a customs frontier.

        It is internal when both are members of one customs union (or ``a == b``).

        Parameters
        ----------
        a, b
            ISO codes of the two countries.

        Returns
        -------
        bool
            True if customs formalities apply between them.
        """
        if a == b:
            return False
        return not any(a in u.members and b in u.members for u in self.customs_unions)

    @property
    def countries(self) -> frozenset[str]:
        """ISO codes of every country with a node."""
        found = self._cache.get(_COUNTRIES_KEY)
        if not isinstance(found, frozenset):  # memoised: a pass over every node
            found = frozenset(map(attrgetter("country"), self.nodes))
            self._cache[_COUNTRIES_KEY] = found
        return found

    def km_by_mode(self) -> dict[str, float]:
        """Total link length per mode (km).

        Returns
        -------
        dict of str to float
            Kilometres of link per mode, for the modes that have links.
        """
        totals: dict[str, float] = {}
        for lk in self.links:
            totals[lk.mode] = totals.get(lk.mode, 0.0) + lk.distance_km
        return totals
