"""Tables of results as pandas DataFrames, with pandas as the optional ``frame`` extra."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from corridor._dependencies import import_optional

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["records_frame"]


def records_frame(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame with one row per record and exactly ``columns``, in that order.

    Parameters
    ----------
    rows
        Records; a key missing from a record gives a missing value.
    columns
        The column names, in order (an empty ``rows`` still gives these columns).

    Returns
    -------
    pandas.DataFrame
        The table.

    Raises
    ------
    MissingOptionalDependencyError
        If pandas is not installed (``pip install 'corridor[frame]'``).
    """
    pandas = import_optional("pandas", extra="frame")
    frame: pd.DataFrame = pandas.DataFrame.from_records(
        [{c: r.get(c) for c in columns} for r in rows], columns=list(columns)
    )
    return frame
