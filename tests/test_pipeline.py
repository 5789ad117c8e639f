"""The pipeline itself: registry, order, configuration, explain, Cleaner."""

from __future__ import annotations

import importlib
import pickle
import re

import pytest

import cleantext
from cleantext import Cleaner, Config, ConfigError, Edit, explain, fix
from cleantext.pipeline import ORDER, rules_for
from cleantext.rules import REGISTRY

#: The released rule names, in pipeline order.  Users select and ignore rules
#: by these names, so changing one is a breaking change: this list pins them.
STABLE_NAMES = [
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
]


def test_rule_names_are_pinned_and_ordered():
    assert list(ORDER) == STABLE_NAMES
    assert [r.name for r in cleantext.all_rules()] == STABLE_NAMES


def test_every_registered_rule_has_a_place_in_the_order():
    assert set(REGISTRY) == set(ORDER)


@pytest.mark.parametrize("name", STABLE_NAMES)
def test_rule_is_documented(name):
    r = REGISTRY[name]
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", r.name)
    assert r.summary and r.summary[0].isupper() and len(r.summary) < 100
    assert r.func.__doc__ and ">>>" in r.func.__doc__, "every rule has doctests"
    module = importlib.import_module(r.func.__module__)
    doc = module.__doc__ or ""
    assert "must not touch" in doc.lower(), f"{module.__name__} says what it must not touch"


def test_default_pipeline_leaves_out_opt_in_rules():
    names = [r.name for r in rules_for(Config())]
    assert "convert" not in names
    assert names == [n for n in STABLE_NAMES if n != "convert"]


def test_convert_option_turns_convert_on():
    assert "convert" in [r.name for r in rules_for(Config(convert="s2t"))]


def test_select_runs_only_those_rules_plus_required():
    names = [r.name for r in rules_for(Config(select=("stray-mark",)))]
    assert names == ["normalize", "stray-mark"]


def test_ignore_removes_a_rule_but_never_a_required_one():
    names = [r.name for r in rules_for(Config(ignore=("cjk-space", "normalize")))]
    assert "cjk-space" not in names
    assert "normalize" in names


def test_names_accept_comma_separated_strings():
    assert Config(select="cjk-space, stray-mark").select == ("cjk-space", "stray-mark")
    assert Config(ignore="line-wrap").ignore == ("line-wrap",)


@pytest.mark.parametrize("bad", [{"select": ["no-such-rule"]}, {"ignore": ["fake_bold"]}])
def test_unknown_rule_names_are_a_clear_error(bad):
    with pytest.raises(ConfigError, match="unknown rule"):
        fix("文本", **bad)


def test_unknown_option_is_a_clear_error():
    with pytest.raises(ConfigError, match="unknown option"):
        fix("文本", colour="red")


def test_bad_flag_value_is_a_clear_error():
    with pytest.raises(ConfigError):
        Config(pangu="yes")


def test_options_override_the_given_config():
    base = Config(ignore=("cjk-space",))
    assert fix("近日， 市统计局", base) == "近日， 市统计局"
    assert fix("近日， 市统计局", base, ignore=()) == "近日，市统计局"


def test_bytes_are_refused_with_a_helpful_message():
    with pytest.raises(TypeError, match="decode"):
        fix("文本".encode())  # type: ignore[arg-type]


def test_non_text_is_refused():
    with pytest.raises(TypeError):
        fix(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("近日， 市统计局通过热线。", "近日，市统计局通过热线。"),
        ("占 96.2.%。", "占96.2%。"),
        ("九县(市、区)各 100 名", "九县（市、区）各100名"),
        ("", ""),
        # Like black: a document of nothing but blank lines becomes empty.
        ("\n", ""),
        ("\n\n\n", ""),
    ],
)
def test_foundation_examples(text, expected):
    assert fix(text) == expected


def test_windows_line_endings_become_newlines():
    assert fix("第一段。\r\n\r\n第二段。\r\n") == "第一段。\n\n第二段。\n"


def test_explain_names_the_rule_and_locates_the_edit_in_the_input():
    edits = explain("近日， 市统计局")
    assert edits == [Edit("cjk-space", 1, 4, " ", "", 3, 4)]
    assert str(edits[0]) == "1:4: cjk-space: ' ' → ''"


def test_explain_locates_edits_after_earlier_rules_changed_the_text():
    text = "第一行\r\n占 96.2.%。"
    edits = explain(text)
    by_rule = {e.rule: e for e in edits}
    assert by_rule["normalize"].before == "\r"
    stray = by_rule["stray-mark"]
    assert (stray.line, stray.before, stray.after) == (2, ".", "")
    assert text[stray.start : stray.end] == "."
    space = by_rule["cjk-space"]
    assert (space.line, space.column) == (2, 2)


def test_explain_of_clean_text_is_empty():
    assert explain("本报讯 近日，市统计局通过热线。\n") == []


def test_explain_agrees_with_fix():
    text = "（（资资料料图图片片）） 记记者者 雷雷宁宁 摄摄\n"
    edits = explain(text)
    assert {e.rule for e in edits} >= {"fake-bold"}
    assert fix(text) == "（资料图片）记者 雷宁 摄\n"


def test_cleaner_is_reusable_and_picklable():
    cleaner = Cleaner(ignore=["line-wrap"])
    again = pickle.loads(pickle.dumps(cleaner))
    assert again.config == cleaner.config
    assert again.clean("占 96.2.%。") == "占96.2%。"
    assert cleaner.clean_batch(["近日， 市", "各 100 名"]) == ["近日，市", "各100名"]


def test_cleaner_matches_fix():
    text = "本报讯 近日， 市统计局通过“0578-\n12340”热线。\n"
    assert Cleaner().clean(text) == fix(text)


@pytest.mark.parametrize("ignore", [(), ("invisible",), tuple(n for n in STABLE_NAMES if n != "normalize")])
def test_surrogates_never_reach_the_output(ignore):
    out = fix("笑\ud83d\ude00，中\ud800文\udc00", ignore=ignore)
    out.encode("utf-8")
    assert "😀" in out and out.count("\ufffd") == 2
