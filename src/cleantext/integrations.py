"""Helpers for distributed engines (Dask), built on the picklable ``Cleaner``.

Dask is an optional extra (``pip install 'cleantext[dask]'``), imported only
when these helpers run, never by ``import cleantext``.

A :class:`cleantext.Cleaner` pickles as its configuration, so it travels to
every worker cheaply; each worker process compiles the patterns once (they
are module globals) and reuses them for every partition.

>>> import dask.bag as db                                    # doctest: +SKIP
>>> from cleantext import Cleaner
>>> from cleantext.integrations import clean_bag
>>> clean_bag(db.from_sequence(["近日， 市统计局"]), Cleaner()).compute()  # doctest: +SKIP
['近日，市统计局']
"""

from __future__ import annotations

from typing import Any

from .pipeline import Cleaner


def _cleaner(cleaner: Cleaner | None) -> Cleaner:
    return cleaner if cleaner is not None else Cleaner()


def _clean_partition(texts, cleaner: Cleaner) -> list[str]:
    return cleaner.clean_batch(texts)


def clean_bag(bag: Any, cleaner: Cleaner | None = None) -> Any:
    """Clean every string of a ``dask.bag.Bag``, one partition at a time."""
    return bag.map_partitions(_clean_partition, _cleaner(cleaner))


def _clean_pandas_series(series, cleaner: Cleaner):
    import pandas as pd  # optional (the dask extra): only for a dask DataFrame

    values = [cleaner.clean(v) if isinstance(v, str) else v for v in series.tolist()]
    return pd.Series(values, index=series.index, name=series.name, dtype=series.dtype)


def clean_series(series: Any, cleaner: Cleaner | None = None) -> Any:
    """Clean a dask (or pandas) Series of strings; non-strings (NaN) pass through."""
    cleaner = _cleaner(cleaner)
    if hasattr(series, "map_partitions"):
        return series.map_partitions(_clean_pandas_series, cleaner, meta=series._meta)
    return _clean_pandas_series(series, cleaner)


def clean_column(frame: Any, column: str, cleaner: Cleaner | None = None) -> Any:
    """Return ``frame`` with ``column`` cleaned (a dask or pandas DataFrame)."""
    return frame.assign(**{column: clean_series(frame[column], cleaner)})
