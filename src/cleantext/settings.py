"""Settings from ``[tool.cleantext]`` in ``pyproject.toml``.

The command line looks for the nearest ``pyproject.toml`` in the working
directory or above it (the project root, as black does) and reads its
``[tool.cleantext]`` table, if any.  Command-line flags override these
values.  Known keys::

    [tool.cleantext]
    select = ["cjk-space", "punct-width"]   # or "cjk-space,punct-width"
    ignore = ["line-wrap"]
    convert = "t2s"                          # an OpenCC configuration
    pangu = false
    dashes = false
    include = ["*.txt", "*.md"]             # globs for directory walks
    exclude = ["drafts"]
    encoding = "gb18030"                     # the inputs' encoding (--encoding)

An unknown key, a value of the wrong type or a file that is not valid TOML
is a :class:`cleantext.ConfigError` naming the file.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

#: Keys of ``[tool.cleantext]`` and the type each value must have.
KEYS: dict[str, str] = {
    "select": "names",
    "ignore": "names",
    "convert": "str",
    "pangu": "bool",
    "dashes": "bool",
    "include": "globs",
    "exclude": "globs",
    "encoding": "str",
}


@dataclass(frozen=True)
class Settings:
    """Values read from ``[tool.cleantext]`` (``None``: not set there)."""

    path: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    convert: str | None = None
    pangu: bool | None = None
    dashes: bool | None = None
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    encoding: str | None = None


def find_pyproject(start: str | os.PathLike | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` in ``start`` (default: cwd) or above."""
    here = Path(start or os.getcwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _names(key: str, value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of rule names")
    return tuple(v.strip() for v in value if v.strip())


def _globs(key: str, value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of glob patterns")
    return tuple(value)


def parse(table: Any, where: str = "[tool.cleantext]") -> Settings:
    """Check a ``[tool.cleantext]`` table and return its :class:`Settings`.

    >>> parse({"select": "cjk-space, punct-width", "pangu": True}).select
    ('cjk-space', 'punct-width')
    >>> parse({"colour": "blue"})
    Traceback (most recent call last):
    ...
    cleantext.config.ConfigError: [tool.cleantext]: unknown key 'colour'; known keys: convert, dashes, encoding, exclude, ignore, include, pangu, select
    """
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [tool.cleantext] must be a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        kind = KEYS.get(key)
        if kind is None:
            raise ConfigError(
                f"{where}: unknown key {key!r}; known keys: {', '.join(sorted(KEYS))}"
            )
        if kind == "names":
            values[key] = _names(key, value, where)
        elif kind == "globs":
            values[key] = _globs(key, value, where)
        elif kind == "bool":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: {key} must be true or false")
            values[key] = value
        else:
            if not isinstance(value, str):
                raise ConfigError(f"{where}: {key} must be a string")
            values[key] = value
    return Settings(path=None, **values)


def load(path: str | os.PathLike) -> Settings:
    """Read ``[tool.cleantext]`` from the TOML file at ``path``."""
    where = str(path)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML: not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read: {exc.strerror or exc}") from None
    table = data.get("tool", {}).get("cleantext") if isinstance(data.get("tool"), dict) else None
    if table is None:
        return Settings(path=where)
    settings = parse(table, where)
    return Settings(**{**settings.__dict__, "path": where})


def discover(start: str | os.PathLike | None = None) -> Settings:
    """Settings from the nearest ``pyproject.toml``, or empty settings."""
    found = find_pyproject(start)
    return load(found) if found is not None else Settings()
