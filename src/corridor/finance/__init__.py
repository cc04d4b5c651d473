"""Financial connectivity for a shipper: dated exchange rates and the landed cost.

::

    from corridor.finance import landed_cost
    lc = landed_cost(corridor.eurasia(), "Chengdu", "Warsaw", value=400_000, quantity=10,
                     deadline="25d", confidence=0.9)
    lc.best.components        # freight, handling, ..., safety_stock, fx_conversion
"""

from __future__ import annotations

from corridor.finance.fx import FxRate, FxRates, default_fx, parse_rates
from corridor.finance.landed import (
    COMPONENTS,
    LANDED_COLUMNS,
    Assumption,
    Dropped,
    LandedCost,
    LandedCostComparison,
    carrying_cost,
    default_assumptions,
    insurance_cost,
    landed_cost,
    landed_cost_of_comparison,
    parse_deadline,
    route_landed_cost,
    safety_stock_cost,
)

__all__ = [
    "COMPONENTS",
    "LANDED_COLUMNS",
    "Assumption",
    "Dropped",
    "FxRate",
    "FxRates",
    "LandedCost",
    "LandedCostComparison",
    "carrying_cost",
    "default_assumptions",
    "default_fx",
    "insurance_cost",
    "landed_cost",
    "landed_cost_of_comparison",
    "parse_deadline",
    "parse_rates",
    "route_landed_cost",
    "safety_stock_cost",
]
