"""Dask for real: a LocalCluster with two worker processes on loopback.

Needs the dask extra (``pip install 'cleantext[dask]'``), which the test
command installs; the cluster and the workers are real processes.
"""

from __future__ import annotations

import os
from pathlib import Path

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
from dask.distributed import Client, LocalCluster

from cleantext import Cleaner
from cleantext.integrations import clean_bag, clean_column, clean_series

ROOT = Path(__file__).resolve().parents[1]


def _documents() -> list[str]:
    docs = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    docs += ["近日， 市统计局通过热线。", "占 96.2.%。", "", "Plain English text."]
    return docs * 3


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as dask_client,
    ):
        yield dask_client


def test_workers_are_separate_processes(client):
    pids = client.run(os.getpid)
    assert len(pids) == 2
    assert os.getpid() not in pids.values()


def test_bag_of_documents(client):
    docs = _documents()
    cleaner = Cleaner(pangu=True)
    result = clean_bag(db.from_sequence(docs, npartitions=6), cleaner).compute()
    assert result == cleaner.clean_batch(docs)
    assert result != docs


def test_dataframe_column(client):
    docs = _documents()
    frame = pd.DataFrame({"id": range(len(docs)), "text": docs, "other": ["x"] * len(docs)})
    frame.loc[3, "text"] = None  # a missing value passes through
    ddf = dd.from_pandas(frame, npartitions=4)
    cleaner = Cleaner()
    result = clean_column(ddf, "text", cleaner).compute()
    expected = [cleaner.clean(t) if isinstance(t, str) else t for t in frame["text"]]
    assert [t if isinstance(t, str) else None for t in result["text"]] == [
        t if isinstance(t, str) else None for t in expected
    ]
    assert list(result["id"]) == list(frame["id"])
    assert list(result["other"]) == list(frame["other"])


def test_series_helpers_work_on_pandas_too():
    series = pd.Series(["近日， 市统计局", "干净。"], name="text")
    assert list(clean_series(series)) == [Cleaner().clean(t) for t in series]
