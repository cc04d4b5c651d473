"""Applying scenarios: a new network, the base untouched, closures that revert."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corridor
from corridor.network.model import Network
from corridor.routing.options import RouteOptions
from corridor.scenarios import (
    Scenario,
    ScenarioError,
    apply_scenario,
    builtin_scenarios,
    load_scenario,
    parse_scenario,
    route_overrides,
)

BUILTINS = [n for n in builtin_scenarios() if n != "base"]


@pytest.fixture(scope="module")
def base() -> Network:
    return corridor.eurasia()


def _scenario(text: str) -> Scenario:
    return parse_scenario('name = "t"\ndescription = "test"\n' + text)


def test_builtins_are_listed() -> None:
    assert BUILTINS == [
        "caspian-winter",
        "digital-borders",
        "middle-corridor-2030",
        "northern-sanctions",
        "red-sea-closure",
    ]


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_gives_a_new_network_and_leaves_the_base(base: Network, name: str) -> None:
    before = pickle.dumps(base)
    out = apply_scenario(base, name)
    assert out is not base
    assert out != base
    assert pickle.dumps(base) == before
    assert base == corridor.eurasia()


def test_base_and_empty_list_are_no_edit(base: Network) -> None:
    assert apply_scenario(base, "base") is base
    assert apply_scenario(base, []) is base
    assert apply_scenario(base, None) is base


@pytest.mark.parametrize(
    ("target", "item"),
    [
        ("chokepoints", "suez"),
        ("countries", "RU"),
        ("frontiers", "CN-KZ"),
        ("nodes", "aktau"),
        ("links", "rail:dostyk-aktogay"),
        ("services", "Kuryk–Alat RoPax (ASCO)"),
    ],
)
def test_close_then_reopen_is_the_base(base: Network, target: str, item: str) -> None:
    close = _scenario(f'[[close]]\n{target} = ["{item}"]\n')
    reopen = _scenario(f'[[reopen]]\n{target} = ["{item}"]\n')
    closed = apply_scenario(base, close)
    assert len(closed.links) < len(base.links)
    assert apply_scenario(base, [close, reopen]) == base
    assert apply_scenario(closed, reopen) == base


def test_reopen_lifts_a_regime_closure(base: Network) -> None:
    out = apply_scenario(base, _scenario('[[reopen]]\nchokepoints = ["suez", "bab_el_mandeb"]\n'))
    assert all("suez" not in g.closed for g in out.regimes)
    route = corridor.route(out, "Shanghai", "Rotterdam", optimize="time", modes="sea")
    assert "suez" in route.chokepoints


def test_northern_sanctions_closes_every_ru_by_link(base: Network) -> None:
    out = apply_scenario(base, "northern-sanctions")
    ru_by = {n.id for n in out.nodes if n.country in {"RU", "BY"}}
    assert ru_by
    assert not [lk.id for lk in out.links if {lk.from_node, lk.to_node} & ru_by]


def test_unknown_ids_are_all_listed_with_lines(base: Network) -> None:
    bad = _scenario(
        '[[close]]\nnodes = ["atkau"]\n\n[[capacity]]\nlinks = ["rail:nowhere"]\n'
        "factor = 2.0\nestimate = true\n"
    )
    with pytest.raises(ScenarioError) as info:
        apply_scenario(base, bad)
    problems = info.value.problems
    assert [(p.line, p.key) for p in problems] == [(4, "close[1].nodes"), (7, "capacity[1].links")]
    assert "did you mean 'aktau'" in problems[0].fix


def test_load_unknown_name_suggests() -> None:
    with pytest.raises(ScenarioError, match="did you mean 'red-sea-closure'"):
        load_scenario("red-sea-closur")


def test_route_overrides_carries_carbon() -> None:
    s = _scenario('[sources]\nets = "EU ETS"\n\n[carbon]\nusd_per_t = 80.0\nsource = "ets"\n')
    assert route_overrides([s]) == {"carbon_usd_per_t": 80.0}
    assert route_overrides("northern-sanctions") == {}


def test_scenario_route_overrides_reach_route_options() -> None:
    s = _scenario("[carbon]\nusd_per_t = 90.0\nestimate = true\n")
    assert RouteOptions(**s.route_overrides()).carbon_usd_per_t == 90.0  # type: ignore[arg-type]
    assert load_scenario("red-sea-closure").route_overrides() == {}


def test_base_key_applies_the_base_scenario_first(base: Network, tmp_path: Path) -> None:
    child = tmp_path / "child.toml"
    child.write_text(
        'name = "child"\ndescription = "d"\nbase = "northern-sanctions"\n\n'
        '[[border_regime]]\nregime = "digital"\nall = true\n'
    )
    out = apply_scenario(base, child)
    ref = apply_scenario(base, ["northern-sanctions", "digital-borders"])
    assert out.links == ref.links
    regimes = [(n.id, n.border.regime if n.border else None) for n in out.nodes]
    assert regimes == [(n.id, n.border.regime if n.border else None) for n in ref.nodes]


def test_base_loop_is_refused(base: Network, tmp_path: Path) -> None:
    a = tmp_path / "a.toml"
    a.write_text(f'name = "a"\ndescription = "d"\nbase = "{a}"\n')
    with pytest.raises(ScenarioError, match="loop"):
        apply_scenario(base, a)


_POOL = [
    ("chokepoints", "suez"),
    ("chokepoints", "bab_el_mandeb"),
    ("countries", "RU"),
    ("countries", "IR"),
    ("frontiers", "CN-KZ"),
    ("frontiers", "AZ-GE"),
    ("nodes", "aktau"),
    ("nodes", "brest_malaszewicze"),
    ("links", "rail:dostyk-aktogay"),
    ("services", "Kuryk–Alat RoPax (ASCO)"),
]


def _toml(table: str, items: list[tuple[str, str]]) -> str:
    return "".join(f'[[{table}]]\n{target} = ["{item}"]\n\n' for target, item in items)


@settings(max_examples=25, deadline=None)
@given(
    closed=st.lists(st.sampled_from(_POOL), min_size=1, max_size=5, unique=True),
    data=st.data(),
)
def test_any_closures_reverted_in_any_order_give_the_base(
    closed: list[tuple[str, str]], data: st.DataObject
) -> None:
    base = corridor.eurasia()
    order = data.draw(st.permutations(closed))
    close = _scenario(_toml("close", closed))
    reopen = _scenario(_toml("reopen", list(order)))
    shut = apply_scenario(base, close)
    assert len(shut.links) < len(base.links)
    assert apply_scenario(base, [close, reopen]) == base
    assert apply_scenario(shut, reopen) == base
    assert base == corridor.eurasia()
