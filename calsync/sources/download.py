"""One GET of a published calendar feed over http.client: redirects, retries, TLS, a size cap
and a deadline, and every failure turned into one line that names the feed, never its path.

Imported only when a feed is read: http.client, ssl and email cost a cron run on a file
~15 ms it has no use for.
"""

from __future__ import annotations

import http.client
import logging
import socket
import ssl
import time
from email.utils import parsedate_to_datetime
from urllib.parse import quote, urljoin, urlsplit

from calsync import __version__
from calsync.dav import retry_after
from calsync.errors import InputError
from calsync.sources import ics
from calsync.sources.feed import RELINK, Answer, Saved, shown

log = logging.getLogger("calsync.feed")

DEADLINE = 4  # the whole download must finish within this many timeouts
ATTEMPTS = 3  # the first try and two retries
BACKOFF = 0.5  # seconds before the first retry, doubling
MAX_WAIT = 10.0  # the most calsync waits for one Retry-After
MAX_REDIRECTS = 5
RETRY_STATUSES = (429, 500, 502, 503, 504)
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024


class Fetcher:
    """GETs one feed URL: redirects, retries and every failure turned into one line."""

    def __init__(self, url: str, name: str, timeout: float, ca_file: str | None, sleep):
        self.url = url
        self.name = name
        self.timeout = timeout
        self.ca_file = ca_file
        self.sleep = sleep
        self._context: ssl.SSLContext | None = None

    def get(self, saved: Saved | None) -> Answer:
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

    def _answer(self, status: int, headers, body: bytes) -> Answer:
        if status in (200, 203, 304):
            return Answer(
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


def _http_date(value: str | None) -> str | None:
    """Last-Modified as sent, when it is a date; a garbled one is not worth asking about."""
    if not value:
        return None
    try:
        parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return value
