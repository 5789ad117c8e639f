"""``cleantext serve``: a local page to paste or drop text into and see it cleaned.

The page shows the input and the clean text side by side with every edit
highlighted on both sides, the rule that made it and what that rule repairs
(on hover and on keyboard focus); rules can be switched off one by one, the
``convert`` and ``pangu`` options set, and the clean text copied or
downloaded, one file or all of them as a zip.

It needs the ``serve`` extra (``pip install 'cleantext[serve]'``: Starlette,
uvicorn, python-multipart).  This module imports none of them until the
server starts, so the command line and the doctests work without the extra.

Safety
    The server binds to ``127.0.0.1`` unless told otherwise, and warns when
    it is; it answers only to this machine's own host names and refuses
    requests from other sites' pages (:mod:`cleantext.serve.guard`).  Every
    asset ships in the package: no fonts or scripts from elsewhere.  Texts
    and files are held in memory only, never written to disk, and never
    leave the machine.
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
from typing import TextIO

from .guard import WILDCARD_HOSTS, is_loopback

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: Default ``--max-size``, in MB (1024 × 1024 bytes).
DEFAULT_MAX_MB = 50.0

PROG = "cleantext"


def create_app(max_bytes: int | None = None, **kwargs):
    """The Starlette application (see :func:`cleantext.serve.app.create_app`)."""
    from .app import DEFAULT_MAX_BYTES
    from .app import create_app as _create_app

    return _create_app(DEFAULT_MAX_BYTES if max_bytes is None else max_bytes, **kwargs)


class ServeError(Exception):
    """The server cannot start (missing extra, address in use)."""


def _missing_extra() -> str | None:
    missing = []
    for module, package in (
        ("starlette", "starlette"),
        ("uvicorn", "uvicorn"),
        ("python_multipart", "python-multipart"),
    ):
        try:
            __import__(module)
        except ImportError:
            if module == "python_multipart":
                try:
                    __import__("multipart.multipart")
                    continue
                except ImportError:
                    pass
            missing.append(package)
    if missing:
        return f"cleantext serve needs {', '.join(missing)}: pip install 'cleantext[serve]'"
    return None


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]") or "0.0.0.0", port))
    except OSError as exc:
        sock.close()
        hint = " (--port 0 picks any free port)" if port else ""
        reason = exc.strerror or str(exc)
        raise ServeError(f"cannot listen on {host}:{port}: {reason.lower()}{hint}") from None
    sock.set_inheritable(True)
    return sock


def page_url(host: str, port: int) -> str:
    """The address to open for a server bound to ``host``:``port``.

    >>> page_url("127.0.0.1", 8765), page_url("0.0.0.0", 80), page_url("::1", 8000)
    ('http://127.0.0.1:8765/', 'http://127.0.0.1:80/', 'http://[::1]:8000/')
    """
    if host in WILDCARD_HOSTS:
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def run(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    open_browser: bool = False,
    max_mb: float = DEFAULT_MAX_MB,
    *,
    out: TextIO | None = None,
) -> int:
    """Serve the page until interrupted; return the exit status.

    ``port`` 0 picks a free port.  The first line written to ``out``
    (standard output by default) is ``cleantext serve: URL``; warnings and
    errors go to standard error.
    """
    out = out or sys.stdout
    problem = _missing_extra()
    if problem:
        sys.stderr.write(f"{PROG}: error: {problem}\n")
        return 2
    if max_mb <= 0:
        sys.stderr.write(f"{PROG}: error: --max-size must be more than 0 MB\n")
        return 2
    import uvicorn

    if not is_loopback(host):
        where = "every network interface" if host in WILDCARD_HOSTS else host
        sys.stderr.write(
            f"{PROG}: warning: serving on {where}, not only on this machine: anyone who can "
            f"reach it on the network can send text to the page (pages of other sites are "
            f"still refused). Use --host 127.0.0.1 to keep it local.\n"
        )
    try:
        sock = _listen(host, port)
    except ServeError as exc:
        sys.stderr.write(f"{PROG}: error: {exc}\n")
        return 2
    port = sock.getsockname()[1]
    app = create_app(int(max_mb * 1024 * 1024), bind=host)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    url = page_url(host, port)
    out.write(f"{PROG} serve: {url}\n")
    out.flush()
    sys.stderr.write(f"Serving the page at {url} (Ctrl+C to stop).\n")
    if open_browser:
        threading.Thread(target=_open_when_started, args=(server, url), daemon=True).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # pragma: no cover - uvicorn handles SIGINT itself
        pass
    finally:
        sock.close()
    return 0


def _open_when_started(server, url: str) -> None:
    import time
    import webbrowser

    for _ in range(200):
        if server.started:
            webbrowser.open(url)
            return
        time.sleep(0.05)


def _megabytes(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of MB: {value!r}") from None
    if not number > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0: {value!r}")
    return number


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (0-65535): {value!r}")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The ``serve`` flags: ``--host``, ``--port``, ``--open``, ``--max-size``."""
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}, this machine only; "
        "any other address is reachable from the network and gets a warning)",
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"port to listen on (default: {DEFAULT_PORT}; 0: any free port)",
    )
    parser.add_argument("--open", action="store_true", help="open the page in the web browser")
    parser.add_argument(
        "--max-size",
        type=_megabytes,
        default=DEFAULT_MAX_MB,
        metavar="MB",
        help=f"largest text or file the page takes, in MB (default: {DEFAULT_MAX_MB:g})",
    )
    return parser


def add_serve_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``serve`` command to the command line's subparsers."""
    parser = subparsers.add_parser(
        "serve",
        help="a local page to paste or drop text into and see it cleaned",
        description="Serve a page on this machine: paste text or drop files, see every "
        "edit highlighted with its rule, switch rules off, copy or download the clean "
        "text.  Nothing is stored on disk and nothing leaves the machine.  Needs the "
        "serve extra: pip install 'cleantext[serve]'.",
    )
    return add_arguments(parser)


def run_serve(args: argparse.Namespace) -> int:
    """Run the ``serve`` command from parsed arguments."""
    return run(args.host, args.port, args.open, args.max_size)


def main(argv: list[str] | None = None) -> int:
    """``python -m cleantext.serve``: the ``serve`` command on its own."""
    parser = add_arguments(
        argparse.ArgumentParser(
            prog="python -m cleantext.serve", description=__doc__.split("\n")[0]
        )
    )
    return run_serve(parser.parse_args(argv))
