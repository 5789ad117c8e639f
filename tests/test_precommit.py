"""The pre-commit hooks of ``.pre-commit-hooks.yaml``, run by pre-commit itself.

pre-commit installs this repository into an environment of its own (``pip
install .``: the package with its dependencies, and the native extension
where a Rust toolchain is present), so the hooks are tested as a project
that uses them gets them.  That install is slow, so it happens once per
module: the working tree (tracked and untracked files, as ``pip install .``
would see them) is committed into a temporary repository that the
configuration points at, and pre-commit's cache (``PRE_COMMIT_HOME``) lives
in a temporary folder shared by every test here.  Each test then runs
``pre-commit run HOOK --files ...`` (or a real ``git commit``) in a fresh
temporary git repository.

Skipped when pre-commit is not installed (it is in the ``test`` extra).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit")

import cleantext  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if not (ROOT / ".pre-commit-hooks.yaml").is_file():  # e.g. tests run from an sdist
    pytest.skip("no .pre-commit-hooks.yaml beside the tests", allow_module_level=True)
if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)

#: Installing the hook environment may build the native extension.
INSTALL_TIMEOUT = 1800
RUN_TIMEOUT = 300

DIRTY = "近日， 市统计局发布数据，占 96.2.%。\n"
CLEAN = "近日，市统计局发布数据，占96.2%。\n"

_GIT_ENV = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


def _env(pre_commit_home: Path | None = None) -> dict[str, str]:
    # No GIT_DIR, GIT_INDEX_FILE, ... of a caller (tests run from a git hook).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env.pop("PYTHONPATH", None)  # the hook must run the package pre-commit installed
    env.update(_GIT_ENV)
    if pre_commit_home is not None:
        env["PRE_COMMIT_HOME"] = str(pre_commit_home)
    env["PRE_COMMIT_COLOR"] = "never"
    env["NO_COLOR"] = "1"
    return env


def _git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=env if env is not None else _env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def _snapshot_of_working_tree(dest: Path) -> str:
    """Commit the files of the working tree into a new repository at ``dest``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, env=_env(), capture_output=True, check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    dest.mkdir()
    for name in sorted(set(filter(None, listed.split("\0")))):
        source = ROOT / name
        if not source.is_file():  # deleted in the working tree, not committed yet
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    _git("init", "-q", cwd=dest)
    _git("add", "-A", cwd=dest)
    _git("commit", "-q", "--no-verify", "-m", "snapshot of the working tree", cwd=dest)
    return _git("rev-parse", "HEAD", cwd=dest).strip()


class Hooks:
    """A pre-commit configuration using both hooks, with their environment installed."""

    def __init__(self, config: str, home: Path):
        self.config = config
        self.home = home
        self.env = _env(home)

    def new_repo(self, path: Path) -> Path:
        """A fresh git repository at ``path`` with the configuration committed."""
        path.mkdir()
        _git("init", "-q", cwd=path)
        (path / ".pre-commit-config.yaml").write_text(self.config, encoding="utf-8")
        _git("add", ".pre-commit-config.yaml", cwd=path)
        _git("commit", "-q", "--no-verify", "-m", "pre-commit configuration", cwd=path)
        return path

    def pre_commit(self, *args: str, cwd: Path, timeout: int = RUN_TIMEOUT) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", *args],
            cwd=cwd, env=self.env, capture_output=True, text=True, timeout=timeout,
        )

    def run(self, hook: str, *files: str, cwd: Path) -> subprocess.CompletedProcess:
        return self.pre_commit("run", hook, "--files", *files, cwd=cwd)


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> Hooks:
    base = tmp_path_factory.mktemp("precommit")
    rev = _snapshot_of_working_tree(base / "cleantext-repo")
    config = (
        "repos:\n"
        f"-   repo: {base / 'cleantext-repo'}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "    -   id: cleantext\n"
        "    -   id: cleantext-check\n"
    )
    h = Hooks(config, base / "pre-commit-home")
    repo = h.new_repo(base / "install")
    proc = h.pre_commit("install-hooks", cwd=repo, timeout=INSTALL_TIMEOUT)
    assert proc.returncode == 0, f"pre-commit install-hooks failed:\n{proc.stdout}\n{proc.stderr}"
    return h


def _write(path: Path, text: str) -> bytes:
    """Write ``text`` and stage the file, as for a commit.

    (pre-commit tells that a hook changed files from ``git diff``, so from
    files git tracks.)
    """
    data = text.encode("utf-8")
    path.write_bytes(data)
    _git("add", path.name, cwd=path.parent)
    return data


def _output(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout + proc.stderr


def test_the_sample_texts_are_what_the_tests_assume():
    assert cleantext.fix(DIRTY) == CLEAN != DIRTY
    assert cleantext.fix(CLEAN) == CLEAN


def test_fix_hook_rewrites_a_dirty_file_and_fails_then_passes(hooks, tmp_path):
    repo = hooks.new_repo(tmp_path / "work")
    _write(repo / "page.txt", DIRTY)
    _write(repo / "notes.md", "# 标题\n\n" + DIRTY)

    first = hooks.run("cleantext", "page.txt", "notes.md", cwd=repo)
    assert first.returncode == 1, _output(first)
    assert "files were modified by this hook" in _output(first)
    assert (repo / "page.txt").read_text(encoding="utf-8") == CLEAN
    assert (repo / "notes.md").read_text(encoding="utf-8") == "# 标题\n\n" + CLEAN

    second = hooks.run("cleantext", "page.txt", "notes.md", cwd=repo)
    assert second.returncode == 0, _output(second)
    assert "Passed" in _output(second)
    assert (repo / "page.txt").read_text(encoding="utf-8") == CLEAN


def test_check_hook_fails_on_a_dirty_file_and_leaves_it_untouched(hooks, tmp_path):
    repo = hooks.new_repo(tmp_path / "work")
    before = _write(repo / "page.txt", DIRTY)

    proc = hooks.run("cleantext-check", "page.txt", cwd=repo)
    assert proc.returncode == 1, _output(proc)
    assert "page.txt" in _output(proc)  # "would fix page.txt"
    assert "files were modified" not in _output(proc)
    assert (repo / "page.txt").read_bytes() == before


def test_a_clean_file_passes_both_hooks(hooks, tmp_path):
    repo = hooks.new_repo(tmp_path / "work")
    before = _write(repo / "page.txt", CLEAN)

    for hook in ("cleantext", "cleantext-check"):
        proc = hooks.run(hook, "page.txt", cwd=repo)
        assert proc.returncode == 0, f"{hook}:\n{_output(proc)}"
        assert "Passed" in _output(proc)
        assert (repo / "page.txt").read_bytes() == before


def test_hooks_take_only_txt_and_md_files(hooks, tmp_path):
    repo = hooks.new_repo(tmp_path / "work")
    before = _write(repo / "script.py", f"TEXT = {DIRTY.strip()!r}\n")

    for hook in ("cleantext", "cleantext-check"):
        proc = hooks.run(hook, "script.py", cwd=repo)
        assert proc.returncode == 0, f"{hook}:\n{_output(proc)}"
        assert "no files to check" in _output(proc)
        assert (repo / "script.py").read_bytes() == before


def test_fix_hook_in_a_real_commit(hooks, tmp_path):
    """``pre-commit install``, then ``git commit``: refused once, the fix staged, accepted."""
    repo = hooks.new_repo(tmp_path / "work")
    proc = hooks.pre_commit("install", cwd=repo)
    assert proc.returncode == 0, _output(proc)
    _write(repo / "page.txt", DIRTY)

    refused = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "commit", "-m", "add a page"],
        cwd=repo, env=hooks.env, capture_output=True, text=True, timeout=RUN_TIMEOUT,
    )
    assert refused.returncode != 0, _output(refused)
    assert "files were modified by this hook" in _output(refused)
    assert (repo / "page.txt").read_text(encoding="utf-8") == CLEAN

    _git("add", "page.txt", cwd=repo, env=hooks.env)
    _git("commit", "-q", "-m", "add a page", cwd=repo, env=hooks.env)
    assert _git("show", "HEAD:page.txt", cwd=repo, env=hooks.env) == CLEAN
