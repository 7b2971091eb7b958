"""What a hostile or broken server does, on 127.0.0.1, for what Radicale and Xandikos cannot be
made to do: a witness that records whoever reaches it, answers built to mislead, a Digest login
in front of a real server, and a way to measure what a calsync run cost in memory.

    with Witness() as elsewhere:          # another host (port), that must never be reached
        proxy.answer_next(1, ["PUT"], redirect_to(elsewhere.url("/x.ics"), 307))
        ...
        assert elsewhere.requests == []
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.server
import os
import re
import secrets
import ssl
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import servers
from servers import HOST, Headers, Reply, Request

REALM = "calsync-tests"


@dataclass
class Seen:
    method: str
    path: str
    headers: Headers
    body: bytes


class Witness:
    """An HTTP (or HTTPS, with `certificate`) server on 127.0.0.1 that records every request and
    answers each with `reply` (default: a 401 asking for Basic and Digest, so a client that would
    hand over a password does, and is seen doing it)."""

    def __init__(self, reply: Reply | None = None, certificate: tuple[Path, Path] | None = None):
        self.reply = reply or Reply(
            401,
            [
                ("WWW-Authenticate", f'Digest realm="{REALM}", nonce="{secrets.token_hex(8)}", '
                                     'qop="auth", algorithm=MD5'),
                ("WWW-Authenticate", f'Basic realm="{REALM}"'),
            ],
            b"log in\n",
        )  # fmt: skip
        self.requests: list[Seen] = []
        self._certificate = certificate
        self._httpd: http.server.ThreadingHTTPServer | None = None
        self.base_url = ""

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def __enter__(self) -> Witness:
        witness = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def __getattr__(self, name: str):
                if name.startswith("do_"):
                    return self._handle
                raise AttributeError(name)

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                witness.requests.append(
                    Seen(self.command, self.path, Headers(self.headers.items()), body)
                )
                reply = witness.reply
                self.send_response_only(reply.status)
                for key, value in reply.headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

        self._httpd = http.server.ThreadingHTTPServer((HOST, 0), Handler)
        self._httpd.daemon_threads = True
        scheme = "http"
        if self._certificate is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*map(str, self._certificate))
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
            scheme = "https"
        host = "localhost" if self._certificate is not None else HOST
        self.base_url = f"{scheme}://{host}:{self._httpd.server_address[1]}"
        threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc_info) -> None:
        assert self._httpd is not None
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def authorizations(self) -> list[str]:
        return [s.headers["Authorization"] for s in self.requests if "Authorization" in s.headers]


# -- answers -----------------------------------------------------------------------------------


def redirect_to(location: str, status: int = 302) -> Callable[[Request, Callable], Reply]:
    return lambda request, forward: Reply(status, [("Location", location)], b"moved\n")


def html_page(request: Request, forward: Callable) -> Reply:
    """What a server under maintenance answers, with 200."""
    page = b"<!DOCTYPE html><html><body><h1>Down for maintenance</h1></body></html>\n"
    return Reply(200, [("Content-Type", "text/html; charset=utf-8")], page)


def cut_in_half(request: Request, forward: Callable) -> Reply:
    """The server's real answer, cut off halfway, with a Content-Length that says so (a proxy
    whose upstream died mid-answer)."""
    real = forward()
    return Reply(real.status, real.headers, real.body[: len(real.body) // 2])


def rewrite_body(change: Callable[[bytes], bytes]) -> Callable[[Request, Callable], Reply]:
    def answer(request: Request, forward: Callable) -> Reply:
        real = forward()
        return Reply(real.status, real.headers, change(real.body))

    return answer


def hrefs_to(change: Callable[[str], str]) -> Callable[[Request, Callable], Reply]:
    """The server's real listing, with every object's href changed by `change`."""

    def each(match: re.Match) -> bytes:
        href = match[2].decode()
        return match[1] + change(href).encode() + match[3]

    pattern = re.compile(rb"(<(?:\w+:)?href>)([^<]+\.ics)(</(?:\w+:)?href>)")
    return rewrite_body(lambda body: pattern.sub(each, body))


def gzip_bomb(megabytes: int) -> Callable[[Request, Callable], Reply]:
    """A 207 whose gzip body is small on the wire and `megabytes` when decompressed."""
    body = _bomb(megabytes)

    def answer(request: Request, forward: Callable) -> Reply:
        headers = [("Content-Type", "application/xml"), ("Content-Encoding", "gzip")]
        return Reply(207, headers, body)

    return answer


_BOMBS: dict[int, bytes] = {}


def _bomb(megabytes: int) -> bytes:
    if megabytes not in _BOMBS:
        start = b'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>'
        piece = b"\0" * 2**20
        with contextlib.closing(_Buffer()) as buffer:
            with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as packed:
                packed.write(start)
                for _ in range(megabytes):
                    packed.write(piece)
            _BOMBS[megabytes] = buffer.getvalue()
    return _BOMBS[megabytes]


class _Buffer:
    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self._parts)

    def close(self) -> None:
        pass


def endless(megabytes: int) -> Callable[[Request, Callable], Reply]:
    """A 207 of `megabytes` with no Content-Length, ended by closing the line."""

    def answer(request: Request, forward: Callable) -> Reply:
        head = b'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">'
        pieces = [(head, 0.0)] + [(b"<d:response/>" * 80_000, 0.0)] * megabytes
        return Reply(207, [("Content-Type", "application/xml")], length=-1, chunks=pieces)

    return answer


def drip(text: bytes, every: float, *, head_first: bool = True) -> Callable:
    """An answer sent one byte every `every` seconds: after whole headers (`head_first`), or
    from its status line on."""

    def answer(request: Request, forward: Callable) -> Reply:
        if head_first:
            headers = [("Content-Type", "application/xml")]
            return Reply(207, headers, length=len(text), chunks=((bytes([b]), every) for b in text))
        raw = b"HTTP/1.1 207 Multi-Status\r\nContent-Length: %d\r\n\r\n" % len(text) + text
        return Reply(207, raw=((bytes([b]), every) for b in raw))

    return answer


# -- a Digest login in front of a real server --------------------------------------------------


class DigestLogin:
    """Answers for RecordingProxy.answer_next: every request must carry a valid Digest
    (RFC 7616, MD5, qop=auth) for `user` and `password`, else 401 with a fresh challenge; a
    valid one is forwarded to the real server behind. Counts what it saw."""

    def __init__(self, user: str, password: str):
        self.user = user
        self.password = password
        self.nonces: set[str] = set()
        self.accepted = 0
        self.refused = 0
        self.basic = 0  # Basic attempts: a client that falls back to sending the password

    def __call__(self, request: Request, forward: Callable) -> Reply:
        given = request.headers.get("Authorization", "")
        if given.lower().startswith("basic"):
            self.basic += 1
        if given.lower().startswith("digest") and self._valid(request, given[6:]):
            self.accepted += 1
            return forward()
        self.refused += 1
        nonce = secrets.token_hex(12)
        self.nonces.add(nonce)
        challenge = f'Digest realm="{REALM}", nonce="{nonce}", qop="auth", algorithm=MD5'
        return Reply(401, [("WWW-Authenticate", challenge)], b"unauthorized\n")

    def _valid(self, request: Request, value: str) -> bool:
        fields = {k: a or b for k, a, b in re.findall(r'(\w+)=(?:"([^"]*)"|([^,\s]*))', value)}
        if fields.get("username") != self.user or fields.get("nonce") not in self.nonces:
            return False
        if fields.get("uri") != request.path:
            return False

        def md5(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()

        ha1 = md5(f"{self.user}:{REALM}:{self.password}")
        ha2 = md5(f"{request.method}:{fields['uri']}")
        expected = md5(
            f"{ha1}:{fields['nonce']}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}"
        )
        return fields.get("response") == expected and fields.get("qop") == "auth"


# -- what a run cost ---------------------------------------------------------------------------


@dataclass
class Measured:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float


# A small Python that runs the command and writes its peak memory to a file. The command's own
# ru_maxrss would count the pages of whoever forked it (pytest, hundreds of MB by then): forked
# from this small process instead, it counts only itself.
_PEAK = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[2:]); "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
    "sys.exit(code)"
)


def measured(argv: list[str], *, env: dict | None = None, timeout: float = 120) -> Measured:
    """Run a command; its exit, output, wall time, and its own peak memory."""
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        peak = Path(scratch) / "peak"
        started = time.monotonic()
        try:
            done = subprocess.run(
                [sys.executable, "-c", _PEAK, str(peak), *argv],
                env=os.environ.copy() if env is None else env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as exc:
            tail = (exc.stderr or b"")[-2000:].decode(errors="replace")
            raise AssertionError(f"still running after {timeout} s: {tail}") from None
        seconds = time.monotonic() - started
        kilobytes = int(peak.read_text()) if peak.exists() else 0
    return Measured(
        done.returncode, done.stdout.decode(errors="replace"),
        done.stderr.decode(errors="replace"), seconds, kilobytes / 1024,
    )  # fmt: skip


def certificate(directory: Path) -> tuple[Path, Path, Path]:
    """(ca_file, cert_file, key_file) for localhost and 127.0.0.1."""
    return servers.make_certificate(directory)
