"""The rule registry: every repair the pipeline can make, by stable name.

A rule is a small, documented function from text to text (``str -> str``).
Rule modules declare their rules with :func:`rule`; the pipeline
(:mod:`cleantext.pipeline`) decides the order in which they run.  The rule
modules are this package's: one per artifact family (``linewrap`` is a
package of its own), and a rule's family is the name of the module or
package that declares it.

Names are stable, kebab-case identifiers (``fake-bold``, ``punct-width``):
users select and ignore rules by these names on the command line and in
``[tool.cleantext]``, so a name never changes once released.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

RuleFunc = Callable[..., str]


@dataclass(frozen=True)
class Rule:
    """One named repair.

    ``func`` takes the text and, as keyword arguments, the configuration
    fields named in ``options``; it returns the repaired text (the same
    object when nothing changed, so callers can test with ``is``).
    """

    name: str
    func: RuleFunc
    family: str
    summary: str
    options: tuple[str, ...] = ()
    #: In the default pipeline? Opt-in rules run only when selected
    #: (or, for ``convert``, when an OpenCC configuration is given).
    default: bool = True
    #: Required rules always run: they carry the output guarantees
    #: (``\\n`` line endings, NFC) and cannot be ignored.
    required: bool = False
    kwargs: dict = field(default_factory=dict, compare=False, repr=False)

    def __call__(self, text: str, config=None) -> str:
        if config is None or not self.options:
            return self.func(text)
        return self.func(text, **{opt: getattr(config, opt) for opt in self.options})


#: Every known rule, by name, in the order the modules declared them.
REGISTRY: dict[str, Rule] = {}


def rule(
    name: str,
    *,
    summary: str | None = None,
    options: tuple[str, ...] = (),
    default: bool = True,
    required: bool = False,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register the decorated function as the rule ``name``.

    The one-line ``summary`` defaults to the first line of the docstring;
    ``cleantext rules`` prints it.  The function itself is returned
    unchanged, so it stays an ordinary, directly callable, doctested
    function.
    """

    def register(func: RuleFunc) -> RuleFunc:
        if name in REGISTRY:
            raise ValueError(f"rule {name!r} is registered twice")
        doc = (func.__doc__ or "").strip()
        line = summary or (doc.splitlines()[0].strip() if doc else name)
        module = func.__module__.rsplit(".", 1)[-1]
        REGISTRY[name] = Rule(
            name=name,
            func=func,
            family=module,
            summary=line,
            options=options,
            default=default,
            required=required,
        )
        return func

    return register
