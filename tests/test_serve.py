"""``cleantext serve``: the HTTP API, through Starlette's test client.

The page itself is driven in a real browser by ``test_serve_browser.py``.
"""

from __future__ import annotations

import argparse
import codecs
import io
import json
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="cleantext serve needs the serve extra (starlette)")
try:  # Starlette's test client runs on httpx2 (httpx before Starlette 1.10)
    import httpx2  # noqa: F401
except ImportError:
    pytest.importorskip("httpx", reason="Starlette's test client needs httpx2 (or httpx)")
pytest.importorskip("python_multipart", reason="cleantext serve needs python-multipart")

from starlette.testclient import TestClient  # noqa: E402

import cleantext  # noqa: E402
from cleantext import files  # noqa: E402
from cleantext.serve import add_serve_parser, create_app, page_url, run  # noqa: E402
from cleantext.serve.guard import HostPolicy  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
BASE = "http://127.0.0.1:8765"
SAME_ORIGIN = {"Origin": BASE, "Sec-Fetch-Site": "same-origin"}

SIMPLIFIED = (
    "近日， 市统计局通过“0578-\n12340”社情民意调查热线，随机抽取市直及\n九县(市、区)各 100 名。\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(), base_url=BASE) as c:
        yield c


def small_client(max_bytes: int, **kwargs) -> TestClient:
    return TestClient(create_app(max_bytes, **kwargs), base_url=BASE)


def clean(client, text: str, **options):
    return client.post("/api/clean", json={"text": text, **options}, headers=SAME_ORIGIN)


def upload(client, *named: tuple[str, bytes]):
    parts = [("files", (name, data, "application/octet-stream")) for name, data in named]
    return client.post("/api/files", files=parts, headers=SAME_ORIGIN)


def utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def js_slice(text: str, start: int, end: int) -> str:
    """``text.slice(start, end)`` as JavaScript counts (UTF-16 code units)."""
    return utf16(text)[2 * start : 2 * end].decode("utf-16-le")


# ---------------------------------------------------------------- the page


def test_page_and_its_assets_are_served_from_the_package(client):
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<script src="/static/app.js"' in page.text
    for name, kind in (("app.js", "text/javascript"), ("style.css", "text/css")):
        asset = client.get(f"/static/{name}")
        assert asset.status_code == 200
        assert asset.headers["content-type"].startswith(kind)
    assert client.get("/static/nothing.js").status_code == 404


def test_no_asset_comes_from_elsewhere():
    static = ROOT / "src" / "cleantext" / "serve" / "static"
    names = sorted(p.name for p in static.iterdir())
    assert names == ["app.js", "index.html", "style.css"]
    for path in static.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import|url\(", text), path.name


def test_every_response_carries_the_security_headers(client):
    for response in (client.get("/"), client.get("/api/rules"), clean(client, "abc")):
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "access-control-allow-origin" not in response.headers


def test_rules_lists_every_rule_with_its_summary(client):
    info = client.get("/api/rules").json()
    assert [r["name"] for r in info["rules"]] == [r.name for r in cleantext.all_rules()]
    assert all(r["summary"] for r in info["rules"])
    assert info["limits"]["max_bytes"] == 50 * 1024 * 1024
    assert info["limits"]["max_size"] == "50 MB"
    assert {"t2s", "s2t"} <= {c["name"] for c in info["conversions"]}


# ---------------------------------------------------------------- /api/clean


def check_regions(text: str, reply: dict) -> None:
    """Regions cover the edits, and the text between them is the same on both sides.

    When edits were left out (``truncated``), the text after the last region
    sent differs, so only what comes before it is checked.
    """
    clean_text = reply["clean"]
    in_pos = out_pos = 0
    seen = []
    for region in reply["regions"]:
        (a, b), (c, d) = region["input"], region["output"]
        assert a >= in_pos and c >= out_pos and a <= b and c <= d
        assert js_slice(text, in_pos, a) == js_slice(clean_text, out_pos, c)
        assert (a, b) != (c, d) or js_slice(text, a, b) != js_slice(clean_text, c, d) or b == a
        seen.extend(region["edits"])
        in_pos, out_pos = b, d
    if not reply["truncated"]:
        assert js_slice(text, in_pos, len(utf16(text)) // 2) == js_slice(
            clean_text, out_pos, len(utf16(clean_text)) // 2
        )
    assert sorted(seen) == list(range(len(reply["edits"])))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_clean_gives_fix_and_the_edits_of_explain(client, seed):
    text = seed.read_text(encoding="utf-8")
    reply = clean(client, text).json()
    assert reply["clean"] == cleantext.fix(text)
    assert reply["changed"] is True
    expected = sorted(
        (e.rule, e.line, e.column, e.before, e.after, e.start, e.end)
        for e in cleantext.explain(text)
    )
    got = sorted(
        (e["rule"], e["line"], e["column"], e["before"], e["after"], e["start"], e["end"])
        for e in reply["edits"]
    )
    assert got == expected
    assert reply["total_edits"] == len(expected) and reply["truncated"] is False
    summaries = {r.name: r.summary for r in cleantext.all_rules()}
    assert all(e["summary"] == summaries[e["rule"]] for e in reply["edits"])
    check_regions(text, reply)


def test_a_region_shows_the_change_on_both_sides(client):
    text = "（（资资料料图图片片）） 记者"
    reply = clean(client, text).json()
    assert reply["clean"] == "（资料图片）记者"
    pairs = [
        (js_slice(text, *r["input"]), js_slice(reply["clean"], *r["output"]))
        for r in reply["regions"]
    ]
    assert ("（资", "") in pairs or ("（（资资料料图图片片））", "（资料图片）") in pairs
    rules = {reply["edits"][k]["rule"] for r in reply["regions"] for k in r["edits"]}
    assert rules == {"fake-bold", "cjk-space"}


def test_offsets_count_utf16_code_units_for_the_page(client):
    # U+20000 is one code point but two UTF-16 code units (one JS "character").
    text = "𠀀𠀀日， 市统计局 𠀁"
    reply = clean(client, text).json()
    check_regions(text, reply)
    region = [r for r in reply["regions"] if js_slice(text, *r["input"]) == " "][0]
    assert region["input"][0] == len("𠀀𠀀日，") + 2  # two surrogate pairs before it
    edit = reply["edits"][region["edits"][0]]
    assert edit["start"] == len("𠀀𠀀日，")  # explain's own offsets count code points


def test_clean_text_that_needs_nothing(client):
    reply = clean(client, "近日，市统计局通过热线调查。").json()
    assert reply == {
        "clean": "近日，市统计局通过热线调查。",
        "changed": False,
        "edits": [],
        "regions": [],
        "total_edits": 0,
        "truncated": False,
        "placed": True,
    }


def test_clean_with_rules_switched_off_and_options(client):
    text = SIMPLIFIED
    kept = clean(client, text, ignore=["line-wrap"]).json()
    assert kept["clean"] == cleantext.fix(text, ignore=["line-wrap"])
    assert kept["clean"].count("\n") > cleantext.fix(text).count("\n")
    assert "line-wrap" not in {e["rule"] for e in kept["edits"]}
    assert clean(client, "資料 abc", convert="t2s").json()["clean"] == cleantext.fix(
        "資料 abc", convert="t2s"
    )
    assert clean(client, "市直及100名", pangu=True).json()["clean"] == "市直及 100 名"
    assert clean(client, text, convert=None, pangu=False, ignore=[]).json()["clean"] == (
        cleantext.fix(text)
    )


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"text": "abc", "ignore": ["no-such-rule"]}, "unknown rule"),
        ({"text": "abc", "convert": "x2y"}, "unknown OpenCC configuration"),
        ({"text": "abc", "pangu": "yes"}, "pangu must be true or false"),
        ({"text": "abc", "ignore": "line-wrap"}, "ignore must be a list"),
        ({"txt": "abc"}, "expected"),
        (["abc"], "expected"),
    ],
)
def test_clean_refuses_bad_requests_with_a_message(client, payload, message):
    response = client.post("/api/clean", json=payload, headers=SAME_ORIGIN)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_clean_wants_json(client):
    response = client.post(
        "/api/clean", content=b"text=abc", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 415
    response = client.post(
        "/api/clean", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and "malformed JSON" in response.json()["error"]
    assert client.get("/api/clean").status_code == 405


def test_clean_refuses_text_over_the_limit():
    with small_client(1000) as c:
        assert clean(c, "字" * 333).status_code == 200  # 999 bytes
        response = clean(c, "字" * 334)
        assert response.status_code == 413
        assert "larger than the 1000 bytes limit" in response.json()["error"]
        huge = b'{"text": "' + b"a" * 5000 + b'"}'
        response = c.post("/api/clean", content=huge, headers={"Content-Type": "application/json"})
        assert response.status_code == 413


def test_edits_beyond_the_cap_are_counted_not_sent():
    text = "近日， 市统计局，， 通过。。" * 50
    with small_client(1 << 20, max_edits=10) as c:
        reply = clean(c, text).json()
    assert reply["clean"] == cleantext.fix(text)
    assert len(reply["edits"]) <= 10 and reply["truncated"] is True
    assert reply["total_edits"] == len(cleantext.explain(text))
    check_regions(text, reply)


def test_a_long_text_is_explained_in_pieces_that_add_up(client):
    from cleantext.serve import regions

    text = "".join(seed.read_text(encoding="utf-8") + "\n\n" for seed in SEEDS) * 2
    assert len(text) > 2 * regions.WHOLE_LIMIT
    assert len(regions._pieces(text, regions.PIECE_SIZE)) > 2
    reply = clean(client, text).json()
    assert reply["clean"] == cleantext.fix(text) and reply["placed"] is True
    check_regions(text, reply)  # every piece's edits land where the whole text changed
    lines = text.split("\n")
    for e in reply["edits"]:
        assert e["start"] == sum(len(x) + 1 for x in lines[: e["line"] - 1]) + e["column"] - 1
    assert {e["rule"] for e in reply["edits"]} >= {"line-wrap", "fake-bold", "cjk-space"}


def test_a_text_too_long_to_explain_gets_one_region(client, monkeypatch):
    from cleantext.serve import regions

    monkeypatch.setattr(regions, "EXPLAIN_LIMIT", 100)
    text = "标题\n\n" + "近日， 市统计局。" * 20
    reply = clean(client, text).json()
    assert reply["clean"] == cleantext.fix(text)
    assert reply["placed"] is False and reply["edits"] == []
    (region,) = reply["regions"]
    assert region["edits"] == []
    assert js_slice(text, 0, region["input"][0]) == "标题\n\n近日，"
    check_regions(text, reply)


# ---------------------------------------------------------------- /api/files


def test_files_are_decoded_as_the_command_line_decodes_them(client):
    text = SIMPLIFIED
    reply = upload(
        client,
        ("gbk.txt", text.encode("gbk")),
        ("utf8-bom.txt", codecs.BOM_UTF8 + text.encode("utf-8")),
        ("utf16.txt", text.encode("utf-16")),
        ("big5.txt", "臺北市政府今日宣布，將於下個月起調整公車票價。\n".encode("big5")),
        ("頁面.md", text.encode("utf-8")),
    )
    assert reply.status_code == 200
    got = {f["name"]: (f["encoding"], f["text"]) for f in reply.json()["files"]}
    for name, data in (
        ("gbk.txt", text.encode("gbk")),
        ("utf16.txt", text.encode("utf-16")),
        ("big5.txt", "臺北市政府今日宣布，將於下個月起調整公車票價。\n".encode("big5")),
    ):
        decoded = files.decode(data)
        assert got[name] == (decoded.encoding, decoded.text)
    assert got["gbk.txt"] == ("gb18030", text)
    assert got["utf8-bom.txt"] == ("utf-8-sig", text)
    assert got["頁面.md"] == ("utf-8", text)


def test_binary_undecodable_and_empty_files_get_a_message_each(client):
    reply = upload(
        client,
        ("picture.png", PNG),
        ("noise.txt", bytes(range(0x80, 0x100)) * 4),
        ("empty.txt", b""),
        ("good.txt", "近日，市统计局。".encode("gbk")),
    ).json()["files"]
    by_name = {f["name"]: f for f in reply}
    assert [f["name"] for f in reply] == ["picture.png", "noise.txt", "empty.txt", "good.txt"]
    assert by_name["picture.png"]["error"] == "not a text file (NUL bytes)"
    assert by_name["noise.txt"]["error"] == "not a text file (no plausible text encoding)"
    assert by_name["empty.txt"]["error"] == "the file is empty: nothing to clean"
    assert "text" not in by_name["picture.png"]
    assert by_name["good.txt"]["text"] == "近日，市统计局。"
    assert by_name["picture.png"]["size"] == len(PNG)


def test_a_file_over_the_limit_gets_a_message_and_the_others_are_read():
    with small_client(1000) as c:
        reply = upload(c, ("big.txt", b"a" * 1001), ("small.txt", b"abc")).json()["files"]
    assert reply[0] == {
        "name": "big.txt",
        "size": 1001,
        "error": "the file is larger than the 1000 bytes limit",
    }
    assert reply[1]["text"] == "abc"


def test_files_sent_together_share_the_limit():
    with small_client(1000) as c:
        reply = upload(c, ("a.txt", b"a" * 600), ("b.txt", b"b" * 600)).json()["files"]
    assert reply[0]["text"] == "a" * 600
    assert "send this one on its own" in reply[1]["error"]


def test_an_upload_far_over_the_limit_is_refused_as_a_whole():
    with small_client(1000) as c:
        response = upload(c, ("huge.txt", b"a" * (5 << 20)))
    assert response.status_code == 413
    assert "are not read" in response.json()["error"]


def test_many_files_at_once(client):
    named = [(f"page-{k:03d}.txt", f"第{k}页， 近日。\n".encode("gbk")) for k in range(150)]
    reply = upload(client, *named).json()["files"]
    assert [f["name"] for f in reply] == [name for name, _ in named]
    assert all(f["text"] == f"第{k}页， 近日。\n" for k, f in enumerate(reply))


def test_files_past_the_count_limit_get_a_message():
    with small_client(1 << 20, max_files=3) as c:
        reply = upload(c, *[(f"{k}.txt", b"abc") for k in range(5)]).json()["files"]
    assert [f.get("text") for f in reply[:3]] == ["abc"] * 3
    assert all(f["error"] == "not read: more than 3 files in one upload" for f in reply[3:])


def test_file_names_lose_their_folders(client):
    reply = upload(client, ("../../etc/passwd", b"abc"), ("a\\b\\c.txt", b"abc")).json()
    assert [f["name"] for f in reply["files"]] == ["passwd", "c.txt"]


def test_files_endpoint_refuses_what_is_not_a_file_upload(client):
    response = client.post(
        "/api/files", content=b"abc", headers={"Content-Type": "text/plain", **SAME_ORIGIN}
    )
    assert response.status_code == 400 and "multipart/form-data" in response.json()["error"]
    response = client.post("/api/files", data={"other": "x"}, files={"x": ("a", b"b")})
    assert response.status_code == 400 and "no files" in response.json()["error"]


def test_nothing_is_written_to_disk(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a temporary file was made")

    for name in ("SpooledTemporaryFile", "TemporaryFile", "NamedTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, refuse)
    text = SEEDS[1].read_text(encoding="utf-8") * 300
    big = text.encode("gb18030")  # 2.6 MB: past the size where Starlette spools to disk
    reply = upload(client, ("big.txt", big)).json()["files"]
    assert reply[0]["encoding"] == "gb18030" and reply[0]["text"] == text


# ---------------------------------------------------------------- origins and hosts


def test_other_sites_pages_are_refused(client):
    text = {"text": "近日， 市统计局"}
    refused = [
        {"Origin": "http://evil.example"},
        {"Origin": "http://127.0.0.1:9999"},  # another local page is another origin
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": BASE, "Sec-Fetch-Site": "cross-site"},
    ]
    for headers in refused:
        response = client.post("/api/clean", json=text, headers=headers)
        assert response.status_code == 403, headers
        assert "refused" in response.json()["error"]
    response = client.post(
        "/api/files",
        files=[("files", ("a.txt", b"abc"))],
        headers={"Origin": "http://evil.example"},
    )
    assert response.status_code == 403
    assert client.get("/api/rules", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    # The page's own requests, and clients that are not browsers, are served.
    assert client.post("/api/clean", json=text, headers=SAME_ORIGIN).status_code == 200
    assert client.post("/api/clean", json=text).status_code == 200


def test_a_link_from_elsewhere_may_open_the_page_but_not_load_its_parts(client):
    navigate = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}
    assert client.get("/", headers=navigate).status_code == 200
    no_cors = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"}
    assert client.get("/static/app.js", headers=no_cors).status_code == 403
    assert (
        client.get(
            "/", headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "nested-navigate"}
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    "host, allowed",
    [
        ("127.0.0.1:8765", True),
        ("localhost:8765", True),
        ("LOCALHOST", True),
        ("[::1]:8765", True),
        ("127.0.0.2", True),
        ("evil.example:8765", False),  # DNS rebinding: a name of its own that points here
        ("localhost.evil.example", False),
        ("testserver", False),
        ("192.168.1.10:8765", False),
        ("127.0.0.1:port", False),
    ],
)
def test_only_this_machines_names_are_answered(client, host, allowed):
    response = client.get("/api/rules", headers={"Host": host})
    assert (response.status_code == 200) is allowed, response.text
    if not allowed:
        assert "answers only to this machine's own names" in response.json()["error"]


def test_same_origin_check_compares_ports_and_ipv6():
    with TestClient(create_app(), base_url="http://[::1]:8765") as c:
        ok = c.post("/api/clean", json={"text": "a"}, headers={"Origin": "http://[::1]:8765"})
        assert ok.status_code == 200
        other = c.post("/api/clean", json={"text": "a"}, headers={"Origin": "http://[::1]:8766"})
        assert other.status_code == 403


def test_host_policy_for_other_bind_addresses():
    wildcard = HostPolicy("0.0.0.0")
    assert wildcard.allows("192.168.1.10") and wildcard.allows("[fe80::1]")
    assert wildcard.allows(socket.gethostname())
    assert not wildcard.allows("evil.example")
    one = HostPolicy("192.168.1.10")
    assert one.allows("192.168.1.10") and one.allows("localhost")
    assert not one.allows("192.168.1.11") and not one.allows("evil.example")
    named = HostPolicy("127.0.0.1", extra=("notes.lan",))
    assert named.allows("notes.lan") and not named.allows("evil.example")
    with TestClient(create_app(bind="0.0.0.0"), base_url="http://10.1.2.3:8765") as c:
        assert c.get("/api/rules").status_code == 200


# ---------------------------------------------------------------- the command


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cleantext")
    add_serve_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["serve", *argv])


def test_serve_flags():
    args = parse()
    assert (args.host, args.port, args.open, args.max_size) == ("127.0.0.1", 8765, False, 50.0)
    args = parse("--host", "0.0.0.0", "--port", "0", "--open", "--max-size", "2.5")
    assert (args.host, args.port, args.open, args.max_size) == ("0.0.0.0", 0, True, 2.5)
    for bad in (["--max-size", "0"], ["--max-size", "lots"], ["--port", "70000"]):
        with pytest.raises(SystemExit):
            parse(*bad)


def test_page_url():
    assert page_url("127.0.0.1", 8765) == "http://127.0.0.1:8765/"
    assert page_url("::", 8765) == "http://127.0.0.1:8765/"


def test_a_port_in_use_is_a_clear_error(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        status = run("127.0.0.1", busy.getsockname()[1], out=io.StringIO())
    assert status == 2
    err = capsys.readouterr().err
    assert "cannot listen on 127.0.0.1:" in err and "--port 0" in err


def serve_process(*argv: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cleantext.serve", "--port", "0", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    try:
        _, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:  # pragma: no cover
        process.kill()
        _, err = process.communicate()
    return err


def test_the_server_binds_loopback_and_serves_the_page():
    process = serve_process()
    try:
        line = process.stdout.readline()
        match = re.fullmatch(r"cleantext serve: (http://127\.0\.0\.1:(\d+)/)\n", line)
        assert match, line
        url = match.group(1)
        for _ in range(100):
            try:
                with urllib.request.urlopen(url + "api/rules", timeout=5) as response:
                    info = json.load(response)
                break
            except OSError:
                time.sleep(0.1)
        assert info["limits"]["max_bytes"] == 50 * 1024 * 1024
    finally:
        err = stop(process)
    assert "warning" not in err


def test_a_server_told_to_listen_beyond_loopback_warns():
    process = serve_process("--host", "0.0.0.0", "--max-size", "1")
    try:
        line = process.stdout.readline()
        assert line.startswith("cleantext serve: http://127.0.0.1:")
    finally:
        err = stop(process)
    assert "warning: serving on every network interface, not only on this machine" in err
