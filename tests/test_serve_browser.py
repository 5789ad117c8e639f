"""``cleantext serve`` end to end: the real server, the page in headless Chromium.

Playwright for Python drives the system's Chromium (Debian's ``chromium``
package) through ``executable_path``: Playwright's own browser download is
not needed and not used.  The tests skip, saying why, when Playwright or
Chromium is missing, unless ``CLEANTEXT_REQUIRE_BROWSER=1`` is set (as CI
sets it), where a missing browser is a failure: CI must really run them.
``CLEANTEXT_CHROMIUM`` names another Chromium binary.

The run saves screenshots of the page with a seed page cleaned:
``docs/serve.png`` (desktop width, shown in the README) and
``docs/serve-phone.png`` (phone width).  Where no Chinese font is installed
(``fc-list :lang=zh`` finds none) they would show empty boxes, so they go to
the test's temporary folder instead and the committed ones stay.
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import cleantext

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DOCS = ROOT / "docs"
MAX_MB = 1  # the server's --max-size here, so that an oversized file is cheap

#: Rasterize on one thread, in software: the same screenshot on every run.
RENDER_FLAGS = ["--disable-gpu", "--disable-partial-raster", "--num-raster-threads=1"]

REQUIRED = os.environ.get("CLEANTEXT_REQUIRE_BROWSER", "") not in ("", "0")


def _absent(reason: str):
    if REQUIRED:
        pytest.fail(f"{reason} (CLEANTEXT_REQUIRE_BROWSER is set)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def _chromium() -> str | None:
    named = os.environ.get("CLEANTEXT_CHROMIUM")
    if named:
        return named
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:
    _absent("Playwright for Python is not installed (pip install playwright)")
try:
    import starlette  # noqa: F401
    import uvicorn  # noqa: F401
except ImportError:
    _absent("the serve extra is not installed (pip install 'cleantext[serve]')")
CHROMIUM = _chromium()
if CHROMIUM is None:
    _absent("no Chromium found (apt-get install chromium, or set CLEANTEXT_CHROMIUM)")


def start_server(*flags: str):
    """The real server (``python -m cleantext.serve``) on a free loopback port."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [sys.executable, "-m", "cleantext.serve", "--port", "0", *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    line = process.stdout.readline()
    match = re.fullmatch(r"cleantext serve: (http://127\.0\.0\.1:\d+/)\n", line)
    if not match:
        process.kill()
        pytest.fail(f"the server did not start: {line!r} {process.stderr.read()}")
    try:
        yield match.group(1)
    finally:
        process.terminate()
        try:
            process.communicate(timeout=20)
        except subprocess.TimeoutExpired:  # pragma: no cover
            process.kill()
            process.communicate()


@pytest.fixture(scope="module")
def server():
    yield from start_server("--max-size", str(MAX_MB))


@pytest.fixture(scope="module")
def default_server():
    """As ``cleantext serve`` starts with no flags (for the screenshots)."""
    yield from start_server()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=RENDER_FLAGS)
        except Exception as exc:  # noqa: BLE001  (a broken install: say which binary)
            _absent(f"Chromium at {CHROMIUM} does not start: {exc}")
        yield browser
        browser.close()


@pytest.fixture
def context(browser, server):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
        locale="en-US",
        color_scheme="light",
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    yield context
    context.close()


def open_page(context, server):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.goto(server)
    page.wait_for_selector("body[data-ready='1']")
    page.errors = errors  # type: ignore[attr-defined]
    return page


def settle(page) -> None:
    """Wait until no request is in flight and no update is pending."""
    page.wait_for_timeout(450)  # the typing debounce
    page.wait_for_function("() => document.body.dataset.busy === '0'")


def text_of(page, selector: str) -> str:
    return page.eval_on_selector(selector, "el => el.textContent")


def paste(page, text: str) -> None:
    """Paste ``text`` into the text area as a person would: clipboard, then Ctrl+V."""
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    page.focus("#source")
    page.keyboard.press("Control+V")
    settle(page)


def drop_files(page, files: dict[str, bytes]) -> None:
    """Drop ``files`` on the drop zone, as dragging them from a file manager does."""
    payload = [{"name": n, "b64": base64.b64encode(d).decode("ascii")} for n, d in files.items()]
    page.evaluate(
        """files => {
            const transfer = new DataTransfer();
            for (const f of files) {
                const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
                transfer.items.add(new File([bytes], f.name));
            }
            const zone = document.querySelector("#drop");
            for (const type of ["dragenter", "dragover", "drop"]) {
                const init = {bubbles: true, cancelable: true, dataTransfer: transfer};
                zone.dispatchEvent(new DragEvent(type, init));
            }
        }""",
        payload,
    )
    settle(page)


# ---------------------------------------------------------------- the acceptance path


def test_paste_a_seed_page_see_the_edits_and_switch_line_wrap_off(context, server):
    page = open_page(context, server)
    seed = SEEDS[0].read_text(encoding="utf-8")
    paste(page, seed)

    assert page.input_value("#source") == seed
    assert text_of(page, "#input-view") == seed
    assert text_of(page, "#output-view") == cleantext.fix(seed)
    marks = page.locator("#output-view mark.edit")
    assert marks.count() > 10
    assert page.locator("#input-view mark.edit").count() == marks.count()
    rules_shown = set(" ".join(marks.evaluate_all("ms => ms.map(m => m.dataset.rules)")).split())
    assert {"line-wrap", "cjk-space", "fake-bold"} <= rules_shown
    expect(page.locator("#status")).to_contain_text("edits by")

    # Hover: the rule's name and what it repairs.
    fake_bold = page.locator("#output-view mark.edit[data-rules~='fake-bold']").first
    fake_bold.hover()
    tip = page.locator("#tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("fake-bold")
    summaries = {r.name: r.summary for r in cleantext.all_rules()}
    expect(tip).to_contain_text(summaries["fake-bold"])
    # The same edit is marked on the other side.
    region = fake_bold.get_attribute("data-region")
    counterpart = page.locator(f"#input-view mark[data-region='{region}']")
    expect(counterpart).to_have_class(re.compile(r"\bactive\b"))
    page.mouse.move(0, 0)
    expect(tip).to_be_hidden()

    # Keyboard: the edits are reachable and described without a mouse.
    page.focus("#output-view")
    page.keyboard.press("ArrowRight")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert re.match(r"Edit 1 of \d+: [a-z-]+: ", focused), focused
    expect(tip).to_be_visible()
    first_rule = page.evaluate("document.activeElement.dataset.rules").split()[0]
    expect(tip).to_contain_text(summaries[first_rule])
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.region") == "1"
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()

    # Switch line-wrap off: the line breaks come back.
    joined = text_of(page, "#output-view")
    page.get_by_role("checkbox", name="line-wrap").uncheck()
    settle(page)
    unjoined = text_of(page, "#output-view")
    assert unjoined == cleantext.fix(seed, ignore=["line-wrap"])
    assert unjoined.count("\n") > joined.count("\n") + 10
    assert page.locator("#output-view mark.edit[data-rules~='line-wrap']").count() == 0
    page.get_by_role("checkbox", name="line-wrap").check()
    settle(page)
    assert text_of(page, "#output-view") == joined

    # Options: pangu and conversion.
    page.get_by_label("Pangu spacing").check()
    settle(page)
    assert text_of(page, "#output-view") == cleantext.fix(seed, pangu=True)
    page.get_by_label("Convert script").select_option("s2t")
    settle(page)
    assert text_of(page, "#output-view") == cleantext.fix(seed, pangu=True, convert="s2t")

    # Copy with one click.
    page.get_by_label("Pangu spacing").uncheck()
    page.get_by_label("Convert script").select_option("")
    settle(page)
    page.get_by_role("button", name="Copy clean text").click()
    expect(page.locator("#status")).to_have_text("Copied the clean text.")
    assert page.evaluate("navigator.clipboard.readText()") == joined

    # Download the result.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download", exact=True).click()
    assert download.value.suggested_filename == "clean.txt"
    assert Path(download.value.path()).read_bytes() == joined.encode("utf-8")
    assert page.errors == []


def test_drop_a_gbk_file_and_a_binary_file_then_download_them(context, server):
    page = open_page(context, server)
    gbk_text = SEEDS[4].read_text(encoding="utf-8")
    big5_text = "臺北市政府今日宣布， 將於下個月起調整公車票價。\n"
    drop_files(
        page,
        {
            "圖片.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(200),
            "gbk-page.txt": gbk_text.encode("gbk"),
            "empty.txt": b"",
            "big5.txt": big5_text.encode("big5"),
            "huge.txt": b"a" * (MAX_MB * 1024 * 1024 + 1),
        },
    )
    items = page.locator("#files li")
    expect(items).to_have_count(5)
    errors = page.locator("#files li[data-state='error']")
    expect(errors).to_have_count(3)
    expect(errors.filter(has_text="圖片.png")).to_contain_text("not a text file (NUL bytes)")
    expect(errors.filter(has_text="empty.txt")).to_contain_text("the file is empty")
    expect(errors.filter(has_text="huge.txt")).to_contain_text(f"larger than the {MAX_MB} MB limit")
    expect(page.locator("#notice")).to_contain_text(
        "3 files could not be read: 圖片.png: not a text"
    )

    # The GBK file is read as the command line reads it, and cleaned.
    gbk_button = page.locator("#files").get_by_role("button", name=re.compile("gbk-page.txt"))
    expect(gbk_button).to_have_attribute("aria-pressed", "true")
    expect(gbk_button).to_contain_text("gb18030")
    assert page.input_value("#source") == gbk_text
    assert text_of(page, "#output-view") == cleantext.fix(gbk_text)
    assert page.locator("#output-view mark.edit").count() > 0

    with page.expect_download() as download:
        page.get_by_role("button", name="Download gbk-page.txt").click()
    assert download.value.suggested_filename == "gbk-page.txt"
    assert Path(download.value.path()).read_bytes() == cleantext.fix(gbk_text).encode("utf-8")

    # Switching files, and downloading all of them (a zip made in the page).
    page.locator("#files").get_by_role("button", name=re.compile("big5.txt")).click()
    settle(page)
    assert text_of(page, "#output-view") == cleantext.fix(big5_text)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download all (.zip)").click()
    assert download.value.suggested_filename == "cleantext.zip"
    with zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())) as archive:
        assert archive.testzip() is None
        contents = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    assert contents == {
        "gbk-page.txt": cleantext.fix(gbk_text),
        "big5.txt": cleantext.fix(big5_text),
    }
    assert page.errors == []


def test_choose_files_with_the_file_picker(context, server, tmp_path):
    page = open_page(context, server)
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("近日， 市统计局通过热线。\n".encode("utf-16"))
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Choose files…").click()
    chooser.value.set_files([str(utf16)])
    settle(page)
    expect(
        page.locator("#files").get_by_role("button", name=re.compile("utf16.txt"))
    ).to_contain_text("utf-16")
    assert text_of(page, "#output-view") == "近日，市统计局通过热线。\n"


def test_keyboard_focus_order_and_labels(context, server):
    page = open_page(context, server)
    order = []
    for _ in range(4):
        page.keyboard.press("Tab")
        order.append(page.evaluate("(el => el.id || el.tagName)(document.activeElement)"))
    assert order[:3] == ["skip", "source", "choose"], order
    for name in ("Paste the text to clean", "Convert script", "Pangu spacing"):
        expect(page.get_by_label(name)).to_have_count(1)
    for rule in cleantext.all_rules():
        if rule.name != "convert":
            name = re.compile(rf"^{re.escape(rule.name)}\b")
            expect(page.get_by_role("checkbox", name=name)).to_have_count(1)
    expect(page.get_by_role("checkbox", name="normalize")).to_be_disabled()
    expect(page.get_by_role("region", name="Clean text")).to_be_visible()


def test_typing_updates_the_result(context, server):
    page = open_page(context, server)
    page.focus("#source")
    page.keyboard.type("近日， 市统计局通过“0578-\n12340”热线")
    settle(page)
    assert text_of(page, "#output-view") == "近日，市统计局通过“0578-12340”热线"
    expect(page.locator("#output-view mark.edit")).to_have_count(2)


@pytest.fixture
def other_origin():
    """Another local web server: a page at another origin on this machine."""
    import http.server
    import threading

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = b"<!doctype html><title>another page</title>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_a_page_of_another_origin_cannot_use_the_server(context, server, other_origin):
    """Another local page (another port, so another origin) is refused.

    (A page from the internet is stopped by Chromium itself before it reaches
    a loopback address: its local network access protection.)
    """
    page = open_page(context, server)
    other = context.new_page()
    other.goto(other_origin)
    failures = []
    other.on("requestfailed", lambda r: failures.append((r.url.rsplit("/", 1)[1], r.failure)))
    outcome = other.evaluate(
        """async (url) => {
            const form = new FormData();
            form.append("files", new File(["近日， 市统计局"], "a.txt"));
            const tries = [
                fetch(url + "api/clean", {method: "POST", mode: "no-cors",
                    headers: {"Content-Type": "text/plain"}, body: '{"text": "近日， 市统计局"}'}),
                fetch(url + "api/files", {method: "POST", mode: "no-cors", body: form}),
                fetch(url + "api/clean", {method: "POST",
                    headers: {"Content-Type": "application/json"}, body: '{"text": "a"}'}),
                fetch(url + "api/rules"),
            ];
            const results = await Promise.allSettled(tries);
            return results.map((r) => r.status === "fulfilled" ? r.value.type : "error");
        }""",
        server,
    )
    assert outcome == ["error"] * 4
    # The simple requests (which need no preflight) reached the server, whose
    # answer (a 403, see test_serve.py) the browser then withheld from the
    # page (Cross-Origin-Resource-Policy); the others were stopped by the
    # browser, as the server sends no CORS headers.
    failures.sort()
    assert [name for name, _ in failures] == ["clean", "clean", "files", "rules"]
    blocked = [name for name, why in failures if why.startswith("net::ERR_BLOCKED_BY_RESPONSE")]
    assert sorted(blocked) == ["clean", "files"], failures
    # The page itself, at its own origin, still works.
    paste(page, "近日， 市统计局")
    assert text_of(page, "#output-view") == "近日，市统计局"


# ---------------------------------------------------------------- screenshots


def _has_chinese_font() -> bool:
    try:
        found = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(found.stdout.strip())


def test_screenshots_desktop_and_phone(browser, default_server, tmp_path):
    server = default_server
    folder = DOCS if _has_chinese_font() else tmp_path
    folder.mkdir(exist_ok=True)
    seed = SEEDS[3].read_text(encoding="utf-8")
    for name, viewport in (
        ("serve.png", {"width": 1280, "height": 900}),
        ("serve-phone.png", {"width": 390, "height": 844}),
    ):
        phone = viewport["width"] < 640
        context = browser.new_context(
            viewport=viewport, device_scale_factor=1, locale="en-US", color_scheme="light"
        )
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
        try:
            page = open_page(context, server)
            paste(page, seed)
            page.evaluate("document.querySelector('#source').scrollTop = 0")
            # Nothing sticks out sideways, at either width.
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            box_in = page.locator("#input-view").bounding_box()
            box_out = page.locator("#output-view").bounding_box()
            if phone:
                assert box_in["x"] == box_out["x"]  # one above the other
                page.locator("#source").blur()
                page.screenshot(path=str(folder / name), full_page=True)
            else:
                assert box_out["x"] > box_in["x"] + box_in["width"]  # side by side
                # One edit's description shown, as on hover or keyboard focus.
                page.locator("#output-view mark.edit[data-rules~='punct-width']").nth(2).focus()
                page.evaluate("window.scrollTo(0, 0)")
                page.evaluate("window.dispatchEvent(new Event('scroll'))")
                expect(page.locator("#tip")).to_be_visible()
                page.screenshot(path=str(folder / name))
            assert page.errors == []
        finally:
            context.close()
