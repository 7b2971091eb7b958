"""A published calendar feed as a source: one conditional GET, its answer cached on disk.

Google's "secret address in iCal format", Outlook's published calendar and Nextcloud's public
link are plain `https://` (or `webcal://`, which means https) URLs whose path IS the password.
So the path never leaves this module: messages, logs and the ledger name a feed by
`scheme://host/…#<hash of the URL>`, and the cache file by the hash alone.

Requests go through http.client (sources/download.py), which reads nothing from the
environment: no proxy variables, no `.netrc`; only the URL (and a [[source]] entry's ca_file
and timeout) decide where calsync connects. TLS is verified, redirects are followed a few
times but never from https to http, and the body is read up to sources.ics.MAX_BYTES.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from calsync.errors import InputError, UsageError
from calsync.home import state_dir
from calsync.model import Notice
from calsync.sources import ics

log = logging.getLogger("calsync.feed")

SCHEMES = ("http", "https", "webcal", "webcals")  # webcal(s):// is https:// by convention
TIMEOUT = 30  # seconds to connect, and per read
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
    from calsync.sources.download import Fetcher  # http.client and ssl: only for a feed

    fetcher = Fetcher(normalise(url), label(url), timeout, ca_file, sleep)
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
class Saved:
    """The copy kept from the last download, and the validators the server gave it."""

    body: bytes
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class Answer:
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

    def load(self) -> Saved | None:
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
        return Saved(body, etag, modified)

    def keep(self, answer: Answer, notices: list[Notice], name: str) -> None:
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


def _refuse_html(answer: Answer, name: str) -> None:
    """A login or error page instead of the calendar: say what that usually means."""
    start = answer.body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if "html" in answer.content_type or start.startswith((b"<!doctype html", b"<html")):
        raise InputError(f"{name}: {HTML_HINT}")


def _netloc(host: str, port: int | None) -> str:
    host = f"[{host}]" if ":" in host else host
    return host + (f":{port}" if port else "")


def _scheme_host(url: str) -> str:
    """What a message may show of a URL that did not parse as a feed."""
    try:
        return shown(url.strip())
    except ValueError:
        return url.partition("://")[0][:20] + "://…"
