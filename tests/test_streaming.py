"""Streaming large texts in chunks (cleantext.streaming): byte-identical to ``fix``.

The property: for any text, cleaning it chunk by chunk as the splitter cuts
it gives exactly ``cleaner.clean(text)``.  Texts are the seed pages and the
corpus, repeated and shuffled, cut at several chunk sizes and fed in pieces
of several sizes.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import cleantext
from cleantext import Cleaner
from cleantext.streaming import (
    SafeSplitter,
    clean_stream,
    clean_text,
    iter_decoded,
    join_edges,
    sniff,
    split_text,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
CORPUS = [
    p.read_text(encoding="utf-8")
    for folder in ("dev", "clean")
    for p in sorted((ROOT / "tests" / "data" / "corpus" / folder).glob("*.txt"))
    if not p.name.endswith(".gold.txt")
]

# Every rule but line-wrap: see test_full_pipeline_streams_byte_identical.
# (Texts end with one line break: stray-mark trims trailing blank lines only
# when the text has a form feed somewhere, which no chunk can know.)
LOCAL = Cleaner(ignore=["line-wrap"])


def _mixture(seed: int, n: int) -> str:
    rng = random.Random(seed)
    docs = SEEDS + CORPUS
    parts = []
    for _ in range(n):
        doc = rng.choice(docs)
        # documents run into each other with and without a blank line between
        parts.append(doc if rng.random() < 0.5 else doc.rstrip("\n") + "\n\n")
    # One final line break: stray-mark trims trailing blank lines only when the
    # text holds a form feed anywhere (line-wrap trims them always).
    return "".join(parts).rstrip("\n") + "\n"


def _streamed(text: str, cleaner: Cleaner, target: int, piece: int) -> tuple[str, int]:
    pieces = [text[i : i + piece] for i in range(0, len(text), piece)]
    splitter_cuts = []
    out = []
    for chunk, fixed in clean_stream(pieces, cleaner, target=target, window=2048):
        splitter_cuts.append(len(chunk))
        out.append(fixed)
    return "".join(out), len(splitter_cuts)


def test_data_is_there():
    assert len(SEEDS) == 5
    assert len(CORPUS) >= 30


@pytest.mark.parametrize(
    "seed, docs, target, piece",
    [
        (1, 12, 3000, 500),
        (2, 12, 8000, 4096),
        (3, 20, 20000, 65536),
        (4, 8, 1500, 100),
    ],
)
def test_stream_is_byte_identical_to_whole_text(seed, docs, target, piece):
    text = _mixture(seed, docs)
    whole = LOCAL.clean(text)
    streamed, chunks = _streamed(text, LOCAL, target, piece)
    assert streamed == whole
    assert chunks > 2  # it really was cut


def test_seed_pages_repeated_stream_identically():
    text = "".join(SEEDS) * 8
    whole = LOCAL.clean(text)
    streamed, chunks = _streamed(text, LOCAL, 10000, 8192)
    assert streamed == whole
    assert chunks > 5


def test_full_pipeline_streams_byte_identical():
    cleaner = Cleaner()
    for seed in (1, 2, 3):
        text = _mixture(seed, 20)
        assert _streamed(text, cleaner, 20000, 7777)[0] == cleaner.clean(text)


TABLES = [
    p.read_text(encoding="utf-8")
    for folder in ("tables", "lists")
    for p in sorted((ROOT / "tests" / "data" / "columns" / folder).glob("*.txt"))
]


@pytest.mark.parametrize("seed", [1, 2])
def test_tables_among_pages_stream_identically(seed):
    # A table is judged on its own lines (columns.table_rows): the prose
    # around it, whole or cut into chunks, changes nothing.
    rng = random.Random(seed)
    parts = []
    for _ in range(30):
        parts.append(rng.choice(SEEDS))
        parts.append(rng.choice(["", "\n"]))
        parts.append(rng.choice(TABLES))
        parts.append(rng.choice(["", "\n"]))
    text = "".join(parts).rstrip("\n") + "\n"
    cleaner = Cleaner()
    assert _streamed(text, cleaner, 5000, 4096)[0] == cleaner.clean(text)


def test_chunks_concatenate_to_the_input():
    text = _mixture(5, 10)
    parts = split_text(text, LOCAL.clean, target=2000, window=1024)
    assert "".join(chunk for chunk, _ in parts) == text
    assert all(sep is None or (sep and not sep.strip("\n")) for _, sep in parts)
    assert parts[-1][1] is None
    # every cut is at the start of a line
    offset = 0
    for chunk, _ in parts[:-1]:
        offset += len(chunk)
        assert text[offset - 1] == "\n"


def test_text_without_line_breaks_is_not_cut():
    text = "很长的一行没有换行" * 5000
    parts = split_text(text, LOCAL.clean, target=1000)
    assert parts == [(text, None)]


def test_small_text_is_one_chunk():
    text = "近日， 市统计局通过热线。\n"
    assert split_text(text, cleantext.fix, target=1 << 20) == [(text, None)]
    assert clean_text(text, Cleaner()) == cleantext.fix(text)


def test_a_cut_is_refused_where_cleaning_joins_across_it():
    # A rule that joins a line ending in "，" to the next one, across a blank line.
    def joiner(text: str) -> str:
        return text.replace("，\n\n", "，")

    text = ("第一句，\n\n第二句。\n\n" * 200).rstrip("\n") + "\n"
    splitter = SafeSplitter(joiner, target=100, window=64, lines=4)
    chunks = [c for c, _ in splitter.feed(text)] + [c for c, _ in splitter.close()]
    assert "".join(chunks) == text
    for chunk in chunks[:-1]:
        assert chunk.endswith("。\n\n")  # never cut after "，"


def test_join_edges():
    assert join_edges("甲。\n", "\n\n", first=True) == "甲。\n\n"
    assert join_edges("\n乙。\n", None, first=False) == "乙。\n"
    assert join_edges("丙。", None, first=True) == "丙。"


@pytest.mark.parametrize(
    "data, codec",
    [
        ("近日".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "近日".encode(), "utf-8"),
        ("近日".encode("utf-16"), "utf-16"),
        ("今天上午，区图书馆举行读书分享会，两百多名居民参加了活动。".encode("gbk"), "gb18030"),
    ],
)
def test_sniff(data, codec):
    assert sniff(data)[0] == codec


def test_incremental_decoding_across_blocks(monkeypatch):
    import io

    from cleantext import streaming

    monkeypatch.setattr(streaming, "READ_BYTES", 7)  # split multi-byte characters
    text = "近日，市统计局通过热线。\n" * 50
    data = text.encode("utf-8")
    handle = io.BytesIO(data[20:])
    assert "".join(iter_decoded(handle, data[:20], "utf-8", 0)) == text


def test_bad_bytes_midway_are_an_error():
    import io

    from cleantext.files import NotTextError

    handle = io.BytesIO(b"\xff\xfe\xfa")
    with pytest.raises(NotTextError, match="cannot decode as utf-8"):
        list(iter_decoded(handle, "近日".encode(), "utf-8", 0))
    with pytest.raises(NotTextError, match="NUL"):
        list(iter_decoded(io.BytesIO(b"a\x00b"), b"abc", "utf-8", 0))


# -- the command line on large files (streamed above --chunk-size bytes) ------

import os

from helpers import run_cli


BIG = _mixture(11, 12)  # ~60 kB of text, streamed with --chunk-size 8000
STREAM = ("--ignore", "line-wrap", "--chunk-size", "8000")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_streams_a_large_file_in_place(tmp_path, jobs, make_file):
    path = make_file("big.txt", BIG)
    proc = run_cli("fix", *STREAM, "-j", jobs, path, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert path.read_text(encoding="utf-8") == LOCAL.clean(BIG)
    assert proc.stderr.decode() == "1 file fixed.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt"]


def test_cli_stream_leaves_a_clean_large_file_untouched(tmp_path, make_file):
    path = make_file("big.txt", LOCAL.clean(BIG))
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 10**12))
    mtime = os.stat(path).st_mtime_ns
    proc = run_cli("fix", *STREAM, path, cwd=tmp_path)
    assert proc.returncode == 0
    assert os.stat(path).st_mtime_ns == mtime
    assert run_cli("fix", "--check", *STREAM, path, cwd=tmp_path).returncode == 0


def test_cli_stream_check_diff_and_output(tmp_path, make_file):
    path = make_file("big.txt", BIG)
    proc = run_cli("fix", "--check", *STREAM, path, cwd=tmp_path)
    assert (proc.returncode, proc.stdout.decode()) == (1, f"would fix {path}\n")
    streamed = run_cli("fix", "--diff", *STREAM, path, cwd=tmp_path).stdout.decode()
    whole = run_cli("fix", "--diff", "--ignore", "line-wrap", path, cwd=tmp_path).stdout.decode()

    def changes(diff: str) -> list[str]:
        return [ln for ln in diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("+++", "---")]

    assert changes(streamed) == changes(whole)
    assert path.read_text(encoding="utf-8") == BIG
    out = tmp_path / "out.txt"
    assert run_cli("fix", *STREAM, path, "-o", out, cwd=tmp_path).returncode == 0
    assert out.read_text(encoding="utf-8") == LOCAL.clean(BIG)


def test_cli_streams_stdin_and_legacy_encodings(tmp_path, make_file):
    proc = run_cli("fix", *STREAM, "-", cwd=tmp_path, stdin=BIG.encode("utf-8"))
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8") == LOCAL.clean(BIG)
    simplified = "".join(
        ch for ch in BIG if ch.isascii() or "\u4e00" <= ch <= "\u9fa5" or ch in "，。"
    )
    data = simplified.encode("gbk", errors="ignore")
    path = make_file("gbk.txt", data)
    assert run_cli("fix", *STREAM, path, cwd=tmp_path).returncode == 0
    assert path.read_text(encoding="utf-8") == LOCAL.clean(data.decode("gb18030"))


def test_cli_stream_decode_error_leaves_file_untouched(tmp_path, make_file):
    data = BIG.encode("utf-8") + b"\xff\xfe tail"
    path = make_file("big.txt", data)
    proc = run_cli("fix", *STREAM, path, cwd=tmp_path)
    assert proc.returncode == 2
    # (the first MiB decides the encoding; here it holds the bad bytes too)
    assert f"cleantext: error: {path}: unknown encoding: not UTF-8 (byte {len(BIG.encode())})" in (
        proc.stderr.decode()
    )
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt"]


def test_cli_stream_explain_matches_whole_file(tmp_path, make_file):
    path = make_file("big.txt", BIG)
    streamed = run_cli("explain", *STREAM, path, cwd=tmp_path)
    whole = run_cli("explain", "--ignore", "line-wrap", path, cwd=tmp_path)
    assert streamed.returncode == whole.returncode == 1

    def where(out: bytes) -> list[tuple[int, str]]:
        found = []
        for line in out.decode().splitlines():
            location, rule, _ = line[len(str(path)) + 1 :].split(": ", 2)
            found.append((int(location.split(":")[0]), rule))
        return sorted(found)

    # The same edits by the same rules on the same lines; a deletion in a
    # repeated run may align to either copy, or to either side of a line break.
    a, b = where(streamed.stdout), where(whole.stdout)
    assert [rule for _, rule in sorted(a, key=lambda x: x[1])] == [
        rule for _, rule in sorted(b, key=lambda x: x[1])
    ]
    assert all(abs(x[0] - y[0]) <= 1 for x, y in zip(a, b))
    assert len(streamed.stdout.splitlines()) > 50
