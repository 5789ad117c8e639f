"""Decoding, binary detection, atomic writes and directory walks (cleantext.files)."""

from __future__ import annotations

import codecs
import os
import random
import stat

import pytest

from cleantext import files
from cleantext.files import (
    NotTextError,
    atomic_write,
    check_encoding,
    decode,
    detect_encoding,
    iter_inputs,
    plausible_text,
)

SIMPLIFIED = "今天上午，区图书馆举行读书分享会，两百多名居民参加了活动。\n第二段文字。\n"
TRADITIONAL = "臺北市政府今日宣布，將於下個月起調整公車票價，並增加夜間班次。\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
        (SIMPLIFIED.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), "utf-16"),
        (SIMPLIFIED.encode("utf-32"), "utf-32"),
        (SIMPLIFIED.encode("gbk"), "gb18030"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
        (TRADITIONAL.encode("big5"), "big5"),
    ],
)
def test_decode_known_encodings(data, encoding):
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert decoded.text in (SIMPLIFIED, TRADITIONAL)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_decode_utf16_without_bom(codec):
    text = "一个 test 文本 line\n第二行 一 二\n"
    assert decode(text.encode(codec)).text == text


def test_utf8_is_tried_before_legacy_encodings():
    # Pure ASCII and valid UTF-8 never go to the detector.
    assert decode(b"plain ascii\n").encoding == "utf-8"
    assert decode("中文".encode()).encoding == "utf-8"


def test_empty_input_is_text():
    assert decode(b"").text == ""


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"hello\x00world",
        bytes(range(256)) * 4,
    ],
)
def test_nul_bytes_are_binary(data):
    with pytest.raises(NotTextError, match="NUL bytes"):
        decode(data)


def test_random_bytes_without_nul_are_not_text():
    rng = random.Random(7)
    for _ in range(20):
        data = bytes(rng.randrange(1, 256) for _ in range(2000))
        with pytest.raises(NotTextError, match="no plausible text encoding"):
            decode(data)


@pytest.mark.parametrize(
    "text, expected",
    [
        (SIMPLIFIED, True),
        (TRADITIONAL, True),
        ("Plain English, with café.", True),
        ("", True),
        ("abc\ufffd", False),
        ("\x01\x02\x03\x04 text", False),
        ("션諒죔珙션諒죔珙션諒", False),  # Hangul from a wrong guess
    ],
)
def test_plausible_text(text, expected):
    assert plausible_text(text) is expected


def test_atomic_write_replaces_and_keeps_mode(tmp_path):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_atomic_write_new_file_respects_umask(tmp_path):
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "new.txt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.txt").st_mode) == 0o640


def test_atomic_write_goes_through_symlinks(tmp_path):
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_atomic_write_failure_leaves_original_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_bytes(b"original")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_atomic_write_refuses_read_only_file(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_bytes(b"original")
    # os.access is what says "read-only" (root can write anything, so fake it).
    monkeypatch.setattr(files.os, "access", lambda path, mode: False)
    with pytest.raises(PermissionError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"original"


def test_atomic_writer_commit_and_abort(tmp_path):
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    with files.AtomicWriter(target) as writer:
        writer.write(b"par")
        writer.write(b"tial")
        assert target.read_bytes() == b"old"
        writer.commit()
    assert target.read_bytes() == b"partial"
    with pytest.raises(RuntimeError), files.AtomicWriter(target) as writer:
        writer.write(b"half")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"partial"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def _tree(tmp_path):
    for rel in [
        "b.txt",
        "a.md",
        "skip.py",
        "sub/c.txt",
        "sub/deep/d.txt",
        "drafts/e.txt",
        ".git/f.txt",
        "node_modules/g.txt",
    ]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    return tmp_path


def _rels(items):
    return [item.rel for item in items]


def test_walk_default_include_sorted_and_skips_vcs(tmp_path):
    root = _tree(tmp_path)
    assert _rels(iter_inputs([str(root)])) == [
        "a.md",
        "b.txt",
        "drafts/e.txt",
        "sub/c.txt",
        "sub/deep/d.txt",
    ]


@pytest.mark.parametrize(
    "include, exclude, expected",
    [
        (("*.py",), (), ["skip.py"]),
        (("*.txt",), ("drafts",), ["b.txt", "sub/c.txt", "sub/deep/d.txt"]),
        (("*.txt", "*.md"), ("sub/deep",), ["a.md", "b.txt", "drafts/e.txt", "sub/c.txt"]),
        (("*.txt",), ("sub/*.txt",), ["b.txt", "drafts/e.txt"]),
        (("sub/*",), (), ["sub/c.txt", "sub/deep/d.txt"]),
    ],
)
def test_walk_include_exclude(tmp_path, include, exclude, expected):
    root = _tree(tmp_path)
    assert _rels(iter_inputs([str(root)], include=include, exclude=exclude)) == expected


def test_walk_named_file_is_always_an_input(tmp_path):
    root = _tree(tmp_path)
    items = list(iter_inputs([str(root / "skip.py")], exclude=("*.py",)))
    assert [(i.path, i.error) for i in items] == [(str(root / "skip.py"), None)]


def test_walk_missing_path_and_stdin(tmp_path):
    items = list(iter_inputs([str(tmp_path / "nope.txt"), "-"]))
    assert items[0].error == "no such file or directory"
    assert items[1].path == "-" and items[1].error is None


def test_walk_skips_output_folder(tmp_path):
    root = _tree(tmp_path)
    assert "sub/c.txt" not in _rels(iter_inputs([str(root)], skip=[str(root / "sub")]))


def test_walk_reports_unlistable_directory(tmp_path, monkeypatch):
    root = _tree(tmp_path)
    real_scandir = os.scandir

    def scandir(path):
        if os.path.basename(path) == "sub":
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    items = list(iter_inputs([str(root)]))
    errors = [(i.path, i.error) for i in items if i.error]
    assert errors == [(str(root / "sub"), "permission denied")]
    assert "b.txt" in _rels(items)


# -- issue 16: encodings guessed only when certain ----------------------------

CHINESE = "今天上午，区图书馆举行读书分享会，两百多名居民参加了活动。\n"


@pytest.mark.parametrize(
    "text, codec",
    [
        ("Le café était très bon. naïve façade.\n", "latin-1"),
        ("Grüße aus München, schöne Straße.\n", "cp1252"),
        ("한국어 텍스트입니다.\n", "euc-kr"),
        ("대한민국은 민주공화국이다. 모든 권력은 국민으로부터 나온다.\n", "cp949"),
        ("日本語のテキストです。今日は天気がいいですね。\n", "shift_jis"),
        ("日本語のテキストです。今日は天気がいいですね。\n", "euc-jp"),
        ("Привет, как дела? Это русский текст.\n", "cp1251"),
        ("Привет, как дела? Это русский текст.\n", "koi8-r"),
        ("Καλημέρα κόσμε, αυτό είναι ελληνικό κείμενο.\n", "iso8859-7"),
    ],
)
def test_other_legacy_encodings_are_refused_until_named(text, codec):
    data = text.encode(codec)
    with pytest.raises(NotTextError, match="--encoding"):
        decode(data)
    assert decode(data, check_encoding(codec)).text == text


@pytest.mark.parametrize(
    "text, codec, expected",
    [(CHINESE, "gbk", "gb18030"), (CHINESE, "gb2312", "gb18030"), (TRADITIONAL, "big5", "big5")],
)
def test_chinese_legacy_encodings_are_still_guessed(text, codec, expected):
    assert decode(text.encode(codec)) == files.Decoded(text, expected)


@pytest.mark.parametrize("codec", ["gb18030", "big5"])
def test_sample_cut_inside_a_character_is_not_held_against_it(codec):
    # The detector sees the first DETECT_SAMPLE bytes; one of the two shifts
    # makes them end inside a two-byte character.
    text = (CHINESE if codec == "gb18030" else TRADITIONAL) * (files.DETECT_SAMPLE // 30)
    cuts = []
    for shift in (0, 1):
        data = b"a" * shift + text.encode(codec)
        assert len(data) > files.DETECT_SAMPLE
        cuts.append(_cuts_a_character(data[: files.DETECT_SAMPLE], codec))
        assert detect_encoding(data) == codec
        assert decode(data).encoding == codec
    assert any(cuts)


def _cuts_a_character(sample: bytes, codec: str) -> bool:
    try:
        sample.decode(codec)
    except UnicodeDecodeError:
        return True
    return False


def test_streaming_sniff_tolerates_a_cut_character():
    from cleantext.streaming import sniff

    data = b"a" + (CHINESE * 20000).encode("gbk")
    assert sniff(data[: files.DETECT_SAMPLE]) == ("gb18030", 0, False)


def test_bom_does_not_skip_the_nul_check():
    with pytest.raises(NotTextError, match="NUL"):
        decode(b"\xef\xbb\xbf\xe4\xb8\xad\x00\xe6\x96\x87\n")
    with pytest.raises(NotTextError, match="NUL"):
        decode(b"\xe4\xb8\xad\x00\xe6\x96\x87\n")


def test_named_encoding_is_strict_and_keeps_the_nul_check():
    with pytest.raises(NotTextError, match="cannot decode as"):
        decode("中文".encode(), "ascii")
    with pytest.raises(NotTextError, match="NUL"):
        decode(b"abc\x00def", "latin-1")
    assert decode(codecs.BOM_UTF8 + "中".encode(), "utf-8") == files.Decoded("中", "utf-8-sig")
    with pytest.raises(ValueError, match="unknown encoding"):
        check_encoding("no-such-codec")
    with pytest.raises(ValueError, match="not a text encoding"):
        check_encoding("rot13")


def test_install_keeps_hard_links(tmp_path):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old contents\n")
    other = tmp_path / "b.txt"
    os.link(target, other)
    atomic_write(target, b"new, longer contents\n")
    assert other.read_bytes() == b"new, longer contents\n"
    assert os.stat(target).st_ino == os.stat(other).st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
    atomic_write(other, b"short\n")
    assert target.read_bytes() == b"short\n"


def test_install_into_hard_link_restores_the_old_contents_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old contents\n")
    os.link(target, tmp_path / "b.txt")
    real = os.pwrite
    calls = []

    def failing(fd, data, offset):
        calls.append(offset)
        if len(calls) == 1:
            real(fd, bytes(data)[:3], offset)
            raise OSError(28, "No space left on device")
        return real(fd, data, offset)

    monkeypatch.setattr(os, "pwrite", failing)
    with pytest.raises(OSError):
        atomic_write(target, b"new contents that fail\n")
    assert target.read_bytes() == b"old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_single_link_is_still_renamed(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old\n")
    renamed = []
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (renamed.append(b), real(a, b)))
    atomic_write(target, b"new\n")
    assert renamed == [str(target)] and target.read_bytes() == b"new\n"


@pytest.mark.parametrize(
    "text",
    [
        "氨基酸是含有氨基和羧基的一类有机化合物的通称，烷烃、烯烃与炔烃均属于碳氢化合物。\n",
        "锂电池正极材料磷酸铁锂的晶体结构为橄榄石型，负极多用石墨。\n",
        "沈从文，湘西凤凰人，苗族，著有《边城》《湘行散记》等。\n",
        "子曰：學而時習之，不亦說乎？有朋自遠方來，不亦樂乎？\n",
    ],
)
def test_chinese_with_rare_characters_is_still_guessed(text):
    for codec in ("gbk", "big5"):
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:
            continue
        assert decode(data).text == text


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(0x80, 0x100)) * 4,  # high bytes only, evenly: no encoding makes words of them
        random.Random(5).randbytes(4000).replace(b"\0", b"\1"),
        b"\x89PNG\r\n\x1a\n" + random.Random(6).randbytes(400).replace(b"\0", b"\1"),
    ],
)
def test_binary_without_nul_is_not_called_an_unknown_encoding(data):
    with pytest.raises(NotTextError, match=r"^not a text file \(no plausible text encoding\)$"):
        decode(data)


def test_utf8_text_with_a_damaged_spot_is_an_unknown_encoding():
    data = ("近日，市统计局通过热线。" * 20).encode() + b"\xff\xfe tail"
    with pytest.raises(NotTextError, match=r"not UTF-8 \(byte 720\).*--encoding"):
        decode(data)
