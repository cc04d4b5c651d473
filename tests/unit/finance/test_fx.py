"""Dated exchange rates: the packaged table, the user's rates on top, conversion."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import corridor
from corridor.exceptions import InvalidArgumentError
from corridor.finance import FxRate, FxRates, default_fx, parse_rates
from corridor.network.model import Provenance


def test_every_packaged_rate_has_a_date_a_source_and_a_kind() -> None:
    fx = default_fx()
    assert fx.base == "USD"
    for row in fx.rows():
        assert row["per_usd"] > 0
        assert row["date"]
        assert len(row["date"]) == len("2025-02-28")
        assert row["source"]
        assert row["kind"] in {"published", "derived", "estimate"}
        if row["kind"] == "estimate":
            assert "UNSOURCED ESTIMATE" in (row["note"] or "")
        else:
            assert (row["url"] or "").startswith("http")


def test_packaged_table_converts_every_currency_of_the_embedded_network() -> None:
    net = corridor.eurasia()
    assert set(net.fx.rates) <= default_fx().currencies


def test_ecb_cross_rates_are_the_published_figures() -> None:
    # ECB 28 Feb 2025: USD 1.0411 and CNY 7.5782 per euro
    fx = default_fx()
    assert fx.convert(1.0, "EUR", "USD") == pytest.approx(1.0411, rel=1e-6)
    assert fx.convert(1.0, "EUR", "CNY") == pytest.approx(7.5782, rel=1e-6)
    assert fx.rate("KZT").per_base == 495.28
    assert fx.rate("KZT").date == "2025-02-15"


def test_user_rates_replace_and_add_without_changing_the_table() -> None:
    base = default_fx()
    mine = base.with_rates({"EUR": 0.5, "JPY": 150.0}, date="2026-01-02")
    assert mine.convert(50.0, "EUR", "USD") == 100.0
    assert mine.convert(300.0, "JPY", "EUR") == pytest.approx(1.0)
    assert mine.rate("EUR").provenance.source == "rate given by the user"
    assert mine.rate("EUR").date == "2026-01-02"
    assert base.rate("EUR").per_base == 0.960523
    assert "JPY" not in base.currencies


def test_unknown_currency_names_the_parameter() -> None:
    with pytest.raises(InvalidArgumentError, match=r"^currency='XYZ': no exchange rate") as e:
        default_fx().convert(1.0, "XYZ", "USD")
    assert e.value.parameter == "currency"
    with pytest.raises(InvalidArgumentError, match="not a currency code"):
        default_fx().rate("dollars")


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf])
def test_bad_rates_are_refused(bad: float) -> None:
    with pytest.raises(InvalidArgumentError, match=r"fx\['EUR'\]"):
        default_fx().with_rates({"EUR": bad})
    with pytest.raises(InvalidArgumentError):
        FxRates({"EUR": FxRate("EUR", bad, None, Provenance("x"))})


def test_base_currency_rate_must_be_one() -> None:
    assert default_fx().with_rates({"USD": 1.0}).rate("USD").per_base == 1.0
    with pytest.raises(InvalidArgumentError, match="base currency"):
        default_fx().with_rates({"USD": 2.0})


def test_parse_rates() -> None:
    assert parse_rates(["EUR=0.92", "cny=7.2,KZT=510"]) == {"EUR": 0.92, "CNY": 7.2, "KZT": 510.0}
    for bad in ("EUR", "EUR=", "EUR=x", "EURO=1", "EUR=-1", "EUR=nan", "=1"):
        with pytest.raises(InvalidArgumentError, match="CODE=UNITS") as e:
            parse_rates([bad])
        assert e.value.parameter == "fx"


def test_to_fx_table_matches_the_rates() -> None:
    table = default_fx().to_fx_table()
    assert table.base == "USD"
    assert table.rates["PLN"] == default_fx().rate("PLN").per_base
    assert table.date == "2025-06-30"  # the latest date in the packaged table


_CODES = st.sampled_from(sorted(default_fx().currencies))
_AMOUNTS = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)


@given(amount=_AMOUNTS, a=_CODES, b=_CODES)
def test_conversion_round_trips(amount: float, a: str, b: str) -> None:
    fx = default_fx()
    back = fx.convert(fx.convert(amount, a, b), b, a)
    assert back == pytest.approx(amount, rel=1e-12, abs=1e-9)


@given(amount=_AMOUNTS, a=_CODES, b=_CODES, c=_CODES)
def test_conversion_through_a_third_currency_agrees(amount: float, a: str, b: str, c: str) -> None:
    fx = default_fx()
    direct = fx.convert(amount, a, c)
    assert fx.convert(fx.convert(amount, a, b), b, c) == pytest.approx(direct, rel=1e-12, abs=1e-9)


@given(
    rate=st.floats(min_value=1e-4, max_value=1e6, allow_nan=False),
    amount=st.floats(min_value=0, max_value=1e9, allow_nan=False),
)
def test_a_user_rate_is_used_as_given(rate: float, amount: float) -> None:
    fx = default_fx().with_rates({"EUR": rate})
    assert fx.convert(amount, "USD", "EUR") == pytest.approx(amount * rate, rel=1e-12)
    assert fx.convert(fx.convert(amount, "USD", "EUR"), "EUR", "USD") == pytest.approx(
        amount, rel=1e-12, abs=1e-9
    )
