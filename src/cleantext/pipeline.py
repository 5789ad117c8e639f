"""The ordered pipeline: ``fix``, ``explain`` and the reusable ``Cleaner``.

The order of :data:`ORDER` matters and is deliberate:

1. ``mojibake`` sees the text exactly as it was decoded;
2. ``radicals``, ``invisible`` and ``normalize`` put characters in their
   plain form (``normalize`` after ``invisible``, because removing a
   zero-width character can leave text that is not NFC);
3. ``width`` turns full-width Latin letters and digits into ASCII before
   any rule reasons about Latin and digits;
4. ``columns`` puts side-by-side columns in reading order before any rule
   reasons about lines: ``fake-bold`` compares a line with its neighbours
   and ``line-wrap`` joins them, and both need one column's lines one
   after another;
5. ``fake-bold`` needs the original lines (a headline printed twice is a
   line repeated), so it runs before ``line-wrap`` joins them;
6. ``line-wrap`` needs indentation and line-end spaces as evidence, so it
   runs before ``cjk-space`` removes them;
7. punctuation (``punct-width``, ``quote-pair``, ``stray-mark``) before
   ``cjk-space``, which removes the spaces next to the full-width marks
   they produce;
8. ``ocr-repeat`` judges words, so it runs on joined, de-spaced text;
9. ``convert`` (opt-in) converts the finished text.

``normalize`` runs once more at the very end, so that the output is NFC
whatever the rules before it did.

Where the native core is built (:mod:`cleantext.native`), each run of
consecutive rules it implements is one call into Rust, so the text crosses
the boundary once per run of rules, not once per rule; the other rules run
in Python between them.  The output is the same byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Union

from . import _diff, native
from .config import DEFAULT, Config, ConfigError
from .rules import REGISTRY, Rule

# Importing a rule module registers its rules.
from .rules import (  # noqa: F401
    columns,
    convert,
    doubling,
    hygiene,
    linewrap,
    mojibake,
    normalize,
    ocr_repeat,
    punctuation,
    spacing,
    stray,
)

#: The pipeline order, by rule name.  Every registered rule appears here.
ORDER: tuple[str, ...] = (
    "mojibake",
    "radicals",
    "invisible",
    "normalize",
    "width",
    "columns",
    "fake-bold",
    "line-wrap",
    "punct-width",
    "quote-pair",
    "stray-mark",
    "cjk-space",
    "ocr-repeat",
    "convert",
)


def all_rules() -> list[Rule]:
    """Every registered rule, in pipeline order."""
    return [REGISTRY[name] for name in ORDER if name in REGISTRY]


def check_names(names: Iterable[str]) -> None:
    """Raise :class:`ConfigError` if any name is not a known rule."""
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise ConfigError(
            f"unknown rule(s): {', '.join(unknown)}; "
            f"known rules: {', '.join(r.name for r in all_rules())}"
        )


def rules_for(config: Config) -> list[Rule]:
    """The rules ``config`` runs, in pipeline order."""
    if config.select is not None:
        check_names(config.select)
    check_names(config.ignore)
    chosen = []
    for r in all_rules():
        if r.required:
            chosen.append(r)
            continue
        if r.name in config.ignore:
            continue
        if config.select is not None:
            on = r.name in config.select
        elif r.name == "convert":
            on = config.convert is not None
        else:
            on = r.default
        if on:
            chosen.append(r)
    return chosen


def _steps(config: Config) -> tuple[Rule, ...]:
    steps = rules_for(config)
    final = REGISTRY["normalize"]
    if steps and steps[-1] is not final:
        steps.append(final)
    return tuple(steps)


_STEPS_CACHE: dict[Config, tuple[Rule, ...]] = {}


def _cached_steps(config: Config) -> tuple[Rule, ...]:
    steps = _STEPS_CACHE.get(config)
    if steps is None:
        steps = _STEPS_CACHE[config] = _steps(config)
    return steps


#: One stage of a run: a rule that runs in Python, or consecutive rules that
#: run in one call into the native core.
Stage = Union[Rule, "tuple[Rule, ...]"]

_PLAN_CACHE: dict[tuple[Config, bool], tuple[Stage, ...]] = {}


def _cached_plan(config: Config) -> tuple[Stage, ...]:
    """The steps of ``config`` with each run of native rules made one stage."""
    key = (config, native.available())
    plan = _PLAN_CACHE.get(key)
    if plan is None:
        stages: list[Stage] = []
        run: list[Rule] = []
        for step in _cached_steps(config):
            if native.has(step.name):
                run.append(step)
                continue
            if run:
                stages.append(tuple(run))
                run = []
            stages.append(step)
        if run:
            stages.append(tuple(run))
        plan = _PLAN_CACHE[key] = tuple(stages)
    return plan


def _run(text: str, config: Config) -> str:
    for stage in _cached_plan(config):
        if isinstance(stage, tuple):
            text = native.run(text, stage, config)
        else:
            text = stage(text, config=config)
    return text


def _apply(step: Rule, text: str, config: Config) -> str:
    """One rule on ``text``, natively where the core has it."""
    if native.has(step.name):
        return native.run(text, (step,), config)
    return step(text, config=config)


def _resolve(config: Config | None, options: dict) -> Config:
    if config is None:
        config = DEFAULT
    elif not isinstance(config, Config):
        raise TypeError(f"config must be a cleantext.Config, not {type(config).__name__}")
    return config.with_options(**options)


def _check_text(text) -> None:
    if not isinstance(text, str):
        if isinstance(text, (bytes, bytearray)):
            raise TypeError(
                "cleantext works on str, not bytes. Decode the bytes first, for "
                "example with text = data.decode('utf-8'), or let the command "
                "line (cleantext fix FILE) detect the encoding for you."
            )
        raise TypeError(f"expected str, not {type(text).__name__}")


def fix(text: str, config: Config | None = None, **options) -> str:
    """Return ``text`` cleaned by the pipeline.

    ``options`` override fields of ``config`` (see :class:`Config`), for
    example ``fix(text, convert="s2t")`` or ``fix(text, ignore=["line-wrap"])``.

    >>> fix("近日， 市统计局通过热线。")
    '近日，市统计局通过热线。'
    """
    _check_text(text)
    return _run(text, _resolve(config, options))


@dataclass(frozen=True)
class Edit:
    """One change a rule made, located in the *input* text.

    ``line`` and ``column`` are 1-based and count characters (code points);
    ``start`` and ``end`` are 0-based offsets in the input.  ``before`` is the
    text as that rule saw it: it equals ``input[start:end]`` unless an earlier
    rule already changed that span.
    """

    rule: str
    line: int
    column: int
    before: str
    after: str
    start: int = 0
    end: int = 0

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.rule}: {self.before!r} → {self.after!r}"


def iter_steps(text: str, config: Config | None = None, **options) -> Iterator[tuple[Rule, str, str]]:
    """Yield ``(rule, before, after)`` for every rule that changed the text."""
    _check_text(text)
    resolved = _resolve(config, options)
    for step in _cached_steps(resolved):
        after = _apply(step, text, resolved)
        if after != text:
            yield step, text, after
        text = after


def explain(text: str, config: Config | None = None, **options) -> list[Edit]:
    """Return the edits the pipeline makes to ``text``, in pipeline order.

    Each :class:`Edit` names its rule and where it is in the input text.

    >>> [(e.rule, e.line, e.column, e.before, e.after) for e in explain("近日， 市统计局")]
    [('cjk-space', 1, 4, ' ', '')]
    """
    original = text
    line_starts = [0]
    for k, ch in enumerate(original):
        if ch == "\n":
            line_starts.append(k + 1)
    maps: list[_diff.PositionMap] = []
    edits: list[Edit] = []
    for step, before, after in iter_steps(text, config, **options):
        spans = _diff.changed_spans(before, after)
        for i1, i2, j1, j2 in spans:
            start, end = i1, i2
            for m in reversed(maps):
                start, end = m.back(start), m.back(end)
            line, column = _diff.line_and_column(line_starts, start)
            edits.append(
                Edit(step.name, line, column, before[i1:i2], after[j1:j2], start, max(start, end))
            )
        maps.append(_diff.PositionMap(spans))
    return edits


class Cleaner:
    """A reusable, picklable cleaner for one configuration.

    Resolve the configuration once and call :meth:`clean` many times, in
    one process or in worker processes (it pickles as its configuration, and
    the compiled patterns are module globals, built once per process).

    >>> Cleaner().clean("占 96.2.%。")
    '占96.2%。'
    """

    def __init__(self, config: Config | None = None, **options):
        self.config = _resolve(config, options)
        _cached_plan(self.config)  # unknown rule names fail here, not at the first call

    def clean(self, text: str) -> str:
        _check_text(text)
        return _run(text, self.config)

    __call__ = clean

    def clean_batch(self, texts: Iterable[str]) -> list[str]:
        return [self.clean(t) for t in texts]

    def explain(self, text: str) -> list[Edit]:
        return explain(text, self.config)

    def __reduce__(self):
        return (Cleaner, (self.config,))

    def __repr__(self) -> str:
        return f"Cleaner({self.config!r})"
