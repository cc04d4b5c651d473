"""Read the TNTP format of *Transportation Networks for Research*.

A network ``PREFIX`` is a set of files ``PREFIX_net.tntp`` (links), ``PREFIX_trips.tntp``
(OD demand), and optionally ``PREFIX_flow.tntp`` (best-known equilibrium flows) and
``PREFIX_node.tntp`` (coordinates); each may be gzipped (``.tntp.gz``).

Files start with metadata lines ``<KEY> value`` ended by ``<END OF METADATA>``; ``~``
starts a comment. Link rows are ``init term capacity length fft b power speed toll type ;``
and the link cost is BPR, ``fft · (1 + b · (x/capacity)^power)``. Nodes numbered below
``<FIRST THRU NODE>`` are zones that paths may not pass through.

Source: Transportation Networks for Research Core Team,
https://github.com/bstabler/TransportationNetworks (data for academic research only).
"""

from __future__ import annotations

import gzip
import math
import re
import zlib
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from corridor.assignment.problem import AssignmentProblem
from corridor.assignment.vdf import LinkCostFunction
from corridor.exceptions import InvalidArgumentError, NetworkFormatError
from corridor.io._fields import read_file_bytes

__all__ = [
    "TntpFlow",
    "TntpNet",
    "TntpNetwork",
    "TntpNodes",
    "TntpTrips",
    "read_tntp",
    "read_tntp_flow",
    "read_tntp_net",
    "read_tntp_node",
    "read_tntp_trips",
    "tntp_path",
]

IntArray: TypeAlias = npt.NDArray[np.int64]
FloatArray: TypeAlias = npt.NDArray[np.float64]
StrPath: TypeAlias = str | PathLike[str]

_GZIP_MAGIC = b"\x1f\x8b"
_NET_COLUMNS = (
    "init_node",
    "term_node",
    "capacity",
    "length",
    "free_flow_time",
    "b",
    "power",
    "speed",
    "toll",
    "link_type",
)
#: Columns a link row must have (through ``power``); the rest default to 0.
_NET_REQUIRED = 7
_ORIGIN = re.compile(r"^\s*Origin\s+(\S+)", re.IGNORECASE | re.MULTILINE)
_PAIR = re.compile(r"([^\s:;]+)\s*:\s*([^\s:;]+)")


#: The largest count a TNTP header may declare (nodes, links) ...
_MAX_COUNT = 100_000_000
#: ... and the most zones: the zones x zones OD matrix is held in memory (10,000 zones:
#: 800 MB); the largest public TNTP network has under 2,000.
_MAX_ZONES = 10_000


def _fail(path: Path, line: int | None, what: str, fix: str) -> NetworkFormatError:
    where = f"{path}" if line is None else f"{path}, line {line}"
    return NetworkFormatError(f"{where}: {what}; fix: {fix}")


def _read_text(path: Path) -> str:
    try:
        raw = read_file_bytes(path)
    except FileNotFoundError:
        raise _fail(path, None, "no such file", "check the path") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise _fail(path, None, f"cannot read the file ({reason})", "check the path") from None
    if raw[:2] == _GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise _fail(path, None, f"not a readable gzip file ({exc})", "re-compress it") from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            return raw.decode("latin-1")
        except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes any byte
            raise _fail(path, None, "not a text file", "save it as UTF-8 text") from exc


def _split_metadata(path: Path, text: str) -> tuple[dict[str, str], list[tuple[int, str]]]:
    """Metadata ``{KEY: value}`` and the numbered body lines (comments and blanks dropped)."""
    lines = text.splitlines()
    metadata: dict[str, str] = {}
    body_start = 0
    has_end = any(line.strip().upper().startswith("<END OF METADATA>") for line in lines)
    if has_end:
        for number, line in enumerate(lines, start=1):
            stripped = line.strip()
            if stripped.upper().startswith("<END OF METADATA>"):
                body_start = number
                break
            if not stripped or stripped.startswith("~"):
                continue
            match = re.match(r"<([^>]*)>(.*)", stripped)
            if match is None:
                raise _fail(
                    path,
                    number,
                    f"expected a metadata line '<KEY> value', got {stripped[:40]!r}",
                    "end the metadata with '<END OF METADATA>'",
                )
            metadata[match.group(1).strip().upper()] = match.group(2).strip()
    body = [
        (number, line)
        for number, line in enumerate(lines[body_start:], start=body_start + 1)
        if line.strip() and not line.lstrip().startswith("~")
    ]
    return metadata, body


def _meta_int(path: Path, metadata: dict[str, str], key: str, most: int = _MAX_COUNT) -> int | None:
    value = metadata.get(key)
    if value is None or not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise _fail(
            path, None, f"<{key}> is {value[:40]!r}, not a number", "write a whole number"
        ) from None
    if not number.is_integer() or not 0 <= number <= most:
        raise _fail(
            path,
            None,
            f"<{key}> is {value[:40]!r}, not a count",
            f"write a whole number from 0 to {most:,}",
        )
    return int(number)


def _meta_float(path: Path, metadata: dict[str, str], key: str) -> float | None:
    value = metadata.get(key)
    if value is None or not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise _fail(path, None, f"<{key}> is {value!r}, not a number", "write a number") from None
    if not math.isfinite(number) or number < 0:
        raise _fail(path, None, f"<{key}> is {value!r}", "write a finite number >= 0")
    return number


def _numbers(path: Path, number: int, line: str, what: str) -> list[float]:
    tokens = line.replace(";", " ").split()
    try:
        values = [float(t) for t in tokens]
    except ValueError:
        bad = next(t for t in tokens if not _is_float(t))
        raise _fail(
            path, number, f"{what}: {bad[:30]!r} is not a number", "write numbers only"
        ) from None
    if not all(math.isfinite(v) for v in values):
        raise _fail(path, number, f"{what}: non-finite value", "write finite numbers")
    return values


def _is_float(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def _node_ids(path: Path, values: FloatArray, lines: IntArray, what: str) -> IntArray:
    bad = (values != np.round(values)) | (values < 1)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise _fail(
            path, int(lines[i]), f"{what} {values[i]!r} is not a node number >= 1", "fix the id"
        )
    return values.astype(np.int64)


@dataclass(frozen=True, eq=False)
class TntpNet:
    """The links of a ``_net.tntp`` file, one array per column.

    Parameters
    ----------
    path
        The file read.
    metadata
        ``<KEY> value`` lines, keys upper-case.
    n_zones, n_nodes, first_thru_node
        From the metadata (``n_nodes`` defaults to the largest node id).
    init_node, term_node
        1-based node ids of each link.
    capacity, length, free_flow_time, b, power, speed, toll, link_type
        Link columns (``speed``, ``toll`` and ``link_type`` are 0 when absent).
    """

    path: Path
    metadata: dict[str, str]
    n_zones: int
    n_nodes: int
    first_thru_node: int
    init_node: IntArray
    term_node: IntArray
    capacity: FloatArray
    length: FloatArray
    free_flow_time: FloatArray
    b: FloatArray
    power: FloatArray
    speed: FloatArray
    toll: FloatArray
    link_type: FloatArray

    @property
    def n_links(self) -> int:
        """Number of links."""
        return int(self.init_node.shape[0])


@dataclass(frozen=True, eq=False)
class TntpTrips:
    """The OD matrix of a ``_trips.tntp`` file.

    Parameters
    ----------
    path
        The file read.
    metadata
        ``<KEY> value`` lines, keys upper-case.
    demand
        ``(n_zones, n_zones)`` trips; zone ``k`` is row/column ``k - 1``.
    """

    path: Path
    metadata: dict[str, str]
    demand: FloatArray

    @property
    def n_zones(self) -> int:
        """Number of zones."""
        return int(self.demand.shape[0])


@dataclass(frozen=True, eq=False)
class TntpFlow:
    """Link flows and costs of a ``_flow.tntp`` file (best-known equilibrium).

    Parameters
    ----------
    path
        The file read.
    from_node, to_node
        1-based node ids of each link.
    volume, cost
        Flow and generalised cost of each link.
    """

    path: Path
    from_node: IntArray
    to_node: IntArray
    volume: FloatArray
    cost: FloatArray

    def aligned(self, net: TntpNet) -> tuple[FloatArray, FloatArray]:
        """Volume and cost in the link order of ``net``.

        Parameters
        ----------
        net
            The network the flows belong to.

        Returns
        -------
        tuple[numpy.ndarray, numpy.ndarray]
            Volume and cost of each link of ``net``.

        Raises
        ------
        NetworkFormatError
            If a link of ``net`` has no row in this file.
        """
        scale = int(max(net.init_node.max(initial=0), net.term_node.max(initial=0), 1)) + 1
        scale = max(
            scale, int(self.from_node.max(initial=0)) + 1, int(self.to_node.max(initial=0)) + 1
        )
        keys = self.from_node * scale + self.to_node
        order = np.argsort(keys, kind="stable")
        wanted = net.init_node * scale + net.term_node
        pos = np.minimum(np.searchsorted(keys[order], wanted), max(keys.shape[0] - 1, 0))
        found = keys.shape[0] > 0 and np.array_equal(keys[order][pos], wanted)
        if not found:
            raise _fail(
                self.path,
                None,
                f"the flows do not cover the {net.n_links} links of {net.path.name}",
                "use the _flow file of the same network",
            )
        rows = order[pos]
        return self.volume[rows], self.cost[rows]


@dataclass(frozen=True, eq=False)
class TntpNodes:
    """Node coordinates of a ``_node.tntp`` file.

    Parameters
    ----------
    path
        The file read.
    node
        1-based node ids.
    x, y
        Coordinates (units depend on the network).
    """

    path: Path
    node: IntArray
    x: FloatArray
    y: FloatArray


@dataclass(frozen=True, eq=False)
class TntpNetwork:
    """A TNTP network: links, demand and, when present, best-known flows and nodes.

    Parameters
    ----------
    name
        The prefix's file name part (``SiouxFalls``).
    net, trips
        The links and the demand.
    flow
        Best-known flows, or ``None`` when there is no ``_flow`` file.
    nodes
        Coordinates, or ``None`` when there is no ``_node`` file.
    """

    name: str
    net: TntpNet
    trips: TntpTrips
    flow: TntpFlow | None = None
    nodes: TntpNodes | None = None

    @property
    def toll_factor(self) -> float:
        """``<TOLL FACTOR>`` from the net metadata, else 0."""
        return _meta_float(self.net.path, self.net.metadata, "TOLL FACTOR") or 0.0

    @property
    def distance_factor(self) -> float:
        """``<DISTANCE FACTOR>`` from the net metadata, else 0."""
        return _meta_float(self.net.path, self.net.metadata, "DISTANCE FACTOR") or 0.0

    def to_problem(
        self, *, toll_factor: float | None = None, distance_factor: float | None = None
    ) -> AssignmentProblem:
        """The assignment problem: BPR links, generalised cost, zones ``1..n_zones``.

        Node ``k`` becomes node ``k - 1``; zone ``k`` is node ``k - 1``. The fixed part of
        the generalised cost is ``toll_factor · toll + distance_factor · length`` (for
        Chicago-Sketch, 0.02 min/cent and 0.04 min/mile). Zones may not be passed through
        when ``FIRST THRU NODE > 1``.

        Parameters
        ----------
        toll_factor, distance_factor
            Time per unit toll and per unit length; by default from the metadata
            (``<TOLL FACTOR>``, ``<DISTANCE FACTOR>``), else 0.

        Returns
        -------
        AssignmentProblem
            The problem.

        Raises
        ------
        NetworkFormatError
            If the trips and the net disagree on the number of zones, or a factor is
            negative.
        InvalidArgumentError
            If the factors are so large that a link's fixed cost overflows.
        """
        net = self.net
        tf = self.toll_factor if toll_factor is None else float(toll_factor)
        df = self.distance_factor if distance_factor is None else float(distance_factor)
        if tf < 0 or df < 0 or not (math.isfinite(tf) and math.isfinite(df)):
            raise NetworkFormatError(
                f"toll factor {tf} and distance factor {df} must be finite and >= 0"
            )
        if self.trips.n_zones != net.n_zones:
            raise _fail(
                self.trips.path,
                None,
                f"{self.trips.n_zones} zones, but {net.path.name} has {net.n_zones}",
                "use the trips file of the same network",
            )
        vdf = LinkCostFunction.bpr_links(
            net.free_flow_time, net.capacity, alpha=net.b, beta=net.power
        )
        with np.errstate(over="ignore"):  # overflow is reported below, not warned about
            tolls = tf * net.toll
            fixed = tolls + df * net.length
        if not np.all(np.isfinite(fixed)):
            i = int(np.flatnonzero(~np.isfinite(fixed))[0])
            raise InvalidArgumentError(
                f"toll_factor={tf:g}, distance_factor={df:g}: the fixed cost of link {i + 1} "
                f"of {net.path.name} (toll factor x toll + distance factor x length) is not "
                "a finite number; use smaller factors",
                parameter="toll_factor" if not np.isfinite(tolls[i]) else "distance_factor",
            )
        if np.any(fixed < 0):
            raise _fail(net.path, None, "negative toll or length", "make them >= 0")
        return AssignmentProblem.create(
            net.init_node - 1,
            net.term_node - 1,
            vdf=vdf,
            demand=self.trips.demand,
            zones=np.arange(net.n_zones),
            n_nodes=net.n_nodes,
            fixed_cost=fixed,
            block_zone_transit=net.first_thru_node > 1,
        )


def read_tntp_net(path: StrPath) -> TntpNet:
    """Read a ``_net.tntp`` file (optionally gzipped).

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    TntpNet
        The links.

    Raises
    ------
    NetworkFormatError
        If the file is malformed; the message names the file, the line, what is wrong and
        how to fix it.
    """
    file = Path(path)
    metadata, body = _split_metadata(file, _read_text(file))
    rows: list[list[float]] = []
    lines: list[int] = []
    for number, line in body:
        if not rows and not _is_float(line.split()[0]):
            continue  # a column header such as "init_node term_node ..."
        values = _numbers(file, number, line, "link row")
        if len(values) < _NET_REQUIRED:
            raise _fail(
                file,
                number,
                f"link row has {len(values)} columns, expected at least {_NET_REQUIRED}",
                "write 'init term capacity length fft b power [speed toll type] ;'",
            )
        rows.append((values + [0.0] * len(_NET_COLUMNS))[: len(_NET_COLUMNS)])
        lines.append(number)
    table = np.array(rows, dtype=np.float64).reshape(-1, len(_NET_COLUMNS))
    line_no = np.array(lines, dtype=np.int64)
    declared = _meta_int(file, metadata, "NUMBER OF LINKS")
    if declared is not None and declared != table.shape[0]:
        raise _fail(
            file,
            None,
            f"<NUMBER OF LINKS> says {declared} but {table.shape[0]} link rows were found",
            "correct the header or the rows",
        )
    init = _node_ids(file, table[:, 0], line_no, "init node")
    term = _node_ids(file, table[:, 1], line_no, "term node")
    for col in (2, 3, 4, 5, 6):
        negative = table[:, col] < 0
        if negative.any():
            i = int(np.flatnonzero(negative)[0])
            raise _fail(
                file,
                int(line_no[i]),
                f"{_NET_COLUMNS[col]} is negative ({table[i, col]})",
                "write a value >= 0",
            )
    needs_cap = (table[:, 5] > 0) & (table[:, 4] > 0) & (table[:, 2] <= 0)
    if needs_cap.any():
        i = int(np.flatnonzero(needs_cap)[0])
        raise _fail(
            file, int(line_no[i]), "capacity is 0 on a congestible link", "give it a capacity"
        )
    largest = int(max(init.max(initial=0), term.max(initial=0)))
    n_nodes = _meta_int(file, metadata, "NUMBER OF NODES") or largest
    if largest > n_nodes:
        raise _fail(
            file, None, f"node {largest} exceeds <NUMBER OF NODES> {n_nodes}", "fix the header"
        )
    n_zones = _meta_int(file, metadata, "NUMBER OF ZONES", _MAX_ZONES)
    if n_zones is None:
        raise _fail(file, None, "no <NUMBER OF ZONES> line", "add '<NUMBER OF ZONES> n'")
    if n_zones > n_nodes:
        raise _fail(file, None, f"{n_zones} zones but {n_nodes} nodes", "fix the header")
    first_thru = _meta_int(file, metadata, "FIRST THRU NODE") or 1
    return TntpNet(
        path=file,
        metadata=metadata,
        n_zones=n_zones,
        n_nodes=n_nodes,
        first_thru_node=first_thru,
        init_node=init,
        term_node=term,
        capacity=table[:, 2].copy(),
        length=table[:, 3].copy(),
        free_flow_time=table[:, 4].copy(),
        b=table[:, 5].copy(),
        power=table[:, 6].copy(),
        speed=table[:, 7].copy(),
        toll=table[:, 8].copy(),
        link_type=table[:, 9].copy(),
    )


def read_tntp_trips(path: StrPath) -> TntpTrips:
    """Read a ``_trips.tntp`` file (optionally gzipped).

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    TntpTrips
        The OD matrix.

    Raises
    ------
    NetworkFormatError
        If the file is malformed.
    """
    file = Path(path)
    text = _read_text(file)
    metadata, body = _split_metadata(file, text)
    body_text = "\n".join(line for _, line in body)
    first_line = body[0][0] if body else 1
    n_zones = _meta_int(file, metadata, "NUMBER OF ZONES", _MAX_ZONES)
    if n_zones is None:
        raise _fail(file, None, "no <NUMBER OF ZONES> line", "add '<NUMBER OF ZONES> n'")
    demand = np.zeros((n_zones, n_zones))
    blocks = list(_ORIGIN.finditer(body_text))
    if body_text.strip() and (not blocks or body_text[: blocks[0].start()].strip()):
        raise _fail(file, first_line, "expected 'Origin k'", "start each block with 'Origin k'")
    origins: list[int] = []
    dests: list[int] = []
    values: list[float] = []
    for i, block in enumerate(blocks):
        end = blocks[i + 1].start() if i + 1 < len(blocks) else len(body_text)
        chunk = body_text[block.end() : end]
        origin = _zone(file, block.group(1), n_zones, "origin")
        pairs = _PAIR.findall(chunk)
        leftover = _PAIR.sub("", chunk).replace(";", "").strip()
        if leftover:
            raise _fail(
                file,
                None,
                f"origin {origin}: cannot read {leftover.split()[0][:30]!r}",
                "write destinations as 'zone : trips;'",
            )
        for dest_token, value_token in pairs:
            origins.append(origin)
            dests.append(_zone(file, dest_token, n_zones, f"origin {origin} destination"))
            try:
                value = float(value_token)
            except ValueError:
                raise _fail(
                    file,
                    None,
                    f"origin {origin}: trips {value_token[:30]!r} is not a number",
                    "write numbers",
                ) from None
            if not math.isfinite(value) or value < 0:
                raise _fail(file, None, f"origin {origin}: trips {value!r}", "write a number >= 0")
            values.append(value)
    if values:
        np.add.at(
            demand, (np.array(origins) - 1, np.array(dests) - 1), np.array(values, dtype=float)
        )
    total = _meta_float(file, metadata, "TOTAL OD FLOW")
    if total is not None and not math.isclose(
        total, float(demand.sum()), rel_tol=1e-6, abs_tol=1e-6
    ):
        raise _fail(
            file,
            None,
            f"<TOTAL OD FLOW> says {total} but the trips sum to {demand.sum()}",
            "correct the header or the trips",
        )
    return TntpTrips(path=file, metadata=metadata, demand=demand)


def _zone(path: Path, token: str, n_zones: int, what: str) -> int:
    try:
        value = float(token)
    except ValueError:
        raise _fail(path, None, f"{what} {token[:30]!r} is not a zone number", "fix it") from None
    if not value.is_integer() or not 1 <= value <= n_zones:
        raise _fail(
            path, None, f"{what} {token[:30]!r} is not a zone in 1..{n_zones}", "fix the zone"
        )
    return int(value)


def _table(path: Path, what: str, columns: int) -> tuple[FloatArray, IntArray]:
    _, body = _split_metadata(path, _read_text(path))
    rows: list[list[float]] = []
    lines: list[int] = []
    for number, line in body:
        if not rows and not _is_float(line.split()[0]):
            continue  # header row
        values = _numbers(path, number, line, what)
        if len(values) < columns:
            raise _fail(
                path,
                number,
                f"{what} has {len(values)} columns, expected {columns}",
                "write one complete row per line",
            )
        rows.append(values[:columns])
        lines.append(number)
    return np.array(rows, dtype=np.float64).reshape(-1, columns), np.array(lines, dtype=np.int64)


def read_tntp_flow(path: StrPath) -> TntpFlow:
    """Read a ``_flow.tntp`` file (``From To Volume Cost``), optionally gzipped.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    TntpFlow
        The link flows and costs.

    Raises
    ------
    NetworkFormatError
        If the file is malformed.
    """
    file = Path(path)
    table, lines = _table(file, "flow row", 4)
    negative = table[:, 2] < 0
    if negative.any():
        i = int(np.flatnonzero(negative)[0])
        raise _fail(file, int(lines[i]), "negative volume", "write volumes >= 0")
    return TntpFlow(
        path=file,
        from_node=_node_ids(file, table[:, 0], lines, "from node"),
        to_node=_node_ids(file, table[:, 1], lines, "to node"),
        volume=table[:, 2].copy(),
        cost=table[:, 3].copy(),
    )


def read_tntp_node(path: StrPath) -> TntpNodes:
    """Read a ``_node.tntp`` file (``node X Y``), optionally gzipped.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    TntpNodes
        The coordinates.

    Raises
    ------
    NetworkFormatError
        If the file is malformed.
    """
    file = Path(path)
    table, lines = _table(file, "node row", 3)
    return TntpNodes(
        path=file,
        node=_node_ids(file, table[:, 0], lines, "node"),
        x=table[:, 1].copy(),
        y=table[:, 2].copy(),
    )


def tntp_path(prefix: StrPath, kind: str) -> Path | None:
    """The file ``PREFIX_kind.tntp`` or ``PREFIX_kind.tntp.gz``, whichever exists.

    Parameters
    ----------
    prefix
        Path prefix, e.g. ``data/tntp/SiouxFalls/SiouxFalls``.
    kind
        ``net``, ``trips``, ``flow`` or ``node``.

    Returns
    -------
    pathlib.Path or None
        The file, or ``None`` when neither exists.
    """
    base = Path(prefix)
    for suffix in (".tntp", ".tntp.gz"):
        candidate = base.with_name(f"{base.name}_{kind}{suffix}")
        if candidate.is_file():
            return candidate
    return None


def read_tntp(prefix: StrPath) -> TntpNetwork:
    """Read a TNTP network from its files ``PREFIX_{net,trips,flow,node}.tntp[.gz]``.

    Parameters
    ----------
    prefix
        Path prefix, e.g. ``../shared/data/tntp/SiouxFalls/SiouxFalls``. A directory is
        accepted when it holds exactly one ``*_net.tntp[.gz]``.

    Returns
    -------
    TntpNetwork
        The network; ``flow`` and ``nodes`` are ``None`` when their files are absent.

    Raises
    ------
    NetworkFormatError
        If the net or trips file is missing or any file is malformed.
    """
    base = Path(prefix)
    if base.is_dir():
        nets = sorted(base.glob("*_net.tntp")) + sorted(base.glob("*_net.tntp.gz"))
        if len(nets) != 1:
            raise NetworkFormatError(
                f"{base}: expected one *_net.tntp file in the directory, found {len(nets)}; "
                "fix: pass the prefix, e.g. DIR/SiouxFalls"
            )
        base = base / nets[0].name.split("_net.tntp")[0]
    net_file = tntp_path(base, "net")
    trips_file = tntp_path(base, "trips")
    for kind, found in (("net", net_file), ("trips", trips_file)):
        if found is None:
            raise NetworkFormatError(
                f"{base}_{kind}.tntp: no such file (nor .tntp.gz); "
                "fix: pass the prefix of the TNTP files, e.g. tntp/SiouxFalls/SiouxFalls"
            )
    if net_file is None or trips_file is None:  # pragma: no cover - raised above
        raise NetworkFormatError(f"{base}: TNTP files missing")
    flow_file = tntp_path(base, "flow")
    node_file = tntp_path(base, "node")
    return TntpNetwork(
        name=base.name,
        net=read_tntp_net(net_file),
        trips=read_tntp_trips(trips_file),
        flow=None if flow_file is None else read_tntp_flow(flow_file),
        nodes=None if node_file is None else read_tntp_node(node_file),
    )
