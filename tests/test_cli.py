"""The ``cleantext`` command line, run for real in a subprocess on temporary files.

A few failure modes that cannot be produced from outside (a write that is
interrupted, a directory root can still read) are driven in-process through
``cleantext.cli.main`` with the failing call monkeypatched.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import cleantext
from cleantext import cli, files

DIRTY = "近日， 市统计局通过热线。\n"
FIXED = "近日，市统计局通过热线。\n"
# Simplified and traditional text with something to fix (spaces by full-width punctuation).
GBK_TEXT = "今天上午， 区图书馆举行读书分享会，两百多名居民参加了活动。\n"
BIG5_TEXT = "臺北市政府今日宣布， 將於下個月起調整公車票價，並增加夜間班次。\n"


def _command() -> list[str]:
    script = Path(sys.executable).with_name("cleantext")
    if script.exists():
        return [str(script)]
    found = shutil.which("cleantext")
    return [found] if found else [sys.executable, "-m", "cleantext"]


CLEANTEXT = _command()


def run(*args, cwd, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [*CLEANTEXT, *map(str, args)],
        cwd=cwd,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        check=False,
        timeout=120,
    )
    proc.out = proc.stdout.decode("utf-8")  # type: ignore[attr-defined]
    proc.err = proc.stderr.decode("utf-8")  # type: ignore[attr-defined]
    return proc


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def age(path: Path, seconds: int = 1_000_000) -> int:
    """Backdate ``path`` and return its new mtime (ns)."""
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns - seconds * 10**9, st.st_mtime_ns - seconds * 10**9))
    return os.stat(path).st_mtime_ns


def no_traceback(proc) -> None:
    assert "Traceback" not in proc.err


# -- acceptance -------------------------------------------------------------


def test_stdin_to_stdout(tmp_path):
    proc = run("fix", "-", cwd=tmp_path, stdin="近日， 市统计局通过热线。\n".encode())
    assert proc.returncode == 0, proc.err
    assert proc.out == "近日，市统计局通过热线。\n"
    assert proc.err == ""


def test_python_dash_m_works(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "cleantext", "fix", "-"],
        input=DIRTY.encode(),
        capture_output=True,
        check=False,
        cwd=tmp_path,
    )
    assert proc.returncode == 0
    assert proc.stdout.decode() == FIXED


def test_check_exit_codes(tmp_path):
    dirty = write(tmp_path / "dirty.txt", DIRTY)
    clean = write(tmp_path / "clean.txt", FIXED)
    proc = run("fix", "--check", dirty, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.out == f"would fix {dirty}\n"
    assert dirty.read_text(encoding="utf-8") == DIRTY
    proc = run("fix", "--check", clean, cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.out == ""
    assert "1 file would be left unchanged" in proc.err


def test_diff_writes_nothing(tmp_path):
    dirty = write(tmp_path / "dirty.txt", DIRTY)
    mtime = age(dirty)
    proc = run("fix", "--diff", dirty, cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.out == (f"--- {dirty}\n+++ {dirty}\n@@ -1 +1 @@\n-{DIRTY}+{FIXED}")
    assert dirty.read_text(encoding="utf-8") == DIRTY
    assert os.stat(dirty).st_mtime_ns == mtime
    assert run("fix", "--diff", "--check", dirty, cwd=tmp_path).returncode == 1


def test_diff_marks_missing_final_newline(tmp_path):
    dirty = write(tmp_path / "a.txt", DIRTY.rstrip("\n"))
    proc = run("fix", "--diff", dirty, cwd=tmp_path)
    assert "\\ No newline at end of file\n" in proc.out


def test_in_place_fix_and_summary(tmp_path):
    dirty = write(tmp_path / "dirty.txt", DIRTY)
    clean = write(tmp_path / "clean.txt", FIXED)
    proc = run("fix", dirty, clean, cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    assert dirty.read_text(encoding="utf-8") == FIXED
    assert proc.out == ""
    assert proc.err == "1 file fixed, 1 file left unchanged.\n"


def test_quiet_silences_summary(tmp_path):
    dirty = write(tmp_path / "dirty.txt", DIRTY)
    proc = run("fix", "-q", dirty, cwd=tmp_path)
    assert (proc.returncode, proc.out, proc.err) == (0, "", "")
    assert dirty.read_text(encoding="utf-8") == FIXED


def test_unchanged_file_is_not_touched(tmp_path):
    clean = write(tmp_path / "clean.txt", FIXED)
    mtime = age(clean)
    inode = os.stat(clean).st_ino
    proc = run("fix", clean, cwd=tmp_path)
    assert proc.returncode == 0
    assert os.stat(clean).st_mtime_ns == mtime
    assert os.stat(clean).st_ino == inode


def test_output_file(tmp_path):
    src = write(tmp_path / "in.txt", DIRTY)
    out = tmp_path / "out.txt"
    proc = run("fix", src, "-o", out, cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    assert out.read_text(encoding="utf-8") == FIXED
    assert src.read_text(encoding="utf-8") == DIRTY


def test_output_from_stdin_to_file(tmp_path):
    out = tmp_path / "out.txt"
    proc = run("fix", "-", "-o", out, cwd=tmp_path, stdin=DIRTY.encode())
    assert (proc.returncode, proc.out) == (0, "")
    assert out.read_text(encoding="utf-8") == FIXED


def test_output_into_existing_folder_for_one_file(tmp_path):
    src = write(tmp_path / "in.txt", DIRTY)
    (tmp_path / "out").mkdir()
    assert run("fix", src, "-o", tmp_path / "out", cwd=tmp_path).returncode == 0
    assert (tmp_path / "out" / "in.txt").read_text(encoding="utf-8") == FIXED


def test_output_folder_mirrors_a_directory(tmp_path):
    write(tmp_path / "src" / "a.txt", DIRTY)
    write(tmp_path / "src" / "sub" / "deep" / "b.md", FIXED)
    write(tmp_path / "src" / "sub" / "ignored.py", DIRTY)
    proc = run("fix", "src", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    got = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*.*"))
    assert got == ["a.txt", os.path.join("sub", "deep", "b.md")]
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == FIXED
    assert (tmp_path / "src" / "a.txt").read_text(encoding="utf-8") == DIRTY
    assert proc.err == "1 file fixed, 1 file left unchanged.\n"


def test_output_folder_for_several_inputs(tmp_path):
    write(tmp_path / "x" / "a.txt", DIRTY)
    write(tmp_path / "y" / "b.txt", DIRTY)
    write(tmp_path / "d" / "c.txt", DIRTY)
    proc = run("fix", "x/a.txt", "y/b.txt", "d", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    for rel in ("x/a.txt", "y/b.txt", "d/c.txt"):
        assert (tmp_path / "out" / rel).read_text(encoding="utf-8") == FIXED


def test_output_folder_inside_input_is_not_walked(tmp_path):
    write(tmp_path / "a.txt", DIRTY)
    assert run("fix", ".", "-o", "out", cwd=tmp_path).returncode == 0
    proc = run("fix", ".", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0
    assert not (tmp_path / "out" / "out").exists()


def test_directory_walk_with_include_and_exclude(tmp_path):
    for rel in ["a.txt", "b.md", "c.text", "skip.py", "drafts/d.txt", "sub/e.txt", ".git/f.txt"]:
        write(tmp_path / "tree" / rel, DIRTY)
    proc = run("fix", "--check", "tree", cwd=tmp_path)
    assert proc.out.splitlines() == [
        f"would fix {os.path.join('tree', rel)}"
        for rel in ["a.txt", "b.md", "drafts/d.txt", "sub/e.txt"]
    ]
    proc = run(
        "fix",
        "--check",
        "--include",
        "*.text",
        "--include",
        "*.txt",
        "--exclude",
        "drafts",
        "tree",
        cwd=tmp_path,
    )
    assert proc.out.splitlines() == [
        f"would fix {os.path.join('tree', rel)}" for rel in ["a.txt", "c.text", "sub/e.txt"]
    ]
    proc = run("fix", "--exclude", "sub/*.txt", "tree", cwd=tmp_path)
    assert proc.returncode == 0
    assert (tmp_path / "tree" / "sub" / "e.txt").read_text(encoding="utf-8") == DIRTY
    assert (tmp_path / "tree" / "a.txt").read_text(encoding="utf-8") == FIXED
    assert (tmp_path / "tree" / "skip.py").read_text(encoding="utf-8") == DIRTY


# -- encodings ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, text",
    [
        ("gbk.txt", GBK_TEXT.encode("gbk"), GBK_TEXT),
        ("big5.txt", BIG5_TEXT.encode("big5"), BIG5_TEXT),
        ("utf16.txt", GBK_TEXT.encode("utf-16"), GBK_TEXT),
        ("utf16be.txt", codecs.BOM_UTF16_BE + GBK_TEXT.encode("utf-16-be"), GBK_TEXT),
        ("bom.txt", codecs.BOM_UTF8 + GBK_TEXT.encode("utf-8"), GBK_TEXT),
        ("crlf.txt", GBK_TEXT.replace("\n", "\r\n").encode("gbk"), GBK_TEXT),
    ],
)
def test_legacy_encodings_are_written_back_as_utf8(tmp_path, name, data, text):
    path = write(tmp_path / name, data)
    proc = run("fix", path, cwd=tmp_path)
    assert proc.returncode == 0, proc.err
    out = path.read_bytes()
    assert not out.startswith(codecs.BOM_UTF8)
    assert b"\r" not in out
    assert out.decode("utf-8") == cleantext.fix(text)
    # the fix removed the stray space: this is a real repair, not only a re-encoding
    assert "， " not in out.decode("utf-8")


def test_clean_legacy_file_is_still_converted_to_utf8(tmp_path):
    path = write(tmp_path / "gbk.txt", cleantext.fix(GBK_TEXT).encode("gbk"))
    assert run("fix", "--check", path, cwd=tmp_path).returncode == 1
    assert run("fix", path, cwd=tmp_path).returncode == 0
    assert path.read_bytes() == cleantext.fix(GBK_TEXT).encode("utf-8")


def test_gbk_on_stdin(tmp_path):
    proc = run("fix", "-", cwd=tmp_path, stdin=GBK_TEXT.encode("gbk"))
    assert proc.returncode == 0
    assert proc.out == cleantext.fix(GBK_TEXT)


# -- bad input ----------------------------------------------------------------


def test_binary_and_missing_paths(tmp_path):
    good = write(tmp_path / "good.txt", DIRTY)
    binary = write(
        tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    )
    before = binary.read_bytes()
    mtime = age(binary)
    proc = run("fix", binary, tmp_path / "missing.txt", good, cwd=tmp_path)
    assert proc.returncode == 2
    no_traceback(proc)
    assert proc.err.splitlines() == [
        f"cleantext: error: {binary}: not a text file (NUL bytes)",
        f"cleantext: error: {tmp_path / 'missing.txt'}: no such file or directory",
        "1 file fixed, 2 files failed.",
    ]
    assert good.read_text(encoding="utf-8") == FIXED
    assert binary.read_bytes() == before
    assert os.stat(binary).st_mtime_ns == mtime


def test_undecodable_file_is_an_error(tmp_path):
    import random

    rng = random.Random(3)
    junk = write(tmp_path / "junk.txt", bytes(rng.randrange(1, 256) for _ in range(4000)))
    before = junk.read_bytes()
    proc = run("fix", junk, cwd=tmp_path)
    assert proc.returncode == 2
    assert f"{junk}: not a text file (no plausible text encoding)\n" in proc.err
    assert junk.read_bytes() == before


def test_binary_stdin_is_an_error(tmp_path):
    proc = run("fix", "-", cwd=tmp_path, stdin=b"\x00\x01\x02binary")
    assert proc.returncode == 2
    assert proc.out == ""
    assert proc.err.splitlines()[0] == "cleantext: error: -: not a text file (NUL bytes)"


def test_check_with_failure_exits_2(tmp_path):
    write(tmp_path / "a.txt", DIRTY)
    proc = run("fix", "--check", "a.txt", "missing.txt", cwd=tmp_path)
    assert proc.returncode == 2  # 2 beats 1


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root reads any directory; test_unreadable_directory_in_process covers this",
)
def test_unreadable_directory(tmp_path):  # pragma: no cover - not run as root
    write(tmp_path / "tree" / "ok.txt", DIRTY)
    locked = tmp_path / "tree" / "locked"
    write(locked / "x.txt", DIRTY)
    os.chmod(locked, 0)
    try:
        proc = run("fix", "tree", cwd=tmp_path)
    finally:
        os.chmod(locked, 0o755)
    assert proc.returncode == 2
    assert f"cleantext: error: {os.path.join('tree', 'locked')}: permission denied" in proc.err
    assert (tmp_path / "tree" / "ok.txt").read_text(encoding="utf-8") == FIXED


def test_unreadable_directory_in_process(tmp_path, monkeypatch, capsys):
    write(tmp_path / "tree" / "ok.txt", DIRTY)
    write(tmp_path / "tree" / "locked" / "x.txt", DIRTY)
    real = os.scandir

    def scandir(path="."):
        # (shutil.rmtree scans by file descriptor: an int is not the folder)
        if not isinstance(path, int) and os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["fix", "tree"]) == 2
    err = capsys.readouterr().err
    assert f"cleantext: error: {os.path.join('tree', 'locked')}: permission denied\n" in err
    assert (tmp_path / "tree" / "ok.txt").read_text(encoding="utf-8") == FIXED
    assert (tmp_path / "tree" / "locked" / "x.txt").read_text(encoding="utf-8") == DIRTY


def test_write_failure_is_reported(tmp_path):
    # A regular file where the -o folder should be: the write fails even for root.
    write(tmp_path / "src" / "a.txt", DIRTY)
    write(tmp_path / "src" / "sub" / "b.txt", DIRTY)
    write(tmp_path / "out" / "sub", "I am a file")
    proc = run("fix", "src", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 2
    no_traceback(proc)
    assert f"cleantext: error: {os.path.join('out', 'sub', 'b.txt')}: cannot write:" in proc.err
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == FIXED
    assert (tmp_path / "src" / "sub" / "b.txt").read_text(encoding="utf-8") == DIRTY


def test_read_only_file_is_not_replaced(tmp_path, monkeypatch, capsys):
    path = write(tmp_path / "ro.txt", DIRTY)
    monkeypatch.setattr(files.os, "access", lambda p, mode: False)  # root ignores modes
    assert cli.main(["fix", str(path)]) == 2
    assert f"{path}: cannot write: permission denied" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == DIRTY


def test_interrupted_write_leaves_original(tmp_path, monkeypatch, capsys):
    path = write(tmp_path / "a.txt", DIRTY)

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", interrupted)
    assert cli.main(["fix", "-j", "1", str(path)]) == 130
    err = capsys.readouterr().err
    assert "Traceback" not in err and "interrupted" in err
    assert path.read_text(encoding="utf-8") == DIRTY
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_failed_rename_leaves_original(tmp_path, monkeypatch, capsys):
    path = write(tmp_path / "a.txt", DIRTY)
    other = write(tmp_path / "b.txt", DIRTY)
    real = os.replace

    def replace(src, dst):
        if os.path.basename(dst) == "a.txt":
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)
    assert cli.main(["fix", "-j", "1", str(path), str(other)]) == 2
    assert f"{path}: cannot write: no space left on device" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == DIRTY
    assert other.read_text(encoding="utf-8") == FIXED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


# -- files on disk ------------------------------------------------------------


def test_symlink_is_written_through(tmp_path):
    target = write(tmp_path / "real.txt", DIRTY)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    proc = run("fix", link, cwd=tmp_path)
    assert proc.returncode == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == FIXED


def test_permissions_are_kept(tmp_path):
    path = write(tmp_path / "a.txt", DIRTY)
    os.chmod(path, 0o604)
    assert run("fix", path, cwd=tmp_path).returncode == 0
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o604
    assert path.read_text(encoding="utf-8") == FIXED


# -- rules and settings -------------------------------------------------------


def test_unknown_rule_is_exit_2(tmp_path):
    path = write(tmp_path / "a.txt", DIRTY)
    for flag in ("--select", "--ignore"):
        proc = run("fix", flag, "cjk-space,no-such-rule", path, cwd=tmp_path)
        assert proc.returncode == 2
        assert proc.err.startswith("cleantext: error: unknown rule(s): no-such-rule")
        no_traceback(proc)
    assert path.read_text(encoding="utf-8") == DIRTY


def test_select_and_ignore(tmp_path):
    text = "占 96.2.%。\n"
    path = write(tmp_path / "a.txt", text)
    proc = run("fix", "--select", "stray-mark", "-", cwd=tmp_path, stdin=text.encode())
    assert proc.out == cleantext.fix(text, select=["stray-mark"])
    proc = run(
        "fix",
        "--ignore",
        "cjk-space",
        "--ignore",
        "stray-mark",
        "-",
        cwd=tmp_path,
        stdin=text.encode(),
    )
    assert proc.out == cleantext.fix(text, ignore=["cjk-space", "stray-mark"])
    assert proc.out != cleantext.fix(text)
    assert path.read_text(encoding="utf-8") == text


def test_option_flags_reach_the_pipeline(tmp_path):
    text = "各 100 名 OCR 样本--测试。\n"
    for flags, options in [(["--pangu"], {"pangu": True}), (["--dashes"], {"dashes": True})]:
        proc = run("fix", *flags, "-", cwd=tmp_path, stdin=text.encode())
        assert proc.returncode == 0
        assert proc.out == cleantext.fix(text, **options)


def test_pyproject_settings_are_used(tmp_path):
    write(
        tmp_path / "pyproject.toml",
        '[tool.cleantext]\nignore = ["cjk-space"]\ninclude = ["*.text"]\n',
    )
    work = tmp_path / "pkg" / "docs"
    write(work / "a.text", DIRTY)
    write(work / "b.txt", DIRTY)
    proc = run("fix", "--check", ".", cwd=work)
    assert proc.returncode == 0  # cjk-space ignored, and *.txt not included
    assert "1 file would be left unchanged" in proc.err
    proc = run("fix", "--check", "--ignore", "stray-mark", ".", cwd=work)
    assert proc.returncode == 1  # CLI flag overrides the settings
    assert proc.out == f"would fix {os.path.join('.', 'a.text')}\n"


def test_pyproject_unknown_key_is_exit_2(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.cleantext]\ncolour = 'blue'\n")
    write(tmp_path / "a.txt", DIRTY)
    proc = run("fix", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.err.startswith("cleantext: error: ")
    assert "pyproject.toml: unknown key 'colour'" in proc.err
    no_traceback(proc)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_explicit_config_file(tmp_path):
    write(tmp_path / "conf.toml", "[tool.cleantext]\nselect = ['stray-mark']\n")
    proc = run("fix", "--config", "conf.toml", "-", cwd=tmp_path, stdin=DIRTY.encode())
    assert proc.out == DIRTY


# -- explain --------------------------------------------------------------------

EDIT_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<rule>[a-z-]+): '.*' → '.*'$")


def test_explain_format(tmp_path):
    path = write(tmp_path / "a.txt", "标题\n" + DIRTY)
    proc = run("explain", path, cwd=tmp_path)
    assert proc.returncode == 1
    expected = [
        f"{path}:{e.line}:{e.column}: {e.rule}: {e.before!r} → {e.after!r}"
        for e in sorted(cleantext.explain("标题\n" + DIRTY), key=lambda e: (e.line, e.column))
    ]
    assert proc.out.splitlines() == expected
    assert f"{path}:2:4: cjk-space: ' ' → ''" in expected
    assert all(EDIT_LINE.match(line) for line in proc.out.splitlines())
    assert path.read_text(encoding="utf-8") == "标题\n" + DIRTY  # explain writes nothing


def test_fix_explain_fixes_and_prints(tmp_path):
    path = write(tmp_path / "a.txt", DIRTY)
    proc = run("fix", "--explain", path, cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.out == f"{path}:1:4: cjk-space: ' ' → ''\n"
    assert path.read_text(encoding="utf-8") == FIXED


def test_explain_stdin(tmp_path):
    proc = run("explain", "-", cwd=tmp_path, stdin=DIRTY.encode())
    assert proc.out == "-:1:4: cjk-space: ' ' → ''\n"
    proc = run("fix", "--explain", "-", cwd=tmp_path, stdin=DIRTY.encode())
    assert proc.out == FIXED  # stdout stays the text
    assert proc.err == "-:1:4: cjk-space: ' ' → ''\n"
    assert run("explain", "-", cwd=tmp_path, stdin=FIXED.encode()).returncode == 0


# -- misc ---------------------------------------------------------------------


def test_version_and_help(tmp_path):
    proc = run("--version", cwd=tmp_path)
    core = "native core" if cleantext.implementation() == "native" else "pure Python"
    assert (proc.returncode, proc.out.strip()) == (0, f"cleantext {cleantext.__version__} ({core})")
    proc = run("fix", "--help", cwd=tmp_path)
    assert proc.returncode == 0
    for flag in ("--check", "--diff", "--output", "--explain", "--select", "--ignore", "--jobs"):
        assert flag in proc.out
    assert "explain" in run("--help", cwd=tmp_path).out


def test_rules_lists_every_rule(tmp_path):
    proc = run("rules", cwd=tmp_path)
    assert proc.returncode == 0
    lines = proc.out.splitlines()[1:]
    assert [line.split()[0] for line in lines] == [r.name for r in cleantext.all_rules()]
    for line, r in zip(lines, cleantext.all_rules()):
        assert r.family in line.split()[1]
        assert line.rstrip().endswith(r.summary.strip())


def test_usage_errors_exit_2(tmp_path):
    write(tmp_path / "a.txt", DIRTY)
    for args in (["fix"], ["fix", "--check", "-o", "x", "a.txt"], ["nope"], ["fix", "-", "-"]):
        proc = run(*args, cwd=tmp_path)
        assert proc.returncode == 2, args
        no_traceback(proc)


def test_no_files_found(tmp_path):
    (tmp_path / "empty").mkdir()
    proc = run("fix", "empty", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.err == "No text files found; nothing to do.\n"


def test_script_reports_what_mixed_script_finds(tmp_path):
    from cleantext.rules.convert import mixed_script

    mixed = "我们这个国家的经济发展很快，人民生活水平不断提高，這個問題\n"
    consistent = "我们这个国家的经济发展很快，人民生活水平不断提高\n"
    a = write(tmp_path / "mixed.txt", mixed)
    b = write(tmp_path / "plain.txt", consistent)
    proc = run("script", a, b, tmp_path / "missing.txt", cwd=tmp_path)
    expected = "".join(
        f"{path}: {found}\n"
        for path, found in ((a, mixed_script(mixed)), (b, mixed_script(consistent)))
        if found is not None
    )
    assert proc.out == expected
    assert proc.returncode == 2  # the missing file
    assert f"cleantext: error: {tmp_path / 'missing.txt'}: no such file or directory" in proc.err
    proc = run("script", b, cwd=tmp_path)
    assert proc.returncode == (1 if mixed_script(consistent) else 0)


# -- issue 16: encodings, errors, duplicates, hard links ----------------------

from helpers import run_cli

LATIN1 = b"Le caf\xe9 \xe9tait tr\xe8s bon. na\xefve fa\xe7ade.\n"


@pytest.mark.parametrize(
    "data",
    [
        LATIN1,
        "한국어 텍스트입니다.\n".encode("euc-kr"),
        "Grüße aus München, schöne Straße.\n".encode("cp1252"),
        "日本語のテキストです。今日は天気がいいですね。\n".encode("shift_jis"),
        "Привет, как дела? Это русский текст.\n".encode("koi8-r"),
    ],
)
@pytest.mark.parametrize("mode", [[], ["--check"], ["--diff"]])
def test_unknown_legacy_encoding_is_refused(tmp_path, make_file, data, mode):
    path = make_file("other.txt", data)
    proc = run_cli("fix", *mode, path, cwd=tmp_path)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert err.splitlines()[0].startswith(f"cleantext: error: {path}: unknown encoding")
    assert "--encoding" in err.splitlines()[0]
    assert "Traceback" not in err
    assert path.read_bytes() == data


def test_encoding_flag_states_the_encoding(tmp_path, make_file):
    path = make_file("latin1.txt", LATIN1)
    text = LATIN1.decode("latin-1")
    check = run_cli("fix", "--check", "--encoding", "latin-1", path, cwd=tmp_path)
    assert check.returncode == 1
    assert check.stdout.decode() == f"would fix {path} (re-encoded from ISO8859-1 to UTF-8)\n"
    diff = run_cli("fix", "--diff", "--encoding", "latin-1", path, cwd=tmp_path)
    assert diff.returncode == 0
    assert diff.stdout.decode() == f"--- {path}\t(ISO8859-1)\n+++ {path}\t(UTF-8)\n"
    assert path.read_bytes() == LATIN1
    proc = run_cli("fix", "--encoding", "latin-1", path, cwd=tmp_path)
    assert proc.returncode == 0
    assert path.read_text(encoding="utf-8") == text
    korean = "한국어 텍스트입니다.\n"
    proc = run_cli("fix", "--encoding", "euc-kr", "-", cwd=tmp_path, stdin=korean.encode("euc-kr"))
    assert proc.returncode == 0 and proc.stdout.decode() == korean


def test_encoding_in_settings_and_unknown_encoding(tmp_path, make_file):
    path = make_file("k.txt", "한국어 텍스트입니다.\n".encode("euc-kr"))
    make_file("pyproject.toml", '[tool.cleantext]\nencoding = "euc-kr"\n')
    proc = run_cli("fix", path, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert path.read_text(encoding="utf-8") == "한국어 텍스트입니다.\n"
    proc = run_cli("fix", "--encoding", "klingon", path, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode() == "cleantext: error: --encoding: unknown encoding 'klingon'\n"


def test_script_takes_encoding(tmp_path, make_file):
    path = make_file("k.txt", "한국어 텍스트입니다.\n".encode("euc-kr"))
    assert run_cli("script", path, cwd=tmp_path).returncode == 2
    assert run_cli("script", "--encoding", "euc-kr", path, cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("data", [GBK_TEXT.encode("gbk"), codecs.BOM_UTF8 + FIXED.encode()])
def test_reencoding_is_reported_even_when_the_text_is_unchanged(tmp_path, make_file, data):
    clean = cleantext.fix(
        data.decode("gbk" if not data.startswith(codecs.BOM_UTF8) else "utf-8-sig")
    )
    path = make_file("a.txt", data)
    source = "UTF-8 with BOM" if data.startswith(codecs.BOM_UTF8) else "GB18030"
    # the text itself needs nothing; only the encoding changes
    path.write_bytes(
        clean.encode("gbk") if source == "GB18030" else codecs.BOM_UTF8 + clean.encode()
    )
    check = run_cli("fix", "--check", path, cwd=tmp_path)
    assert check.returncode == 1
    assert check.stdout.decode() == f"would fix {path} (re-encoded from {source} to UTF-8)\n"
    diff = run_cli("fix", "--diff", path, cwd=tmp_path)
    assert diff.stdout.decode() == f"--- {path}\t({source})\n+++ {path}\t(UTF-8)\n"


def test_reencoding_is_reported_for_streamed_files(tmp_path, make_file):
    text = cleantext.fix(GBK_TEXT * 400)
    path = make_file("big.txt", text.encode("gbk"))
    diff = run_cli("fix", "--diff", "--chunk-size", "2000", path, cwd=tmp_path)
    assert diff.stdout.decode() == f"--- {path}\t(GB18030)\n+++ {path}\t(UTF-8)\n"
    check = run_cli("fix", "--check", "--chunk-size", "2000", path, cwd=tmp_path)
    assert check.stdout.decode() == f"would fix {path} (re-encoded from GB18030 to UTF-8)\n"


@pytest.mark.parametrize("streamed", [False, True])
def test_bom_does_not_skip_the_nul_check(tmp_path, make_file, streamed):
    data = b"\xef\xbb\xbf\xe4\xb8\xad\x00\xe6\x96\x87\n"
    path = make_file("n.txt", data)
    extra = ["--chunk-size", "4"] if streamed else []
    proc = run_cli("fix", *extra, path, cwd=tmp_path)
    assert proc.returncode == 2
    assert "not a text file (NUL bytes)" in proc.stderr.decode()
    assert path.read_bytes() == data


@pytest.mark.parametrize("where", ["pyproject.toml", "other.toml"])
def test_config_file_not_utf8_is_one_line(tmp_path, make_file, where):
    make_file(where, b'[tool.cleantext]\nconvert = "t2s\xe9"\n')
    page = make_file("page.txt", DIRTY)
    args = ["--config", where] if where != "pyproject.toml" else []
    proc = run_cli("fix", *args, page, cwd=tmp_path)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert len(err.splitlines()) == 1 and "not UTF-8" in err and where in err


@pytest.mark.parametrize("mode", [[], ["--diff"], ["--explain"]])
def test_full_disk_on_stdout_is_one_line(tmp_path, make_file, mode):
    page = make_file("page.txt", DIRTY)
    with open(page, "rb") as stdin, open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [*CLEANTEXT, "fix", *mode, "-"],
            stdin=stdin,
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    # (--explain on stdin puts the edits on stderr, before the error)
    assert err.splitlines()[-1] == (
        "cleantext: error: standard output: cannot write: no space left on device"
    )


def test_full_disk_with_diff_of_a_file(tmp_path, make_file):
    page = make_file("page.txt", DIRTY)
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [*CLEANTEXT, "fix", "--diff", page],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
    assert proc.returncode == 2
    assert "cleantext: error: standard output: cannot write: no space left on device\n" in (
        proc.stderr.decode()
    )
    assert "Traceback" not in proc.stderr.decode()


@pytest.mark.parametrize("command", ["fix", "script"])
def test_closed_stdin_is_one_line(tmp_path, command):
    proc = subprocess.run(
        [*CLEANTEXT, command, "-"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.close(0),
    )
    assert proc.returncode == 2
    assert proc.stderr.decode() == "cleantext: error: -: standard input is closed\n"


def test_broken_pipe_ends_quietly(monkeypatch, capsys, tmp_path):
    page = write(tmp_path / "page.txt", DIRTY * 50)

    def broken(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys.stdout, "write", broken)
    monkeypatch.setattr(cli, "_drop_stdout", lambda: None)
    assert cli.main(["fix", "--diff", "-j", "1", str(page)]) == 141
    assert capsys.readouterr().err == ""


def test_output_with_trailing_slash_is_a_folder(tmp_path, make_file):
    page = make_file("one.txt", DIRTY)
    proc = run_cli("fix", page, "-o", "newdir/", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "newdir" / "one.txt").read_text(encoding="utf-8") == FIXED
    assert page.read_text(encoding="utf-8") == DIRTY


def test_same_file_named_twice_is_one_input(tmp_path, make_file):
    page = make_file("a.txt", DIRTY)
    (tmp_path / "link.txt").symlink_to(page)
    os.link(page, tmp_path / "hard.txt")
    proc = run_cli("fix", "--check", page, "link.txt", page, "hard.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.decode() == f"would fix {page}\n"
    assert proc.stderr.decode() == "1 file would be fixed.\n"
    proc = run_cli("fix", page, "link.txt", "./a.txt", cwd=tmp_path)
    assert proc.stderr.decode() == "1 file fixed.\n"
    assert page.read_text(encoding="utf-8") == FIXED


@pytest.mark.parametrize("streamed", [False, True])
def test_hard_link_is_kept_on_in_place_fix(tmp_path, make_file, streamed):
    page = make_file("a.txt", DIRTY * 40)
    other = tmp_path / "b.txt"
    os.link(page, other)
    extra = ["--chunk-size", "200"] if streamed else []
    proc = run_cli("fix", *extra, page, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert os.stat(page).st_ino == os.stat(other).st_ino
    assert other.read_text(encoding="utf-8") == cleantext.fix(DIRTY * 40)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_script_says_mixed_for_half_and_half(tmp_path, make_file):
    simplified = "我们这个国家的经济发展很快，人民生活水平不断提高。\n"
    traditional = "我們這個國家的經濟發展很快，人民生活水平不斷提高。\n"
    path = make_file("half.txt", simplified + traditional)
    proc = run_cli("script", path, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.decode().startswith(f"{path}: mixed simplified and traditional text")
    assert "1 file mixes scripts" in proc.stderr.decode()
    assert run_cli("script", make_file("s.txt", simplified * 2), cwd=tmp_path).returncode == 0


# -- issue 15.2: --output-format {text,json,github} ---------------------------

MANY = '近日， 市统计局通过热线。\n\n占 96.2.%。他说:"好"\n'


def _edits_of(text):
    return sorted(cleantext.explain(text), key=lambda e: (e.line, e.column))


@pytest.mark.parametrize("args", [["explain"], ["fix", "--check"], ["fix", "--explain", "--diff"]])
def test_output_format_json_round_trips_explain(tmp_path, make_file, args):
    from cleantext.pipeline import Edit

    a = make_file("a.txt", MANY)
    b = make_file("b.txt", FIXED)
    c = make_file("c.txt", DIRTY)
    proc = run_cli(*args, "--output-format", "json", a, b, c, cwd=tmp_path)
    if "--diff" in args:
        assert proc.returncode == 2 and b"--output-format json" in proc.stderr
        return
    assert proc.returncode == 1, proc.stderr
    records = json.loads(proc.stdout)
    assert [r["path"] for r in records] == [str(a)] * len(_edits_of(MANY)) + [str(c)]
    for path, text in ((a, MANY), (c, DIRTY)):
        mine = [r for r in records if r["path"] == str(path)]
        edits = [
            Edit(r["rule"], r["line"], r["column"], r["before"], r["after"], r["start"], r["stop"])
            for r in mine
        ]
        assert edits == _edits_of(text)
        lines = text.splitlines(keepends=True)
        for r in mine:
            assert set(r) >= {"path", "line", "column", "end", "rule", "before", "after"}
            end_offset = sum(map(len, lines[: r["end"]["line"] - 1])) + r["end"]["column"] - 1
            assert end_offset == r["stop"]
    assert path.read_text(encoding="utf-8") == DIRTY  # nothing written


def test_output_format_json_with_no_edits_is_an_empty_array(tmp_path, make_file):
    b = make_file("b.txt", FIXED)
    proc = run_cli("fix", "--check", "--output-format", "json", b, cwd=tmp_path)
    assert proc.returncode == 0 and json.loads(proc.stdout) == []


def test_output_format_json_streamed_matches_whole(tmp_path, make_file):
    text = (MANY + "\n") * 30
    path = make_file("a.txt", text)
    whole = json.loads(run_cli("explain", "--output-format", "json", path, cwd=tmp_path).stdout)
    streamed = json.loads(
        run_cli(
            "explain", "--output-format", "json", "--chunk-size", "300", path, cwd=tmp_path
        ).stdout
    )
    assert streamed == whole


def test_output_format_github(tmp_path, make_file):
    odd = make_file("a,b:c.txt", "近日， 市统计局\n")
    proc = run_cli("fix", "--check", "--output-format", "github", odd.name, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.decode() == (
        "::warning file=a%2Cb%3Ac.txt,line=1,col=4,endLine=1,endColumn=5,"
        "title=cleantext (cjk-space)::cjk-space: ' ' → ''\n"
    )
    multi = make_file("m.txt", "甲， 乙\n")
    gbk = make_file("g.txt", cleantext.fix(GBK_TEXT).encode("gbk"))
    proc = run_cli("fix", "--check", "--output-format", "github", gbk, multi, cwd=tmp_path)
    assert proc.stdout.decode().splitlines()[0] == (
        f"::warning file={gbk},title=cleantext (encoding)::would re-encode from GB18030 to UTF-8"
    )


def test_github_escaping():
    from cleantext.jobs import github_line

    record = {
        "path": "dir/a%b,c:d.txt",
        "line": 2,
        "column": 1,
        "end": {"line": 3, "column": 1},
        "rule": "line-wrap",
        "before": "50%\r\n",
        "after": "",
    }
    assert github_line(record) == (
        "::warning file=dir/a%25b%2Cc%3Ad.txt,line=2,col=1,endLine=3,endColumn=1,"
        "title=cleantext (line-wrap)::line-wrap: '50%25\\r\\n' → ''\n"
    )


def test_output_format_needs_check_or_explain(tmp_path, make_file):
    page = make_file("a.txt", DIRTY)
    proc = run_cli("fix", "--output-format", "json", page, cwd=tmp_path)
    assert proc.returncode == 2
    assert b"--output-format applies to --check and --explain" in proc.stderr
    assert page.read_text(encoding="utf-8") == DIRTY


def test_readme_output_format_examples(tmp_path, make_file):
    """The README's examples of --output-format are what the command prints."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    make_file("page.txt", DIRTY)
    for fmt in ("json", "github"):
        command = f"$ cleantext fix --check --output-format {fmt} page.txt\n"
        shown = readme.split(command, 1)[1].split("```", 1)[0]
        proc = run_cli("fix", "--check", "--output-format", fmt, "page.txt", cwd=tmp_path)
        assert proc.stdout.decode() == shown


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_full_disk_with_diff_of_a_streamed_file(tmp_path, make_file, jobs):
    page = make_file("big.txt", DIRTY * 400)
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [*CLEANTEXT, "fix", "--diff", "-j", jobs, "--chunk-size", "2000", page],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines()[0] == (
        "cleantext: error: standard output: cannot write: no space left on device"
    )
    assert page.read_text(encoding="utf-8") == DIRTY * 400


def test_broken_pipe_while_streaming_ends_quietly(monkeypatch, capsys, tmp_path):
    page = write(tmp_path / "big.txt", DIRTY * 400)

    def broken(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys.stdout, "write", broken)
    monkeypatch.setattr(cli, "_drop_stdout", lambda: None)
    assert cli.main(["fix", "--diff", "-j", "2", "--chunk-size", "2000", str(page)]) == 141
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("args", [["fix", "-"], ["fix", "--check", "page.txt"]])
def test_closed_stdout_is_one_line(tmp_path, make_file, args):
    make_file("page.txt", DIRTY)
    with open(tmp_path / "page.txt", "rb") as stdin:
        proc = subprocess.run(
            [*CLEANTEXT, *args],
            stdin=stdin,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=60,
            check=False,
            preexec_fn=lambda: os.close(1),
        )
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines()[0] == (
        "cleantext: error: standard output: cannot write: it is closed"
    )
