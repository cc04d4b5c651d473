"""Library messages speak Python parameter names; the CLI speaks its flags.

The library names a parameter as ``avoid_countries='XX'``; :func:`as_flags` rewrites
that to ``--avoid-country XX`` in the messages the CLI prints, so that each side reads
in its own terms.
"""

from __future__ import annotations

import re

__all__ = ["FLAGS", "as_flags"]

FLAGS: dict[str, str] = {
    "avoid_countries": "--avoid-country",
    "close": "--close",
    "modes": "--mode-only",
    "via": "--via",
    "max_transshipments": "--max-transshipments",
    "optimize": "--optimize",
    "cargo": "--cargo",
    "value_of_time_usd_per_day": "--value-of-time",
    "carbon_usd_per_t": "--carbon-price",
    "month": "--month",
    "date": "--date",
    "operations": "--operations",
    "k": "--alternatives",
    "max_overlap": "--max-overlap",
    "tie_margin": "--tie-margin",
    "samples": "--samples",
    "seed": "--seed",
    "border_correlation": "--border-correlation",
    "digital_borders": "--digital-borders",
    "toll_factor": "--toll-factor",
    "distance_factor": "--distance-factor",
    "value": "--value",
    "currency": "--currency",
    "quantity": "--quantity",
    "deadline": "--deadline",
    "confidence": "--confidence",
    "insurance_rate": "--insurance-rate",
    "carrying_rate": "--carrying-rate",
    "conversion_spread": "--conversion-spread",
    "fx": "--fx",
    "rank_by": "--rank",
    "batch_size": "--batch-size",
    "workers": "--workers",
    "scheduler": "--scheduler",
}
"""Library parameter → CLI flag, for every parameter a CLI flag sets."""

_MENTION = re.compile(
    r"\b(" + "|".join(sorted(FLAGS, key=len, reverse=True)) + r")="
    r"('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^\s:;,)]+)?"
)


_QUOTED = 2
"""Length of the shortest quoted value (two quotes around nothing)."""


def as_flags(message: str) -> str:
    """``message`` with every ``parameter=value`` mention written as ``--flag value``.

    Parameters
    ----------
    message
        A library error message.

    Returns
    -------
    str
        The message in the CLI's terms.

    Examples
    --------
    >>> as_flags("avoid_countries='XX': no node of the network is in this country")
    '--avoid-country XX: no node of the network is in this country'
    >>> as_flags("dropping modes='rail_1520,sea' would give one")
    'dropping --mode-only rail_1520,sea would give one'
    """

    def flag(m: re.Match[str]) -> str:
        value = m.group(2) or ""
        if len(value) >= _QUOTED and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        return f"{FLAGS[m.group(1)]} {value}".rstrip()

    return _MENTION.sub(flag, message)
