"""One GET of a published calendar feed: redirects, retries, TLS, a size cap and a deadline
(calsync.transport), and every failure turned into one line that names the feed, never its
path.

Imported only when a feed is read: http.client, ssl and email cost a cron run on a file
~15 ms it has no use for.
"""

from __future__ import annotations

import http.client
import logging
import ssl
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from calsync import __version__
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
        from calsync import transport

        try:
            origin = transport.Origin.of(url)
        except ValueError:
            raise InputError(
                f"{self.name}: led to an address that is not http(s)://host/…"
            ) from None
        session = transport.Session(
            origin,
            timeout=self.timeout,
            deadline=self.timeout * DEADLINE,
            max_bytes=ics.MAX_BYTES,
            tls=self._tls() if url.startswith("https:") else None,
        )

        def told(why: str, attempt: int) -> None:
            log.debug("GET %s: %s (attempt %d)", shown(url), why, attempt)

        try:
            answer = transport.retrying(
                lambda: session.send("GET", url, b"", headers),
                attempts=ATTEMPTS,
                backoff=BACKOFF,
                max_wait=MAX_WAIT,
                sleep=self.sleep,
                on_retry=told,
            )
        except transport.Failure as failure:
            raise InputError(self._failed(failure)) from None
        finally:
            session.close()
        log.debug("GET %s -> %d (%d bytes)", shown(url), answer.status, len(answer.body))
        body = answer.body if answer.status in (200, 203) else b""
        return answer.status, answer.headers, body

    def _tls(self) -> ssl.SSLContext:
        from calsync import transport

        if self._context is None:
            try:
                self._context = transport.tls_context(self.ca_file)
            except (OSError, ssl.SSLError) as exc:
                raise InputError(
                    f"{self.name}: cannot use ca_file {self.ca_file} ({exc}); give a PEM file"
                ) from None
        return self._context

    def _failed(self, failure) -> str:
        """A download that did not complete, as one line naming the feed (never its path)."""
        kind = failure.kind
        if kind == "tls" and failure.detail.startswith("TLS handshake"):
            return f"{self.name}: {failure.detail}; check that the address has the right scheme"
        if kind == "tls":
            return (
                f"{self.name}: TLS verification failed ({failure.detail}); check the address, or "
                'for a private CA use a [[source]] entry with feed = "…" and ca_file = '
                '"/path/to/ca.pem"'
            )
        if kind == "dns":
            return f"{self.name}: host not found; check the address and your network"
        if kind == "refused":
            return (
                f"{self.name}: connection refused; check the address (and port), or run again "
                "when the server is back"
            )
        if kind == "too-big":
            return (
                f"{self.name}: the calendar is larger than {ics.MAX_BYTES // 2**20} MB; calsync "
                "stopped reading it (publish a smaller calendar, or export the interviews to a "
                "file)"
            )
        if kind == "slow":
            return (
                f"{self.name}: the download did not finish in {self.timeout * DEADLINE:g} s; "
                "run again later"
            )
        if kind == "timeout":
            return (
                f"{self.name}: no answer within {self.timeout:g} s, {ATTEMPTS} tries; check the "
                "address and your network, then run again"
            )
        if kind == "reset":
            return (
                f"{self.name}: the server dropped the connection {ATTEMPTS} times; run again later"
            )
        return f"{self.name}: cannot read the feed ({failure.detail}); check the address"


def _http_date(value: str | None) -> str | None:
    """Last-Modified as sent, when it is a date; a garbled one is not worth asking about."""
    if not value:
        return None
    try:
        parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return value
