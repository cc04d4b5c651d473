"""Dated exchange rates with a source for every rate, and the user's own rates on top.

A :class:`FxRates` table holds, for each currency, how many units of it buy one unit of
the base currency (``USD``), the date of that rate and where it comes from. The packaged
table (:func:`default_fx`, read from ``corridor/data/fx_rates.csv``) gives ECB reference
rates and central-bank official rates where a source was found and marks the others as
unsourced estimates; :meth:`FxRates.with_rates` lays a user's rates over it::

    fx = default_fx().with_rates({"EUR": 0.92}, date="2026-01-15")
    fx.convert(1000.0, "EUR", "USD")
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from corridor._checks import check_number, show
from corridor._typing import ESTIMATE_KINDS, EstimateKind
from corridor.exceptions import InvalidArgumentError
from corridor.network.frozen import freeze_map
from corridor.network.model import FxTable, Provenance

__all__ = [
    "FX_COLUMNS",
    "FX_FILE",
    "FxRate",
    "FxRates",
    "check_currency",
    "default_fx",
    "parse_rates",
]

FX_FILE = "fx_rates.csv"
"""The packaged table of dated rates, in ``corridor/data``."""

FX_COLUMNS: tuple[str, ...] = ("currency", "per_usd", "date", "kind", "source", "url", "note")
"""Columns of :data:`FX_FILE`: ISO code, units per US dollar, ISO date, provenance kind
(``published``, ``derived``, ``estimate``), source, its address and the working."""

_CODE = re.compile(r"^[A-Z]{3}$")
_USER_SOURCE = "rate given by the user"


def check_currency(name: str, value: object) -> str:
    """``value`` as an ISO 4217 code in capitals (``usd`` is read as ``USD``).

    Parameters
    ----------
    name
        The parameter, for the message.
    value
        What the caller passed.

    Returns
    -------
    str
        The code.

    Raises
    ------
    InvalidArgumentError
        If it is not three letters.
    """
    code = value.strip().upper() if isinstance(value, str) else None
    if code is None or not _CODE.match(code):
        raise InvalidArgumentError(
            f"{name}={show(value)}: not a currency code; use an ISO 4217 code such as USD or EUR",
            parameter=name,
        )
    return code


@dataclass(frozen=True, slots=True)
class FxRate:
    """One exchange rate: units of ``currency`` per one unit of the table's base.

    Parameters
    ----------
    currency
        ISO 4217 code.
    per_base
        How many units of ``currency`` buy one unit of the base currency (mid rate).
    date
        ISO date of the rate, when known.
    provenance
        Where the rate comes from.
    """

    currency: str
    per_base: float
    date: str | None
    provenance: Provenance


@dataclass(frozen=True)
class FxRates:
    """A dated exchange-rate table: every rate with its date and source.

    Parameters
    ----------
    rates
        Currency code to :class:`FxRate` (the base currency needs none).
    base
        The base currency (``USD``).

    Raises
    ------
    InvalidArgumentError
        If a code is not three letters, a rate is not a finite number above 0, or a key
        differs from its rate's currency.

    Examples
    --------
    >>> from corridor.finance import default_fx
    >>> fx = default_fx().with_rates({"EUR": 0.9})
    >>> fx.convert(90.0, "EUR", "USD")
    100.0
    >>> fx.rate("EUR").provenance.source
    'rate given by the user'
    """

    rates: Mapping[str, FxRate]
    base: str = "USD"

    def __post_init__(self) -> None:
        base = check_currency("base", self.base)
        object.__setattr__(self, "base", base)
        checked: dict[str, FxRate] = {}
        for key, rate in self.rates.items():
            code = check_currency("fx", key)
            if not isinstance(rate, FxRate) or rate.currency != code:
                raise InvalidArgumentError(
                    f"fx={code!r}: the rate must be an FxRate for {code}", parameter="fx"
                )
            check_number(f"fx[{code!r}]", rate.per_base, low=0.0, low_open=True)
            checked[code] = rate
        object.__setattr__(self, "rates", freeze_map(checked))

    @property
    def currencies(self) -> frozenset[str]:
        """Every currency the table converts (the base included)."""
        return frozenset(self.rates) | {self.base}

    def rate(self, currency: str) -> FxRate:
        """The rate of ``currency`` (the base currency has rate 1, dated nowhere).

        Parameters
        ----------
        currency
            ISO 4217 code.

        Returns
        -------
        FxRate
            Units of ``currency`` per base unit, with date and source.

        Raises
        ------
        InvalidArgumentError
            If the table has no rate for it (the message lists those it has).
        """
        code = check_currency("currency", currency)
        if code == self.base:
            return FxRate(code, 1.0, None, Provenance("base currency", kind="derived"))
        found = self.rates.get(code)
        if found is None:
            known = ", ".join(sorted(self.currencies))
            raise InvalidArgumentError(
                f"currency={code!r}: no exchange rate for it; use one of {known}, or give "
                f"its rate in units per {self.base} as fx='{code}=<rate>'",
                parameter="currency",
            )
        return found

    def convert(self, amount: float, from_currency: str, to_currency: str) -> float:
        """``amount`` of ``from_currency`` in ``to_currency``, at mid rates through the base.

        Parameters
        ----------
        amount
            The amount.
        from_currency, to_currency
            ISO 4217 codes.

        Returns
        -------
        float
            ``amount / per_base(from) * per_base(to)``; ``amount`` itself when the two
            currencies are the same.

        Raises
        ------
        InvalidArgumentError
            If either currency has no rate.
        """
        source = self.rate(from_currency)
        target = self.rate(to_currency)
        if source.currency == target.currency:
            return float(amount)
        return float(amount) / source.per_base * target.per_base

    def with_rates(
        self,
        rates: Mapping[str, float],
        *,
        date: str | None = None,
        source: str = _USER_SOURCE,
    ) -> FxRates:
        """A copy with ``rates`` (units per base unit) replacing or adding rates.

        Parameters
        ----------
        rates
            Currency code to units of it per one unit of the base (``{"EUR": 0.92}``).
        date
            Date of the given rates.
        source
            Where they come from.

        Returns
        -------
        FxRates
            The new table; this one is unchanged.

        Raises
        ------
        InvalidArgumentError
            If a code is not three letters or a rate is not a finite number above 0
            (the message names it as ``fx['EUR']``).
        """
        if not isinstance(rates, Mapping):
            raise InvalidArgumentError(
                f"fx={show(rates)}: use a mapping such as {{'EUR': 0.92}}", parameter="fx"
            )
        merged = dict(self.rates)
        for key, value in rates.items():
            code = check_currency("fx", key)
            per = check_number(f"fx[{code!r}]", value, low=0.0, low_open=True)
            if code == self.base:
                if per != 1.0:
                    raise InvalidArgumentError(
                        f"fx[{code!r}]={show(value)}: the base currency's rate is 1",
                        parameter="fx",
                    )
                continue
            merged[code] = FxRate(code, per, date, Provenance(source, kind="published"))
        return FxRates(rates=merged, base=self.base)

    def to_fx_table(self) -> FxTable:
        """The rates as the network model's :class:`~corridor.network.model.FxTable`.

        Returns
        -------
        FxTable
            Rates per base unit, dated with the latest date in this table.
        """
        dates = [r.date for r in self.rates.values() if r.date]
        return FxTable(
            rates={c: r.per_base for c, r in self.rates.items()},
            base=self.base,
            date=max(dates) if dates else None,
            provenance=Provenance("corridor.finance exchange-rate table", kind="derived"),
        )

    def rows(self, currencies: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """One row of :data:`FX_COLUMNS` per rate (``per_usd`` is per base unit).

        Parameters
        ----------
        currencies
            Only these (``None``: every rate), in the order given.

        Returns
        -------
        list of dict
            Column name to value.

        Raises
        ------
        InvalidArgumentError
            If a currency asked for has no rate.
        """
        codes = sorted(self.rates) if currencies is None else list(currencies)
        out: list[dict[str, Any]] = []
        for code in codes:
            r = self.rate(code)
            out.append(
                {
                    "currency": r.currency,
                    "per_usd": r.per_base,
                    "date": r.date,
                    "kind": r.provenance.kind,
                    "source": r.provenance.source,
                    "url": _url(r.provenance),
                    "note": _note(r.provenance),
                }
            )
        return out


def _url(p: Provenance) -> str | None:
    if p.note and p.note.startswith("http"):
        return p.note.split(" ", 1)[0]
    return None


def _note(p: Provenance) -> str | None:
    if p.note and p.note.startswith("http"):
        rest = p.note.split(" ", 1)
        return rest[1] if len(rest) > 1 else None
    return p.note


def _kind(value: str, where: str) -> EstimateKind:
    for kind in ESTIMATE_KINDS:
        if kind == value:
            return kind
    raise InvalidArgumentError(f"{where}: kind {value!r} is not one of {', '.join(ESTIMATE_KINDS)}")


def _read_rates(text: str, where: str) -> FxRates:
    rates: dict[str, FxRate] = {}
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        here = f"{where}:{line}"
        code = check_currency(f"{here} currency", row["currency"])
        per = float(row["per_usd"])
        if not math.isfinite(per) or per <= 0:
            raise InvalidArgumentError(f"{here}: per_usd {per} must be a number above 0")
        url, note = row.get("url") or "", row.get("note") or ""
        rates[code] = FxRate(
            code,
            per,
            row["date"] or None,
            Provenance(
                row["source"],
                kind=_kind(row["kind"], here),
                note=" ".join(x for x in (url, note) if x) or None,
            ),
        )
    return FxRates(rates=rates, base="USD")


@lru_cache(maxsize=1)
def default_fx() -> FxRates:
    """The packaged dated exchange rates (``corridor/data/fx_rates.csv``), read once.

    ECB euro reference rates of 28 Feb 2025 crossed through the dollar, central-bank
    official rates for KZT and RUB, and unsourced estimates (marked so) for the rest.

    Returns
    -------
    FxRates
        Units of each currency per US dollar, each with its date and source.

    Raises
    ------
    InvalidArgumentError
        If the packaged table is malformed (an unknown currency code or estimate kind, a
        rate that is not above 0): a packaging bug, not something a caller can cause.
    """
    text = resources.files("corridor.data").joinpath(FX_FILE).read_text("utf-8")
    return _read_rates(text, FX_FILE)


def parse_rates(texts: Iterable[str]) -> dict[str, float]:
    """Rates written ``CODE=UNITS`` (``EUR=0.92``: 0.92 euro per US dollar).

    Parameters
    ----------
    texts
        The rates; each may also be a comma list (``EUR=0.92,CNY=7.2``).

    Returns
    -------
    dict
        Currency code to units per US dollar.

    Raises
    ------
    InvalidArgumentError
        If an item is not ``CODE=number`` with a three-letter code and a finite number
        above 0 (the message names it as ``fx='EUR=x'``).

    Examples
    --------
    >>> parse_rates(["EUR=0.92", "cny=7.2,KZT=510"])
    {'EUR': 0.92, 'CNY': 7.2, 'KZT': 510.0}
    """
    out: dict[str, float] = {}
    for text in texts:
        for item in str(text).split(","):
            code, sep, number = item.partition("=")
            try:
                per = float(number)
            except ValueError:
                per = math.nan
            if (
                not sep
                or not _CODE.match(code.strip().upper())
                or not (math.isfinite(per) and per > 0)
            ):
                raise InvalidArgumentError(
                    f"fx={item.strip()!r}: write a rate as CODE=UNITS, the units of the "
                    "currency per US dollar above 0, e.g. EUR=0.92",
                    parameter="fx",
                )
            out[code.strip().upper()] = per
    return out
