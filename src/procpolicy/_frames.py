"""``to_frame()``: plain rows as a pandas DataFrame with named, typed columns.

pandas is optional (``pip install 'procpolicy[pandas]'``) and imported only
when a frame is asked for.  Each caller names its columns and their dtypes:
days as ``datetime64``, flags as ``bool``, counts as ``int64`` (``Int64``
where a count may be missing), money and scores as ``float64``; text is left
to pandas' string type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pandas import DataFrame

__all__ = ["TEXT", "frame"]

TEXT = "text"
"""The dtype name of a text column: whatever pandas gives strings."""
_DAY = "datetime64[ns]"


def _pandas() -> Any:
    try:
        import pandas as pd  # noqa: PLC0415 - the optional extra
    except ImportError as exc:
        raise ImportError(
            "to_frame() needs pandas: pip install 'procpolicy[pandas]' (or use "
            "records(), plain dicts, with any table library)"
        ) from exc
    return pd


def frame(rows: Sequence[Mapping[str, Any]], columns: Mapping[str, str]) -> DataFrame:
    """A DataFrame of ``rows`` with exactly ``columns`` (name → dtype), in order.

    Raises:
        ImportError: when pandas is not installed, saying how to install it.
    """
    pd = _pandas()
    data = pd.DataFrame({name: [row[name] for row in rows] for name in columns})
    for name, dtype in columns.items():
        if dtype == _DAY:
            data[name] = pd.to_datetime(data[name]).astype(_DAY)
        elif dtype != TEXT:
            data[name] = data[name].astype(dtype)
    return data
