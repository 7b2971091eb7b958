"""A published calendar feed as a source: one conditional GET, its answer cached on disk.

Google's "secret address in iCal format", Outlook's published calendar and Nextcloud's public
link are plain `https://` (or `webcal://`, which means https) URLs whose path IS the password.
So the path never leaves this module: messages, logs and the ledger name a feed by
`scheme://host/…#<hash of the URL>`, and the cache file by the hash alone.

Requests go through http.client, which reads nothing from the environment: no proxy
variables, no `.netrc`; only the URL (and a [[source]] entry's ca_file and timeout) decide
where calsync connects. TLS is verified, redirects are followed a few times but never from
https to http, and the body is read up to sources.ics.MAX_BYTES.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import logging
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from calsync import __version__
from calsync.dav import retry_after
from calsync.errors import InputError, UsageError
from calsync.lock import state_dir
from calsync.model import Notice
from calsync.sources import ics

log = logging.getLogger("calsync.feed")

SCHEMES = ("http", "https", "webcal", "webcals")  # webcal(s):// is https:// by convention
TIMEOUT = 30  # seconds to connect, and per read
DEADLINE = 4  # the whole download must finish within this many timeouts
ATTEMPTS = 3  # the first try and two retries
BACKOFF = 0.5  # seconds before the first retry, doubling
MAX_WAIT = 10.0  # the most calsync waits for one Retry-After
MAX_REDIRECTS = 5
RETRY_STATUSES = (429, 500, 502, 503, 504)
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024
CACHE_FORMAT = 1
HTML_HINT = "the server sent HTML, not a calendar; is the link the secret iCal address?"
RELINK = "the link may have been reset: copy the calendar's secret iCal address again"


def is_feed(spec: str) -> bool:
    """Whether a SOURCE argument is a feed URL (caldav+https:// is CalDAV, not a feed)."""
    scheme, sep, _rest = spec.partition("://")
    return bool(sep) and scheme.lower() in SCHEMES


def normalise(url: str) -> str:
    """The URL calsync fetches: webcal(s):// becomes https://, the fragment goes (it is never
    sent). UsageError, naming only scheme and host, when it is no feed URL or carries a login:
    a published feed needs none, and a password in a URL shows in `ps` and shell history."""
    try:
        parts = urlsplit(url.strip())
        host, port = parts.hostname, parts.port
    except ValueError:  # a port that is not a number, a broken [IPv6] host
        parts, host, port = urlsplit(""), None, None
    scheme = url.strip().partition("://")[0].lower()
    if scheme not in SCHEMES or not host:
        raise UsageError(
            f"{_scheme_host(url)}: not a calendar feed URL like https://host/path.ics "
            "(or webcal://host/path.ics)"
        )
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            f"{_scheme_host(url)}: a published feed needs no login, and a password in the URL "
            "shows in ps and shell history; for a calendar that needs one, use a caldav+https:// "
            "URL with password_command in a [[source]] entry"
        )
    scheme = "https" if scheme in ("webcal", "webcals") else scheme
    return urlunsplit((scheme, _netloc(host, port), parts.path or "/", parts.query, ""))


def digest(url: str) -> str:
    """16 hex digits of the URL's SHA-256: names its cache file and tells feeds apart."""
    return hashlib.sha256(normalise(url).encode("utf-8")).hexdigest()[:16]


def label(url: str) -> str:
    """How messages, logs and the ledger name a feed: `https://host/…#<digest>`. The path
    (Google's secret) is cut; the digest keeps two feeds on one host apart."""
    return f"{shown(normalise(url))}#{digest(url)}"


def shown(url: str) -> str:
    """`scheme://host[:port]/…`: a URL with its path, query and any login cut."""
    parts = urlsplit(url)
    try:
        return f"{parts.scheme}://{_netloc(parts.hostname or '?', parts.port)}/…"
    except ValueError:
        return f"{parts.scheme}://{parts.hostname or '?'}/…"


def read(
    url: str,
    notices: list[Notice],
    *,
    timeout: float = TIMEOUT,
    ca_file: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
    keep: ics.Prefilter | None = None,
) -> list[ics.SourceCalendar]:
    """The feed's calendar: downloaded when it changed since the last run, else the cached
    copy (the server answered 304 Not Modified and sent no body). InputError, one line naming
    the host and the fix, when it cannot be had."""
    fetcher = _Fetcher(normalise(url), label(url), timeout, ca_file, sleep)
    cache = _Cache(state_dir() / "feeds" / digest(url))
    cached = cache.load()
    for conditional in (True, False):
        answer = fetcher.get(cached if conditional else None)
        if answer.status == 304:
            if cached is None:
                raise InputError(f"{fetcher.name}: the server answered 304 to a plain request")
            log.info("%s: unchanged since the last run (304); using the saved copy", fetcher.name)
            try:
                return [ics.parse(cached.body, fetcher.name, keep)]
            except InputError:  # saved by another calsync version, or damaged on disk
                log.debug("%s: the saved copy does not parse; downloading again", fetcher.name)
                cache.drop()
                cached = None
                continue
        _refuse_html(answer, fetcher.name)
        calendar = ics.parse(answer.body, fetcher.name, keep)
        cache.keep(answer, notices, fetcher.name)
        return [calendar]
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class _Saved:
    """The copy kept from the last download, and the validators the server gave it."""

    body: bytes
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class _Answer:
    status: int  # 200 or 304; every other status is raised as InputError
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str


class _Cache:
    """`$CALSYNC_HOME/feeds/<digest>`: one line of JSON (the validators, the body's SHA-256),
    then the body. One file, written atomically: the validators never describe another body.
    Anything that does not check out is ignored and the feed downloaded whole."""

    def __init__(self, path: Path):
        self.path = path

    def load(self) -> _Saved | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.debug("feed cache %s unreadable (%s); downloading whole", self.path.name, exc)
            return None
        head, newline, body = raw.partition(b"\n")
        try:
            meta = json.loads(head)
            etag, modified = meta["etag"], meta["last_modified"]
            if (
                meta["format"] != CACHE_FORMAT
                or meta["sha256"] != hashlib.sha256(body).hexdigest()
                or not all(v is None or isinstance(v, str) for v in (etag, modified))
                or not (etag or modified)
                or not newline
            ):
                raise ValueError
        except (ValueError, KeyError, TypeError):  # JSONDecodeError is a ValueError
            log.debug("feed cache %s damaged; downloading whole", self.path.name)
            return None
        return _Saved(body, etag, modified)

    def keep(self, answer: _Answer, notices: list[Notice], name: str) -> None:
        """Save a fresh download with its validators; without any there is nothing to ask
        next time, so an older copy goes."""
        if not (answer.etag or answer.last_modified):
            self.drop()
            return
        from calsync.targets import write_atomic

        meta = {
            "format": CACHE_FORMAT,
            "etag": answer.etag,
            "last_modified": answer.last_modified,
            "sha256": hashlib.sha256(answer.body).hexdigest(),
        }
        data = json.dumps(meta, sort_keys=True).encode("utf-8") + b"\n" + answer.body
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # private calendars
            write_atomic(self.path, data)
        except OSError as exc:
            notices.append(
                Notice(
                    name,
                    f"cannot keep a copy in {self.path.parent} ({exc.strerror or exc}); "
                    "the feed is downloaded whole every run",
                )
            )

    def drop(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)


class _Fetcher:
    """GETs one feed URL: redirects, retries and every failure turned into one line."""

    def __init__(self, url: str, name: str, timeout: float, ca_file: str | None, sleep):
        self.url = url
        self.name = name
        self.timeout = timeout
        self.ca_file = ca_file
        self.sleep = sleep
        self._context: ssl.SSLContext | None = None

    def get(self, saved: _Saved | None) -> _Answer:
        headers = {
            "User-Agent": f"calsync/{__version__}",
            "Accept": "text/calendar, */*;q=0.5",
            "Accept-Encoding": "identity",
        }
        if saved is not None and saved.etag:
            headers["If-None-Match"] = saved.etag
        if saved is not None and saved.last_modified:
            headers["If-Modified-Since"] = saved.last_modified
        url = self.url
        for _hop in range(MAX_REDIRECTS + 1):
            status, response_headers, body = self._retrying(url, headers)
            if status not in REDIRECT_STATUSES:
                return self._answer(status, response_headers, body)
            url = self._redirect(url, response_headers.get("Location"))
        raise InputError(
            f"{self.name}: redirected more than {MAX_REDIRECTS} times; open the address in a "
            "browser to see where it leads, and give calsync the final one"
        )

    def _redirect(self, current: str, location: str | None) -> str:
        if not location:
            raise InputError(f"{self.name}: a redirect without a Location; check the address")
        target = urljoin(current, location.strip())
        scheme = urlsplit(target).scheme.lower()
        if scheme not in ("http", "https"):
            raise InputError(f"{self.name}: redirected to a {scheme[:20]}: address; not followed")
        if current.startswith("https:") and scheme == "http":
            raise InputError(
                f"{self.name}: the server redirects to plain http ({shown(target)}); calsync "
                "does not follow https to http, which would send the secret address unencrypted"
            )
        log.debug("%s: redirected to %s", self.name, shown(target))
        return target

    def _answer(self, status: int, headers, body: bytes) -> _Answer:
        if status in (200, 203, 304):
            return _Answer(
                status=304 if status == 304 else 200,
                body=body,
                etag=headers.get("ETag"),
                last_modified=_http_date(headers.get("Last-Modified")),
                content_type=(headers.get("Content-Type") or "").lower(),
            )
        if status in (404, 410):
            raise InputError(f"{self.name}: no calendar at this address ({status}); {RELINK}")
        if status in (401, 403):
            raise InputError(
                f"{self.name}: the server refused access ({status}); the calendar may no longer "
                f"be published, or {RELINK}"
            )
        if status in RETRY_STATUSES:
            raise InputError(
                f"{self.name}: the server answered {status} {ATTEMPTS} times; run again later"
            )
        raise InputError(f"{self.name}: the server answered {status}; check the address")

    def _retrying(self, url: str, headers: dict) -> tuple[int, http.client.HTTPMessage, bytes]:
        """One GET, repeated (it is safe to) on timeouts, dropped connections, 429 and 5xx."""
        wait = BACKOFF
        for attempt in range(1, ATTEMPTS + 1):
            last = attempt == ATTEMPTS
            try:
                status, response_headers, body = self._once(url, headers)
            except (TimeoutError, ConnectionResetError, ConnectionAbortedError) as exc:
                # RemoteDisconnected is a ConnectionResetError; refused is not retried
                log.debug("GET %s: %s (attempt %d)", shown(url), type(exc).__name__, attempt)
                if last:
                    raise InputError(self._unreachable(exc)) from None
                self.sleep(wait)
                wait *= 2
                continue
            except http.client.IncompleteRead:
                log.debug("GET %s: cut short (attempt %d)", shown(url), attempt)
                if last:
                    raise InputError(
                        f"{self.name}: the download was cut short {ATTEMPTS} times; run again later"
                    ) from None
                self.sleep(wait)
                wait *= 2
                continue
            log.debug("GET %s -> %d (%d bytes)", shown(url), status, len(body))
            if status in RETRY_STATUSES and not last:
                self.sleep(min(retry_after(response_headers) or wait, MAX_WAIT))
                wait *= 2
                continue
            return status, response_headers, body
        raise AssertionError("unreachable")

    def _once(self, url: str, headers: dict) -> tuple[int, http.client.HTTPMessage, bytes]:
        parts = urlsplit(url)
        target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
        if parts.query:
            target += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
        # The port always given: http.client would read "::1" as host ":" and port 1.
        if parts.scheme == "https":
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname, parts.port or 443, timeout=self.timeout, context=self._tls()
            )
        else:
            connection = http.client.HTTPConnection(
                parts.hostname, parts.port or 80, timeout=self.timeout
            )
        try:
            connection.request("GET", target, headers=headers)
            response = connection.getresponse()
            body = b""
            if response.status in (200, 203):
                body = self._body(response)
            return response.status, response.headers, body
        except ssl.SSLCertVerificationError as exc:
            raise InputError(self._tls_failed(exc)) from None
        except ssl.SSLError as exc:
            raise InputError(
                f"{self.name}: TLS handshake failed ({exc.reason or 'no reason given'}); "
                "check that the address starts with the right scheme"
            ) from None
        except socket.gaierror:
            raise InputError(
                f"{self.name}: host not found; check the address and your network"
            ) from None
        except ConnectionRefusedError:
            raise InputError(
                f"{self.name}: connection refused; check the address (and port), or run again "
                "when the server is back"
            ) from None
        except (TimeoutError, ConnectionResetError, ConnectionAbortedError):
            raise  # retried by the caller
        except http.client.IncompleteRead:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            # Never str(exc): http.client's messages may quote the request line (the secret).
            raise InputError(
                f"{self.name}: cannot read the feed ({type(exc).__name__}); check the address"
            ) from None
        finally:
            connection.close()

    def _body(self, response: http.client.HTTPResponse) -> bytes:
        """The body, up to MAX_BYTES, within DEADLINE timeouts all told: a server that drips
        bytes must not hold a cron run for ever."""
        limit = ics.MAX_BYTES
        too_big = InputError(
            f"{self.name}: the calendar is larger than {limit // 2**20} MB; calsync stopped "
            "reading it (publish a smaller calendar, or export the interviews to a file)"
        )
        declared = response.getheader("Content-Length")
        if declared and declared.strip().isdigit() and int(declared) > limit:
            raise too_big
        deadline = time.monotonic() + self.timeout * DEADLINE
        body = bytearray()
        while chunk := response.read(CHUNK):
            body += chunk
            if len(body) > limit:
                raise too_big
            if time.monotonic() > deadline:
                raise InputError(
                    f"{self.name}: the download did not finish in {self.timeout * DEADLINE:g} s; "
                    "run again later"
                )
        return bytes(body)

    def _tls(self) -> ssl.SSLContext:
        if self._context is None:
            try:
                self._context = ssl.create_default_context(cafile=self.ca_file)
            except (OSError, ssl.SSLError) as exc:
                raise InputError(
                    f"{self.name}: cannot use ca_file {self.ca_file} ({exc}); give a PEM file"
                ) from None
        return self._context

    def _tls_failed(self, exc: ssl.SSLCertVerificationError) -> str:
        text = f"{exc.verify_message or ''} {exc}".lower()
        reason = "certificate not trusted"
        if "hostname" in text or "match" in text:
            reason = "the certificate is for another host name"
        elif "expired" in text:
            reason = "the certificate has expired"
        return (
            f"{self.name}: TLS verification failed ({reason}); check the address, or for a "
            'private CA use a [[source]] entry with feed = "…" and ca_file = "/path/to/ca.pem"'
        )

    def _unreachable(self, exc: BaseException) -> str:
        if isinstance(exc, TimeoutError):
            return (
                f"{self.name}: no answer within {self.timeout:g} s, {ATTEMPTS} tries; check the "
                "address and your network, then run again"
            )
        return f"{self.name}: the server dropped the connection {ATTEMPTS} times; run again later"


def _refuse_html(answer: _Answer, name: str) -> None:
    """A login or error page instead of the calendar: say what that usually means."""
    start = answer.body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if "html" in answer.content_type or start.startswith((b"<!doctype html", b"<html")):
        raise InputError(f"{name}: {HTML_HINT}")


def _http_date(value: str | None) -> str | None:
    """Last-Modified as sent, when it is a date; a garbled one is not worth asking about."""
    if not value:
        return None
    try:
        parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return value


def _netloc(host: str, port: int | None) -> str:
    host = f"[{host}]" if ":" in host else host
    return host + (f":{port}" if port else "")


def _scheme_host(url: str) -> str:
    """What a message may show of a URL that did not parse as a feed."""
    try:
        return shown(url.strip())
    except ValueError:
        return url.partition("://")[0][:20] + "://…"
