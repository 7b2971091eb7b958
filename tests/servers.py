"""Real CalDAV servers for the tests: Radicale and Xandikos on 127.0.0.1, and a recording proxy.

Nothing here goes through calsync: `Server.put`, `get`, `delete` and `hrefs` are the user's phone,
written with http.client so that no environment variable (HTTP_PROXY, ~/.netrc, CALDAV_*) can
redirect them. Every socket is on 127.0.0.1; the TLS servers are reached as `localhost`, which
their certificate names (together with IP 127.0.0.1).

    with radicale(tmp_path) as server:
        url = fresh_calendar(server, ("VTODO",))
        etag = server.put(url, "interview-1", ics_text)
        with RecordingProxy(server.base_url, server.ca_file) as proxy:
            ...  # point calsync at proxy.url(url); look at proxy.exchanges
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import hashlib
import http.client
import http.server
import ipaddress
import os
import secrets
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

HOST = "127.0.0.1"
USER = "alex"
START_TIMEOUT = 15.0
REQUEST_TIMEOUT = 10.0

DAV, CAL = "DAV:", "urn:ietf:params:xml:ns:caldav"
_DEFAULT = object()  # "use the server's own credentials / CA file"


def free_port() -> int:
    """A port that was free on 127.0.0.1 a moment ago (Radicale refuses port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Headers(Mapping[str, str]):
    """A read-only header mapping with case-insensitive keys; repeated headers are joined."""

    def __init__(self, items: Iterable[tuple[str, str]] = ()):
        self._items: dict[str, tuple[str, str]] = {}
        for key, value in items:
            old = self._items.get(key.lower())
            self._items[key.lower()] = (key, value if old is None else f"{old[1]}, {value}")

    def __getitem__(self, key: str) -> str:
        return self._items[key.lower()][1]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._items

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


@dataclass(frozen=True)
class Response:
    status: int
    headers: Headers
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class DAVError(Exception):
    """A helper request got an answer it did not expect."""

    def __init__(self, method: str, url: str, response: Response):
        self.status = response.status
        self.response = response
        super().__init__(f"{method} {url} -> {response.status}: {response.body[:300]!r}")


def canonical_url(url: str) -> str:
    """One spelling per resource, for comparing hrefs: Radicale answers "@" as %40, Xandikos as
    "@"; both answer "+" as %2B and "&" as %26. %2F stays %2F (it is not a path separator)."""
    parts = urlsplit(url)
    segments = (quote(unquote(s), safe=":@!$&'()*+,;=-._~") for s in parts.path.split("/"))
    return parts._replace(path="/".join(segments)).geturl()


# -- the server handle and the user's phone --------------------------------------------------


@dataclass
class Server:
    kind: str  # "radicale" or "xandikos"
    base_url: str  # scheme://host:port, no trailing slash
    username: str | None
    password: str | None
    ca_file: Path | None
    root: Path  # the server's storage directory
    log: Path  # its stdout and stderr
    home_url: str = ""  # where calendars go: base_url + "/alex/" or "/user/calendars/"
    startup_seconds: float = 0.0  # from spawn to its first HTTP answer
    process: subprocess.Popen | None = field(default=None, repr=False, compare=False)

    def via(self, proxy: RecordingProxy | str) -> Server:
        """The same server as seen through a proxy (its base URL): requests go through it."""
        base = proxy if isinstance(proxy, str) else proxy.base_url
        return replace(
            self,
            base_url=base,
            home_url=base + urlsplit(self.home_url).path,
            ca_file=None if base.startswith("http:") else self.ca_file,
        )

    # Low level: one request, one fresh connection, nothing read from the environment.

    def url(self, href: str) -> str:
        """An absolute URL for a path ("/alex/cal/x.ics") or a URL, as canonical_url spells it."""
        return canonical_url(urljoin(self.base_url + "/", href))

    def ssl_context(self, ca_file=_DEFAULT) -> ssl.SSLContext:
        cafile = self.ca_file if ca_file is _DEFAULT else ca_file
        return ssl.create_default_context(cafile=str(cafile) if cafile else None)

    def request(
        self,
        method: str,
        href: str,
        body: bytes | str = b"",
        headers: Mapping[str, str] | None = None,
        *,
        auth=_DEFAULT,
        ca_file=_DEFAULT,
    ) -> Response:
        """Send one request and return whatever came back (never raises on a status).

        `auth` is a (user, password) pair, None for no Authorization header, or by default the
        server's own credentials; `ca_file` likewise (None: the system's CAs only)."""
        url = self.url(href)
        parts = urlsplit(url)
        if parts.hostname not in (HOST, "localhost"):
            raise ValueError(f"refusing to talk to {parts.hostname}: tests stay on 127.0.0.1")
        creds = (self.username, self.password) if auth is _DEFAULT else auth
        sent = {"Connection": "close"}
        if creds and creds[0] is not None:
            token = base64.b64encode(f"{creds[0]}:{creds[1]}".encode()).decode("ascii")
            sent["Authorization"] = f"Basic {token}"
        sent.update(headers or {})
        if isinstance(body, str):
            body = body.encode("utf-8")
        if parts.scheme == "https":
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname,
                parts.port,
                timeout=REQUEST_TIMEOUT,
                context=self.ssl_context(ca_file),
            )
        else:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT)
        try:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            payload = body if body or method not in ("GET", "HEAD") else None
            conn.request(method, path or "/", body=payload, headers=sent)
            answer = conn.getresponse()
            data = answer.read()
            return Response(answer.status, Headers(answer.getheaders()), data)
        finally:
            conn.close()

    def _expect(self, method, href, statuses, body=b"", headers=None) -> Response:
        response = self.request(method, href, body, headers)
        if response.status not in statuses:
            raise DAVError(method, self.url(href), response)
        return response

    # Collections

    def calendar(self, name: str, components: Iterable[str] = ("VEVENT", "VTODO")) -> str:
        """MKCALENDAR `name` under the calendar home; returns its URL, ending with "/"."""
        url = urljoin(self.home_url, quote(name, safe="") + "/")
        comps = "".join(f'<C:comp name="{c}"/>' for c in components)
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<C:mkcalendar xmlns:D="{DAV}" xmlns:C="{CAL}"><D:set><D:prop>'
            f"<D:displayname>{name}</D:displayname>"
            f"<C:supported-calendar-component-set>{comps}</C:supported-calendar-component-set>"
            "</D:prop></D:set></C:mkcalendar>"
        )
        headers = {"Content-Type": "application/xml; charset=utf-8"}
        self._expect("MKCALENDAR", url, (201,), body, headers)
        return url

    def propfind(self, href: str, props: str, depth: str = "0") -> ET.Element:
        """PROPFIND with a raw <D:prop> body (prefixes D: and C:); the parsed multistatus."""
        body = (
            f'<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="{DAV}" '
            f'xmlns:C="{CAL}"><D:prop>{props}</D:prop></D:propfind>'
        )
        headers = {"Depth": depth, "Content-Type": "application/xml; charset=utf-8"}
        return ET.fromstring(self._expect("PROPFIND", href, (207,), body, headers).body)

    def components(self, calendar_url: str) -> set[str]:
        """The calendar's supported-calendar-component-set, as the server reports it."""
        tree = self.propfind(calendar_url, "<C:supported-calendar-component-set/>")
        return {c.get("name") for c in tree.iter(f"{{{CAL}}}comp")}

    # Objects: what the user's phone does

    def object_url(self, calendar_url: str, uid: str) -> str:
        """<calendar_url><uid>.ics, quoted as calsync quotes it (and canonical_url keeps it)."""
        return canonical_url(urljoin(calendar_url, quote(uid, safe="@-_.") + ".ics"))

    def put(self, calendar_url: str, uid: str, ics_text: str) -> str:
        """PUT <calendar_url><uid>.ics (create or overwrite); returns the new ETag."""
        return self.put_href(self.object_url(calendar_url, uid), ics_text)

    def put_href(
        self, href: str, ics_text: str, *, etag: str | None = None, create: bool = False
    ) -> str:
        """PUT at an existing or new href, with If-Match `etag` or If-None-Match * (`create`)."""
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if etag is not None:
            headers["If-Match"] = etag
        if create:
            headers["If-None-Match"] = "*"
        response = self._expect("PUT", href, (200, 201, 204), ics_text, headers)
        if "ETag" in response.headers:
            return response.headers["ETag"]
        return self.get(href)[1]

    def get(self, href: str) -> tuple[str, str]:
        """GET an object: (its text exactly as stored, its ETag)."""
        response = self._expect("GET", href, (200,))
        return response.text, response.headers.get("ETag", "")

    def delete(self, href: str, *, etag: str | None = None) -> None:
        headers = {"If-Match": etag} if etag is not None else None
        self._expect("DELETE", href, (200, 204), headers=headers)

    def etags(self, calendar_url: str) -> dict[str, str]:
        """{absolute href: ETag} for every object in the calendar (one PROPFIND, Depth 1).

        The hrefs are canonical_url spellings, made absolute against `calendar_url`."""
        tree = self.propfind(calendar_url, "<D:getetag/>", depth="1")
        own = urlsplit(canonical_url(calendar_url)).path
        found = {}
        for response in tree.iter(f"{{{DAV}}}response"):
            href = response.findtext(f"{{{DAV}}}href", "")
            if not href.startswith("/") and not href.lower().startswith(("http:", "https:")):
                # Xandikos answers "x:y.ics" for a member named "x:y.ics" (its own urljoin
                # reads "x:" as a scheme): a name relative to the calendar, not a URL.
                href = "./" + href
            href = canonical_url(urljoin(calendar_url, href))
            if urlsplit(href).path.rstrip("/") == own.rstrip("/"):
                continue
            etag = response.findtext(f".//{{{DAV}}}getetag")
            if etag is not None:
                found[href] = etag
        return found

    def hrefs(self, calendar_url: str) -> dict[str, str]:
        """{absolute href: text exactly as stored} for every object in the calendar."""
        return {href: self.get(href)[0] for href in sorted(self.etags(calendar_url))}


def fresh_calendar(server: Server, components: Iterable[str] = ("VEVENT", "VTODO")) -> str:
    """A new, empty calendar with a unique name; returns its URL."""
    return server.calendar(f"cal-{uuid.uuid4().hex[:12]}", tuple(components))


# -- certificates ------------------------------------------------------------------------------


def make_certificate(directory: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate it signed for localhost and 127.0.0.1.

    Returns (ca_file, cert_file, key_file). A CA plus leaf (rather than one self-signed leaf)
    also verifies under VERIFY_X509_STRICT, which Python 3.13 turns on by default."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "calsync test CA")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=60))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=59))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.IPv4Address(HOST))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = (directory / n for n in ("ca.crt", "server.crt", "server.key"))
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_file.chmod(0o600)
    return ca_file, cert_file, key_file


# -- launchers ---------------------------------------------------------------------------------


def _server_env(tmp_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("RADICALE_CONFIG", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"):
        env.pop(name, None)
    env["XDG_CONFIG_HOME"] = str(tmp_dir / "xdg-config")
    env["XDG_DATA_HOME"] = str(tmp_dir / "xdg-data")
    env["PYTHONUNBUFFERED"] = "1"
    return env


# Linux: exec the server through this, so that it gets SIGTERM if pytest dies without cleaning
# up (PR_SET_PDEATHSIG survives exec). Thread-safe, unlike doing it in a preexec_fn.
_TRAMPOLINE = """\
import ctypes, os, signal, sys
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
except Exception:
    pass
if os.getppid() != int(sys.argv[1]):
    sys.exit("parent already gone")
os.execv(sys.executable, [sys.executable] + sys.argv[2:])
"""


def _command(module_argv: list[str]) -> list[str]:
    if sys.platform == "linux":
        return [sys.executable, "-c", _TRAMPOLINE, str(os.getpid()), *module_argv]
    return [sys.executable, *module_argv]


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as exc:
        return f"(no log: {exc})"


def _answers(server: Server) -> bool:
    """True once the server gives any HTTP answer."""
    parts = urlsplit(server.base_url)
    if parts.scheme == "https":
        ctx = server.ssl_context()
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=2, context=ctx
        )
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
    try:
        conn.request("OPTIONS", "/")
        conn.getresponse().read()
        return True
    except (ConnectionError, TimeoutError, http.client.HTTPException):
        return False
    except ssl.SSLError:
        return False
    finally:
        conn.close()


class _PortTaken(RuntimeError):
    """Someone else took the port between free_port() and the server's bind: try another."""


def _spawn(server: Server, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
    """Start the server and wait for its first HTTP answer; it is stopped again on failure."""
    started = time.monotonic()
    with open(server.log, "wb") as log:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=server.root.parent,
        )
    server.process = process
    try:
        deadline = started + START_TIMEOUT
        while not _answers(server):
            if process.poll() is not None:
                tail = _tail(server.log)
                error = _PortTaken if "already in use" in tail.lower() else RuntimeError
                raise error(
                    f"{server.kind} exited with {process.returncode} before answering on "
                    f"{server.base_url}; {server.log}:\n{tail}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{server.kind} did not answer on {server.base_url} within "
                    f"{START_TIMEOUT:.0f} s; {server.log}:\n{_tail(server.log)}"
                )
            time.sleep(0.03)
    except BaseException:
        _stop(process)
        raise
    server.startup_seconds = time.monotonic() - started
    return process


@contextlib.contextmanager
def _serve(
    build: Callable[[int], tuple[Server, list[str]]], env: dict[str, str], attempts: int = 3
) -> Iterator[Server]:
    """Build (server, module argv) for a free port, start it, yield it, stop it."""
    for attempt in range(attempts):
        server, argv = build(free_port())
        try:
            process = _spawn(server, _command(argv), env)
            break
        except _PortTaken:
            if attempt == attempts - 1:
                raise
    try:
        yield server
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """terminate, wait, kill if it does not go within 5 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextlib.contextmanager
def radicale(tmp_dir: Path, *, auth: bool = False, tls: bool = False) -> Iterator[Server]:
    """Radicale on 127.0.0.1:free port, storage in tmp_dir; calendars under /alex/.

    auth=True: htpasswd (plain text) with user "alex" and a random password; otherwise
    --auth-type none. tls=True: HTTPS with a throwaway CA (ca_file), base_url on localhost.
    No config file is read (--config with no paths), rights are owner_only."""
    tmp_dir = Path(tmp_dir)
    tmp_dir.mkdir(parents=True, exist_ok=True)
    root = tmp_dir / "collections"
    root.mkdir(exist_ok=True)
    options = [
        "--config",  # no paths: neither /etc/radicale/config nor ~/.config/radicale/config
        "--server-delay-on-error", "0",
        "--storage-filesystem-folder", str(root),
        "--rights-type", "owner_only",
        "--web-type", "none",
        "--auth-delay", "0",
        "--logging-level", "info",
    ]  # fmt: skip
    username = password = None
    if auth:
        username, password = USER, secrets.token_urlsafe(12)
        htpasswd = tmp_dir / "htpasswd"
        htpasswd.write_text(f"{username}:{password}\n")
        options += [
            "--auth-type", "htpasswd",
            "--auth-htpasswd-filename", str(htpasswd),
            "--auth-htpasswd-encryption", "plain",
        ]  # fmt: skip
    else:
        options += ["--auth-type", "none"]
    ca_file = None
    if tls:
        ca_file, cert, key = make_certificate(tmp_dir / "tls")
        options += ["--server-ssl", "True", "--server-certificate", str(cert),
                    "--server-key", str(key)]  # fmt: skip

    def build(port: int) -> tuple[Server, list[str]]:
        base_url = f"https://localhost:{port}" if tls else f"http://{HOST}:{port}"
        server = Server(
            kind="radicale",
            base_url=base_url,
            username=username,
            password=password,
            ca_file=ca_file,
            root=root,
            log=tmp_dir / "radicale.log",
            home_url=f"{base_url}/{USER}/",
        )
        return server, ["-m", "radicale", "--server-hosts", f"{HOST}:{port}", *options]

    with _serve(build, _server_env(tmp_dir)) as server:
        # Without auth nobody is logged in, so Radicale never creates /alex/ by itself.
        if server.request("PROPFIND", server.home_url, headers={"Depth": "0"}).status == 404:
            server._expect("MKCOL", server.home_url, (201,))
        yield server


@contextlib.contextmanager
def xandikos(tmp_dir: Path, *, tls: bool = False) -> Iterator[Server]:
    """Xandikos on 127.0.0.1:free port (--autocreate); calendars under /user/calendars/.

    tls=True: --autocert and --htpasswd (its basic auth only works over its HTTPS) with user
    "alex" and a random password. The certificate --autocert makes names the listen address
    "127.0.0.1" as a DNS name, which no client accepts for either 127.0.0.1 or localhost; so a
    throwaway CA's certificate for localhost and 127.0.0.1 is put where --autocert looks
    (<state-dir>/certs/selfsigned.crt) and it reuses that. ca_file is the CA's certificate."""
    tmp_dir = Path(tmp_dir)
    tmp_dir.mkdir(parents=True, exist_ok=True)
    root = tmp_dir / "xandikos"
    state = tmp_dir / "xandikos-state"
    options = [
        "-d", str(root),
        "--state-dir", str(state),
        "-l", HOST,
        "--autocreate",
        "--no-detect-systemd",  # never pick up a LISTEN_FDS socket from the environment
    ]  # fmt: skip
    username = password = ca_file = None
    if tls:
        ca_file, cert, key = make_certificate(tmp_dir / "tls")
        certs = state / "certs"
        certs.mkdir(parents=True, exist_ok=True)
        (certs / "selfsigned.crt").write_bytes(cert.read_bytes())
        (certs / "selfsigned.key").write_bytes(key.read_bytes())
        (certs / "selfsigned.key").chmod(0o600)
        username, password = USER, secrets.token_urlsafe(12)
        # {SHA} or bcrypt only (no plain, no crypt, no $apr1$), and bcrypt is not installed.
        digest = base64.b64encode(hashlib.sha1(password.encode()).digest()).decode("ascii")
        htpasswd = tmp_dir / "htpasswd"
        htpasswd.write_text(f"{username}:{{SHA}}{digest}\n")
        options += ["--autocert", "--htpasswd", str(htpasswd)]

    def build(port: int) -> tuple[Server, list[str]]:
        base_url = f"https://localhost:{port}" if tls else f"http://{HOST}:{port}"
        server = Server(
            kind="xandikos",
            base_url=base_url,
            username=username,
            password=password,
            ca_file=ca_file,
            root=root,
            log=tmp_dir / "xandikos.log",
            home_url=f"{base_url}/user/calendars/",
        )
        return server, ["-m", "xandikos.web", "-p", str(port), *options]

    with _serve(build, _server_env(tmp_dir)) as server:
        yield server


# -- the recording, fault-injecting proxy ------------------------------------------------------

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
        "expect",
    }
)


@dataclass
class Exchange:
    method: str
    path: str  # as the client sent it, query included
    request_headers: Headers
    status: int | None  # None: the proxy dropped the connection
    injected: bool = False  # answered (or dropped) by the proxy, never forwarded
    request_body: bytes = field(default=b"", repr=False)
    response_headers: Headers = field(default_factory=Headers, repr=False)


@dataclass
class Reply:
    """An answer the proxy sends instead of (or made from) the upstream's.

    `body` is sent whole with its Content-Length, unless `length` says otherwise (a longer
    length: the answer is cut short), `chunks` gives (bytes, seconds to wait before it) pieces
    to send one by one (a server that drips), or `close` ends it by closing the connection.
    `raw` replaces the whole answer, status line and headers included, with (bytes, seconds
    to wait before it) pieces."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    length: int | None = None  # Content-Length to declare; None: len(body); -1: none at all
    chunks: Iterable[tuple[bytes, float]] | None = None
    close: bool = False
    raw: Iterable[tuple[bytes, float]] | None = None

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


@dataclass
class Request:
    method: str
    path: str
    headers: Headers
    body: bytes


@dataclass
class _Override:
    remaining: int
    methods: frozenset[str] | None
    answer: Callable  # (Request, forward) -> Reply; forward() -> the upstream's Reply

    def matches(self, method: str) -> bool:
        return self.remaining > 0 and (self.methods is None or method in self.methods)


@dataclass
class _Fault:
    remaining: int
    methods: frozenset[str] | None
    status: int | None  # None: drop the connection
    retry_after: str | None

    def matches(self, method: str) -> bool:
        return self.remaining > 0 and (self.methods is None or method in self.methods)


class RecordingProxy:
    """A reverse proxy on 127.0.0.1 that records every exchange and can inject faults.

    Forwards method, path, headers (Authorization untouched; Host set to the upstream) and body
    to `upstream` (http or https, verified with `ca_file`), and returns status, headers (minus
    hop-by-hop ones) and body unchanged."""

    def __init__(self, upstream: str, ca_file: Path | str | None = None):
        parts = urlsplit(upstream)
        if parts.hostname not in (HOST, "localhost"):
            raise ValueError(f"refusing upstream {parts.hostname}: tests stay on 127.0.0.1")
        self.upstream = upstream.rstrip("/")
        self._upstream = parts
        self._ssl = (
            ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
            if parts.scheme == "https"
            else None
        )
        self.exchanges: list[Exchange] = []
        self._faults: list[_Fault] = []
        self._overrides: list[_Override] = []
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._httpd: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    # Faults

    def fail_next(
        self,
        n: int = 1,
        status: int = 503,
        retry_after: int | str | None = None,
        methods: Iterable[str] | None = None,
    ) -> None:
        """Answer the next n matching requests with `status` (and Retry-After), unforwarded."""
        self._add_fault(n, methods, status, None if retry_after is None else str(retry_after))

    def answer_next(
        self, n: int, methods: Iterable[str] | None, answer: Callable[[Request, Callable], Reply]
    ) -> None:
        """The next n matching requests are answered by `answer(request, forward)`: it may call
        forward() to have the upstream's answer (as a Reply) and change it, or answer alone.
        n = -1: every matching request from now on."""
        wanted = None if methods is None else frozenset(m.upper() for m in methods)
        with self._lock:
            self._overrides.append(_Override(n if n >= 0 else 2**31, wanted, answer))

    def _take_override(self, method: str) -> _Override | None:
        with self._lock:
            for override in self._overrides:
                if override.matches(method):
                    override.remaining -= 1
                    return override
        return None

    def drop_next(self, n: int = 1, methods: Iterable[str] | None = None) -> None:
        """Read the next n matching requests, then reset the connection without an answer."""
        self._add_fault(n, methods, None, None)

    def _add_fault(self, n, methods, status, retry_after) -> None:
        wanted = None if methods is None else frozenset(m.upper() for m in methods)
        with self._lock:
            self._faults.append(_Fault(n, wanted, status, retry_after))

    def _take_fault(self, method: str) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(method):
                    fault.remaining -= 1
                    return fault
        return None

    def clear(self) -> None:
        """Forget the recorded exchanges and any pending faults."""
        with self._lock:
            self.exchanges.clear()
            self._faults.clear()
            self._overrides.clear()

    def _record(self, exchange: Exchange) -> None:
        with self._lock:
            self.exchanges.append(exchange)

    def requests(self, *methods: str) -> list[Exchange]:
        """The exchanges so far, only those with the given methods if any are given."""
        with self._lock:
            return [e for e in self.exchanges if not methods or e.method in methods]

    # Life cycle

    def __enter__(self) -> RecordingProxy:
        proxy = self

        class Handler(_ProxyHandler):
            owner = proxy

        self._httpd = http.server.ThreadingHTTPServer((HOST, 0), Handler)
        self._httpd.daemon_threads = True
        self.base_url = f"http://{HOST}:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        assert self._httpd is not None and self._thread is not None
        self._httpd.shutdown()
        self._httpd.server_close()
        with self._lock:
            open_sockets = list(self._sockets)
        for sock in open_sockets:  # idle keep-alive connections would hold their threads
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)

    def url(self, upstream_url: str) -> str:
        """The proxy's URL for a URL (or path) of the upstream server."""
        parts = urlsplit(upstream_url)
        return self.base_url + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def _connect(self) -> http.client.HTTPConnection:
        host, port = self._upstream.hostname, self._upstream.port
        if self._ssl is not None:
            return http.client.HTTPSConnection(host, port, timeout=30, context=self._ssl)
        return http.client.HTTPConnection(host, port, timeout=30)


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    owner: RecordingProxy
    timeout = 60  # an idle keep-alive connection is closed after this
    # Headers and body go out in separate writes: with Nagle's algorithm on, the body waits for
    # the client's delayed ACK of the headers, ~40 ms for every answer that has a body.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        with self.owner._lock:
            self.owner._sockets.add(self.connection)

    def finish(self) -> None:
        with self.owner._lock:
            self.owner._sockets.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format, *args) -> None:
        pass

    def __getattr__(self, name: str):
        if name.startswith("do_"):  # every method: GET, PUT, PROPFIND, REPORT, MKCALENDAR...
            return self._handle
        raise AttributeError(name)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        method = self.command
        request_headers = Headers(self.headers.items())
        body = self._read_body()
        override = self.owner._take_override(method)
        if override is not None:
            self._override(override, Request(method, self.path, request_headers, body))
            return
        fault = self.owner._take_fault(method)
        if fault is not None and fault.status is None:
            self.owner._record(Exchange(method, self.path, request_headers, None, True, body))
            self.close_connection = True
            # SO_LINGER 0 and close without shutdown: a TCP reset, as from a crashed server.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            return
        if fault is not None:
            payload = f"injected {fault.status}\n".encode()
            headers = [("Content-Type", "text/plain"), ("Content-Length", str(len(payload)))]
            if fault.retry_after is not None:
                headers.append(("Retry-After", fault.retry_after))
            self.owner._record(
                Exchange(method, self.path, request_headers, fault.status, True, body,
                         Headers(headers))
            )  # fmt: skip
            self._answer(fault.status, None, headers, payload, method)
            return
        try:
            status, reason, headers, payload = self._forward(method, body)
        except (OSError, http.client.HTTPException) as exc:
            payload = f"proxy: upstream failed: {exc!r}\n".encode()
            status, reason = 502, None
            headers = [("Content-Type", "text/plain"), ("Content-Length", str(len(payload)))]
        self.owner._record(
            Exchange(method, self.path, request_headers, status, False, body, Headers(headers))
        )
        self._answer(status, reason, headers, payload, method)

    def _override(self, override: _Override, request: Request) -> None:
        forwarded = []

        def forward() -> Reply:
            status, _reason, headers, payload = self._forward(request.method, request.body)
            forwarded.append(True)
            kept = [(k, v) for k, v in headers if k.lower() != "content-length"]
            return Reply(status, kept, payload)

        reply = override.answer(request, forward)
        self.owner._record(
            Exchange(request.method, request.path, request.headers, reply.status,
                     not forwarded, request.body, Headers(reply.headers))
        )  # fmt: skip
        if reply.raw is not None:
            self.close_connection = True
            with contextlib.suppress(OSError):
                for piece, wait in reply.raw:
                    time.sleep(wait)
                    self.wfile.write(piece)
                    self.wfile.flush()
            return
        self.send_response_only(reply.status)
        for key, value in reply.headers:
            self.send_header(key, value)
        if reply.chunks is None and reply.length != -1:
            length = len(reply.body) if reply.length is None else reply.length
            self.send_header("Content-Length", str(length))
        if reply.close or reply.length is not None:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        try:
            if reply.chunks is None:
                self.wfile.write(reply.body)
            else:
                self.close_connection = True
                for piece, wait in reply.chunks:
                    time.sleep(wait)
                    self.wfile.write(piece)
                    self.wfile.flush()
            self.wfile.flush()
        except OSError:
            self.close_connection = True  # the client gave up: as it should

    def _forward(self, method: str, body: bytes):
        conn = self.owner._connect()
        try:
            conn.putrequest(method, self.path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", self.owner._upstream.netloc)
            for key, value in self.headers.items():
                lower = key.lower()
                if lower in HOP_BY_HOP or lower in ("host", "content-length"):
                    continue
                conn.putheader(key, value)
            if body or method in ("PUT", "POST", "PROPFIND", "PROPPATCH", "REPORT", "MKCALENDAR"):
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body or None)
            answer = conn.getresponse()
            payload = b"" if method == "HEAD" else answer.read()
            headers = [
                (k, v)
                for k, v in answer.getheaders()
                if k.lower() not in HOP_BY_HOP
                and (method == "HEAD" or k.lower() != "content-length")
            ]
            if method != "HEAD" and answer.status not in (204, 304) and answer.status >= 200:
                headers.append(("Content-Length", str(len(payload))))
            return answer.status, answer.reason, headers, payload
        finally:
            conn.close()

    def _answer(self, status, reason, headers, payload: bytes, method: str) -> None:
        self.send_response_only(status, reason)
        for key, value in headers:
            self.send_header(key, value)
        self.end_headers()
        if method != "HEAD" and payload:
            self.wfile.write(payload)
        self.wfile.flush()
