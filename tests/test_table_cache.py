"""The cache of the native core's tables (``cleantext.native``): a table built
once is read back by the next process, and gives the very same output; a
damaged cache file is built again; an empty ``CLEANTEXT_CACHE_DIR`` turns the
cache off."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext import native

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT / "seeds").glob("*.txt"))[1]

pytestmark = pytest.mark.skipif(not native.available(), reason="the cache holds the native core's tables")

# In a fresh process: fix the seed page, and say which tables the core holds
# and whether the Python loaders of the word lists ran.
_PROBE = """
import json, sys
import cleantext
from cleantext import native
from cleantext.rules import ocr_repeat
out = cleantext.fix(open(sys.argv[1], encoding="utf-8").read())
print(json.dumps({
    "out": out,
    "tables": native._core.loaded_tables(),
    "built": ocr_repeat._words.cache_info().currsize > 0,
}))
"""


def _probe(cache: str) -> dict:
    env = dict(os.environ, CLEANTEXT_CACHE_DIR=cache, CLEANTEXT_IMPLEMENTATION="native")
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(SEED)], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.rglob("*.bin")}


def test_a_table_built_once_is_read_back_with_the_same_output(tmp_path):
    first = _probe(str(tmp_path))
    assert first["built"]
    kept = _files(tmp_path)
    assert set(kept) >= {f"{name}.bin" for name in first["tables"]}
    second = _probe(str(tmp_path))
    assert not second["built"], "the word list was built again despite the cache"
    assert second["out"] == first["out"]
    assert second["tables"] == first["tables"]
    assert _files(tmp_path) == kept
    # one folder per key, no temporary file left
    assert len([p for p in tmp_path.iterdir()]) == 1
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_a_damaged_cache_file_is_built_again(tmp_path):
    first = _probe(str(tmp_path))
    victim = next(p for p in tmp_path.rglob("wordfreq_zh_large.bin"))
    whole = victim.read_bytes()
    victim.write_bytes(whole[: len(whole) // 2])
    again = _probe(str(tmp_path))
    assert again["out"] == first["out"]
    assert again["tables"] == first["tables"]
    assert victim.read_bytes() == whole  # built again, and kept whole


def test_an_empty_cache_dir_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = _probe("")
    assert out["built"]
    assert not list(tmp_path.rglob("*.bin"))


def test_the_core_reads_its_own_bytes_back():
    table = {"中国": 1e-3, "们": 2.5e-7, "": 0.0}
    data = native._core.encode_table("weights", table)
    assert native._core.encode_table("weights", dict(reversed(table.items()))) == data  # key order
    assert native._core.set_table_bytes("test.cache.weights", data)
    assert not native._core.set_table_bytes("test.cache.bad", data[:-1])
    assert "test.cache.weights" in native._core.loaded_tables()
    assert "test.cache.bad" not in native._core.loaded_tables()


def test_old_sets_of_tables_are_pruned(tmp_path):
    for k in range(native.CACHE_KEEP + 2):
        old = tmp_path / f"tables-old{k}"
        old.mkdir()
        (old / "x.bin").write_bytes(b"")
        os.utime(old, (1_000_000 + k, 1_000_000 + k))
    (tmp_path / "unrelated").mkdir()
    _probe(str(tmp_path))
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert "unrelated" in kept
    # the new set and the most recent old ones, CACHE_KEEP in all
    assert len([n for n in kept if n.startswith("tables-")]) == native.CACHE_KEEP
    assert f"tables-old{native.CACHE_KEEP + 1}" in kept and "tables-old0" not in kept
