"""[tool.cleantext] in pyproject.toml (cleantext.settings)."""

from __future__ import annotations

import pytest

from cleantext import ConfigError
from cleantext.settings import Settings, discover, find_pyproject, load, parse


def _project(tmp_path, body: str):
    (tmp_path / "pyproject.toml").write_text(body, encoding="utf-8")
    return tmp_path


def test_all_keys(tmp_path):
    root = _project(
        tmp_path,
        """
[project]
name = "x"

[tool.cleantext]
select = ["cjk-space", "stray-mark"]
ignore = "line-wrap, fake-bold"
convert = "t2s"
pangu = true
dashes = false
include = ["*.text"]
exclude = "drafts"
""",
    )
    settings = load(root / "pyproject.toml")
    assert settings == Settings(
        path=str(root / "pyproject.toml"),
        select=("cjk-space", "stray-mark"),
        ignore=("line-wrap", "fake-bold"),
        convert="t2s",
        pangu=True,
        dashes=False,
        include=("*.text",),
        exclude=("drafts",),
    )


def test_found_upward_from_cwd(tmp_path, monkeypatch):
    root = _project(tmp_path, '[tool.cleantext]\nignore = ["cjk-space"]\n')
    deep = root / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_pyproject() == root / "pyproject.toml"
    assert discover().ignore == ("cjk-space",)


def test_nearest_pyproject_wins_even_without_table(tmp_path, monkeypatch):
    _project(tmp_path, '[tool.cleantext]\nignore = ["cjk-space"]\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "inner"\n')
    monkeypatch.chdir(inner)
    assert discover() == Settings(path=str(inner / "pyproject.toml"))


def test_no_pyproject_gives_empty_settings(tmp_path, monkeypatch):
    from cleantext import settings as module

    monkeypatch.setattr(module, "find_pyproject", lambda start=None: None)
    assert discover(tmp_path) == Settings()


@pytest.mark.parametrize(
    "table, message",
    [
        ({"colour": "blue"}, "unknown key 'colour'"),
        ({"select": 3}, "select must be a list of rule names"),
        ({"ignore": ["a", 1]}, "ignore must be a list of rule names"),
        ({"pangu": "yes"}, "pangu must be true or false"),
        ({"convert": ["t2s"]}, "convert must be a string"),
        ({"include": 5}, "include must be a list of glob patterns"),
    ],
)
def test_bad_tables(table, message):
    with pytest.raises(ConfigError, match=message):
        parse(table, "pyproject.toml")


def test_invalid_toml_names_the_file(tmp_path):
    root = _project(tmp_path, "[tool.cleantext\n")
    with pytest.raises(ConfigError, match="pyproject.toml: not valid TOML"):
        load(root / "pyproject.toml")


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load(tmp_path / "nope.toml")


def test_encoding_key(tmp_path):
    _project(tmp_path, '[tool.cleantext]\nencoding = "euc-kr"\n')
    assert load(tmp_path / "pyproject.toml").encoding == "euc-kr"
    with pytest.raises(ConfigError, match="encoding must be a string"):
        parse({"encoding": 1})


@pytest.mark.parametrize("body", [b'[tool.cleantext]\nconvert = "t2s\xe9"\n', b"\xff\xfe[tool]\n"])
def test_file_not_utf8_is_a_config_error(tmp_path, body):
    path = tmp_path / "pyproject.toml"
    path.write_bytes(body)
    with pytest.raises(ConfigError, match="not UTF-8") as info:
        load(path)
    assert str(path) in str(info.value)
