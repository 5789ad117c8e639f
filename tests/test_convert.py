"""The opt-in ``convert`` rule (OpenCC) and the mixed-script report."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

import cleantext
from cleantext.config import ConfigError
from cleantext.rules.convert import (
    MixedScript,
    available_configs,
    check_config,
    convert_script,
    converter,
    majority_script,
    mixed_script,
    script_counts,
)

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ROOT / "tests" / "data" / "corpus" / "clean"
DEV = ROOT / "tests" / "data" / "corpus" / "dev"

SIMPLIFIED = "鼠标和软件，头发，台湾的网络"
TRADITIONAL_TW = "滑鼠和軟體，頭髮，臺灣的網路"

CONVERSIONS = [
    ("s2t", "头发和发展", "頭髮和發展"),
    ("s2t", "皇后来了", "皇后來了"),  # phrase-aware: 皇后 stays
    ("t2s", "這個國家的經濟", "这个国家的经济"),
    ("s2tw", "台湾的网络", "臺灣的網絡"),
    ("s2hk", "台湾的网络", "台灣的網絡"),
    ("s2twp", SIMPLIFIED, TRADITIONAL_TW),  # Taiwan phrases: 软件 -> 軟體
    ("tw2s", "臺灣的網路", "台湾的网路"),
    ("tw2sp", TRADITIONAL_TW, SIMPLIFIED),
    ("hk2s", "台灣的網絡", "台湾的网络"),
    ("t2jp", "頭髮", "頭髪"),
    ("jp2t", "頭髪", "頭髮"),
]


@pytest.mark.parametrize("config, text, expected", CONVERSIONS)
def test_convert(config, text, expected):
    assert convert_script(text, convert=config) == expected
    assert cleantext.fix(text, convert=config) == expected


@pytest.mark.parametrize("config, text, expected", CONVERSIONS)
def test_convert_is_idempotent(config, text, expected):
    assert cleantext.fix(expected, convert=config) == expected


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL_TW, "頭髮和发展"])
def test_convert_is_off_by_default(text):
    assert cleantext.fix(text) == text
    assert convert_script(text) is text
    assert convert_script(text, convert=None) is text


def test_convert_unchanged_returns_same_object():
    text = "人民大山"
    assert convert_script(text, convert="s2t") is text


def test_convert_keeps_lone_surrogates():
    assert convert_script("头\ud800发", convert="s2t") == "頭\ud800發"


def test_convert_reported_by_name():
    assert [e.rule for e in cleantext.explain("头发", convert="s2t")] == ["convert"]


def test_convert_also_by_select():
    # selected without a configuration it has nothing to do
    assert cleantext.fix("头发", select=["convert"]) == "头发"


@pytest.mark.parametrize("name", ["s2x", "zh-hans", "s2t.txt"])
def test_unknown_config_is_a_config_error(name):
    with pytest.raises(ConfigError) as err:
        cleantext.fix("头发", convert=name)
    message = str(err.value)
    assert "unknown OpenCC configuration" in message
    for known in ("s2t", "t2s", "s2tw", "tw2s", "s2hk"):
        assert known in message


def test_config_names():
    names = available_configs()
    for name in ("s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "s2twp", "tw2sp", "t2tw", "t2hk", "t2jp", "jp2t"):
        assert name in names
    assert check_config("s2t.json") == "s2t"


def test_converters_are_cached():
    assert converter("s2t") is converter("s2t")
    assert converter("s2t") is not converter("t2s")


def test_cli_convert():
    run = subprocess.run(
        [sys.executable, "-m", "cleantext", "fix", "--convert", "s2t", "-"],
        input="头发和发展\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == "頭髮和發展\n"


# ------------------------------------------------------------- mixed script

MOSTLY_SIMPLIFIED = "我们国家的经济发展很快，这些变化让每个人都感到骄傲。這个问题值得讨论，們也同意。"
MOSTLY_TRADITIONAL = "香港經濟發展很快，市民生活水平不斷提高，這些變化讓每個人都感到驕傲。这個问题值得認真討論。"


def test_mixed_script_simplified_majority():
    m = mixed_script(MOSTLY_SIMPLIFIED)
    assert isinstance(m, MixedScript)
    assert m.majority == "simplified" and m.suggestion == "t2s"
    assert dict(m.stray) == {"這": 1, "們": 1}
    assert m.traditional == 2 and m.simplified > 10
    assert str(m).startswith("mostly simplified text with 2 traditional characters")
    assert str(m).endswith("unify with --convert t2s")
    # the suggestion unifies the text
    assert mixed_script(cleantext.fix(MOSTLY_SIMPLIFIED, convert=m.suggestion)) is None


def test_mixed_script_traditional_majority():
    m = mixed_script(MOSTLY_TRADITIONAL)
    assert m.majority == "traditional" and m.suggestion == "s2t"
    assert dict(m.stray) == {"问": 1, "题": 1}
    assert "unify with --convert s2t" in str(m)


def test_mixed_script_stray_most_common_first():
    text = MOSTLY_SIMPLIFIED + "們們們"
    m = mixed_script(text)
    assert m.stray[0] == ("們", 4)
    assert [n for _, n in m.stray] == sorted((n for _, n in m.stray), reverse=True)


def test_mixed_script_is_frozen():
    m = mixed_script(MOSTLY_SIMPLIFIED)
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.majority = "traditional"


@pytest.mark.parametrize(
    "text",
    [
        "我们国家的经济发展很快，这些变化让每个人都感到骄傲。",  # consistent
        "這個國家的經濟發展很快，每個人都感到驕傲。",  # consistent
        "我们的國家",  # too short to tell
        "國家国家國家国家國家国家國家国家國家国家",  # no clear majority
        "",
        "Only Latin text, no Chinese at all.",
        "台里干乾后",  # characters both scripts use
    ],
)
def test_mixed_script_none(text):
    assert mixed_script(text) is None


def test_script_counts_ignore_shared_characters():
    s, t = script_counts("台里干乾后周")
    assert not s and not t
    assert majority_script("这是简体") == "simplified"
    assert majority_script("這是繁體") == "traditional"


CORPUS_FILES = sorted(CLEAN.glob("*.txt")) + sorted(DEV.glob("*.gold.txt"))


def test_corpus_present():
    assert len(CORPUS_FILES) >= 37


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_clean_text_is_not_mixed(path):
    """Clean simplified (MSR) and traditional (Hong Kong, with 台, 里, 周)
    text is consistent."""
    assert mixed_script(path.read_text(encoding="utf-8")) is None


# --------------------------------------------------------------------------
# convert="unify": only the strays of the minority script (issue 14, section 6)

TRADITIONAL_DOC = "這個國家的經濟和社會都有很大的進步，人民的生活水準也提高了。"
SIMPLIFIED_DOC = "我们国家的经济和社会都有很大的进步，人民的生活水平也提高了。"

UNIFICATIONS = [
    # a simplified word among traditional text: the word converts, with the
    # character beside it that Unihan gives both scripts (头)
    (TRADITIONAL_DOC + "台灣的发展很快，他的头发很長。", TRADITIONAL_DOC + "台灣的發展很快，他的頭髮很長。"),
    # and the reverse
    (SIMPLIFIED_DOC + "這个问题值得讨论。", SIMPLIFIED_DOC + "这个问题值得讨论。"),
    # strays on several lines, each line converted in its own context
    (TRADITIONAL_DOC + "\n发展\n經濟发展。\n", TRADITIONAL_DOC + "\n發展\n經濟發展。\n"),
]

UNIFY_KEEPS = [
    TRADITIONAL_DOC + "台灣的經濟",  # consistent: 台 stays (s2t would make it 臺)
    SIMPLIFIED_DOC,
    "我们的國家",  # too short to tell
    "我们国家的经济发展很快。這個國家的經濟發展很快。",  # evenly mixed: which one is a choice
    "",
    "plain ASCII text",
]


@pytest.mark.parametrize("text, expected", UNIFICATIONS)
def test_unify_converts_only_the_strays(text, expected):
    assert convert_script(text, convert="unify") == expected
    # in the pipeline: only the strays differ from the other repairs' output
    assert cleantext.fix(text, convert="unify") == cleantext.fix(expected)
    assert cleantext.fix(expected, convert="unify") == cleantext.fix(expected)  # idempotent


@pytest.mark.parametrize("text", UNIFY_KEEPS)
def test_unify_leaves_consistent_short_and_evenly_mixed_text(text):
    assert convert_script(text, convert="unify") is text


def test_unify_never_touches_a_neutral_character_away_from_a_stray():
    text = TRADITIONAL_DOC + "台灣的发展。"
    out = convert_script(text, convert="unify")
    assert out.count("台") == text.count("台")  # s2t of the whole text would give 臺
    assert "發展" in out


def test_unify_reports_each_change_in_explain():
    text = TRADITIONAL_DOC + "台灣的发展很快，他的头发很長。"
    edits = cleantext.explain(text, convert="unify")
    assert {e.rule for e in edits} == {"convert"}
    changed = "".join(e.before for e in edits)
    assert set(changed) == set("发头")


def test_unify_is_off_by_default_and_checked_by_name():
    text = TRADITIONAL_DOC + "台灣的发展很快。"
    assert cleantext.fix(text) == text
    assert check_config("unify") == "unify"


def test_unify_on_the_command_line(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(TRADITIONAL_DOC + "台灣的发展很快。\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "cleantext", "fix", "--convert", "unify", str(page)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert page.read_text(encoding="utf-8") == TRADITIONAL_DOC + "台灣的發展很快。\n"
