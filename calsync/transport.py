"""One HTTP exchange with a server calsync does not trust: bounded in time and size, nothing
followed and nothing sent that the caller did not choose.

Both network readers use it, a published feed (sources/download.py) and CalDAV (dav.py):

- every exchange ends by a deadline, enforced on each read and write: a server that drips one
  byte a second is cut off, not waited for (http.client's own timeout is per read);
- every answer is read up to a size cap, a compressed one counted as it decompresses;
- a `Session` talks to one origin only (scheme, host, port), so whatever a caller sends with it,
  credentials included, cannot reach another host: a redirect is an answer for the caller to
  judge, never followed here;
- only the URL decides where it connects: no proxy variables, no `.netrc`, no config files.

Imported only by what talks to a server: http.client and ssl are not for a file sync.
"""

from __future__ import annotations

import base64
import http.client
import io
import re
import select
import socket
import ssl
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

CHUNK = 64 * 1024
RETRY_STATUSES = (429, 500, 502, 503, 504)
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
SAFE_PATH = "/%:@!$&'()*+,;=-._~"
ERROR_BODY = 64 * 1024  # what is read of an answer that is not a success (then the line closes)


class Failure(Exception):
    """The exchange did not complete. `kind` says how, for the caller's message:

    timeout (no answer within the timeout), slow (not finished by the deadline), reset (the
    connection dropped or the answer was cut short), refused, dns, tls, too-big, garbled (not
    HTTP, or an encoding that cannot be decoded)."""

    RETRY = frozenset({"timeout", "reset"})

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class Origin:
    scheme: str  # http or https
    host: str
    port: int

    @classmethod
    def of(cls, url: str) -> Origin:
        """ValueError for a URL that names no http(s) host, or a port that is not one."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("not an http(s) URL")
        port = parts.port  # ValueError when it is not a number in 0-65535
        return cls(scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80))

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return f"{self.scheme}://{host}" + ("" if self.port == default else f":{self.port}")


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    url: str


def tls_context(ca_file: str | None = None, verify: bool = True) -> ssl.SSLContext:
    """Certificates checked against the system's CAs, or `ca_file`'s; `verify=False` checks
    nothing (the caller warns). OSError or ssl.SSLError for a ca_file that is not PEM."""
    context = ssl.create_default_context(cafile=ca_file)
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def tls_reason(exc: BaseException) -> str:
    """What a failed certificate check means to a user, in a few words."""
    text = f"{getattr(exc, 'verify_message', '') or ''} {exc}".lower()
    if "hostname" in text or "match" in text:
        return "the certificate is for another host name"
    if "expired" in text:
        return "the certificate has expired"
    return "certificate not trusted"


class Session:
    """Requests to one origin, over one connection kept open between them.

    Each exchange must finish within `deadline` seconds, and each read or write within
    `timeout`; an answer's body is read up to `max_bytes` (decompressed). `send` refuses a URL
    of another origin: a caller cannot hand this session's credentials to anyone else."""

    def __init__(
        self,
        origin: Origin,
        *,
        timeout: float,
        deadline: float,
        max_bytes: int,
        tls: ssl.SSLContext | None = None,
    ):
        self.origin = origin
        self.timeout = timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self._tls = tls
        self._connection: http.client.HTTPConnection | None = None
        self._sock: _BoundedSocket | None = None

    def send(self, method: str, url: str, body: bytes = b"", headers=None) -> Answer:
        """One request and its whole answer (redirects are answers like any other)."""
        if Origin.of(url) != self.origin:
            raise ValueError(f"{url!r} is not on {self.origin}")
        clock = _Clock(self.timeout, self.deadline)
        sent = {"Host": _host_header(self.origin), "Accept-Encoding": "identity", **(headers or {})}
        if body or method not in ("GET", "HEAD"):
            sent["Content-Length"] = str(len(body))
        try:
            connection = self._connect(clock)
            connection.request(method, _request_target(url), body=body or None, headers=sent)
            response = connection.getresponse()
            data = self._body(response, clock, method)
        except Failure:
            self.close()
            raise
        except BaseException as exc:
            self.close()
            raise _failure(exc) from None
        if response.will_close:
            self.close()
        return Answer(response.status, response.headers, data, url)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._sock is not None:
            self._sock.release()
            self._sock = None

    def _connect(self, clock: _Clock) -> http.client.HTTPConnection:
        if self._connection is not None and self._sock is not None:
            self._connection.sock = (
                self._sock
            )  # http.client drops it after each close-delimited answer
            self._sock.clock = clock
            return self._connection
        host, port = self.origin.host, self.origin.port
        raw = socket.create_connection((host, port), timeout=clock.left())
        try:
            raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock = raw
            if self.origin.scheme == "https":
                context = self._tls or tls_context()
                sock = context.wrap_socket(raw, server_hostname=host, do_handshake_on_connect=False)
                _handshake(sock, clock)
        except BaseException:
            raw.close()
            raise
        connection = http.client.HTTPConnection(host, port, timeout=self.timeout)
        self._sock = _BoundedSocket(sock, clock)
        connection.sock = self._sock  # http.client writes and reads through it
        self._connection = connection
        return connection

    def _body(self, response: http.client.HTTPResponse, clock: _Clock, method: str) -> bytes:
        """The body up to the cap (a failure's only the start of it), decompressed if the
        server compressed it although calsync asked it not to."""
        if method == "HEAD":
            return b""
        limit = self.max_bytes if 200 <= response.status < 300 else ERROR_BODY
        declared = response.getheader("Content-Length") or ""
        if declared.strip().isdigit() and int(declared) > limit and limit == self.max_bytes:
            raise Failure("too-big", f"{int(declared)} bytes declared")
        coding = (response.getheader("Content-Encoding") or "identity").strip().lower()
        if coding in ("gzip", "x-gzip", "deflate"):
            inflate = zlib.decompressobj(47 if "gzip" in coding else 15)
        elif coding == "identity":
            inflate = None
        else:
            raise Failure("garbled", f"content encoding {coding[:20]}")
        body = bytearray()
        while chunk := response.read(CHUNK):
            if inflate is not None:
                # At most what fits under the cap, plus one byte to tell that it did not fit.
                chunk = _inflated(inflate, chunk, limit + 1 - len(body))
            body += chunk
            if len(body) > limit:
                if limit == ERROR_BODY:
                    self.close()  # the rest is not worth reading; the line cannot be reused
                    return bytes(body[:limit])
                raise Failure("too-big", f"over {limit} bytes")
        if inflate is not None:
            body += inflate.flush()
            if len(body) > limit:
                raise Failure("too-big", f"over {limit} bytes")
        return bytes(body)


def retrying(
    exchange: Callable[[], Answer],
    *,
    attempts: int,
    backoff: float,
    max_wait: float,
    sleep: Callable[[float], None],
    retry_on: frozenset[str] = Failure.RETRY,
    on_retry: Callable[[str, int], None] | None = None,
) -> Answer:
    """`exchange()`, repeated (the caller vouches that it is safe to) after a timeout, a
    dropped connection, 429 or 5xx, with backoff doubling from `backoff` and a server's
    Retry-After honoured up to `max_wait`. The last failure is raised, or the last answer
    returned, for the caller to judge."""
    wait = backoff
    for attempt in range(1, attempts + 1):
        last = attempt == attempts
        try:
            answer = exchange()
        except Failure as failure:
            if failure.kind not in retry_on or last:
                raise
            if on_retry is not None:
                on_retry(failure.kind, attempt)
            sleep(wait)
            wait *= 2
            continue
        if answer.status in RETRY_STATUSES and not last:
            if on_retry is not None:
                on_retry(str(answer.status), attempt)
            sleep(min(retry_after(answer.headers) or wait, max_wait))
            wait *= 2
            continue
        return answer
    raise AssertionError("unreachable")


class Login:
    """A username and password, given to a server only when it asks (a 401 challenge), by
    Basic or Digest (Digest preferred: it never sends the password itself). It answers what
    its session receives, and a session reaches one origin only."""

    def __init__(self, username: str | None, password: str | None):
        self.username = username
        self._password = password
        self._scheme: str | None = None
        self._digest = None  # urllib's Digest state (nonce count), for the challenge answered
        self._challenge: dict[str, str] | None = None
        self._answered = 0

    def header(self, method: str, url: str) -> dict[str, str]:
        """The Authorization header for this request, once a challenge was answered."""
        if self._scheme == "basic":
            token = f"{self.username}:{self._password}".encode()
            return {"Authorization": "Basic " + base64.b64encode(token).decode("ascii")}
        if self._scheme == "digest" and self._challenge is not None:
            request = urllib.request.Request(
                str(Origin.of(url)) + _request_target(url), method=method
            )
            try:
                value = self._digest.get_authorization(request, self._challenge)
            except (ValueError, urllib.error.URLError):
                value = None
            if value:
                return {"Authorization": "Digest " + value}
        return {}

    def answer(self, headers) -> bool:
        """Take up a 401's challenge; False when there is nothing (more) to answer with: no
        login configured, no scheme calsync speaks, or this challenge answered already."""
        if self.username is None or self._password is None:
            return False
        challenges = _challenges(headers.get_all("WWW-Authenticate") or [])
        digest = challenges.get("digest")
        stale = digest is not None and digest.get("stale", "").lower() == "true"
        if self._answered and not stale:
            return False  # the password was given and refused
        if self._answered >= 2:
            return False
        self._answered += 1
        if digest is not None and digest.get("algorithm", "MD5").upper() in ("MD5", "SHA"):
            self._scheme, self._challenge = "digest", digest
            if self._digest is None:
                self._digest = urllib.request.AbstractDigestAuthHandler(
                    _OnePassword(self.username, self._password)
                )
            return True
        if "basic" in challenges or not challenges:  # no challenge at all: Basic, once
            self._scheme = "basic"
            return True
        return False


class _OnePassword:
    """urllib's password manager, for a Login that has exactly one."""

    def __init__(self, username: str, password: str):
        self._pair = (username, password)

    def find_user_password(self, realm, uri):
        return self._pair

    def add_password(self, *args) -> None:
        raise NotImplementedError  # the one password is given at the start


def _challenges(values: list[str]) -> dict[str, dict[str, str]]:
    """WWW-Authenticate headers -> {scheme: its parameters}; several challenges may share one
    header ("Digest realm=…, nonce=…, Basic realm=…")."""
    found: dict[str, dict[str, str]] = {}
    for value in values:
        starts = [m.start() for m in _SCHEME.finditer(value)]
        for begin, end in zip(starts, [*starts[1:], len(value)], strict=True):
            scheme, _, rest = value[begin:end].strip(" ,").partition(" ")
            items = urllib.request.parse_http_list(rest)
            found[scheme.lower()] = urllib.request.parse_keqv_list([i for i in items if "=" in i])
    return found


_SCHEME = re.compile(r"(?:^|,)\s*(?=[A-Za-z][\w-]*(?:\s+[\w-]+=|\s*$|\s*,))", re.ASCII)


def retry_after(headers) -> float | None:
    """Retry-After in seconds (the delta form; an HTTP date counts as absent)."""
    value = headers.get("Retry-After")
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None


def _inflated(inflate, data: bytes, room: int) -> bytes:
    try:
        return inflate.decompress(data, room)
    except zlib.error:
        raise Failure("garbled", "a compressed answer that does not decompress") from None


def _host_header(origin: Origin) -> str:
    return str(origin).split("://", 1)[1]


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    target = quote(parts.path or "/", safe=SAFE_PATH)
    if parts.query:
        target += "?" + quote(parts.query, safe=SAFE_PATH + "?")
    return target


class _Clock:
    """One exchange's time: each wait at most `timeout`, and all of them within `deadline`."""

    def __init__(self, timeout: float, deadline: float):
        self.timeout = timeout
        self.ends = time.monotonic() + deadline
        self.deadline = deadline

    def left(self) -> float:
        left = self.ends - time.monotonic()
        if left <= 0:
            raise Failure("slow", f"not finished within {self.deadline:g} s")
        return min(self.timeout, left)

    def expired(self) -> bool:
        return time.monotonic() >= self.ends


class _BoundedSocket:
    """The socket http.client reads and writes through: before each read or write its timeout
    is set to what is left of the exchange's time. http.client closes it when an answer says
    the line will close, before reading that answer's body: only `release` closes it."""

    def __init__(self, sock: socket.socket, clock: _Clock):
        self._sock = sock
        self.clock = clock

    def sendall(self, data) -> None:
        self._sock.settimeout(self.clock.left())
        try:
            self._sock.sendall(data)
        except TimeoutError:
            raise self._late() from None

    def makefile(self, mode: str = "rb", *args, **kwargs):
        return io.BufferedReader(_Reader(self), CHUNK)

    def recv_into(self, buffer) -> int:
        self._sock.settimeout(self.clock.left())
        try:
            return self._sock.recv_into(buffer)
        except TimeoutError:
            raise self._late() from None

    def _late(self) -> Failure:
        if self.clock.expired():
            return Failure("slow", f"not finished within {self.clock.deadline:g} s")
        return Failure("timeout", f"no answer within {self.clock.timeout:g} s")

    def close(self) -> None:
        pass  # see the class: the session releases it

    def release(self) -> None:
        self._sock.close()

    def __getattr__(self, name: str):
        return getattr(self._sock, name)


class _Reader(io.RawIOBase):
    def __init__(self, sock: _BoundedSocket):
        self._sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        return self._sock.recv_into(buffer)


def _handshake(sock: ssl.SSLSocket, clock: _Clock) -> None:
    """The TLS handshake, within the exchange's deadline (a blocking one waits per read)."""
    sock.setblocking(False)
    while True:
        try:
            sock.do_handshake()
            break
        except ssl.SSLWantReadError:
            ready = select.select([sock], [], [], clock.left())[0]
        except ssl.SSLWantWriteError:
            ready = select.select([], [sock], [], clock.left())[1]
        if not ready:
            if clock.expired():
                raise Failure("slow", f"TLS not set up within {clock.deadline:g} s")
            raise Failure("timeout", f"no answer within {clock.timeout:g} s")
    sock.setblocking(True)


def _failure(exc: BaseException) -> BaseException:
    """An error of the network or of http.client as a Failure; never its text where it could
    quote the request (a feed's path is its secret)."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return Failure("tls", tls_reason(exc))
    if isinstance(exc, ssl.SSLError):
        return Failure("tls", f"TLS handshake failed ({exc.reason or 'no reason given'})")
    if isinstance(exc, socket.gaierror):
        return Failure("dns", "host not found")
    if isinstance(exc, ConnectionRefusedError):
        return Failure("refused", "connection refused")
    if isinstance(exc, TimeoutError):
        return Failure("timeout", "no answer in time")
    if isinstance(
        exc, ConnectionError | http.client.IncompleteRead | http.client.RemoteDisconnected
    ):
        return Failure("reset", type(exc).__name__)
    if isinstance(exc, http.client.HTTPException | ValueError | OSError):
        return Failure("garbled", type(exc).__name__)
    return exc  # KeyboardInterrupt, a bug: not ours to translate
