"""cleantext: turn Chinese text from OCR and PDF extraction into clean UTF-8.

The one-call API::

    >>> import cleantext
    >>> cleantext.fix("占 96.2.%。")
    '占96.2%。'

``cleantext.explain(text)`` returns the edits the pipeline would make, each
naming its rule; ``cleantext.Config`` says which rules run; ``cleantext.Cleaner``
is a reusable, picklable cleaner for batch and distributed jobs;
``cleantext.implementation()`` says whether the native core runs the rules
(``"native"``) or the pure-Python reference does (``"python"``).
"""

from __future__ import annotations

from .config import Config, ConfigError
from .native import implementation
from .pipeline import ORDER, Cleaner, Edit, all_rules, explain, fix, rules_for
from .rules import REGISTRY, Rule

__version__ = "0.1.0"

__all__ = [
    "Cleaner",
    "Config",
    "ConfigError",
    "Edit",
    "ORDER",
    "REGISTRY",
    "Rule",
    "__version__",
    "all_rules",
    "explain",
    "fix",
    "implementation",
    "rules_for",
]
