"""Text, JSON, GeoJSON and CSV output of ``corridor assign``.

The library's results (:class:`~corridor.assignment.corridor_results.CorridorAssignment`,
:class:`~corridor.assignment.results.AssignmentResult`) give data — records, dicts,
DataFrames; this module turns them into what the command prints.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal, TypeAlias, get_args

from corridor.exceptions import CorridorError

if TYPE_CHECKING:
    from corridor.assignment.corridor_results import CorridorAssignment

__all__ = [
    "RENDER_FORMATS",
    "RenderFormat",
    "csv_table",
    "render_assignment",
    "render_table",
]

RenderFormat = Literal["table", "json", "geojson", "csv"]
"""Output format of :func:`render_assignment`."""
RENDER_FORMATS: tuple[RenderFormat, ...] = get_args(RenderFormat)
_Row: TypeAlias = Mapping[str, object]
_MORE_USERS = 8


def csv_table(rows: Sequence[_Row], columns: Sequence[str]) -> str:
    r"""Rows as CSV text: a header of ``columns``, then one line per row.

    Parameters
    ----------
    rows
        Records (a missing key or ``None`` gives an empty field).
    columns
        Column names, in order.

    Returns
    -------
    str
        The CSV text, ``\\n`` line ends, floats written in full (``repr``).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return buffer.getvalue()


def _fmt(x: float | None, spec: str = ",.0f") -> str:
    return "-" if x is None else format(x, spec)


def render_table(result: CorridorAssignment, *, k: int = 10, select: int = 3) -> str:
    """The printable report: the assignment, the bottlenecks and who uses them.

    Parameters
    ----------
    result
        An assignment.
    k
        Bottlenecks shown.
    select
        OD pairs listed for this many top bottlenecks (when the OD flows were tracked).

    Returns
    -------
    str
        Plain text (no markup), no trailing newline.
    """
    r = result.result
    d = result.demand
    lines = [
        (
            f"Assignment on {result.network.name}: {len(result.od_pairs)} OD pairs, "
            f"{d.total_teu:,.0f} TEU/yr from {d.source}"
        ),
        f"Regimes: {', '.join(result.network.applied_regimes) or 'none'}",
        f"{r.algorithm}: {r.iterations} iterations, relative gap {r.relative_gap:.2e}"
        + ("" if r.converged else " (target NOT reached)")
        + f", {r.seconds:.2f} s",
        (
            f"System time: {result.total_system_time_teu_h:,.0f} TEU-hours/yr "
            f"({result.total_system_time_teu_h / max(d.total_teu, 1e-12):,.0f} h per TEU); "
            f"generalised cost: US${result.total_generalised_cost_usd:,.0f}/yr "
            f"(time at US${result.value_of_time_usd_per_hour:,.2f}/TEU-h + "
            f"US${result.total_money_usd:,.0f} money); CO2e {result.total_co2_t:,.0f} t/yr"
        ),
        (
            f"Congestion delay: {result.total_delay_teu_h:,.0f} TEU-hours/yr "
            f"({result.total_delay_teu_h / max(d.total_teu, 1e-12):.1f} h per TEU on average)"
        ),
        "",
    ]
    top = result.bottlenecks(k)
    if not top:
        lines.append("No bottlenecks: no element with a known capacity is congested.")
    else:
        lines.append("Bottlenecks, by total congestion delay caused:")
        header = (
            f"{'#':>2}  {'element':<34} {'what':<28} {'TEU/yr':>10} {'capacity':>10} "
            f"{'v/c':>5} {'delay h':>8} {'TEU-h/yr':>13}"
        )
        lines.extend([header, "-" * len(header)])
        lines.extend(
            f"{b.rank:>2}  {b.name[:34]:<34} {b.what[:28]:<28} {b.flow_teu:>10,.0f} "
            f"{_fmt(b.capacity_teu):>10} {_fmt(b.volume_capacity, '.2f'):>5} "
            f"{b.delay_h:>8,.1f} {b.total_delay_teu_h:>13,.0f}"
            for b in top
        )
        for b in top[:select] if result.tracked else []:
            users = result.select_link(b.id)
            lines.extend(["", f"Who uses {b.name} ({b.id}):"])
            lines.extend(
                f"    {o.origin} -> {o.destination}: {o.teu:,.0f} TEU/yr "
                f"({o.share:.0%} of the pair)"
                for o in users[:_MORE_USERS]
            )
            if len(users) > _MORE_USERS:
                lines.append(f"    ... and {len(users) - _MORE_USERS} more")
    lines.extend(["", "Every element with a known capacity:"])
    lines.append(f"    {'element':<34} {'TEU/yr':>10} {'capacity':>10} {'v/c':>5} {'delay h':>8}")
    lines.extend(
        f"    {n.name[:34]:<34} {n.element_teu or 0.0:>10,.0f} "
        f"{_fmt(n.capacity_teu):>10} {_fmt(n.volume_capacity, '.2f'):>5} {n.delay_h:>8,.1f}"
        for n in result.nodes
        if n.capacity_teu is not None
    )
    lines.extend(
        f"    {lf.name[:34]:<34} {lf.flow_teu:>10,.0f} {_fmt(lf.capacity_teu):>10} "
        f"{_fmt(lf.volume_capacity, '.2f'):>5} {lf.delay_h:>8,.1f}"
        for lf in result.links
        if lf.capacity_teu is not None
    )
    lines.extend(["", "Notes:"])
    lines.extend(f"  - {n}" for n in result.notes())
    return "\n".join(lines)


def render_assignment(result: CorridorAssignment, fmt: RenderFormat = "table") -> str:
    """The result as text for the command line.

    Parameters
    ----------
    result
        An assignment.
    fmt
        ``table`` (:func:`render_table`), ``json`` (:meth:`CorridorAssignment.to_dict`),
        ``geojson`` (:meth:`CorridorAssignment.to_geojson`) or ``csv`` (the link table,
        the columns of :meth:`CorridorAssignment.to_frame`).

    Returns
    -------
    str
        The text, ending with a newline.

    Raises
    ------
    CorridorError
        For an unknown format.
    """
    from corridor.assignment.element_flows import LINK_FLOW_COLUMNS  # noqa: PLC0415 - lazy CLI

    if fmt == "table":
        return render_table(result) + "\n"
    if fmt == "json":
        return json.dumps(result.to_dict(), indent=1, allow_nan=False) + "\n"
    if fmt == "geojson":
        return json.dumps(result.to_geojson(), allow_nan=False) + "\n"
    if fmt == "csv":
        return csv_table(result.records("links"), LINK_FLOW_COLUMNS)
    raise CorridorError(f"--format {fmt}: unknown; fix: use one of {', '.join(RENDER_FORMATS)}")
