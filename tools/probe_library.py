"""Probe the public library with bad user input and classify what escapes.

Every public function exported from ``corridor.__all__`` and the subpackages' ``__all__``
(plus the public functions of the routing, network and reliability modules they are built
on) is called with inputs a user can get wrong: unknown places, wrong types, NaN, infinity,
negative and huge numbers, empty sequences, malformed files, bytes and strings, missing
paths, directories given as files and unknown option strings. Each call runs in a forked
child with a time limit, and its outcome is classified:

``good``
    a :class:`~corridor.exceptions.CorridorError` with a message;
``ok``
    accepted, where accepting is a right answer (a valid edge case);
``escape`` (bad)
    any other exception (``ValueError``, ``TypeError``, ``KeyError``, numpy errors, ...);
``silent`` (bad)
    accepted where the input should have been refused;
``hang`` (bad)
    still running after the time limit.

A ``good`` outcome whose message speaks in CLI flags (``--month 13``) to a Python caller is
marked ``flag`` in the table (counted apart: the CLI may rely on those words).

Run ``python tools/probe_library.py`` for the table and the counts; ``--bad`` prints the
bad outcomes only, ``--json FILE`` writes every outcome.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import multiprocessing as mp
import re
import sys
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Literal

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "corridor"

Expect = Literal["refuse", "either"]
Outcome = Literal["good", "ok", "escape", "silent", "hang"]
BAD: frozenset[str] = frozenset({"escape", "silent", "hang"})
TIMEOUT_S = 20.0
_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


@dataclass(frozen=True)
class Case:
    """One call with one bad input."""

    api: str
    input: str
    call: Callable[..., object]
    expect: Expect = "refuse"
    home: str = ""
    """Source file (relative to ``src/corridor``) answerable for an accepted input."""


@dataclass(frozen=True)
class Result:
    """What one case did."""

    api: str
    input: str
    outcome: Outcome
    error: str = ""
    message: str = ""
    file: str = ""
    flag: bool = False
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def bad(self) -> bool:
        """Whether the outcome is an escape, a silent acceptance or a hang."""
        return self.outcome in BAD


def _raising_file(exc: BaseException) -> str:
    """The deepest corridor source file in the traceback (relative to src/corridor)."""
    found = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if SRC in path.parents:
            found = str(path.relative_to(SRC))
    return found


def _child(case: Case, conn: Connection) -> None:
    from corridor.exceptions import CorridorError  # noqa: PLC0415 - imported in the child

    try:
        case.call()
    except CorridorError as exc:
        conn.send(("corridor", type(exc).__name__, str(exc), _raising_file(exc)))
    except BaseException as exc:  # noqa: BLE001 - classifying every escape is the point
        conn.send(("escape", type(exc).__name__, str(exc), _raising_file(exc)))
    else:
        conn.send(("ok", "", "", case.home))
    conn.close()


def run_case(case: Case, timeout_s: float = TIMEOUT_S) -> Result:
    """Run ``case`` in a forked child and classify its outcome.

    Parameters
    ----------
    case
        The call.
    timeout_s
        Seconds before the call counts as a hang.

    Returns
    -------
    Result
        The outcome.
    """
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(case, child), daemon=True)
    proc.start()
    child.close()
    if not parent.poll(timeout_s):
        proc.kill()
        proc.join()
        return Result(case.api, case.input, "hang", file=case.home)
    try:
        kind, error, message, file = parent.recv()
    except EOFError:  # the child died (a crash in native code)
        proc.join()
        return Result(case.api, case.input, "escape", "crash", f"exit {proc.exitcode}", case.home)
    proc.join()
    message = " ".join(str(message).split())[:300]
    if kind == "corridor":
        return Result(
            case.api, case.input, "good", error, message, file, bool(_FLAG.search(message))
        )
    if kind == "escape":
        return Result(case.api, case.input, "escape", error, message, file or case.home)
    outcome: Outcome = "silent" if case.expect == "refuse" else "ok"
    return Result(case.api, case.input, outcome, file=file)


# --------------------------------------------------------------------------------------------
# Fixtures: built once in the parent, shared by every forked child.


@dataclass
class Fixtures:
    """Networks, a route, graphs, a small assignment problem and bad files."""

    tmp: Path
    net: Any = None
    tiny: Any = None
    route: Any = None
    graph: Any = None
    bare_graph: Any = None
    problem: Any = None
    components: Any = None
    files: dict[str, Path] = field(default_factory=dict)


def _write_files(tmp: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        path = tmp / name
        path.write_bytes(data)
        files[name] = path

    put("empty.geojson", b"")
    put("garbage.geojson", b"\x00\xff\xfe garbage \x80")
    put("latin1.geojson", '{"type": "FeatureCollection", "name": "Zürich"}'.encode("latin-1"))
    put("list.geojson", b"[1, 2, 3]")
    put("deep.geojson", b"[" * 200_000 + b"]" * 200_000)
    put("bignum.geojson", b'{"type": "FeatureCollection", "features": [' + b"9" * 400 + b"]}")
    put("bigfloat.geojson", b'{"type": "FeatureCollection", "features": [1e999]}')
    put("nan.geojson", b'{"type": "FeatureCollection", "features": [NaN]}')
    put("features_str.geojson", b'{"type": "FeatureCollection", "features": "abc"}')
    put("features_ints.geojson", b'{"type": "FeatureCollection", "features": [1, 2]}')
    put("badgz.geojson.gz", b"\x1f\x8b\x08\x00garbage")
    put("gz_garbage.geojson.gz", gzip.compress(b"\x00\xff not json"))
    put("truncated.geojson", b'{"type": "FeatureCollection", "features": [{"type": "Fe')
    put("graph_empty.graphjson", b"")
    put("graph_garbage.graphjson", b"\xff\xfe\x00")
    put("graph_list.graphjson", b"[]")
    put("graph_badtype.graphjson", b'{"type": "Other", "graph": [], "nodes": []}')
    put("graph_mismatch.graphjson", b'{"graph": [{}], "nodes": []}')
    put("graph_badkey.graphjson", b'{"graph": [{"x": 1}], "nodes": [[0, 0]]}')
    put("graph_negw.graphjson", b'{"graph": [{"0": 1, "1": -1}, {}], "nodes": [[0,0],[1,1]]}')
    put("graph_nanw.graphjson", b'{"graph": [{"1": NaN}, {}], "nodes": [[0,0],[1,1]]}')
    put("graph_badnode.graphjson", b'{"graph": [{}], "nodes": [["a", "b"]]}')
    put("graph_ragged.graphjson", b'{"graph": [{}, {}], "nodes": [[0, 0], [1]]}')
    put("graph_lat.graphjson", b'{"graph": [{}], "nodes": [[95, 0]]}')
    put("graph_bigkey.graphjson", b'{"graph": [{"' + b"9" * 40 + b'": 1}], "nodes": [[0, 0]]}')
    put("graph_deep.graphjson", b"[" * 200_000 + b"]" * 200_000)
    put("graph_rowlist.graphjson", b'{"graph": [[1, 2]], "nodes": [[0, 0]]}')
    put("graph_boolw.graphjson", b'{"graph": [{"0": true}], "nodes": [[0, 0]]}')
    put("graph_bigw.graphjson", b'{"graph": [{"0": ' + b"9" * 400 + b"}], " + b'"nodes": [[0, 0]]}')
    put("plain.txt", b"not a directory")
    for name, node, link in (
        ("gmns_empty", b"", b""),
        ("gmns_garbage", b"\xff\xfe\x00\x80", b"\x00\x00"),
        ("gmns_header_only", b"node_id,x_coord,y_coord\n", b"link_id,from_node_id,to_node_id\n"),
        ("gmns_bad_numbers", b"node_id,x_coord,y_coord\na,nan,inf\nb,1e999,-1e999\n", b""),
        ("gmns_quote", b'node_id,name\n"a,"b\n', b'link_id\n"unterminated\n'),
    ):
        d = tmp / name
        d.mkdir()
        (d / "node.csv").write_bytes(node)
        (d / "link.csv").write_bytes(link)
        files[name] = d
    files["dir"] = tmp / "a_directory"
    files["dir"].mkdir()
    files["missing"] = tmp / "no" / "such" / "file.geojson"
    return files


def build_fixtures(tmp: Path) -> Fixtures:
    """The shared inputs of every case."""
    import corridor  # noqa: PLC0415 - the probe imports the library it probes
    from corridor.assignment import AssignmentProblem, LinkCostFunction  # noqa: PLC0415
    from corridor.reliability import route_components  # noqa: PLC0415
    from corridor.routing.shortest import CSRGraph  # noqa: PLC0415
    from corridor.testing import tiny_network_geojson  # noqa: PLC0415

    fx = Fixtures(tmp=tmp)
    fx.net = corridor.eurasia()
    fx.tiny = corridor.network_from_geojson(tiny_network_geojson())
    fx.route = corridor.route(fx.net, "Xi'an", "Duisburg")
    fx.components = route_components(fx.route, fx.net)
    fx.graph = CSRGraph.from_edges(
        [0, 1, 2, 0], [1, 2, 3, 3], [1.0, 1.0, 1.0, 5.0], 4, coords=[[0, 0], [1, 0], [2, 0], [3, 0]]
    )
    fx.bare_graph = CSRGraph.from_edges([0], [1], [1.0], 2)
    vdf = LinkCostFunction.bpr_links([1.0, 1.0, 2.0, 2.0], [10.0, 10.0, 10.0, 10.0])
    fx.problem = AssignmentProblem.create(
        [0, 0, 1, 2],
        [1, 2, 3, 3],
        vdf=vdf,
        demand=np.array([[0.0, 5.0], [0.0, 0.0]]),
        zones=[0, 3],
    )
    fx.files = _write_files(tmp)
    return fx


# --------------------------------------------------------------------------------------------
# Cases


NAN, INF = math.nan, math.inf
NUMBERS: tuple[tuple[str, object], ...] = (
    ("nan", NAN),
    ("inf", INF),
    ("-inf", -INF),
    ("-1", -1),
    ("1e308", 1e308),
    ("10**30", 10**30),
    ("'3' (str)", "3"),
    ("None", None),
)


def _numbers(skip: tuple[str, ...] = ()) -> Iterator[tuple[str, object]]:
    return ((k, v) for k, v in NUMBERS if k not in skip)


def _library_cases(fx: Fixtures) -> Iterator[Case]:
    import corridor  # noqa: PLC0415
    from corridor import (  # noqa: PLC0415
        Capacity,
        Empirical,
        Fixed,
        LogNormal,
        Network,
        Node,
        Triangular,
    )
    from corridor.network.distributions import Mixture, distribution_from_dict  # noqa: PLC0415

    net, rt, files = fx.net, fx.route, fx.files
    home_route = "routing/route.py"

    # places
    for label, q in (("'Atlantis'", "Atlantis"), ("''", ""), ("123 (int)", 123), ("None", None)):
        yield Case(
            "corridor.resolve_place",
            f"query={label}",
            lambda q=q: corridor.resolve_place(net, q),
            home="network/places.py",
        )
    yield Case(
        "corridor.resolve_place",
        "query=['xian'] (list)",
        lambda: corridor.resolve_place(net, ["xian"]),  # type: ignore[arg-type]
        home="network/places.py",
    )
    yield Case(
        "corridor.resolve_place",
        "network='eurasia' (str)",
        lambda: corridor.resolve_place("eurasia", "Xi'an"),  # type: ignore[arg-type]
        home="network/places.py",
    )
    yield Case(
        "corridor.resolve_place",
        "query='Strait of Malacca' (chokepoint)",
        lambda: corridor.resolve_place(net, "Strait of Malacca"),
        "either",
    )
    for label, q in (("123 (int)", 123), ("None", None), ("b'xian' (bytes)", b"xian")):  # type: ignore[assignment]
        yield Case(
            "corridor.find_places",
            f"query={label}",
            lambda q=q: corridor.find_places(net, q),
            home="network/places.py",
        )
    for label, v in (("-1", -1), ("1.5", 1.5), ("nan", NAN), ("'5' (str)", "5"), ("0", 0)):
        yield Case(
            "corridor.find_places",
            f"limit={label}",
            lambda v=v: corridor.find_places(net, "xian", limit=v),
            "either" if v == 0 else "refuse",
            home="network/places.py",
        )
    yield Case(
        "corridor.find_places",
        "network=None",
        lambda: corridor.find_places(None, "x"),  # type: ignore[arg-type]
        home="network/places.py",
    )

    # route / alternatives / pareto / compare (routing/route.py, routing/compare.py: lead)
    od = ("Xi'an", "Duisburg")
    yield Case(
        "corridor.route",
        "origin='Atlantis'",
        lambda: corridor.route(net, "Atlantis", "Duisburg"),
        home=home_route,
    )
    yield Case(
        "corridor.route",
        "origin=5 (int)",
        lambda: corridor.route(net, 5, "Duisburg"),  # type: ignore[arg-type]
        home=home_route,
    )
    yield Case(
        "corridor.route",
        "origin=destination",
        lambda: corridor.route(net, "Duisburg", "Duisburg"),
        home=home_route,
    )
    yield Case(
        "corridor.route",
        "origin='Strait of Malacca'",
        lambda: corridor.route(net, "Strait of Malacca", "Duisburg"),
        home=home_route,
    )
    yield Case(
        "corridor.route",
        "network='eurasia' (str)",
        lambda: corridor.route("eurasia", *od),  # type: ignore[arg-type]
        home=home_route,
    )
    route_opts: list[tuple[str, dict[str, object]]] = [
        ("optimize='fastest'", {"optimize": "fastest"}),
        ("optimize=None", {"optimize": None}),
        ("cargo='XYZ'", {"cargo": "XYZ"}),
        ("cargo=5", {"cargo": 5}),
        ("avoid_countries=['ZZ']", {"avoid_countries": ["ZZ"]}),
        ("avoid_countries=[5]", {"avoid_countries": [5]}),
        ("avoid_countries=['']", {"avoid_countries": [""]}),
        ("close=['nowhere']", {"close": ["nowhere"]}),
        ("modes=['plane']", {"modes": ["plane"]}),
        ("via=['Atlantis']", {"via": ["Atlantis"]}),
        ("max_transshipments=-1", {"max_transshipments": -1}),
        ("max_transshipments=1.5", {"max_transshipments": 1.5}),
        ("max_transshipments=10**30", {"max_transshipments": 10**30}),
        ("max_transshipments=nan", {"max_transshipments": NAN}),
        ("month=13", {"month": 13}),
        ("month=0", {"month": 0}),
        ("month=1.5", {"month": 1.5}),
        ("month='3'", {"month": "3"}),
        ("date='yesterday'", {"date": "yesterday"}),
        ("date='2024-13-45'", {"date": "2024-13-45"}),
        ("operations='warp'", {"operations": "warp"}),
        ("avoid_country=['RU'] (misspelt option)", {"avoid_country": ["RU"]}),
        ("value_of_time_usd_per_day=nan", {"value_of_time_usd_per_day": NAN}),
        ("value_of_time_usd_per_day=-1", {"value_of_time_usd_per_day": -1.0}),
        ("value_of_time_usd_per_day=1e308", {"value_of_time_usd_per_day": 1e308}),
        ("value_of_time_usd_per_day='100'", {"value_of_time_usd_per_day": "100"}),
        ("carbon_usd_per_t=inf", {"carbon_usd_per_t": INF}),
        ("carbon_usd_per_t=-5", {"carbon_usd_per_t": -5.0}),
        ("carbon_usd_per_t=1e308", {"carbon_usd_per_t": 1e308}),
    ]
    for label, one, listed in (
        ("avoid_countries='RU' (str)", {"avoid_countries": "RU"}, {"avoid_countries": ["RU"]}),
        ("modes='rail' (str)", {"modes": "rail"}, {"modes": ["rail"]}),
        ("via='Almaty' (str)", {"via": "Almaty"}, {"via": ["Almaty"]}),
        ("close='kazan' (str)", {"close": "kazan"}, {"close": ["kazan"]}),
    ):
        yield Case(
            "corridor.route",
            f"{label}: as one item",
            lambda a=one, b=listed: _same(
                corridor.route(net, *od, **a), corridor.route(net, *od, **b)
            ),
            "either",
            home=home_route,
        )
    for label, opts in route_opts:
        yield Case(
            "corridor.route", label, lambda o=opts: corridor.route(net, *od, **o), home=home_route
        )
    for label, k in (
        ("0", 0),
        ("-1", -1),
        ("1.5", 1.5),
        ("10**6", 10**6),
        ("nan", NAN),
        ("'3'", "3"),
    ):
        yield Case(
            "corridor.alternatives",
            f"k={label}",
            lambda k=k: corridor.alternatives(net, *od, k=k),
            home=home_route,
        )
    for label, v in (("nan", NAN), ("-0.1", -0.1), ("2", 2.0), ("'0.5'", "0.5")):
        yield Case(
            "corridor.alternatives",
            f"max_overlap={label}",
            lambda v=v: corridor.alternatives(net, *od, max_overlap=v),
            home=home_route,
        )
    yield Case(
        "corridor.pareto",
        "optimize='p90'",
        lambda: corridor.pareto(net, *od, optimize="p90"),
        "either",
        home=home_route,
    )
    yield Case(
        "corridor.pareto", "month=13", lambda: corridor.pareto(net, *od, month=13), home=home_route
    )
    yield Case(
        "corridor.pareto",
        "destination='Atlantis'",
        lambda: corridor.pareto(net, "Xi'an", "Atlantis"),
        home=home_route,
    )
    home_cmp = "planning/compare.py"
    for name in ("tie_margin", "detour_ratio", "transit_margin"):
        for label, v in (("nan", NAN), ("-1", -1.0), ("inf", INF)):
            yield Case(
                "corridor.compare",
                f"{name}={label}",
                lambda n=name, v=v: corridor.compare(net, *od, **{n: v}),
                home=home_cmp,
            )
    yield Case(
        "corridor.compare",
        "destination='Atlantis'",
        lambda: corridor.compare(net, "Xi'an", "Atlantis"),
        home=home_cmp,
    )

    # simulate_route, in reliability/simulate.py
    home_sim = "reliability/simulate.py"
    sim_bad: list[tuple[str, dict[str, object]]] = [
        ("samples=0", {"samples": 0}),
        ("samples=-1", {"samples": -1}),
        ("samples=1.5", {"samples": 1.5}),
        ("samples=nan", {"samples": NAN}),
        ("samples='100'", {"samples": "100"}),
        ("samples=10**13", {"samples": 10**13}),
        ("samples=True", {"samples": True}),
        ("month=13", {"month": 13}),
        ("month=0", {"month": 0}),
        ("month=-1", {"month": -1}),
        ("month=1.5", {"month": 1.5}),
        ("month='3'", {"month": "3"}),
        ("month=nan", {"month": NAN}),
        ("seed=-1", {"seed": -1}),
        ("seed=1.5", {"seed": 1.5}),
        ("seed='x'", {"seed": "x"}),
        ("seed=nan", {"seed": NAN}),
        ("border_correlation=nan", {"border_correlation": NAN}),
        ("border_correlation=-0.1", {"border_correlation": -0.1}),
        ("border_correlation=1.5", {"border_correlation": 1.5}),
        ("border_correlation='0.5'", {"border_correlation": "0.5"}),
        ("progress=5 (not callable)", {"progress": 5}),
    ]
    for label, opts in sim_bad:
        yield Case(
            "corridor.simulate_route",
            label,
            lambda o=opts: corridor.simulate_route(net, rt, **o),
            home=home_sim,
        )
    yield Case(
        "corridor.simulate_route",
        "seed=2**70 (big)",
        lambda: corridor.simulate_route(net, rt, samples=10, seed=2**70),
        "either",
        home=home_sim,
    )
    yield Case(
        "corridor.simulate_route",
        "route='northern' (str)",
        lambda: corridor.simulate_route(net, "northern"),  # type: ignore[arg-type]
        home=home_sim,
    )
    yield Case(
        "corridor.simulate_route",
        "route on another network",
        lambda: corridor.simulate_route(fx.tiny, rt, samples=10),
        home=home_sim,
    )

    # validate_network
    home_val = "network/validate.py"

    def with_node(**changes: object) -> Network:
        from dataclasses import replace  # noqa: PLC0415

        nodes = (replace(fx.tiny.nodes[0], **changes), *fx.tiny.nodes[1:])
        return replace(fx.tiny, nodes=nodes)  # type: ignore[no-any-return]

    def with_link(**changes: object) -> Network:
        from dataclasses import replace  # noqa: PLC0415

        links = (replace(fx.tiny.links[0], **changes), *fx.tiny.links[1:])
        return replace(fx.tiny, links=links)  # type: ignore[no-any-return]

    def must_find(build: Callable[[], Network], label: str) -> Callable[[], object]:
        """Raise the validation error when the bad field is among the errors found."""
        field = {"duplicate node ids": "id", "link to_node='nowhere'": "to"}.get(
            label, label.split("=", maxsplit=1)[0].rsplit(maxsplit=1)[-1]
        )

        def call() -> object:
            from corridor.exceptions import NetworkValidationError  # noqa: PLC0415

            issues = corridor.validate_network(build())
            errors = [i for i in issues if i.severity == "error" and field in (i.field or "")]
            if errors:  # found, with the field: the outcome a caller can act on
                raise NetworkValidationError(errors)
            return issues

        return call

    bad_networks: list[tuple[str, Callable[[], Network]]] = [
        ("node lon=nan", lambda: with_node(lon=NAN)),
        ("node lat=inf", lambda: with_node(lat=INF)),
        ("node lat=95", lambda: with_node(lat=95.0)),
        ("node lon=400", lambda: with_node(lon=400.0)),
        ("node lon='1' (str)", lambda: with_node(lon="1")),
        ("node kind='castle'", lambda: with_node(kind="castle")),
        ("node country='xx1'", lambda: with_node(country="xx1")),
        ("node id=''", lambda: with_node(id="")),
        ("link distance_km=-5", lambda: with_link(distance_km=-5.0)),
        ("link distance_km=nan", lambda: with_link(distance_km=NAN)),
        ("link distance_km='5' (str)", lambda: with_link(distance_km="5")),
        ("link speed_kmh=0", lambda: with_link(speed_kmh=0.0)),
        ("link speed_kmh=-40", lambda: with_link(speed_kmh=-40.0)),
        ("link speed_kmh=nan", lambda: with_link(speed_kmh=NAN)),
        ("link mode='plane'", lambda: with_link(mode="plane")),
        ("link directions='sideways'", lambda: with_link(directions="sideways")),
        ("link to_node='nowhere'", lambda: with_link(to_node="nowhere")),
        ("link emission_g_per_tkm=-1", lambda: with_link(emission_g_per_tkm=-1.0)),
        ("link emission_g_per_tkm=nan", lambda: with_link(emission_g_per_tkm=NAN)),
        ("link capacity value=-1", lambda: with_link(capacity=Capacity(-1.0, "teu_per_year"))),
        ("link capacity value=nan", lambda: with_link(capacity=Capacity(NAN, "teu_per_year"))),
        ("link tariff fixed=nan", lambda: with_link(tariff=corridor.Tariff(fixed=NAN))),
        ("link tariff per_km=-1", lambda: with_link(tariff=corridor.Tariff(per_km=-1.0))),
        (
            "link tariff currency='XYZ'",
            lambda: with_link(tariff=corridor.Tariff(1.0, currency="XYZ")),
        ),
        (
            "link tariff unit='pallet'",
            lambda: with_link(tariff=corridor.Tariff(1.0, unit="pallet")),  # type: ignore[arg-type]
        ),
        ("fx rate EUR=0", lambda: _with_fx(fx.tiny, {"EUR": 0.0})),
        ("fx rate EUR=nan", lambda: _with_fx(fx.tiny, {"EUR": NAN})),
        ("fx rate EUR=-1", lambda: _with_fx(fx.tiny, {"EUR": -1.0})),
        ("duplicate node ids", lambda: _dup_nodes(fx.tiny)),
        ("cargo value_of_time=nan", lambda: _with_cargo(fx.tiny, value_of_time_usd_per_day=NAN)),
        ("cargo tonnes=-1", lambda: _with_cargo(fx.tiny, tonnes=-1.0)),
        ("cargo teu=inf", lambda: _with_cargo(fx.tiny, teu=INF)),
    ]
    for label, build in bad_networks:
        yield Case("corridor.validate_network", label, must_find(build, label), home=home_val)
    yield Case(
        "corridor.validate_network",
        "network='x' (str)",
        lambda: corridor.validate_network("x"),  # type: ignore[arg-type]
        home=home_val,
    )
    yield Case(
        "corridor.validate_network",
        "network=None",
        lambda: corridor.validate_network(None),  # type: ignore[arg-type]
        home=home_val,
    )
    yield Case(
        "corridor.validate_network",
        "Network(nodes=(), links=())",
        must_find(lambda: Network((), ()), "id"),
        "either",
        home=home_val,
    )

    # distributions
    home_dist = "network/distributions.py"
    for label, v in _numbers():  # type: ignore[assignment]
        yield Case(
            "corridor.Fixed",
            f"value={label}",
            lambda v=v: Fixed(v),
            "either" if label == "1e308" else "refuse",
            home=home_dist,
        )
    yield Case(
        "corridor.Triangular", "low=3, mode=2, high=1", lambda: Triangular(3, 2, 1), home=home_dist
    )
    yield Case(
        "corridor.Triangular", "low=1, mode=1, high=1", lambda: Triangular(1, 1, 1), home=home_dist
    )
    yield Case("corridor.Triangular", "high=nan", lambda: Triangular(0, 1, NAN), home=home_dist)
    yield Case("corridor.Triangular", "mode='1'", lambda: Triangular(0, "1", 2), home=home_dist)  # type: ignore[arg-type]
    yield Case(
        "corridor.Triangular",
        "high=1e308, low=-1e308 (overflow)",
        lambda: Triangular(0, 1e308, 1.7e308).variance,
        "either",
        home=home_dist,
    )
    yield Case("corridor.LogNormal", "mean_h=0", lambda: LogNormal(0, 1), home=home_dist)
    yield Case("corridor.LogNormal", "sd_h=-1", lambda: LogNormal(1, -1), home=home_dist)
    yield Case("corridor.LogNormal", "sd_h=inf", lambda: LogNormal(1, INF), home=home_dist)
    yield Case(
        "corridor.LogNormal",
        "mean_h=1e-320, sd_h=1e308 (sigma overflow)",
        lambda: LogNormal(1e-320, 1e308).sigma,
        home=home_dist,
    )
    yield Case("corridor.Empirical", "values=()", lambda: Empirical(()), home=home_dist)
    yield Case("corridor.Empirical", "values='abc' (str)", lambda: Empirical("abc"), home=home_dist)  # type: ignore[arg-type]
    yield Case("corridor.Empirical", "values=5 (int)", lambda: Empirical(5), home=home_dist)  # type: ignore[arg-type]
    yield Case("corridor.Empirical", "values=(nan,)", lambda: Empirical((NAN,)), home=home_dist)
    yield Case("corridor.Empirical", "values=None", lambda: Empirical(None), home=home_dist)  # type: ignore[arg-type]
    yield Case(
        "corridor.Empirical",
        "values=[1.0, 2.0] (list)",
        lambda: hash(Empirical([1.0, 2.0])),  # type: ignore[arg-type]
        "either",
        home=home_dist,
    )
    yield Case(
        "Mixture",
        "weights=(0.5, 0.6)",
        lambda: Mixture((0.5, 0.6), (Fixed(1), Fixed(2))),
        home=home_dist,
    )
    yield Case("Mixture", "weights=(nan,)", lambda: Mixture((NAN,), (Fixed(1),)), home=home_dist)
    yield Case(
        "Mixture",
        "components=(Mixture,)",
        lambda: Mixture((1.0,), (Mixture((1.0,), (Fixed(1),)),)),  # type: ignore[arg-type]
        home=home_dist,
    )
    yield Case("Mixture", "components=('x',)", lambda: Mixture((1.0,), ("x",)), home=home_dist)  # type: ignore[arg-type]
    yield Case("Mixture", "weights='1' (str)", lambda: Mixture("1", (Fixed(1),)), home=home_dist)  # type: ignore[arg-type]
    rng = np.random.default_rng(0)
    for label, n in (("-1", -1), ("1.5", 1.5), ("nan", NAN), ("'3'", "3"), ("10**13", 10**13)):
        for d in (Fixed(1), Triangular(0, 1, 2), LogNormal(1, 1), Empirical((1.0,))):
            yield Case(
                f"{type(d).__name__}.sample",
                f"size={label}",
                lambda d=d, n=n: d.sample(rng, n),
                home=home_dist,
            )
    yield Case(
        "Fixed.sample",
        "rng='x' (str)",
        lambda: Triangular(0, 1, 2).sample("x", 3),  # type: ignore[arg-type]
        home=home_dist,
    )
    for label, f in (("nan", NAN), ("-1", -1.0), ("inf", INF), ("'2'", "2")):
        yield Case(
            "Triangular.scaled",
            f"factor={label}",
            lambda f=f: Triangular(0, 1, 2).scaled(f),
            home=home_dist,
        )
    bad_dicts: list[tuple[str, object]] = [
        ("None", None),
        ("'fixed' (str)", "fixed"),
        ("[] (list)", []),
        ("nan", NAN),
        ("-1", -1),
        ("True", True),
        ("{'type': 'gamma'}", {"type": "gamma"}),
        ("{'type': ['fixed']} (unhashable)", {"type": ["fixed"]}),
        ("{'type': 'fixed'}", {"type": "fixed"}),
        ("{'type': 'fixed', 'value': '1'}", {"type": "fixed", "value": "1"}),
        ("{'type': 'fixed', 'value': 10**400}", {"type": "fixed", "value": 10**400}),
        (
            "{'type': 'triangular', low 3 mode 2 high 1}",
            {"type": "triangular", "low": 3, "mode": 2, "high": 1},
        ),
        ("{'type': 'lognormal', 'mean': 0, 'sd': 1}", {"type": "lognormal", "mean": 0, "sd": 1}),
        ("{'type': 'empirical', 'values': []}", {"type": "empirical", "values": []}),
        ("{'type': 'empirical', 'values': 'abc'}", {"type": "empirical", "values": "abc"}),
        ("{'type': 'empirical', 'values': [None]}", {"type": "empirical", "values": [None]}),
        (
            "{'type': 'mixture', weights [1], components [mixture]}",
            {
                "type": "mixture",
                "weights": [1.0],
                "components": [{"type": "mixture", "weights": [1.0], "components": [1.0]}],
            },
        ),
        (
            "{'type': 'mixture', weights [0.5], components [1, 2]}",
            {"type": "mixture", "weights": [0.5], "components": [1.0, 2.0]},
        ),
        (
            "{'type': 'mixture', weights 'x', components 'y'}",
            {"type": "mixture", "weights": "x", "components": "y"},
        ),
        ("{1: 2} (int key)", {1: 2}),
    ]
    for label, data in bad_dicts:
        yield Case(
            "distribution_from_dict",
            label,
            lambda data=data: distribution_from_dict(data),
            home=home_dist,
        )

    # model objects with a check of their own
    home_model = "network/model.py"
    yield Case(
        "corridor.Capacity",
        "unit='train_per_day'",
        lambda: Capacity(5, "train_per_day"),  # type: ignore[arg-type]
        home=home_model,
    )
    yield Case("corridor.Capacity", "unit=None", lambda: Capacity(5, None), home=home_model)  # type: ignore[arg-type]
    yield Case(
        "corridor.Capacity",
        "unit=['teu_per_year'] (unhashable)",
        lambda: Capacity(5, ["teu_per_year"]),  # type: ignore[arg-type]
        home=home_model,
    )
    yield Case(
        "corridor.FxTable.to_base",
        "currency='XYZ'",
        lambda: corridor.FxTable({"EUR": 0.9}).to_base(1.0, "XYZ"),
        home=home_model,
    )
    yield Case(
        "corridor.Network.node", "node_id='nowhere'", lambda: net.node("nowhere"), home=home_model
    )
    yield Case(
        "corridor.Network.link", "link_id='nowhere'", lambda: net.link("nowhere"), home=home_model
    )
    yield Case(
        "corridor.Network.cargo", "cargo_id='XYZ'", lambda: net.cargo("XYZ"), home=home_model
    )
    yield Case("corridor.Network", "nodes='abc' (str)", lambda: Network("abc", ()), home=home_model)  # type: ignore[arg-type]
    yield Case(
        "corridor.Node",
        "lon=nan (validated by validate_network)",
        lambda: Node("a", "A", "city", "CN", NAN, 0.0),
        "either",
        home=home_model,
    )

    # readers and writers, in io/geojson.py
    home_geo = "io/geojson.py"
    for name in (
        "empty.geojson",
        "garbage.geojson",
        "latin1.geojson",
        "list.geojson",
        "deep.geojson",
        "bignum.geojson",
        "bigfloat.geojson",
        "nan.geojson",
        "features_str.geojson",
        "features_ints.geojson",
        "badgz.geojson.gz",
        "gz_garbage.geojson.gz",
        "truncated.geojson",
        "plain.txt",
        "dir",
        "missing",
    ):
        yield Case(
            "corridor.read_network",
            f"path={name}",
            lambda p=files[name]: corridor.read_network(p),
            home=home_geo,
        )
    for label, p in (
        ("'/dev/zero'", "/dev/zero"),
        ("'/dev/null'", "/dev/null"),
        ("None", None),
        ("123 (int)", 123),
        ("''", ""),
    ):
        yield Case(
            "corridor.read_network",
            f"path={label}",
            lambda p=p: corridor.read_network(p),
            home=home_geo,
        )
    docs: list[tuple[str, object]] = [
        ("None", None),
        ("[] (list)", []),
        ("'{}' (str)", "{}"),
        ("b'{}' (bytes)", b"{}"),
        ("{}", {}),
        ("{'type': 'Feature'}", {"type": "Feature"}),
        ("features='abc'", {"type": "FeatureCollection", "features": "abc"}),
        ("features=[1, 2]", {"type": "FeatureCollection", "features": [1, 2]}),
        ("features=[{}]", {"type": "FeatureCollection", "features": [{}]}),
        (
            "features=[{'properties': 5}]",
            {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": 5}]},
        ),
        (
            "corridor={'fx': 'x'}",
            {"type": "FeatureCollection", "features": [], "corridor": {"fx": "x"}},
        ),
        ("corridor='x'", {"type": "FeatureCollection", "features": [], "corridor": "x"}),
        (
            "corridor={'cargo_classes': 5}",
            {"type": "FeatureCollection", "features": [], "corridor": {"cargo_classes": 5}},
        ),
        ("{1: 2} (int key)", {1: 2}),
    ]
    for label, doc in docs:
        yield Case(
            "corridor.network_from_geojson",
            f"data={label}",
            lambda d=doc: corridor.network_from_geojson(d),
            home=home_geo,
        )
    yield Case(
        "corridor.network_from_geojson",
        "data=features=[] (an empty network)",
        lambda: corridor.network_from_geojson({"type": "FeatureCollection", "features": []}),
        "either",
        home=home_geo,
    )
    yield Case(
        "corridor.network_from_geojson",
        "source=5 (int)",
        lambda: corridor.network_from_geojson(
            {"type": "FeatureCollection", "features": []},
            source=5,  # type: ignore[arg-type]
        ),
        home=home_geo,
    )
    yield Case(
        "corridor.network_to_geojson",
        "network='x' (str)",
        lambda: corridor.network_to_geojson("x"),  # type: ignore[arg-type]
        home=home_geo,
    )
    yield Case(
        "corridor.network_to_geojson",
        "network=None",
        lambda: corridor.network_to_geojson(None),  # type: ignore[arg-type]
        home=home_geo,
    )
    for label, p in (  # type: ignore[assignment]
        ("missing parent dir", fx.tmp / "no" / "dir" / "out.geojson"),
        ("an existing directory", files["dir"]),
        ("'/dev/full'", Path("/dev/full")),
        ("a file as parent dir", files["plain.txt"] / "out.geojson"),
        ("'' (empty)", ""),
    ):
        yield Case(
            "corridor.write_network",
            f"path={label}",
            lambda p=p: corridor.write_network(fx.tiny, p),
            home=home_geo,
        )
    for label, v in (("-1", -1), ("'x' (str)", "x"), ("1.5", 1.5)):
        yield Case(
            "corridor.write_network",
            f"indent={label}",
            lambda v=v: corridor.write_network(fx.tiny, fx.tmp / "w.geojson", indent=v),
            "either" if v == -1 else "refuse",
            home=home_geo,
        )
    yield Case(
        "corridor.write_network",
        "network='x' (str)",
        lambda: corridor.write_network("x", fx.tmp / "w2.geojson"),  # type: ignore[arg-type]
        home=home_geo,
    )


def _same(a: object, b: object) -> object:
    """``a`` when it equals ``b``, else an error (a str read as a sequence of letters)."""
    if a != b:
        msg = f"differs: {a!r:.80} != {b!r:.80}"
        raise AssertionError(msg)
    return a


def _with_fx(net: Any, rates: dict[str, float]) -> Any:  # noqa: ANN401
    from dataclasses import replace  # noqa: PLC0415

    from corridor import FxTable  # noqa: PLC0415

    return replace(net, fx=FxTable(rates))


def _dup_nodes(net: Any) -> Any:  # noqa: ANN401
    from dataclasses import replace  # noqa: PLC0415

    return replace(net, nodes=(*net.nodes, net.nodes[0]))


def _with_cargo(net: Any, **changes: float) -> Any:  # noqa: ANN401
    from dataclasses import replace  # noqa: PLC0415

    from corridor import CargoClass  # noqa: PLC0415

    base = CargoClass("FEU", "FEU", 2.0, 20.0, 50_000.0, 30.0)
    return replace(net, cargo_classes=(replace(base, **changes),))  # type: ignore[arg-type]


def _io_cases(fx: Fixtures) -> Iterator[Case]:
    from corridor import io  # noqa: PLC0415

    files = fx.files
    home_gj = "io/graphjson.py"
    for name in (
        "graph_empty.graphjson",
        "graph_garbage.graphjson",
        "graph_list.graphjson",
        "graph_badtype.graphjson",
        "graph_mismatch.graphjson",
        "graph_badkey.graphjson",
        "graph_negw.graphjson",
        "graph_nanw.graphjson",
        "graph_badnode.graphjson",
        "graph_ragged.graphjson",
        "graph_lat.graphjson",
        "graph_bigkey.graphjson",
        "graph_deep.graphjson",
        "graph_rowlist.graphjson",
        "graph_boolw.graphjson",
        "graph_bigw.graphjson",
        "badgz.geojson.gz",
        "dir",
        "missing",
    ):
        yield Case(
            "corridor.io.read_graphjson",
            f"path={name}",
            lambda p=files[name]: io.read_graphjson(p),
            home=home_gj,
        )
    for label, p in (("'/dev/zero'", "/dev/zero"), ("None", None)):
        yield Case(
            "corridor.io.read_graphjson",
            f"path={label}",
            lambda p=p: io.read_graphjson(p),
            home=home_gj,
        )
    g = fx.graph
    points: list[tuple[str, object, object]] = [
        ("nan, nan", NAN, NAN),
        ("inf, 0", INF, 0.0),
        ("0, 95", 0.0, 95.0),
        ("'a', 'b' (str)", "a", "b"),
        ("None, None", None, None),
        ("[0, 1], [0] (shapes differ)", np.array([0.0, 1.0]), np.array([0.0])),
        ("[] , [] (empty arrays)", np.array([]), np.array([])),
    ]
    for label, lon, lat in points:
        yield Case(
            "corridor.io.nearest_vertex",
            f"lon, lat={label}",
            lambda lon=lon, lat=lat: io.nearest_vertex(g, lon, lat),
            "either" if "empty" in label else "refuse",
            home=home_gj,
        )
    yield Case(
        "corridor.io.nearest_vertex",
        "lon=400 (wraps)",
        lambda: io.nearest_vertex(g, 400.0, 0.0),
        "either",
        home=home_gj,
    )
    for label, among in (
        ("[]", []),
        ("[99]", [99]),
        ("[-1]", [-1]),
        ("['a']", ["a"]),
        ("[1.5]", [1.5]),
    ):
        yield Case(
            "corridor.io.nearest_vertex",
            f"among={label}",
            lambda a=among: io.nearest_vertex(g, 0.0, 0.0, among=a),
            home=home_gj,
        )
    yield Case(
        "corridor.io.nearest_vertex",
        "graph without coords",
        lambda: io.nearest_vertex(fx.bare_graph, 0.0, 0.0),
        home=home_gj,
    )
    yield Case(
        "corridor.io.nearest_vertex",
        "graph='x' (str)",
        lambda: io.nearest_vertex("x", 0.0, 0.0),  # type: ignore[call-overload]
        home=home_gj,
    )

    home_gm = "io/gmns.py"
    for name in (
        "gmns_empty",
        "gmns_garbage",
        "gmns_header_only",
        "gmns_bad_numbers",
        "gmns_quote",
        "dir",
        "missing",
        "plain.txt",
    ):
        yield Case(
            "corridor.io.read_gmns",
            f"directory={name}",
            lambda p=files[name]: io.read_gmns(p),
            home=home_gm,
        )
    yield Case("corridor.io.read_gmns", "directory=None", lambda: io.read_gmns(None), home=home_gm)  # type: ignore[arg-type]
    for label, p in (  # type: ignore[assignment]
        ("a file", files["plain.txt"]),
        ("under a file", files["plain.txt"] / "sub"),
        ("'/dev/full'", Path("/dev/full")),
        ("'/proc/version' (read-only)", Path("/proc/version")),
    ):
        yield Case(
            "corridor.io.write_gmns",
            f"directory={label}",
            lambda p=p: io.write_gmns(fx.tiny, p),
            home=home_gm,
        )
    yield Case(
        "corridor.io.write_gmns",
        "network='x' (str)",
        lambda: io.write_gmns("x", fx.tmp / "gm"),  # type: ignore[arg-type]
        home=home_gm,
    )

    home_csv = "io/csv.py"
    from corridor.io.csv import write_csv  # noqa: PLC0415

    yield Case(
        "corridor.io.csv.write_csv",
        "directory=a file",
        lambda: write_csv(fx.tiny, files["plain.txt"]),
        home=home_csv,
    )
    yield Case(
        "corridor.io.csv.write_csv",
        "directory='/proc/version'",
        lambda: write_csv(fx.tiny, "/proc/version/x"),
        home=home_csv,
    )


def _reliability_cases(fx: Fixtures) -> Iterator[Case]:
    from corridor import Fixed  # noqa: PLC0415
    from corridor.reliability import (  # noqa: PLC0415
        Component,
        TransitSimulation,
        digital_borders,
        route_components,
        sample_components,
        simulate_components,
        with_percentiles,
    )

    net, rt, comps = fx.net, fx.route, fx.components
    home_sim = "reliability/simulate.py"
    for label, t in (
        ("'KZ' (str)", "KZ"),
        ("['ZZ']", ["ZZ"]),
        ("[5]", [5]),
        ("[]", []),
        ("['']", [""]),
        ("None", None),
        ("['middle'] without route", ["middle"]),
    ):
        yield Case(
            "corridor.reliability.digital_borders",
            f"targets={label}",
            lambda t=t: digital_borders(net, t),
            "either" if label in ("'KZ' (str)", "[]") else "refuse",
            home=home_sim,
        )
    home_cmp = "reliability/components.py"
    for label, m in (("13", 13), ("0", 0), ("-1", -1), ("1.5", 1.5), ("'3'", "3")):
        yield Case(
            "corridor.reliability.route_components",
            f"month={label}",
            lambda m=m: route_components(rt, net, month=m),
            home=home_cmp,
        )
    yield Case(
        "corridor.reliability.route_components",
        "network=tiny (other ids)",
        lambda: route_components(rt, fx.tiny),
        home=home_cmp,
    )
    yield Case(
        "corridor.reliability.route_components",
        "route=None",
        lambda: route_components(None, net),  # type: ignore[arg-type]
        home=home_cmp,
    )
    for label, m in (("13", 13), ("0", 0)):
        yield Case(
            "corridor.reliability.with_percentiles",
            f"month={label}",
            lambda m=m: with_percentiles(net, rt, month=m),
            home=home_sim,
        )
    for label, s in (("0", 0), ("-5", -5), ("1.5", 1.5), ("nan", NAN)):
        yield Case(
            "corridor.reliability.with_percentiles",
            f"samples={label}",
            lambda s=s: with_percentiles(net, rt, samples=s),
            home=home_sim,
        )

    home_mc = "reliability/montecarlo.py"
    rng = np.random.default_rng(0)
    for label, n in (("-1", -1), ("1.5", 1.5), ("nan", NAN), ("'3'", "3"), ("10**13", 10**13)):
        yield Case(
            "corridor.reliability.sample_components",
            f"n={label}",
            lambda n=n: sample_components(comps, n, rng),
            home=home_mc,
        )
    yield Case(
        "corridor.reliability.sample_components",
        "components=[]",
        lambda: sample_components([], 5, rng),
        "either",
        home=home_mc,
    )
    yield Case(
        "corridor.reliability.sample_components",
        "rng=0 (int)",
        lambda: sample_components(comps, 5, 0),  # type: ignore[arg-type]
        home=home_mc,
    )
    for label, rho in (("nan", NAN), ("-0.5", -0.5), ("2", 2.0)):
        yield Case(
            "corridor.reliability.sample_components",
            f"border_correlation={label}",
            lambda r=rho: sample_components(comps, 5, rng, border_correlation=r),
            home=home_mc,
        )
    yield Case(
        "corridor.reliability.sample_components",
        "components=['x']",
        lambda: sample_components(["x"], 5, rng),  # type: ignore[list-item]
        home=home_mc,
    )
    sim_opts: list[tuple[str, dict[str, object]]] = [
        ("samples=0", {"samples": 0}),
        ("samples=nan", {"samples": NAN}),
        ("samples=1.5", {"samples": 1.5}),
        ("samples=10**13", {"samples": 10**13}),
        ("chunk=0", {"chunk": 0, "samples": 10}),
        ("chunk=-1", {"chunk": -1, "samples": 10}),
        ("chunk=1.5", {"chunk": 1.5, "samples": 10}),
        ("seed=-1", {"seed": -1, "samples": 10}),
        ("seed='x'", {"seed": "x", "samples": 10}),
        ("border_correlation=nan", {"border_correlation": NAN, "samples": 10}),
    ]
    for label, opts in sim_opts:
        yield Case(
            "corridor.reliability.simulate_components",
            label,
            lambda o=opts: simulate_components(comps, **o),
            home=home_mc,
        )
    yield Case(
        "corridor.reliability.simulate_components",
        "components=[]",
        lambda: simulate_components([], samples=10),
        home=home_mc,
    )
    bad_components: list[tuple[str, Callable[[], object]]] = [
        ("probability=2", lambda: Component("c", "closure", Fixed(1.0), probability=2.0)),
        ("probability=nan", lambda: Component("c", "closure", Fixed(1.0), probability=NAN)),
        ("probability=-0.5", lambda: Component("c", "closure", Fixed(1.0), probability=-0.5)),
        ("kind='teleport'", lambda: Component("c", "teleport", Fixed(1.0))),  # type: ignore[arg-type]
        ("dist=5 (not a distribution)", lambda: Component("c", "running", 5)),  # type: ignore[arg-type]
        ("timetable=(nan,)", lambda: Component("c", "wait", Fixed(0.0), timetable=(NAN,))),
        (
            "timetable=(200,) (past a week)",
            lambda: Component("c", "wait", Fixed(0.0), timetable=(200.0,)),
        ),
        ("timetable=(-1,)", lambda: Component("c", "wait", Fixed(0.0), timetable=(-1.0,))),
    ]
    for label, make in bad_components:
        yield Case("corridor.reliability.Component", label, make, home=home_cmp)
    sim = simulate_components(comps, samples=200, seed=1)
    for label, q in (("150", 150.0), ("-1", -1.0), ("nan", NAN), ("'50'", "50")):
        yield Case(
            "TransitSimulation.percentile_days",
            f"q={label}",
            lambda q=q: sim.percentile_days(q),
            home=home_mc,
        )
    for label, d in (("nan", NAN), ("'10'", "10")):
        yield Case(
            "TransitSimulation.probability_within",
            f"days={label}",
            lambda d=d: sim.probability_within(d),
            home=home_mc,
        )
    yield Case(
        "TransitSimulation.probability_within",
        "days=-1",
        lambda: sim.probability_within(-1.0),
        "either",
        home=home_mc,
    )
    yield Case(
        "TransitSimulation.to_dict",
        "deadline_days=nan",
        lambda: sim.to_dict(deadline_days=NAN),
        home=home_mc,
    )
    for label, k in (("-1", -1), ("1.5", 1.5)):
        yield Case(
            "TransitSimulation.top_contributors",
            f"k={label}",
            lambda k=k: sim.top_contributors(k),
            home=home_mc,
        )
    yield Case(
        "TransitSimulation",
        "totals_h=[] (empty)",
        lambda: TransitSimulation(np.zeros(0), (), np.zeros(0), np.zeros(0)).percentiles(),
        home=home_mc,
    )

    from corridor.reliability.plot import plot_transit_times  # noqa: PLC0415

    home_plot = "reliability/plot.py"
    for label, p in (
        ("a directory", fx.files["dir"]),
        ("suffix '.xyz'", fx.tmp / "plot.xyz"),
        ("missing parent dir", fx.tmp / "no" / "dir" / "p.png"),
        ("'/proc/p.png' (cannot be created)", Path("/proc/p.png")),
    ):
        yield Case(
            "plot_transit_times",
            f"path={label}",
            lambda p=p: plot_transit_times([("a", sim)], p),
            home=home_plot,
        )
    yield Case(
        "plot_transit_times",
        "simulations=[]",
        lambda: plot_transit_times([], fx.tmp / "e.png"),
        home=home_plot,
    )
    yield Case(
        "plot_transit_times",
        "deadline_days=nan",
        lambda: plot_transit_times([("a", sim)], fx.tmp / "n.png", deadline_days=NAN),
        home=home_plot,
    )


def _routing_cases(fx: Fixtures) -> Iterator[Case]:
    from corridor.routing import shortest  # noqa: PLC0415
    from corridor.routing.shortest import CSRGraph  # noqa: PLC0415

    g = fx.graph
    home = "routing/shortest.py"
    edges: list[tuple[str, tuple[object, object, object, object]]] = [
        ("weights=[nan]", ([0], [1], [NAN], 2)),
        ("weights=[-1]", ([0], [1], [-1.0], 2)),
        ("weights=['a']", ([0], [1], ["a"], 2)),
        ("tail=[5] (out of range)", ([5], [1], [1.0], 2)),
        ("tail=[0.5] (float ids)", ([0.5], [1], [1.0], 2)),
        ("tail=[0, 1], head=[1] (lengths differ)", ([0, 1], [1], [1.0], 2)),
        ("n_vertices=-1", ([], [], [], -1)),
        ("n_vertices=2.5", ([0], [1], [1.0], 2.5)),
        ("n_vertices='2'", ([0], [1], [1.0], "2")),
        ("tail=[[0]] (2-d)", ([[0]], [[1]], [[1.0]], 2)),
    ]
    for label, (t, h, w, n) in edges:
        yield Case(
            "CSRGraph.from_edges",
            label,
            lambda t=t, h=h, w=w, n=n: CSRGraph.from_edges(t, h, w, n),
            home=home,
        )
    yield Case(
        "CSRGraph.from_edges",
        "coords with nan",
        lambda: CSRGraph.from_edges([0], [1], [1.0], 2, coords=[[0, 0], [NAN, 0]]),  # type: ignore[arg-type]
        home=home,
    )
    yield Case(
        "CSRGraph.from_edges",
        "coords wrong shape",
        lambda: CSRGraph.from_edges([0], [1], [1.0], 2, coords=[[0, 0]]),
        home=home,
    )
    for label, s, t in (
        ("source=99", 99, 0),
        ("source=-1", -1, 0),
        ("source=1.5", 1.5, 0),
        ("source='0'", "0", 1),
        ("target=None", 0, None),
    ):
        yield Case(
            "shortest_path", label, lambda s=s, t=t: shortest.shortest_path(g, s, t), home=home
        )
    yield Case(
        "shortest_path",
        "backend='gpu'",
        lambda: shortest.shortest_path(g, 0, 3, backend="gpu"),  # type: ignore[arg-type]
        home=home,
    )
    yield Case(
        "shortest_path",
        "source=np.int64(0)",
        lambda: shortest.shortest_path(g, np.int64(0), 3),  # type: ignore[arg-type]
        "either",
        home=home,
    )
    yield Case(
        "shortest_path",
        "graph='x' (str)",
        lambda: shortest.shortest_path("x", 0, 1),  # type: ignore[arg-type]
        home=home,
    )
    for label, s in (("99", 99), ("-1", -1), ("1.5", 1.5)):
        yield Case(
            "shortest_path_tree",
            f"source={label}",
            lambda s=s: shortest.shortest_path_tree(g, s),
            home=home,
        )
    for label, src in (
        ("[99]", [99]),
        ("[0.5]", [0.5]),
        ("'0'", "0"),
        ("[[0]] (2-d)", [[0]]),
        ("[-1]", [-1]),
    ):
        yield Case(
            "distance_matrix",
            f"sources={label}",
            lambda s=src: shortest.distance_matrix(g, s, [1]),
            home=home,
        )
    yield Case(
        "distance_matrix",
        "sources=[]",
        lambda: shortest.distance_matrix(g, [], [1]),
        "either",
        home=home,
    )
    yield Case(
        "distance_matrix",
        "backend='gpu'",
        lambda: shortest.distance_matrix(g, [0], [1], backend="gpu"),  # type: ignore[arg-type]
        home=home,
    )
    for label, path in (
        ("[0, 2] (no edge)", [0, 2]),
        ("[0, 99]", [0, 99]),
        ("['a']", ["a"]),
        ("[0.5, 1]", [0.5, 1]),
    ):
        yield Case(
            "path_edges", f"vertices={label}", lambda p=path: shortest.path_edges(g, p), home=home
        )
    yield Case(
        "largest_component",
        "graph=None",
        lambda: shortest.largest_component(None),  # type: ignore[arg-type]
        home=home,
    )


def _network_cases(fx: Fixtures) -> Iterator[Case]:
    from corridor.network import geo, places, validate  # noqa: PLC0415

    net = fx.net
    yield Case(
        "great_circle_km",
        "lon1='a' (str)",
        lambda: geo.great_circle_km("a", 0, 0, 0),
        home="network/geo.py",
    )
    yield Case(
        "great_circle_km",
        "lat1=nan",
        lambda: float(geo.great_circle_km(0, NAN, 0, 0)),
        home="network/geo.py",
    )
    yield Case(
        "great_circle_km",
        "lat1=95",
        lambda: float(geo.great_circle_km(0, 95, 0, 0)),
        home="network/geo.py",
    )
    yield Case(
        "great_circle_km",
        "shapes (2,) and (3,)",
        lambda: geo.great_circle_km([0, 1], [0, 1], [0, 1, 2], [0, 1, 2]),
        home="network/geo.py",
    )
    yield Case(
        "normalize_name",
        "text=5 (int)",
        lambda: places.normalize_name(5),  # type: ignore[arg-type]
        home="network/places.py",
    )
    yield Case(
        "edit_distance",
        "a=None",
        lambda: places.edit_distance(None, "x"),  # type: ignore[arg-type]
        home="network/places.py",
    )
    yield Case("edit_budget", "length=-1", lambda: places.edit_budget(-1), home="network/places.py")
    yield Case(
        "match_place",
        "query='Atlantis'",
        lambda: places.match_place(net, "Atlantis"),
        home="network/places.py",
    )
    yield Case(
        "match_place",
        "query=None",
        lambda: places.match_place(net, None),  # type: ignore[arg-type]
        home="network/places.py",
    )
    yield Case(
        "check_endpoint",
        "node='xian' (str)",
        lambda: places.check_endpoint("xian"),  # type: ignore[arg-type]
        home="network/places.py",
    )
    yield Case(
        "reachability",
        "network='x' (str)",
        lambda: validate.reachability("x"),  # type: ignore[arg-type]
        home="network/validate.py",
    )


def _assignment_cases(fx: Fixtures) -> Iterator[Case]:
    from corridor import assignment as a  # noqa: PLC0415

    p = fx.problem
    home = "assignment/"
    for label, kw in (
        ("algorithm='newton'", {"algorithm": "newton"}),
        ("gap=nan", {"gap": NAN}),
        ("gap=-1", {"gap": -1.0}),
        ("gap=0", {"gap": 0.0, "max_iter": 5}),
        ("max_iter=-1", {"max_iter": -1}),
        ("max_iter=1.5", {"max_iter": 1.5}),
        ("max_iter=nan", {"max_iter": NAN}),
        ("max_iter=10**30", {"max_iter": 10**30, "gap": 1e-3}),
        ("backend='gpu'", {"backend": "gpu"}),
    ):
        expect: Expect = "either" if label in ("gap=0", "max_iter=10**30") else "refuse"
        yield Case(
            "corridor.assignment.assign",
            label,
            lambda kw=kw: a.assign(p, **kw),
            expect,
            home=home + "engine.py",
        )
    yield Case(
        "corridor.assignment.assign",
        "problem='x' (str)",
        lambda: a.assign("x"),  # type: ignore[arg-type]
        home=home + "engine.py",
    )
    for label, cost in (
        ("[nan]*4", [NAN] * 4),
        ("[1, 2] (wrong length)", [1.0, 2.0]),
        ("[-1]*4", [-1.0] * 4),
        ("'x'", "x"),
    ):
        yield Case(
            "corridor.assignment.all_or_nothing",
            f"link_cost={label}",
            lambda c=cost: a.all_or_nothing(p, c),
            home=home + "aon.py",
        )
    yield Case(
        "corridor.assignment.all_or_nothing",
        "backend='gpu'",
        lambda: a.all_or_nothing(p, backend="gpu"),  # type: ignore[arg-type]
        home=home + "aon.py",
    )
    for label, args in (
        ("sptt=0", ([1.0], [1.0], 0.0)),
        ("sptt=nan", ([1.0], [1.0], NAN)),
        ("lengths differ", ([1.0, 2.0], [1.0], 1.0)),
        ("link_flow='x'", ("x", [1.0], 1.0)),
    ):
        yield Case(
            "corridor.assignment.relative_gap",
            label,
            lambda ar=args: a.relative_gap(*ar),
            # SPTT 0 is right where every OD pair has a zero-cost path: the gap is then 1
            "either" if label == "sptt=0" else "refuse",
            home=home + "gap.py",
        )
    for label, args4 in (
        ("total_demand=0", ([1.0], [1.0], 1.0, 0.0)),
        ("total_demand=nan", ([1.0], [1.0], 1.0, NAN)),
        ("total_demand=-1", ([1.0], [1.0], 1.0, -1.0)),
    ):
        yield Case(
            "corridor.assignment.average_excess_cost",
            label,
            lambda ar=args4: a.average_excess_cost(*ar),
            "either" if label == "total_demand=0" else "refuse",  # documented: 0 trips, 0
            home=home + "gap.py",
        )
    for label, kw2 in (
        ("max_routes=0", {"max_routes": 0}),
        ("max_routes=-1", {"max_routes": -1}),
        ("draws=-1", {"draws": -1}),
        ("spread=nan", {"spread": NAN}),
        ("spread=-1", {"spread": -1.0}),
        ("seed=-1", {"seed": -1}),
        ("max_routes=1.5", {"max_routes": 1.5}),
    ):
        yield Case(
            "corridor.assignment.diverse_routes",
            label,
            lambda kw=kw2: a.diverse_routes(p, **kw),
            home=home + "stochastic.py",
        )
    for label, kw3 in (
        ("theta=nan", {"theta": NAN}),
        ("theta=0", {"theta": 0.0}),
        ("theta=-1", {"theta": -1.0}),
        ("theta=inf", {"theta": INF}),
        ("theta=1e308", {"theta": 1e308}),
        ("max_iter=-1", {"theta": 1.0, "max_iter": -1}),
        ("tolerance=nan", {"theta": 1.0, "tolerance": NAN}),
        ("tolerance=-1", {"theta": 1.0, "tolerance": -1.0}),
        ("theta='1'", {"theta": "1"}),
    ):
        yield Case(
            "corridor.assignment.stochastic_assign",
            label,
            lambda kw=kw3: a.stochastic_assign(p, **kw),
            # the two limits of the logit: an even split, and all on the cheapest route
            "either" if label in ("theta=0", "theta=1e308") else "refuse",
            home=home + "stochastic.py",
        )
    lcf = a.LinkCostFunction
    for label, make in (
        ("bpr_links capacity=[0]", lambda: lcf.bpr_links([1.0], [0.0])),
        ("bpr_links capacity=[-1]", lambda: lcf.bpr_links([1.0], [-1.0])),
        ("bpr_links fft=[nan]", lambda: lcf.bpr_links([NAN], [1.0])),
        ("bpr_links beta=-1", lambda: lcf.bpr_links([1.0], [1.0], beta=-1.0)),
        ("bpr_links fft='x'", lambda: lcf.bpr_links("x", [1.0])),
        ("bpr_links capacity=[1, 2] for 1 link", lambda: lcf.bpr_links([1.0], [1.0, 2.0])),
        (
            "from_kinds kinds=['linear']",
            lambda: lcf.from_kinds(["linear"], [1.0], [1.0], 0.15, 4.0),
        ),
    ):
        yield Case("corridor.assignment.LinkCostFunction", label, make, home=home + "vdf.py")
    vdf = lcf.bpr_links([1.0], [1.0])
    ap = a.AssignmentProblem
    for label, make2 in (
        ("create demand not square", lambda: ap.create([0], [1], vdf=vdf, demand=[[1.0, 2.0]])),
        (
            "create demand nan",
            lambda: ap.create([0], [1], vdf=vdf, demand=[[0.0, NAN], [0.0, 0.0]]),
        ),
        (
            "create demand -1",
            lambda: ap.create([0], [1], vdf=vdf, demand=[[0.0, -1.0], [0.0, 0.0]]),
        ),
        (
            "create tail=[0.5]",
            lambda: ap.create([0.5], [1], vdf=vdf, demand=[[0.0, 1.0], [0.0, 0.0]]),
        ),
        (
            "create zones=[0, 0]",
            lambda: ap.create([0], [1], vdf=vdf, demand=[[0.0, 1.0], [0.0, 0.0]], zones=[0, 0]),
        ),
        (
            "create zones=[0, 9]",
            lambda: ap.create([0], [1], vdf=vdf, demand=[[0.0, 1.0], [0.0, 0.0]], zones=[0, 9]),
        ),
        (
            "create n_nodes=-1",
            lambda: ap.create([0], [1], vdf=vdf, demand=[[0.0, 1.0], [0.0, 0.0]], n_nodes=-1),
        ),
        ("create demand='x'", lambda: ap.create([0], [1], vdf=vdf, demand="x")),
        (
            "create vdf for 2 links, 1 link",
            lambda: ap.create(
                [0], [1], vdf=lcf.bpr_links([1.0, 1.0], [1.0, 1.0]), demand=[[0.0, 1.0], [0.0, 0.0]]
            ),
        ),
        (
            "create fixed_cost=[nan]",
            lambda: ap.create([0], [1], vdf=vdf, demand=[[0.0, 1.0], [0.0, 0.0]], fixed_cost=[NAN]),
        ),
    ):
        yield Case("corridor.assignment.AssignmentProblem", label, make2, home=home + "problem.py")


def all_cases(fx: Fixtures) -> list[Case]:
    """Every case of the probe."""
    return [
        *_library_cases(fx),
        *_io_cases(fx),
        *_reliability_cases(fx),
        *_routing_cases(fx),
        *_network_cases(fx),
        *_assignment_cases(fx),
    ]


def run_probe(
    *, timeout_s: float = TIMEOUT_S, match: str = "", homes: Collection[str] | None = None
) -> list[Result]:
    """Build the fixtures, run every case (those whose API contains ``match``).

    Parameters
    ----------
    timeout_s
        Seconds before one call counts as a hang.
    match
        Only cases whose API name contains this text.
    homes
        Only cases answerable to these source files (relative to ``src/corridor``);
        ``None``: every case.

    Returns
    -------
    list of Result
        One per case, in order.
    """
    with tempfile.TemporaryDirectory(prefix="corridor-probe-") as tmp:
        fx = build_fixtures(Path(tmp))
        return [
            run_case(c, timeout_s)
            for c in all_cases(fx)
            if match in c.api and (homes is None or c.home in homes)
        ]


def _table(results: list[Result], *, bad_only: bool) -> str:
    lines = [f"{'outcome':8} {'file':28} {'call':44} {'input':44} error: message"]
    for r in results:
        if bad_only and not r.bad:
            continue
        outcome = r.outcome + ("*" if r.flag else "")
        err = f"{r.error}: {r.message}" if r.error else ""
        lines.append(f"{outcome:8} {r.file:28} {r.api:44} {r.input:44} {err[:160]}")
    return "\n".join(lines)


def summary(results: list[Result]) -> str:
    """Counts by outcome, and the bad outcomes by file."""
    by_outcome = Counter(r.outcome for r in results)
    bad_files = Counter(r.file for r in results if r.bad)
    flags = sum(r.flag for r in results)
    parts = [
        f"{len(results)} calls: "
        + ", ".join(
            f"{k} {by_outcome.get(k, 0)}" for k in ("good", "ok", "escape", "silent", "hang")
        ),
        f"bad (escape + silent + hang): {sum(r.bad for r in results)}",
        f"good but speaking in CLI flags (*): {flags}",
        "bad by file: "
        + (", ".join(f"{f or '?'} {n}" for f, n in bad_files.most_common()) or "none"),
    ]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Run the probe and print the table and the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bad", action="store_true", help="print only the bad outcomes")
    parser.add_argument("--match", default="", help="only calls whose name contains this")
    parser.add_argument("--json", type=Path, help="write every outcome to this file")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds per call")
    args = parser.parse_args(argv)
    results = run_probe(timeout_s=args.timeout, match=args.match)
    print(_table(results, bad_only=args.bad))
    print()
    print(summary(results))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
