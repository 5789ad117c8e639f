"""The ASGI application behind ``cleantext serve`` (Starlette).

Routes
    ``GET /``
        The page (``static/index.html``); ``GET /static/NAME`` its script and
        style sheet.  All three ship in the package and are held in memory.
    ``GET /api/rules``
        ``{"rules": [{"name", "summary", "family", "default", "required"}],
        "conversions": [...], "limits": {"max_bytes", "max_files",
        "max_edits"}, "version"}``.
    ``POST /api/clean``
        JSON ``{"text", "ignore": [names], "convert": null | "s2t" | ...,
        "pangu": false}`` → ``{"clean", "changed", "edits", "regions",
        "total_edits", "truncated"}``.  ``edits`` are ``cleantext.explain``'s
        (``rule``, ``line``, ``column``, ``before``, ``after``, ``start``,
        ``end``: offsets in the input, counted in code points) plus the rule's
        ``summary``; ``regions`` group them by place, ``{"input": [start,
        end], "output": [start, end], "edits": [indices]}``, with offsets in
        UTF-16 code units (JavaScript string indices) on both sides.  At most
        ``max_edits`` edits are sent (``truncated`` says when there were more).
        ``placed`` is false for a long text whose edits could not be placed
        in time (:func:`cleantext.serve.regions.page_edits`): then there are
        no edits and one region covers everything that changed.
    ``POST /api/files``
        ``multipart/form-data`` with one or more ``files`` parts →
        ``{"files": [{"name", "size", "encoding", "text"} or {"name", "size",
        "error"}]}``, decoded as the command line decodes files (see
        :mod:`cleantext.serve.uploads`).

Errors are ``{"error": message}`` with a 4xx status.  Nothing is written to
disk; cleaning and decoding run in worker threads so the server stays
responsive while a large text is being cleaned.
"""

from __future__ import annotations

import json
from importlib import resources

import cleantext
from cleantext import Config, ConfigError

from .guard import Guard, HostPolicy
from .regions import page_edits, utf16_offsets
from .uploads import UploadError, decode_upload, megabytes, read_uploads

#: Default size limit of a text or file: 50 MB.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Files read from one request at most.
DEFAULT_MAX_FILES = 200
#: Edits sent back for one text at most (the page cannot show millions).
DEFAULT_MAX_EDITS = 20_000

#: OpenCC configurations offered on the page: (name, label).
CONVERSIONS: tuple[tuple[str, str], ...] = (
    ("t2s", "traditional → simplified"),
    ("s2t", "simplified → traditional"),
    ("s2tw", "simplified → traditional (Taiwan)"),
    ("s2twp", "simplified → traditional (Taiwan, with phrases)"),
    ("tw2s", "traditional (Taiwan) → simplified"),
    ("tw2sp", "traditional (Taiwan) → simplified, with phrases"),
    ("s2hk", "simplified → traditional (Hong Kong)"),
    ("hk2s", "traditional (Hong Kong) → simplified"),
)

STATIC_FILES: dict[str, str] = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
}


def _load_static() -> dict[str, bytes]:
    root = resources.files("cleantext.serve").joinpath("static")
    return {name: root.joinpath(name).read_bytes() for name in STATIC_FILES}


def _json_bytes(obj) -> bytes:
    try:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates in an edit's "before": escape them
        return json.dumps(obj, separators=(",", ":")).encode("ascii")


def rules_info() -> list[dict]:
    """The rules as the page lists them, in pipeline order."""
    return [
        {
            "name": r.name,
            "summary": r.summary,
            "family": getattr(r, "family", ""),
            "default": bool(r.default),
            "required": bool(r.required),
        }
        for r in cleantext.all_rules()
    ]


def parse_options(payload: dict) -> Config:
    """``ignore``, ``convert`` and ``pangu`` from a request → :class:`cleantext.Config`."""
    ignore = payload.get("ignore") or []
    if not isinstance(ignore, list) or not all(isinstance(n, str) for n in ignore):
        raise ConfigError("ignore must be a list of rule names")
    convert = payload.get("convert") or None
    if convert is not None and not isinstance(convert, str):
        raise ConfigError("convert must be an OpenCC configuration name or null")
    pangu = payload.get("pangu", False)
    if not isinstance(pangu, bool):
        raise ConfigError("pangu must be true or false")
    return Config(ignore=tuple(ignore), convert=convert, pangu=pangu)


def clean_report(text: str, config: Config, max_edits: int = DEFAULT_MAX_EDITS) -> dict:
    """The ``/api/clean`` reply for ``text`` (see the module docstring)."""
    clean = cleantext.fix(text, config)
    edits, found, placed = page_edits(text, clean, config)
    summaries = {r.name: r.summary for r in cleantext.all_rules()}
    kept_regions = []
    kept = 0
    for region in found:
        if kept + len(region.edits) > max_edits:
            break
        kept_regions.append(region)
        kept += len(region.edits)
    index: dict[int, int] = {}
    out_edits = []
    for region in kept_regions:
        for k in region.edits:
            index[k] = len(out_edits)
            e = edits[k]
            out_edits.append(
                {
                    "rule": e.rule,
                    "summary": summaries.get(e.rule, ""),
                    "line": e.line,
                    "column": e.column,
                    "before": e.before,
                    "after": e.after,
                    "start": e.start,
                    "end": e.end,
                }
            )
    in16, out16 = utf16_offsets(text), utf16_offsets(clean)
    return {
        "clean": clean,
        "changed": clean != text,
        "edits": out_edits,
        "regions": [
            {
                "input": [in16(r.start), in16(r.end)],
                "output": [out16(r.out_start), out16(r.out_end)],
                "edits": [index[k] for k in r.edits],
            }
            for r in kept_regions
        ],
        "total_edits": len(edits),
        "truncated": len(out_edits) < len(edits),
        "placed": placed,
    }


def create_app(
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    bind: str = "127.0.0.1",
    allowed_hosts: tuple[str, ...] = (),
    max_files: int = DEFAULT_MAX_FILES,
    max_edits: int = DEFAULT_MAX_EDITS,
):
    """The Starlette application, behind :class:`~cleantext.serve.guard.Guard`.

    ``max_bytes`` limits a pasted text (UTF-8 bytes) and each file; ``bind``
    is the address the server listens on and ``allowed_hosts`` more host
    names to answer to (see :class:`~cleantext.serve.guard.HostPolicy`).
    """
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    static = _load_static()

    def reply(obj, status: int = 200) -> Response:
        return Response(
            _json_bytes(obj),
            status_code=status,
            media_type="application/json",
            headers={"cache-control": "no-store"},
        )

    def error(message: str, status: int) -> Response:
        return reply({"error": message}, status)

    async def index(request: Request) -> Response:
        return Response(
            static["index.html"],
            media_type=STATIC_FILES["index.html"],
            headers={"cache-control": "no-cache"},
        )

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in static or name == "index.html":
            return error("not found", 404)
        return Response(
            static[name], media_type=STATIC_FILES[name], headers={"cache-control": "no-cache"}
        )

    async def api_rules(request: Request) -> Response:
        return reply(
            {
                "rules": rules_info(),
                "conversions": [{"name": n, "label": label} for n, label in CONVERSIONS],
                "limits": {
                    "max_bytes": max_bytes,
                    "max_size": megabytes(max_bytes),
                    "max_files": max_files,
                    "max_edits": max_edits,
                },
                "version": cleantext.__version__,
            }
        )

    async def read_body(request: Request, limit: int) -> bytes | None:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return None
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                return None
        return bytes(body)

    async def api_clean(request: Request) -> Response:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media != "application/json":
            return error("send JSON (Content-Type: application/json)", 415)
        body = await read_body(request, 2 * max_bytes + 65536)
        too_big = f"the text is larger than the {megabytes(max_bytes)} limit"
        if body is None:
            return error(too_big, 413)
        try:
            payload = json.loads(body)
        except ValueError as exc:
            return error(f"malformed JSON: {exc}", 400)
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
            return error('expected {"text": "...", ...}', 400)
        text = payload["text"]
        if len(text) > max_bytes or len(text.encode("utf-8", "surrogatepass")) > max_bytes:
            return error(too_big, 413)
        try:
            config = parse_options(payload)
            report = await run_in_threadpool(clean_report, text, config, max_edits)
        except ConfigError as exc:
            return error(str(exc), 400)
        return reply(report)

    async def api_files(request: Request) -> Response:
        try:
            uploads = await read_uploads(
                request.headers.get("content-type", ""),
                request.stream(),
                max_bytes=max_bytes,
                max_files=max_files,
            )
        except UploadError as exc:
            return error(exc.message, exc.status)
        if not uploads:
            return error("no files: send them as 'files' parts of a multipart form", 400)
        replies = []
        for upload in uploads:
            replies.append(await run_in_threadpool(decode_upload, upload))
            upload.data = None  # let the bytes go as soon as they are decoded
        return reply({"files": replies})

    app = Starlette(
        routes=[
            Route("/", index, methods=["GET"]),
            Route("/static/{name}", asset, methods=["GET"]),
            Route("/api/rules", api_rules, methods=["GET"]),
            Route("/api/clean", api_clean, methods=["POST"]),
            Route("/api/files", api_files, methods=["POST"]),
        ],
        middleware=[Middleware(Guard, policy=HostPolicy(bind, allowed_hosts))],
    )
    app.state.max_bytes = max_bytes
    return app
