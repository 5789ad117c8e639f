"""Keep the local page local: refuse other origins and other host names.

A server on ``127.0.0.1`` is reachable from every page the browser has open.
Two checks stop other sites from using it:

Host
    The ``Host`` header must name this machine: a loopback name
    (``localhost``, ``*.localhost``, ``127.x.x.x``, ``[::1]``), the name the
    server was told to bind, or, when it binds every interface, an IP
    address or this machine's own host name.  A page of ``evil.example``
    whose name was re-pointed to ``127.0.0.1`` (DNS rebinding) sends
    ``Host: evil.example`` and is refused.
Origin
    A request that says where it comes from (``Origin``, or the browser's
    ``Sec-Fetch-Site``) must come from this page itself.  The API answers
    only same-origin requests; a page or file from elsewhere may link to the
    page (a top-level navigation) but not call it, frame it or load its
    scripts.

Requests without these headers (``curl``, scripts) carry no browser
credentials and pass on the host check alone.  Every response also says
``no-referrer``, ``nosniff``, no framing, and a content security policy that
allows only the page's own scripts, styles and connections.
"""

from __future__ import annotations

import ipaddress
import json
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

#: Headers on every response.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        b"connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
)

WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::", "[::]"})


def _ip(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return None


def is_loopback(name: str) -> bool:
    """Is ``name`` (a host name or address, no port) this machine's loopback?

    >>> [is_loopback(n) for n in ("localhost", "app.localhost", "127.0.0.2", "[::1]")]
    [True, True, True, True]
    >>> [is_loopback(n) for n in ("0.0.0.0", "192.168.1.2", "localhost.example.com")]
    [False, False, False]
    """
    name = name.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    ip = _ip(name)
    return ip is not None and ip.is_loopback


def split_host(value: str) -> tuple[str, int | None]:
    """``Host`` header value → (lower-case name, port or None).

    >>> split_host("LocalHost:8765"), split_host("[::1]:80"), split_host("127.0.0.1")
    (('localhost', 8765), ('[::1]', 80), ('127.0.0.1', None))
    """
    value = value.strip().lower()
    if value.startswith("["):
        name, _, rest = value.partition("]")
        name += "]"
        port = rest[1:] if rest.startswith(":") else ""
    else:
        name, _, port = value.partition(":")
    try:
        return name.rstrip("."), int(port) if port else None
    except ValueError:
        return name.rstrip("."), -1


class HostPolicy:
    """Which ``Host`` names the server answers to (see the module docstring)."""

    def __init__(self, bind: str = "127.0.0.1", extra: Iterable[str] = ()):
        self.bind = bind.lower().strip("[]")
        self.names = {n.lower().rstrip(".") for n in extra}
        self.any_ip = bind in WILDCARD_HOSTS
        if self.any_ip:
            for name in (socket.gethostname(), socket.getfqdn()):
                if name:
                    self.names.add(name.lower())
        elif not is_loopback(self.bind):
            self.names.add(self.bind)

    def allows(self, name: str) -> bool:
        name = name.lower().rstrip(".")
        if is_loopback(name) or name in self.names or name.strip("[]") in self.names:
            return True
        return self.any_ip and _ip(name) is not None


def _header(scope, key: bytes) -> str | None:
    for k, v in scope.get("headers", ()):
        if k == key:
            return v.decode("latin-1")
    return None


def refusal(scope, policy: HostPolicy) -> str | None:
    """Why the request must be refused, or None when it may go on."""
    host = _header(scope, b"host")
    if not host:
        return "no Host header"
    name, port = split_host(host)
    if port == -1 or not policy.allows(name):
        return (
            f"this server answers only to this machine's own names, not to {host!r} "
            "(a page of another site cannot reach it by a name of its own)"
        )
    api = scope.get("path", "").startswith("/api/")
    origin = _header(scope, b"origin")
    if origin is not None:
        if origin == "null":
            return "requests from pages without an origin (files, sandboxes) are refused"
        parts = urlsplit(origin)
        try:
            origin_port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return f"malformed Origin {origin!r}"
        if (parts.hostname or "", origin_port) != (name.strip("[]"), port or 80):
            return f"cross-origin request from {origin} refused"
    site = _header(scope, b"sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        navigate = _header(scope, b"sec-fetch-mode") == "navigate"
        if api or not navigate or scope.get("method") not in ("GET", "HEAD"):
            return f"{site} request refused: only this page may use it"
    return None


class Guard:
    """ASGI middleware: :func:`refusal` answers 403; security headers on every response."""

    def __init__(self, app, policy: HostPolicy):
        self.app = app
        self.policy = policy

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        reason = refusal(scope, self.policy)
        if reason is not None:
            body = json.dumps({"error": reason}).encode("utf-8")
            headers = [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                *SECURITY_HEADERS,
            ]
            await send({"type": "http.response.start", "status": 403, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {k.lower() for k, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
