"""Which rules run, and with which options.

One frozen :class:`Config` object describes a whole run.  ``cleantext.fix``
takes one (or keyword arguments that override the default one); the command
line builds one from its flags and from ``[tool.cleantext]`` in
``pyproject.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Iterable


class ConfigError(ValueError):
    """A configuration names an unknown rule or option, or a bad value."""


def _names(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    return tuple(str(v).strip() for v in value if str(v).strip())


@dataclass(frozen=True)
class Config:
    """Settings for one pipeline run.

    select
        Rule names to run instead of the default pipeline (``None``: the
        default rules).  Opt-in rules (for example ``convert``) can be
        selected here too.  Required rules always run.
    ignore
        Rule names to leave out.
    convert
        An OpenCC configuration (``"s2t"``, ``"t2s"``, ``"s2tw"``, ``"tw2s"``,
        ``"s2hk"``, ...), or ``"unify"``: convert only the stray characters of
        a text mostly in one script to that script.  Setting it turns the
        ``convert`` rule on.
    pangu
        ``cjk-space``: put exactly one space between Chinese and Latin
        letters or digits (the "pangu" style) instead of none.
    dashes
        ``punct-width``: also turn ``--`` between Chinese characters into
        ``——``.  Off by default: newswire archives print ``--`` and ``---``
        as dashes, and clean text must come out unchanged.
    """

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    convert: str | None = None
    pangu: bool = False
    dashes: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "select", _names(self.select))
        object.__setattr__(self, "ignore", _names(self.ignore) or ())
        if self.convert is not None:
            convert = str(self.convert).strip()
            if convert.endswith(".json"):
                convert = convert[: -len(".json")]
            object.__setattr__(self, "convert", convert or None)
        for flag in ("pangu", "dashes"):
            if not isinstance(getattr(self, flag), bool):
                raise ConfigError(f"{flag} must be true or false, not {getattr(self, flag)!r}")

    def with_options(self, **options) -> "Config":
        """Return a copy with ``options`` changed; unknown names are an error."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ConfigError(
                f"unknown option(s): {', '.join(unknown)}; "
                f"known options: {', '.join(sorted(known))}"
            )
        return replace(self, **options) if options else self


DEFAULT = Config()
