"""``cleantext fix --jsonl``: one field of every record, streamed, order kept."""

from __future__ import annotations

import gzip
import json
import os
import sys

import pytest
from helpers import run_cli

import cleantext
from cleantext import Cleaner
from cleantext.jsonl import clean_batch, clean_record_line

DIRTY = "近日， 市统计局通过热线。"
GOOD = [
    {"id": 1, "text": DIRTY, "meta": {"source": "ocr", "scores": [1, 2.5, None], "ok": True}},
    {"id": 2, "text": cleantext.fix(DIRTY), "lang": "zh"},
    {"text": "占 96.2.%。", "id": 3, "tags": ["新闻", "统计"]},
]
BAD = [
    ("not json at all", "invalid JSON"),
    ('{"id": 4}', "missing field 'text'"),
    ('{"id": 5, "text": 42}', "field 'text' is not a string (int)"),
    ('{"id": 6, "text": null}', "field 'text' is not a string (null)"),
    ("[1, 2]", "not a JSON object (list)"),
]


def _lines() -> tuple[list[str], dict[int, str]]:
    """Good and bad lines interleaved; returns the lines and bad line numbers."""
    lines, bad = [], {}
    for k in range(40):
        if k % 8 == 7:
            line, reason = BAD[(k // 8) % len(BAD)]
            bad[len(lines) + 1] = reason
            lines.append(line)
        else:
            record = dict(GOOD[k % len(GOOD)])
            record["n"] = k
            lines.append(json.dumps(record, ensure_ascii=False))
    return lines, bad


def _expected(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            out.append(line)
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            out.append(line)
            continue
        fixed = cleantext.fix(record["text"])
        if fixed == record["text"]:
            out.append(line)
        else:
            record["text"] = fixed
            out.append(json.dumps(record, ensure_ascii=False))
    return out


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_good_and_bad_records(tmp_path, jobs, make_file):
    lines, bad = _lines()
    make_file("in.jsonl", lines)
    proc = run_cli(
        "fix", "--jsonl", "--field", "text", "-j", jobs, "in.jsonl", "-o", "out.jsonl", cwd=tmp_path
    )
    assert proc.returncode == 2  # bad lines, no --skip-bad
    out = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert out == _expected(lines)
    # every other field's value and the key order are kept
    for before, after in zip(lines, out):
        try:
            a, b = json.loads(before), json.loads(after)
        except ValueError:
            continue
        if isinstance(a, dict):
            assert list(a) == list(b)
            assert {k: v for k, v in a.items() if k != "text"} == {
                k: v for k, v in b.items() if k != "text"
            }
    err = proc.stderr.decode().splitlines()
    reported = [line for line in err if line.startswith("cleantext: error: in.jsonl:")]
    assert len(reported) == len(bad)
    for line, (lineno, reason) in zip(reported, sorted(bad.items())):
        assert line.startswith(f"cleantext: error: in.jsonl:{lineno}: {reason}")
    changed = sum(1 for a, b in zip(lines, out) if a != b)
    unchanged = len(lines) - changed - len(bad)
    assert err[-1] == f"{changed} records fixed, {unchanged} left unchanged, {len(bad)} bad lines."


def test_skip_bad_and_in_place(tmp_path, make_file):
    lines, _ = _lines()
    path = make_file("data.jsonl", lines)
    proc = run_cli("fix", "--jsonl", "--skip-bad", "data.jsonl", cwd=tmp_path)
    assert proc.returncode == 0
    assert "cleantext: warning: data.jsonl:" in proc.stderr.decode()
    assert path.read_text(encoding="utf-8").splitlines() == _expected(lines)
    # a second run changes nothing and leaves the file untouched
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 10**12))
    mtime = os.stat(path).st_mtime_ns
    proc = run_cli("fix", "--jsonl", "--skip-bad", "data.jsonl", cwd=tmp_path)
    assert proc.returncode == 0
    assert os.stat(path).st_mtime_ns == mtime


def test_only_good_records_exit_0_and_check(tmp_path, make_file):
    lines = [json.dumps(r, ensure_ascii=False) for r in GOOD]
    make_file("a.jsonl", lines)
    proc = run_cli("fix", "--jsonl", "--check", "a.jsonl", cwd=tmp_path)
    assert (proc.returncode, proc.stdout.decode()) == (1, "would fix a.jsonl\n")
    assert run_cli("fix", "--jsonl", "a.jsonl", cwd=tmp_path).returncode == 0
    assert run_cli("fix", "--jsonl", "--check", "a.jsonl", cwd=tmp_path).returncode == 0


def test_gzip_in_and_out(tmp_path, make_file):
    lines, _ = _lines()
    make_file("in.jsonl.gz", lines, gzip.open)
    proc = run_cli(
        "fix", "--jsonl", "--skip-bad", "in.jsonl.gz", "-o", "out.jsonl.gz", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    with gzip.open(tmp_path / "out.jsonl.gz", "rb") as handle:
        assert handle.read().decode("utf-8").splitlines() == _expected(lines)
    # in place stays compressed
    proc = run_cli("fix", "--jsonl", "--skip-bad", "in.jsonl.gz", cwd=tmp_path)
    assert proc.returncode == 0
    with gzip.open(tmp_path / "in.jsonl.gz", "rb") as handle:
        assert handle.read().decode("utf-8").splitlines() == _expected(lines)


def test_zstd_in_and_out(tmp_path, make_file):
    import zstandard  # the zstd extra, part of the test extras

    lines, _ = _lines()
    data = ("\n".join(lines) + "\n").encode("utf-8")
    make_file("in.jsonl.zst", zstandard.ZstdCompressor().compress(data))
    proc = run_cli(
        "fix", "--jsonl", "--skip-bad", "in.jsonl.zst", "-o", "out.jsonl.zst", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    raw = (tmp_path / "out.jsonl.zst").read_bytes()
    assert raw.startswith(b"\x28\xb5\x2f\xfd")
    out = zstandard.ZstdDecompressor().stream_reader(raw).read()
    assert out.decode("utf-8").splitlines() == _expected(lines)


def test_stdin_to_stdout(tmp_path):
    lines = [json.dumps(r, ensure_ascii=False) for r in GOOD]
    proc = run_cli("fix", "--jsonl", "-", cwd=tmp_path, stdin=("\n".join(lines) + "\n").encode())
    assert proc.returncode == 0
    assert proc.stdout.decode().splitlines() == _expected(lines)
    assert proc.stderr == b""


def test_truncated_gzip_is_an_error(tmp_path, make_file):
    lines, _ = _lines()
    make_file("in.jsonl.gz", lines, gzip.open)
    data = (tmp_path / "in.jsonl.gz").read_bytes()
    make_file("cut.jsonl.gz", data[: len(data) // 2])
    proc = run_cli("fix", "--jsonl", "--skip-bad", "cut.jsonl.gz", cwd=tmp_path)
    assert proc.returncode == 2
    assert "cleantext: error: cut.jsonl.gz: cannot read" in proc.stderr.decode()
    assert (tmp_path / "cut.jsonl.gz").read_bytes() == data[: len(data) // 2]


def test_record_line_keeps_unchanged_bytes():
    cleaner = Cleaner()
    line = '{"text":"已经干净。",  "x":1}\n'.encode()
    assert clean_record_line(line, "text", cleaner) == (line, None)
    out, problem = clean_record_line('{"text": "近日， 市统计局"}\r\n'.encode(), "text", cleaner)
    assert problem == "" and out.endswith(b"\r\n")
    assert json.loads(out)["text"] == cleantext.fix("近日， 市统计局")


def test_batch_counts():
    lines = [json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in GOOD] + [b"oops\n", b"\n"]
    result = clean_batch(("text", 10, lines), Cleaner())
    assert (result.changed, result.unchanged) == (2, 1)
    assert result.bad == [(13, "invalid JSON (Expecting value at column 1)")]
    assert result.lines[-1] == b"\n"


def test_missing_zstandard_is_a_clear_error(tmp_path, monkeypatch, capsys, make_file):
    from cleantext import cli

    make_file("in.jsonl.zst", b"\x28\xb5\x2f\xfd" + b"\x00" * 16)
    monkeypatch.setitem(sys.modules, "zstandard", None)  # import fails
    monkeypatch.chdir(tmp_path)
    assert cli.main(["fix", "--jsonl", "-j", "1", "in.jsonl.zst"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'cleantext[zstd]'" in err
    assert "Traceback" not in err


# -- issue 16: a changed record keeps every other byte -------------------------


@pytest.mark.parametrize(
    "before, after",
    [
        (
            '{"n": 1.0e5, "u": "\\u00fc", "text": "近日， 市统计局"}',
            '{"n": 1.0e5, "u": "\\u00fc", "text": "近日，市统计局"}',
        ),
        (
            '{ "text" :"\\u8fd1\\u65e5\\uff0c \\u5e02" ,"z":[1, {"text": "a b"}],"big":12345678901234567890}',
            '{ "text" :"近日，市" ,"z":[1, {"text": "a b"}],"big":12345678901234567890}',
        ),
        # a repeated key: json.loads keeps the last one, so that one is cleaned
        (
            '{"text": "x", "text": "近日， 市", "e": 1E-7}',
            '{"text": "x", "text": "近日，市", "e": 1E-7}',
        ),
        (
            '{"id":"\\"quoted\\"","text":"近日， 市\\n"}',
            '{"id":"\\"quoted\\"","text":"近日，市\\n"}',
        ),
    ],
)
@pytest.mark.parametrize("eol", ["\n", "\r\n", ""])
def test_changed_record_keeps_other_fields_bytes(before, after, eol):
    out, problem = clean_record_line((before + eol).encode(), "text", Cleaner())
    assert problem == ""
    assert out == (after + eol).encode()
    assert json.loads(out)["text"] == cleantext.fix(json.loads(before)["text"])


def test_changed_record_keeps_other_fields_on_the_command_line(tmp_path, make_file):
    line = '{"score": 1.0e5, "name": "M\\u00fcller",  "text": "近日， 市统计局"}\n'
    path = make_file("c.jsonl", line)
    proc = run_cli("fix", "--jsonl", path, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert path.read_text(encoding="utf-8") == line.replace("近日， ", "近日，")


def test_closed_stdin_is_one_line(tmp_path):
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-m", "cleantext", "fix", "--jsonl", "-"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.close(0),
    )
    assert proc.returncode == 2
    assert proc.stderr.decode() == "cleantext: error: -: standard input is closed\n"


@pytest.mark.parametrize("mode", [["--diff"], ["--check"], []])
def test_full_disk_on_stdout(tmp_path, make_file, mode):
    import subprocess

    path = make_file("a.jsonl", '{"text": "近日， 市统计局"}\n')
    args = [*mode, path] if mode else ["-"]
    with open(path, "rb") as stdin, open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "cleantext", "fix", "--jsonl", *map(str, args)],
            stdin=stdin,
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert "Traceback" not in err
    assert err.splitlines()[0].endswith("cannot write: no space left on device")
    assert path.read_text(encoding="utf-8") == '{"text": "近日， 市统计局"}\n'
