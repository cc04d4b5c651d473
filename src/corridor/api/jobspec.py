"""What a job asks for: the request bodies of ``POST /v1/jobs``, checked before a job exists.

The parameters mirror the CLI: an ``assignment`` is ``corridor assign --demand``, a
``sweep`` is ``corridor sweep``, an ``appraisal`` is ``corridor appraise`` of one project
file. Demand is sent inline: a list of rows or the text of a demand CSV (the columns of
``examples/demand_2030.csv``). :func:`prepare` runs every check the worker would run first
(places, demand rows, scenarios, the project file) so that a bad request gets a 422 with
the library's message and no job is created.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, model_validator

from corridor.exceptions import CorridorError

if TYPE_CHECKING:
    from corridor.assignment.demand import Demand
    from corridor.network.model import Network
    from corridor.store import Store

__all__ = [
    "JOB_KINDS",
    "MAX_DEMAND_ROWS",
    "MAX_JOB_SAMPLES",
    "MAX_PAIRS",
    "AppraisalJob",
    "AppraisalParams",
    "AssignmentJob",
    "AssignmentParams",
    "DemandRowIn",
    "InvalidJobError",
    "JobBody",
    "JobRequest",
    "SweepJob",
    "SweepParams",
    "demand_table",
    "prepare",
    "project_scenarios",
    "sweep_pairs",
    "sweep_specs",
]

JOB_KINDS: Final = ("assignment", "sweep", "appraisal")
#: The most demand rows one job may carry.
MAX_DEMAND_ROWS: Final = 10_000
#: The most origin-destination pairs of one sweep job.
MAX_PAIRS: Final = 1_000
#: The most simulated transits per option of one sweep job.
MAX_JOB_SAMPLES: Final = 100_000
_MAX_TEXT: Final = 200
_MAX_NAMES: Final = 20
_MAX_DRAWS: Final = 100_000
_MAX_PROJECT: Final = 1_000_000

Name = Annotated[str, Field(min_length=1, max_length=_MAX_TEXT)]


class InvalidJobError(CorridorError):
    """Job parameters the library refuses (HTTP 422); :attr:`problems` lists each.

    Parameters
    ----------
    message
        The one-line message (the library's).
    problems
        Every problem, one line each.
    """

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class DemandRowIn(BaseModel):
    """One demand row: a yearly volume between two places.

    Give ``teu_per_year``, or ``volume`` with its ``unit`` (``TEU`` or ``tonnes``).
    """

    model_config = ConfigDict(extra="forbid")

    origin: Name
    destination: Name
    cargo: str = Field("TEU", min_length=1, max_length=40, description="Cargo class.")
    teu_per_year: float | None = Field(None, description="TEU per year (unit TEU).")
    volume: float | None = Field(None, description="Volume per year, in unit.")
    unit: Literal["TEU", "tonnes"] = "TEU"

    @model_validator(mode="after")
    def _one_volume(self) -> DemandRowIn:
        if (self.teu_per_year is None) == (self.volume is None):
            msg = "give teu_per_year, or volume with unit"
            raise ValueError(msg)
        return self


DemandIn = Annotated[
    list[DemandRowIn] | str,
    Field(
        description="Rows, or the text of a demand CSV (origin,destination,cargo,volume,unit).",
    ),
]
SceneList = Annotated[list[Name], Field(max_length=_MAX_NAMES)]


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    network: Name | None = Field(
        None, description="An uploaded network's name (default: the embedded one)."
    )


class AssignmentParams(_Params):
    """``corridor assign --demand`` options."""

    demand: DemandIn
    algorithm: Literal["aon", "msa", "fw", "cfw", "bfw", "so", "algb"] = "bfw"
    gap: float = Field(1e-5, ge=0.0, le=1.0, description="Relative-gap target.")
    max_iter: int = Field(1000, ge=1, le=10_000, description="Iteration limit.")
    month: int | None = Field(None, ge=1, le=12)
    scenario: SceneList = Field(default_factory=list, description="Scenarios, in order.")
    date: str | None = Field(None, max_length=20)
    operations: str | None = Field(None, max_length=40)
    select_link: SceneList = Field(default_factory=list, description="Link/border/place ids.")


class PairIn(BaseModel):
    """An origin-destination pair of a sweep."""

    model_config = ConfigDict(extra="forbid")

    origin: Name
    destination: Name


class SweepParams(_Params):
    """``corridor sweep`` options."""

    scenarios: SceneList = Field(
        default_factory=lambda: ["base"], description="base, built-in or uploaded; a+b both."
    )
    pairs: Annotated[list[PairIn | Name], Field(min_length=1, max_length=MAX_PAIRS)]
    samples: int = Field(2_000, ge=1, le=MAX_JOB_SAMPLES)
    seed: int = Field(0, ge=0, le=2**63 - 1)
    batch_size: int = Field(4, ge=1, le=1_000)
    cargo: str = Field("FEU", min_length=1, max_length=40)
    optimize: Literal["generalized", "time", "cost", "co2", "distance", "p90"] = "generalized"
    month: int | None = Field(None, ge=1, le=12)
    date: str | None = Field(None, max_length=20)
    operations: str | None = Field(None, max_length=40)


class AppraisalParams(_Params):
    """``corridor appraise`` of one project file (its text)."""

    project: str = Field(max_length=_MAX_PROJECT, description="The project file's TOML text.")
    demand: DemandIn
    draws: int = Field(10_000, ge=0, le=_MAX_DRAWS, description="Monte Carlo draws.")
    seed: int = Field(0, ge=0, le=2**63 - 1)


class AssignmentJob(BaseModel):
    """An assignment job."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["assignment"]
    params: AssignmentParams


class SweepJob(BaseModel):
    """A sweep job."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["sweep"]
    params: SweepParams


class AppraisalJob(BaseModel):
    """An appraisal job."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["appraisal"]
    params: AppraisalParams


JobBody = Annotated[AssignmentJob | SweepJob | AppraisalJob, Field(discriminator="kind")]


class JobRequest(BaseModel):
    """What the store keeps of a job request: parameters with defaults, and privacy."""

    kind: str
    params: dict[str, Any]
    private: bool = False


def demand_table(network: Network, demand: object) -> Demand:
    """The demand of a job, read with the library's demand parser.

    Parameters
    ----------
    network
        The network whose places and cargo classes the rows name.
    demand
        A list of row mappings (see :class:`DemandRowIn`) or the text of a demand CSV.

    Returns
    -------
    Demand
        The table.

    Raises
    ------
    InvalidJobError
        Listing every bad row (``demand[2]: field 'origin': ...``).
    """
    from corridor.io.demand import DemandValidationError, parse_demand  # noqa: PLC0415

    if isinstance(demand, str):
        text, source, shift = demand, "demand", 0
    else:
        rows = demand if isinstance(demand, list) else []
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(("origin", "destination", "cargo", "volume", "unit"))
        for row in rows:
            r = row if isinstance(row, dict) else {}
            teu = r.get("teu_per_year")
            volume = teu if teu is not None else r.get("volume")
            unit = "TEU" if teu is not None else r.get("unit", "TEU")
            writer.writerow((r.get("origin"), r.get("destination"), r.get("cargo"), volume, unit))
        text, source, shift = buffer.getvalue(), "demand", 2
    if text.count("\n") > MAX_DEMAND_ROWS + 50:
        msg = f"demand: more than {MAX_DEMAND_ROWS:,} rows; fix: split the job"
        raise InvalidJobError(msg)
    try:
        return parse_demand(text, network, source=source)
    except DemandValidationError as exc:
        lines = []
        for issue in exc.issues:
            where = "demand" if issue.line is None else f"demand line {issue.line}"
            if shift and issue.line is not None:
                where = f"demand[{issue.line - shift}]"
            field = "" if issue.field is None else f" field {issue.field!r}:"
            lines.append(f"{where}:{field} {issue.message}; fix: {issue.fix}")
        head = lines[0] if len(lines) == 1 else f"demand: {len(lines)} problems; first: {lines[0]}"
        raise InvalidJobError(head, lines) from None


def _scenario_parts(spec: str) -> list[str]:
    return [p.strip() for p in spec.split("+")]


class _Recording:
    """A store wrapper that notes whether a private upload was read."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.private = False

    def get_document(
        self, kind: Literal["network", "scenario"], name: str, *, owner: str | None
    ) -> Any:  # noqa: ANN401 - a Document
        doc = self.store.get_document(kind, name, owner=owner)
        self.private |= bool(doc.private)
        return doc


def prepare(
    body: AssignmentJob | SweepJob | AppraisalJob, store: Store, owner: str | None
) -> JobRequest:
    """Check a job request as its worker would, before the job is created.

    Parameters
    ----------
    body
        The request body.
    store
        The store (uploaded networks and scenarios).
    owner
        The submitting key's name.

    Returns
    -------
    JobRequest
        The parameters with their defaults, and whether a private upload is used.

    Raises
    ------
    InvalidJobError
        With the library's message for any parameter it refuses.
    corridor.store.NotFoundError
        For a network or scenario upload that does not exist or that ``owner`` cannot see.
    """
    from corridor.store import StoreError  # noqa: PLC0415
    from corridor.store.errors import NotFoundError  # noqa: PLC0415

    seen = _Recording(store)
    reader = cast("Store", seen)
    try:
        if isinstance(body, AssignmentJob):
            _check_assignment(body.params, reader, owner)
        elif isinstance(body, SweepJob):
            _check_sweep(body.params, reader, owner)
        else:
            _check_appraisal(body.params, reader, owner)
    except (InvalidJobError, NotFoundError):
        raise
    except StoreError:
        raise
    except CorridorError as exc:
        problems = getattr(exc, "problems", None) or getattr(exc, "issues", None) or ()
        lines = [str(p) for p in problems] if isinstance(problems, tuple | list) else []
        head = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidJobError(head, lines) from None
    params = body.params.model_dump(mode="json")
    return JobRequest(kind=body.kind, params=params, private=seen.private)


def _check_assignment(p: AssignmentParams, store: Store, owner: str | None) -> None:
    from corridor.api.documents import network_named, scenarios_named  # noqa: PLC0415
    from corridor.scenarios import apply_scenario  # noqa: PLC0415

    net = network_named(store, p.network, owner=owner)
    if p.scenario:
        net = apply_scenario(net, scenarios_named(store, p.scenario, owner=owner))
    demand_table(net, _plain(p.demand))


def _plain(demand: list[DemandRowIn] | str) -> object:
    return demand if isinstance(demand, str) else [r.model_dump() for r in demand]


def sweep_specs(specs: Sequence[str], store: Store, owner: str | None) -> list[object]:
    """Sweep scenarios as :func:`corridor.sweep.sweep` takes them: names, or uploads parsed.

    Parameters
    ----------
    specs
        ``base``, built-in names joined by ``+``, or one uploaded scenario's name.
    store
        The store.
    owner
        The key asking.

    Returns
    -------
    list
        Built-in specs as strings, uploads as :class:`~corridor.scenarios.Scenario`.

    Raises
    ------
    InvalidJobError
        For a path, or an upload joined with ``+``.
    """
    from corridor.api.documents import scenarios_named  # noqa: PLC0415
    from corridor.scenarios import BASE, builtin_scenarios  # noqa: PLC0415

    known = {BASE, *builtin_scenarios()}
    out: list[object] = []
    for spec in specs:
        parts = _scenario_parts(spec)
        if all(p in known for p in parts):
            out.append(spec)
            continue
        if len(parts) > 1:
            msg = (
                f"scenarios: {spec!r}: an uploaded scenario cannot be joined with '+'; fix: "
                "upload one scenario with 'base' set, or run it alone"
            )
            raise InvalidJobError(msg)
        out.extend(scenarios_named(store, parts, owner=owner))
    return out


def sweep_pairs(network: Network, pairs: Sequence[object]) -> list[tuple[str, str]]:
    """Each pair's places as node ids (tolerant of spelling, as ``corridor sweep --od``).

    Parameters
    ----------
    network
        The network.
    pairs
        ``{"origin", "destination"}`` mappings or ``"ORIGIN:DESTINATION"`` texts.

    Returns
    -------
    list of tuple
        ``(origin id, destination id)``.

    Raises
    ------
    InvalidJobError
        For a malformed pair, an unknown place or a pair of one place.
    """
    from corridor.api.networks import resolve  # noqa: PLC0415
    from corridor.exceptions import UnknownPlaceError  # noqa: PLC0415

    out: list[tuple[str, str]] = []
    for i, pair in enumerate(pairs):
        where = f"pairs[{i}]"
        if isinstance(pair, str):
            parts = [s.strip() for s in pair.split(":")]
            if len(parts) != 2 or not all(parts):  # noqa: PLR2004 - a pair
                msg = f"{where}={pair!r}: use ORIGIN:DESTINATION, e.g. Shanghai:Rotterdam"
                raise InvalidJobError(msg)
            origin, destination = parts
        elif isinstance(pair, dict):
            origin, destination = str(pair.get("origin", "")), str(pair.get("destination", ""))
        else:
            origin, destination = (
                str(getattr(pair, "origin", "")),
                str(getattr(pair, "destination", "")),
            )
        try:
            ids = (resolve(network, origin, "origin"), resolve(network, destination, "destination"))
        except UnknownPlaceError as exc:
            raise InvalidJobError(f"{where}: {exc}") from None
        except CorridorError as exc:
            raise InvalidJobError(f"{where}: {exc}") from None
        if ids[0] == ids[1]:
            raise InvalidJobError(f"{where}: origin and destination are the same place")
        out.append(ids)
    return out


def _check_sweep(p: SweepParams, store: Store, owner: str | None) -> None:
    from corridor.api.documents import network_named  # noqa: PLC0415
    from corridor.routing.options import RouteOptions  # noqa: PLC0415
    from corridor.sweep import sweep_scenario  # noqa: PLC0415

    net = network_named(store, p.network, owner=owner)
    for spec in sweep_specs(p.scenarios, store, owner):
        sweep_scenario(spec)
    if len({s.strip() for s in p.scenarios}) != len(p.scenarios):
        raise InvalidJobError("scenarios: a scenario is named twice; fix: name each once")
    sweep_pairs(net, [q.model_dump() if isinstance(q, PairIn) else q for q in p.pairs])
    RouteOptions(
        cargo=p.cargo, optimize=p.optimize, month=p.month, date=p.date, operations=p.operations
    )


def project_scenarios(names: Sequence[str], store: Store, owner: str | None) -> list[object]:
    """A project file's ``scenario`` or ``base_scenario`` entries, without file paths.

    Parameters
    ----------
    names
        The entries.
    store
        The store.
    owner
        The key asking.

    Returns
    -------
    list
        Built-in names, or uploads parsed.

    Raises
    ------
    InvalidJobError
        For a file path (an uploaded project cannot read the server's files).
    """
    from corridor.api.documents import scenarios_named  # noqa: PLC0415
    from corridor.store.records import NAME_PATTERN  # noqa: PLC0415

    for name in names:
        if NAME_PATTERN.fullmatch(name) is None or name.endswith(".toml"):
            msg = (
                f"project: scenario {name!r}: a file path; fix: upload the scenario "
                "(POST /v1/scenarios?name=NAME) and name it here"
            )
            raise InvalidJobError(msg)
    return list(scenarios_named(store, list(names), owner=owner))


def _check_appraisal(p: AppraisalParams, store: Store, owner: str | None) -> None:
    from corridor.api.documents import network_named  # noqa: PLC0415
    from corridor.appraisal.project import parse_project  # noqa: PLC0415

    project = parse_project(p.project, source="project", base_dir=None)
    project_scenarios(project.scenario, store, owner)
    project_scenarios(project.base_scenario, store, owner)
    net = network_named(store, p.network, owner=owner)
    demand_table(net, _plain(p.demand))
