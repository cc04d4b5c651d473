"""Hypothesis strategies for corridor objects (requires ``hypothesis``)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from corridor._typing import (
    CAPACITY_UNITS,
    DIRECTIONS,
    ESTIMATE_KINDS,
    MODES,
    NODE_KINDS,
    REGIME_KINDS,
    REGIMES,
    SERVICE_KINDS,
    TARIFF_UNITS,
    TRANSFER_KINDS,
)
from corridor.network.distributions import (
    Distribution,
    Empirical,
    Fixed,
    LogNormal,
    Mixture,
    Triangular,
)
from corridor.network.model import (
    Border,
    Capacity,
    CargoClass,
    Closure,
    CustomsUnion,
    FxTable,
    Handling,
    Link,
    Money,
    Network,
    Node,
    OperatingRegime,
    Passage,
    Provenance,
    Service,
    Tariff,
    Transfer,
)

__all__ = ["distributions", "json_values", "networks"]

_hours = st.floats(0, 1e4, allow_nan=False, allow_infinity=False)
_pos = st.floats(1e-3, 1e5, allow_nan=False, allow_infinity=False)
_text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12
).filter(lambda s: bool(s.strip()))
_country = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)
_currency = st.sampled_from(["USD", "EUR", "KZT", "CNY"])


@st.composite
def _triangular(draw: st.DrawFn) -> Triangular:
    a, b, c = sorted(draw(st.lists(_hours, min_size=3, max_size=3)))
    if a == c:
        c = a + 1.0
    return Triangular(a, min(max(b, a), c), c)


def _simple() -> st.SearchStrategy[Fixed | Triangular | LogNormal | Empirical]:
    return st.one_of(
        st.builds(Fixed, _hours),
        _triangular(),
        st.builds(LogNormal, _pos, _pos),
        st.builds(Empirical, st.lists(_hours, min_size=1, max_size=5).map(tuple)),
    )


@st.composite
def _mixture(draw: st.DrawFn) -> Mixture:
    parts = tuple(draw(st.lists(_simple(), min_size=1, max_size=3)))
    raw = draw(st.lists(st.integers(1, 9), min_size=len(parts), max_size=len(parts)))
    weights = [w / sum(raw) for w in raw]
    weights[-1] = 1.0 - sum(weights[:-1])  # sums to 1 exactly
    return Mixture(tuple(max(w, 0.0) for w in weights), parts)


def distributions() -> st.SearchStrategy[Distribution]:
    """Any valid time distribution (mixtures included).

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        Draws :class:`~corridor.Fixed`, :class:`~corridor.Triangular`,
        :class:`~corridor.LogNormal`, :class:`~corridor.Empirical` and mixtures of them.
    """
    return st.one_of(_simple(), _mixture())


def _provenance(keys: tuple[str, ...]) -> st.SearchStrategy[dict[str, Provenance]]:
    prov = st.builds(Provenance, _text, st.sampled_from(ESTIMATE_KINDS), st.none() | _text)
    return st.dictionaries(st.sampled_from(keys), prov, max_size=len(keys))


_money = st.builds(Money, _hours, _currency)
_capacity = st.builds(Capacity, _pos, st.sampled_from(CAPACITY_UNITS))
_transfer = st.builds(
    Transfer,
    from_mode=st.sampled_from(MODES),
    to_mode=st.sampled_from(MODES),
    kind=st.sampled_from(TRANSFER_KINDS),
    time_h=distributions(),
    cost=st.none() | _money,
    capacity=st.none() | _capacity,
    both_ways=st.booleans(),
    provenance=_provenance(("time_h", "cost", "capacity")),
)


@st.composite
def _border(draw: st.DrawFn, country: str) -> Border:
    other = draw(_country.filter(lambda c: c != country))
    regimes = draw(st.lists(st.sampled_from(REGIMES), min_size=1, max_size=2, unique=True))
    dwell = {r: draw(distributions()) for r in regimes}
    directions = draw(
        st.lists(st.sampled_from([f"{country}>{other}", f"{other}>{country}"]), unique=True)
    )
    return Border(
        countries=(country, other),
        dwell_h=dwell,
        regime=draw(st.sampled_from(regimes)),
        fee=draw(st.none() | _money),
        provenance=draw(_provenance(("dwell_h.paper", "dwell_h.digital", "fee"))),
        dwell_h_by_direction={d: {r: draw(distributions()) for r in regimes} for d in directions},
    )


_lonlat = st.tuples(st.floats(-180, 180, allow_nan=False), st.floats(-90, 90, allow_nan=False))


@st.composite
def _node(draw: st.DrawFn, node_id: str) -> Node:
    country = draw(_country)
    lon, lat = draw(_lonlat)
    return Node(
        id=node_id,
        name=draw(_text),
        kind=draw(st.sampled_from(NODE_KINDS)),
        country=country,
        lon=lon,
        lat=lat,
        aliases=tuple(draw(st.lists(_text, max_size=3))),
        locode=draw(st.none() | st.from_regex(r"\A[A-Z]{2}[A-Z2-9]{3}\Z")),
        transfers=tuple(draw(st.lists(_transfer, max_size=2))),
        border=draw(st.none() | _border(country)),
        handling=draw(
            st.none()
            | st.builds(Handling, distributions(), st.none() | _money, _provenance(("time_h",)))
        ),
        closures=draw(
            st.none()
            | st.builds(
                Closure,
                st.lists(st.floats(0, 1), min_size=12, max_size=12).map(tuple),
                distributions(),
                _provenance(("monthly_probability", "delay_h")),
            )
        ),
        provenance=draw(_provenance(("coordinates",))),
        passage=draw(
            st.none()
            | st.builds(
                Passage,
                distributions(),
                st.none() | _money,
                st.sampled_from(TARIFF_UNITS),
                _provenance(("time_h", "toll")),
            )
        ),
    )


@st.composite
def _link(draw: st.DrawFn, link_id: str, node_ids: list[str]) -> Link:
    speed = draw(st.none() | _pos)
    return Link(
        id=link_id,
        from_node=draw(st.sampled_from(node_ids)),
        to_node=draw(st.sampled_from(node_ids)),
        mode=draw(st.sampled_from(MODES)),
        distance_km=draw(_pos),
        speed_kmh=speed,
        duration_h=draw(distributions()) if speed is None else draw(st.none() | distributions()),
        tariff=draw(
            st.none() | st.builds(Tariff, _hours, _hours, _currency, st.sampled_from(TARIFF_UNITS))
        ),
        capacity=draw(st.none() | _capacity),
        emission_g_per_tkm=draw(st.none() | _hours),
        electrified=draw(st.none() | st.booleans()),
        directions=draw(st.sampled_from(DIRECTIONS)),
        service=draw(
            st.none()
            | st.builds(
                Service,
                _text,
                distributions(),
                st.lists(st.floats(0, 167.9), max_size=3).map(lambda v: tuple(sorted(v))),
                st.none() | _text,
                st.sampled_from(SERVICE_KINDS),
                st.none() | distributions(),
                st.none() | distributions(),
            )
        ),
        tariff_reverse=draw(
            st.none() | st.builds(Tariff, _hours, _hours, _currency, st.sampled_from(TARIFF_UNITS))
        ),
        geometry=tuple(draw(st.just([]) | st.lists(_lonlat, min_size=2, max_size=4))),
        name=draw(st.none() | _text),
        provenance=draw(_provenance(("distance_km", "speed_kmh", "tariff"))),
    )


@st.composite
def networks(draw: st.DrawFn, max_nodes: int = 5) -> Network:
    """Networks with random content (structurally complete, not necessarily valid).

    Parameters
    ----------
    max_nodes
        Largest number of nodes in a drawn network.

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        Draws :class:`~corridor.Network` objects with up to ``max_nodes`` nodes.
    """
    n = draw(st.integers(1, max_nodes))
    ids = [f"n{i}" for i in range(n)]
    nodes = tuple(draw(_node(i)) for i in ids)
    links = tuple(draw(_link(f"l{i}", ids)) for i in range(draw(st.integers(0, 2 * n))))
    cargo = st.builds(
        CargoClass,
        id=_text,
        name=_text,
        teu=_hours,
        tonnes=_pos,
        value_usd=_hours,
        value_of_time_usd_per_day=_hours,
        unit=_text,
        modes=st.lists(st.sampled_from(MODES), max_size=2, unique=True).map(tuple),
        provenance=_provenance(("value_usd",)),
    )
    union = st.builds(
        CustomsUnion,
        _text,
        _text,
        st.frozensets(_country, min_size=1, max_size=4),
        st.none() | st.builds(Provenance, _text, st.sampled_from(ESTIMATE_KINDS)),
    )
    factors = st.dictionaries(st.sampled_from(["*", "sea", "KZ", "n0"]), _pos, max_size=2)
    regime = st.builds(
        OperatingRegime,
        id=_text,
        name=_text,
        kind=st.sampled_from(REGIME_KINDS),
        valid_from=st.none() | st.dates().map(str),
        default=st.booleans(),
        tariff_factor=factors,
        closed=st.lists(st.sampled_from(ids), max_size=2).map(tuple),
        dwell_factor=factors,
        schedule_delay_h=st.dictionaries(st.just("liner"), distributions(), max_size=1),
    )
    return Network(
        nodes=nodes,
        links=links,
        cargo_classes=tuple(draw(st.lists(cargo, max_size=2))),
        fx=FxTable(rates=draw(st.dictionaries(st.sampled_from(["EUR", "KZT", "CNY"]), _pos))),
        name=draw(_text),
        attribution=draw(st.none() | _text),
        customs_unions=tuple(draw(st.lists(union, max_size=2))),
        regimes=tuple(draw(st.lists(regime, max_size=2))),
    )


def json_values() -> st.SearchStrategy[Any]:
    """Arbitrary JSON values (for feeding parsers garbage).

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        Draws ``None``, booleans, numbers, short strings, and lists and dicts of them.
    """
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
        ),
        max_leaves=8,
    )
