"""Files sent to the page: read into memory with limits, decoded as the command line does.

The multipart body is parsed as it streams in (python-multipart, the parser
Starlette uses), into memory only: nothing is spooled to disk, unlike
Starlette's own form parser, which rolls large uploads over into temporary
files.  Limits, each reported per file so that one bad file never costs the
others:

- a file over ``max_bytes`` is not kept (its bytes are counted and dropped);
- files past ``max_files`` in one request are not kept;
- the files kept in one request hold at most ``max_bytes`` together (the
  page sends larger sets in several requests).

The whole body may not exceed :func:`body_limit`; past it the request is
refused as a whole (413).  Decoding is :func:`cleantext.files.decode`, the
command line's decoder (UTF-8 with or without BOM, UTF-16/32, GB18030/GBK,
Big5, then detection), so a file reads the same on the page as with
``cleantext fix``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from .. import files as _files

#: Form field name of the files.
FIELD = "files"


class UploadError(Exception):
    """The request as a whole cannot be read (status and message for the reply)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def megabytes(n: int) -> str:
    """A size for messages, in MB of 1024 × 1024 bytes as ``--max-size`` counts them.

    >>> megabytes(50 * 1024 * 1024), megabytes(1536 * 1024), megabytes(2048), megabytes(1000)
    ('50 MB', '1.5 MB', '2 KB', '1000 bytes')
    """
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.3g} KB"
    mb = n / (1024 * 1024)
    return f"{mb:.3g} MB" if mb < 1000 else f"{mb:.0f} MB"


def body_limit(max_bytes: int) -> int:
    """The largest multipart body read at all: room for one oversized file to be named."""
    return 4 * max_bytes + (1 << 20)


@dataclass
class Upload:
    """One file part: its name, size in bytes, and bytes (None when not kept)."""

    name: str
    size: int = 0
    data: bytearray | None = field(default_factory=bytearray)
    error: str | None = None


def _filename(disposition: bytes) -> tuple[str | None, str | None]:
    """(form field name, file name) from a Content-Disposition header."""
    try:
        from python_multipart.multipart import parse_options_header
    except ImportError:  # python-multipart before 0.0.13
        from multipart.multipart import parse_options_header  # type: ignore[no-redef]
    _, options = parse_options_header(disposition)

    def text(key: bytes) -> str | None:
        value = options.get(key)
        return None if value is None else value.decode("utf-8", "replace")

    return text(b"name"), text(b"filename")


async def read_uploads(
    content_type: str,
    chunks: AsyncIterator[bytes],
    *,
    max_bytes: int,
    max_files: int,
) -> list[Upload]:
    """Parse a ``multipart/form-data`` body into :class:`Upload` objects."""
    try:
        from python_multipart.multipart import MultipartParser, parse_options_header
    except ImportError:  # python-multipart before 0.0.13
        from multipart.multipart import MultipartParser, parse_options_header  # type: ignore

    kind, params = parse_options_header(content_type.encode("latin-1"))
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadError(400, "expected multipart/form-data with a boundary")

    uploads: list[Upload] = []
    kept_total = 0
    state: dict = {"field": b"", "value": b"", "headers": {}, "part": None}

    def on_part_begin():
        state["headers"] = {}
        state["part"] = None

    def on_header_field(data, start, end):
        state["field"] += data[start:end]

    def on_header_value(data, start, end):
        state["value"] += data[start:end]

    def on_header_end():
        state["headers"][state["field"].lower()] = state["value"]
        state["field"] = state["value"] = b""

    def on_headers_finished():
        name, filename = _filename(state["headers"].get(b"content-disposition", b""))
        if name != FIELD or filename is None:
            state["part"] = None  # another field: ignored
            return
        upload = Upload(filename.replace("\\", "/").rsplit("/", 1)[-1][:255] or "(no name)")
        if len(uploads) >= max_files:
            upload.data = None
            upload.error = f"not read: more than {max_files} files in one upload"
        uploads.append(upload)
        state["part"] = upload

    def on_part_data(data, start, end):
        nonlocal kept_total
        upload: Upload | None = state["part"]
        if upload is None:
            return
        n = end - start
        upload.size += n
        if upload.data is None:
            return
        if upload.size > max_bytes:
            kept_total -= len(upload.data)
            upload.data = None
            upload.error = f"the file is larger than the {megabytes(max_bytes)} limit"
            return
        if kept_total + n > max_bytes:
            kept_total -= len(upload.data)
            upload.data = None
            upload.error = (
                f"not read: the files sent together are over the {megabytes(max_bytes)} "
                "limit; send this one on its own"
            )
            return
        upload.data += data[start:end]
        kept_total += n

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
        },
    )
    limit = body_limit(max_bytes)
    received = 0
    try:
        async for chunk in chunks:
            received += len(chunk)
            if received > limit:
                raise UploadError(
                    413,
                    f"the upload is over {megabytes(limit)}; files over "
                    f"{megabytes(max_bytes)} are not read",
                )
            if chunk:
                parser.write(chunk)
        parser.finalize()
    except UploadError:
        raise
    except Exception as exc:  # the parser's own errors: a malformed body
        raise UploadError(400, f"malformed multipart body: {exc}") from None
    return uploads


def decode_upload(upload: Upload) -> dict:
    """The reply for one file: its text and encoding, or a message saying why not."""
    reply: dict = {"name": upload.name, "size": upload.size}
    if upload.error is not None or upload.data is None:
        reply["error"] = upload.error or "not read"
        return reply
    if upload.size == 0:
        reply["error"] = "the file is empty: nothing to clean"
        return reply
    try:
        decoded = _files.decode(bytes(upload.data))
    except _files.NotTextError as exc:
        reply["error"] = str(exc)
        return reply
    reply["encoding"] = decoded.encoding
    reply["text"] = decoded.text
    return reply
