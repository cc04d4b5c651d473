"""Sweeps: seeds from names, results independent of batching and backend, argument checks."""

from __future__ import annotations

import pickle
import sys
from functools import cache, partial
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corridor
from corridor.exceptions import (
    InvalidArgumentError,
    MissingOptionalDependencyError,
    UnknownPlaceError,
)
from corridor.network.model import Network
from corridor.reliability.simulate import digital_borders
from corridor.routing.options import RouteOptions
from corridor.scenarios import ScenarioError
from corridor.sweep import (
    BASE,
    SWEEP_COLUMNS,
    SweepResult,
    SweepScenario,
    sweep,
    sweep_scenario,
)
from corridor.sweep.engine import ScenarioFiles
from corridor.sweep.seeds import name_key, option_seed, pair_seed_sequence

PAIRS = [("Shanghai", "Rotterdam"), ("Chengdu", "Warsaw"), ("Xi'an", "Duisburg")]
DIGITAL = SweepScenario("digital", partial(digital_borders, targets="all"))


@cache
def _net() -> Network:
    return corridor.eurasia()


@cache
def _serial(batch_size: int = 4) -> SweepResult:
    return sweep(_net(), [BASE, DIGITAL], PAIRS, samples=500, seed=11, batch_size=batch_size)


def test_name_key_is_stable_across_processes() -> None:
    # BLAKE2b, not hash(): this number is the same in every process and on every machine
    assert name_key("base") == 3293428512821946604
    assert name_key("base") != name_key("base ")


def test_option_seeds_differ_by_every_name() -> None:
    ss = pair_seed_sequence(0, "base", "shanghai", "rotterdam")
    seeds = {
        option_seed(ss, "northern"),
        option_seed(ss, "sea_cape"),
        option_seed(pair_seed_sequence(1, "base", "shanghai", "rotterdam"), "northern"),
        option_seed(pair_seed_sequence(0, "other", "shanghai", "rotterdam"), "northern"),
        option_seed(pair_seed_sequence(0, "base", "rotterdam", "shanghai"), "northern"),
    }
    assert len(seeds) == 5


def test_rows_cover_every_scenario_and_pair_in_order() -> None:
    result = _serial()
    assert result.scenarios == ("base", "digital")
    assert result.pairs == (("shanghai", "rotterdam"), ("chengdu", "warsaw"), ("xian", "duisburg"))
    keys = [(r.scenario, r.origin, r.destination) for r in result.rows]
    expected = [(s, o, d) for s in result.scenarios for o, d in result.pairs]
    assert list(dict.fromkeys(keys)) == expected
    for row in result.rows:
        assert row.rank is not None
        assert row.corridor
        assert row.p50_days is not None
        assert row.p90_days is not None
        assert row.p50_days <= row.p90_days
    ranks = [r.rank or 0 for r in result.rows if r.scenario == "base" and r.origin == "xian"]
    assert ranks == sorted(ranks)
    assert ranks[0] == 1


def test_scenario_changes_times_and_base_is_untouched() -> None:
    result = _serial()
    base = {(r.origin, r.corridor): r for r in result.rows if r.scenario == "base"}
    digital = {(r.origin, r.corridor): r for r in result.rows if r.scenario == "digital"}
    northern = ("xian", "northern")
    faster, slower = digital[northern].mean_days, base[northern].mean_days
    assert faster is not None
    assert slower is not None
    # digital borders shorten border dwell on a land corridor
    assert faster < slower
    # the base network was not changed by the scenario: a second base run agrees
    again = sweep(_net(), ["base"], PAIRS[2:], samples=500, seed=11)
    assert again.rows == tuple(
        r for r in result.rows if r.scenario == "base" and r.origin == "xian"
    )


@pytest.mark.parametrize("batch_size", [1, 2, 100])
def test_results_do_not_depend_on_batch_size(batch_size: int) -> None:
    assert sweep(
        _net(), [BASE, DIGITAL], PAIRS, samples=500, seed=11, batch_size=batch_size
    ).rows == (_serial().rows)


def test_seed_changes_draws_not_routes() -> None:
    other = sweep(_net(), [BASE], PAIRS[:1], samples=500, seed=12)
    mine = [r for r in _serial().rows if r.scenario == "base" and r.origin == "shanghai"]
    assert [r.corridor for r in other.rows] == [r.corridor for r in mine]
    assert [r.cost_usd for r in other.rows] == [r.cost_usd for r in mine]
    assert [r.p90_days for r in other.rows] != [r.p90_days for r in mine]


def test_records_and_frame_have_the_columns() -> None:
    result = _serial()
    assert tuple(result.records()[0]) == SWEEP_COLUMNS
    frame = result.to_frame()
    assert tuple(frame.columns) == SWEEP_COLUMNS
    assert len(frame) == len(result.rows)
    data = result.to_dict()
    assert data["samples"] == 500
    assert data["backend"] == "serial"
    assert len(data["rows"]) == len(result.rows)


def test_progress_reports_every_task() -> None:
    seen: list[tuple[int, int]] = []
    sweep(
        _net(),
        [BASE, DIGITAL],
        PAIRS[:2],
        samples=50,
        batch_size=1,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_pairs_are_resolved_and_repeats_dropped() -> None:
    result = sweep(_net(), ["base"], [("CNXIA", "Duisburg"), ("xian", "duisburg")], samples=50)
    assert result.pairs == (("xian", "duisburg"),)


def test_unknown_place_names_the_pair() -> None:
    with pytest.raises(UnknownPlaceError, match=r"pairs\[1\] destination: unknown place"):
        sweep(_net(), ["base"], [("Xi'an", "Duisburg"), ("Xi'an", "Duisberg")])


def test_no_route_is_a_row_with_a_note() -> None:
    # Xi'an is inland: by sea alone there is no route
    sea = RouteOptions(modes=("sea",))
    result = sweep(_net(), ["base"], [("Xi'an", "Duisburg")], samples=50, options=sea)
    (row,) = result.rows
    assert row.corridor is None
    assert row.rank is None
    assert row.p90_days is None
    assert row.note


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"samples": 0}, "samples=0"),
        ({"samples": 1.5}, "samples=1.5"),
        ({"seed": -1}, "seed=-1"),
        ({"batch_size": 0}, "batch_size=0"),
        ({"workers": 0}, "workers=0"),
        ({"workers": 2, "scheduler": "tcp://x:1"}, "workers and scheduler"),
        ({"scheduler": " "}, "scheduler"),
        ({"client": "tcp://x:1"}, "client='tcp://x:1'"),
        ({"processes": "yes"}, "processes='yes'"),
    ],
)
def test_bad_arguments_are_one_line(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidArgumentError, match=match):
        sweep(_net(), ["base"], PAIRS[:1], **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("scenarios", "pairs", "match"),
    [
        ([], PAIRS[:1], "at least one scenario"),
        (["base", BASE], PAIRS[:1], "base given twice"),
        ([42], PAIRS[:1], "scenario=42"),
        (["base"], [], "at least one"),
        (["base"], "Shanghai:Rotterdam", "list of"),
        (["base"], [("Shanghai",)], r"pairs\[0\]"),
        (["base"], [("Shanghai", "Shanghai")], "same place"),
    ],
)
def test_bad_scenarios_and_pairs(scenarios: object, pairs: object, match: str) -> None:
    with pytest.raises(InvalidArgumentError, match=match):
        sweep(_net(), scenarios, pairs, samples=10)  # type: ignore[arg-type]


def test_unknown_scenario_lists_the_known_ones() -> None:
    with pytest.raises(ScenarioError, match="did you mean 'red-sea-closure'"):
        sweep(_net(), ["base", "red-sea"], PAIRS[:1], samples=10)
    with pytest.raises(InvalidArgumentError, match="empty name"):
        sweep(_net(), ["red-sea-closure+"], PAIRS[:1], samples=10)


def test_builtin_scenarios_by_name_and_joined() -> None:
    result = sweep(
        _net(),
        ["base", "red-sea-closure", "northern-sanctions+digital-borders"],
        PAIRS[:1],
        samples=200,
    )
    assert result.scenarios == (
        "base",
        "red-sea-closure",
        "northern-sanctions+digital-borders",
    )
    by = {s: [r.corridor for r in result.rows if r.scenario == s] for s in result.scenarios}
    assert "sea_suez" not in by["red-sea-closure"]
    assert "northern" in by["base"]
    assert "northern" not in by["northern-sanctions+digital-borders"]
    assert sweep_scenario("base+base") is BASE


def test_named_callable_is_a_scenario() -> None:
    class Digital:
        name = "digital"

        def __call__(self, network: Network) -> Network:
            return digital_borders(network, "all")

    assert sweep_scenario(Digital()).name == "digital"
    assert sweep_scenario("BASE") is BASE


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    samples=st.one_of(st.integers(-5, 10**8), st.floats(allow_nan=True), st.booleans()),
    seed=st.one_of(st.integers(-(2**70), 2**70), st.floats(allow_nan=True), st.text(max_size=3)),
    batch_size=st.one_of(st.integers(-3, 10**6), st.none()),
    workers=st.one_of(st.integers(-3, 0), st.integers(2000, 10**9), st.floats()),
)
def test_numeric_options_fail_only_as_invalid_argument(
    samples: object, seed: object, batch_size: object, workers: object
) -> None:
    # workers is always bad here, so no cluster starts; the check must say which value
    with pytest.raises(InvalidArgumentError):
        sweep(
            _net(),
            ["base"],
            PAIRS[:1],
            samples=samples,  # type: ignore[arg-type]
            seed=seed,  # type: ignore[arg-type]
            batch_size=batch_size,  # type: ignore[arg-type]
            workers=workers,  # type: ignore[arg-type]
        )


@settings(max_examples=8, deadline=None)
@given(
    samples=st.integers(1, 300),
    seed=st.integers(0, 2**64),
    batch_size=st.integers(1, 4),
)
def test_valid_numbers_give_ordered_percentiles(samples: int, seed: int, batch_size: int) -> None:
    result = sweep(_net(), ["base"], PAIRS[2:], samples=samples, seed=seed, batch_size=batch_size)
    assert result.samples == samples
    assert result.rows
    for row in result.rows:
        assert row.p50_days is not None
        assert row.p90_days is not None
        assert 0 < row.p50_days <= row.p90_days


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingOptionalDependencyError, match=r"pip install 'corridor\[dask\]'"):
        sweep(_net(), ["base"], PAIRS[:1], samples=10, workers=2)


def test_scenario_files_carry_their_bases_to_the_workers(tmp_path: Path) -> None:
    (tmp_path / "first.toml").write_text(
        'name = "first"\ndescription = "closes Suez"\nbase = "red-sea-closure"\n'
        '[[close]]\nnodes = ["suez"]\n'
    )
    (tmp_path / "second.toml").write_text(
        'name = "second"\ndescription = "on top of first"\nbase = "first.toml"\n'
    )
    scenario = sweep_scenario(str(tmp_path / "second.toml"))
    assert scenario.name == "second"
    assert isinstance(scenario.apply, ScenarioFiles)
    names = [s.name for s in scenario.apply.scenarios]
    assert names == ["red-sea-closure", "first", "second"]
    assert all(s.base is None for s in scenario.apply.scenarios)
    # a worker elsewhere needs no file: the parsed chain pickles
    (tmp_path / "first.toml").unlink()
    shipped = pickle.loads(pickle.dumps(scenario))  # noqa: S301 - our own object
    routes = sweep(_net(), [shipped], [("Shanghai", "Rotterdam")], samples=50).rows
    assert routes
    assert all("suez" not in (r.corridor or "") for r in routes)
