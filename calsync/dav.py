"""CalDAV over HTTP: the few requests calsync sends to one calendar, each chosen, none implied.

The caldav library's DAVClient carries the session, TLS and auth negotiation; the requests
themselves are written here so that every create is `If-None-Match: *`, every update carries
`If-Match`, nothing is ever deleted, and a read is one REPORT (NOTES.md lists what the library's
own high-level calls would add). Only calsync's config decides where it connects: no ambient
`CALDAV_*` variables, `.netrc`, proxy variables or `PYTHON_CALDAV_COMMDUMP`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, unquote, urljoin, urlsplit
from xml.etree import ElementTree

from calsync.errors import CalsyncError

log = logging.getLogger("calsync.dav")

DAV, CAL, CS = "DAV:", "urn:ietf:params:xml:ns:caldav", "http://calendarserver.org/ns/"
NS = {"d": DAV, "c": CAL, "cs": CS}
RETRY_STATUSES = (429, 500, 502, 503, 504)
ATTEMPTS = 4  # the first try and three retries
BACKOFF = 0.5  # seconds before the first retry, doubling
MAX_WAIT = 30.0  # the most calsync waits for one Retry-After


@dataclass(frozen=True)
class Settings:
    """Where one calendar lives and how to reach it (from [[source]] / [target] or a URL)."""

    url: str  # the calendar collection, https://host/path/
    username: str | None = None
    verify_tls: bool = True
    ca_file: str | None = None
    timeout: float = 30.0

    @property
    def server(self) -> str:
        """scheme://host[:port], as messages name it."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")


@dataclass(frozen=True)
class Resource:
    href: str  # absolute URL
    etag: str | None
    text: str  # the iCalendar object


@dataclass(frozen=True)
class Info:
    """What PROPFIND says about the calendar collection."""

    is_calendar: bool
    name: str | None
    components: frozenset[str] | None  # None: the server does not say (all accepted)
    writable: bool | None  # None: the server does not say
    tag: str | None = None  # sync-token or getctag: changes whenever anything in it changes


def connect(endpoint, error: type[CalsyncError]) -> Calendar:
    """The calendar of a [[source]] / [target] entry or caldav+ URL, its password looked up."""
    from calsync import secrets

    settings = Settings(
        url=endpoint.url,
        username=endpoint.username,
        verify_tls=endpoint.verify_tls,
        ca_file=endpoint.ca_file,
        timeout=endpoint.timeout,
    )
    return Calendar(settings, secrets.password(endpoint), error)


class Refused(Exception):
    """The server answered, and the answer is no (status kept for the caller to judge)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Calendar:
    """One CalDAV calendar collection. Errors are raised as `error` (InputError for a source,
    TargetError for a target), one line naming the server and the fix."""

    def __init__(
        self,
        settings: Settings,
        password: str | None,
        error: type[CalsyncError],
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.settings = settings
        self.url = settings.url if settings.url.endswith("/") else settings.url + "/"
        self.error = error
        self.sleep = sleep
        self._client = _client(settings, password)

    # reading

    def info(self) -> Info:
        body = _xml(
            "d:propfind",
            "<d:prop><d:resourcetype/><d:displayname/><c:supported-calendar-component-set/>"
            "<d:current-user-privilege-set/><d:sync-token/><cs:getctag/></d:prop>",
        )
        answer = self._send("PROPFIND", self.url, body, {"Depth": "0"}, reading=True)
        found = _multistatus(answer)
        props = next(iter(found.values()), {})
        if not props:  # Xandikos: 207 with the collection's own response saying 404
            raise self.error(self._refusal("PROPFIND", self.url, 404, True))
        kinds = props.get("resourcetype")
        components = props.get("supported-calendar-component-set")
        privileges = props.get("current-user-privilege-set")
        tags = [(props[k].text or "").strip() for k in ("sync-token", "getctag") if k in props]
        return Info(
            tag=next((t for t in tags if t), None),
            is_calendar=kinds is not None and kinds.find("c:calendar", NS) is not None,
            name=(props["displayname"].text or None) if "displayname" in props else None,
            components=(
                frozenset(c.get("name", "").upper() for c in components.findall("c:comp", NS))
                if components is not None
                else None
            ),
            writable=(
                any(
                    p.find(f"d:{w}", NS) is not None
                    for p in privileges.findall("d:privilege", NS)
                    for w in ("write", "write-content", "all")
                )
                if privileges is not None
                else None
            ),
        )

    def query(
        self, component: str, start: datetime | None = None, end: datetime | None = None
    ) -> list[Resource]:
        """Every object holding a `component` (VEVENT, VTODO), within [start, end) if given."""
        window = ""
        if start is not None and end is not None:
            window = f'<c:time-range start="{_utc(start)}" end="{_utc(end)}"/>'
        body = _xml(
            "c:calendar-query",
            "<d:prop><d:getetag/><c:calendar-data/></d:prop>"
            '<c:filter><c:comp-filter name="VCALENDAR">'
            f'<c:comp-filter name="{component}">{window}</c:comp-filter>'
            "</c:comp-filter></c:filter>",
        )
        return self._resources(self._send("REPORT", self.url, body, {"Depth": "1"}, reading=True))

    def etags(self) -> dict[str, str | None]:
        """Every object in the calendar with its ETag, no contents: one PROPFIND."""
        body = _xml("d:propfind", "<d:prop><d:getetag/><d:resourcetype/></d:prop>")
        answer = self._send("PROPFIND", self.url, body, {"Depth": "1"}, reading=True)
        found = {}
        for href, props in _multistatus(answer).items():
            kinds = props.get("resourcetype")
            if kinds is not None and kinds.find("d:collection", NS) is not None:
                continue  # the calendar itself
            etag = props["getetag"].text if "getetag" in props else None
            found[_absolute(self.url, href)] = etag
        return found

    def multiget(self, hrefs: list[str]) -> list[Resource]:
        """These objects, contents and ETags, in one REPORT (calendar-multiget)."""
        if not hrefs:
            return []
        wanted = "".join(f"<d:href>{_escape(urlsplit(h).path)}</d:href>" for h in hrefs)
        body = _xml(
            "c:calendar-multiget", f"<d:prop><d:getetag/><c:calendar-data/></d:prop>{wanted}"
        )
        return self._resources(self._send("REPORT", self.url, body, {"Depth": "1"}, reading=True))

    def _resources(self, answer) -> list[Resource]:
        resources = []
        for href, props in _multistatus(answer).items():
            data = props.get("calendar-data")
            if data is None or not (data.text or "").strip():
                continue
            etag = props["getetag"].text if "getetag" in props else None
            resources.append(Resource(_absolute(self.url, href), etag, data.text))
        return sorted(resources, key=lambda r: r.href)

    def get(self, href: str) -> Resource | None:
        """One object as it is now; None when it is gone."""
        try:
            answer = self._send("GET", href, "", {"Accept": "text/calendar"}, reading=True)
        except Refused as refused:
            if refused.status == 404:
                return None
            raise
        return Resource(href, answer.headers.get("ETag"), _text(answer))

    # writing

    def href_for(self, uid: str) -> str:
        return urljoin(self.url, quote(uid, safe="-_.") + ".ics")

    def put(self, href: str, text: str, etag: str | None) -> str | None:
        """Create (etag None: `If-None-Match: *`) or replace (`If-Match: etag`) one object.

        Returns the new ETag (None if the server does not say). Raises Refused with status 412
        when the object changed (or appeared) since it was read: the caller decides again.
        """
        condition = {"If-Match": etag} if etag else {"If-None-Match": "*"}
        headers = {"Content-Type": "text/calendar; charset=utf-8", **condition}
        answer = self._send("PUT", href, text, headers, reading=False)
        return answer.headers.get("ETag")

    # the one place requests are sent

    def _send(self, method: str, url: str, body: str, headers: dict, *, reading: bool):
        """Send one request; retry what is safe to repeat (every request calsync sends is: reads,
        and PUTs guarded by a precondition) on timeouts, resets, 429 and 5xx, with backoff."""
        from caldav.lib import error as caldav_error
        from niquests import exceptions as http

        wait = BACKOFF
        for attempt in range(1, ATTEMPTS + 1):
            last = attempt == ATTEMPTS
            try:
                answer = self._client.request(url, method, body, headers)
            except caldav_error.RateLimitError as exc:
                status, asked = exc.status or 429, exc.retry_after_seconds
                if last:
                    raise self.error(self._busy(url, status)) from None
                self.sleep(min(asked if asked is not None else wait, MAX_WAIT))
                wait *= 2
                continue
            except caldav_error.AuthorizationError as exc:
                if exc.status == 403 and not reading:
                    raise Refused(403, self._refusal(method, url, 403, reading)) from None
                raise self._denied(url, exc) from None
            except http.SSLError as exc:
                raise self.error(self._tls(exc)) from None
            except (http.Timeout, http.ConnectionError) as exc:
                log.debug("%s %s: %s (attempt %d)", method, url, type(exc).__name__, attempt)
                if last:
                    raise self.error(self._unreachable(exc)) from None
                self.sleep(wait)
                wait *= 2
                continue
            except http.RequestException as exc:
                raise self.error(f"{self.settings.server}: {type(exc).__name__}") from None
            log.debug("%s %s -> %s", method, _path(url), answer.status)
            if answer.status in RETRY_STATUSES and not last:
                self.sleep(min(retry_after(answer.headers) or wait, MAX_WAIT))
                wait *= 2
                continue
            if answer.status in RETRY_STATUSES:
                raise self.error(self._busy(url, answer.status))
            if answer.status >= 300:
                message = self._refusal(method, url, answer.status, reading)
                if reading and not (method == "GET" and answer.status == 404):
                    raise self.error(message)
                raise Refused(answer.status, message)  # the caller decides (412, a GET's 404)
            return answer
        raise AssertionError("unreachable")

    # messages: one line, naming the server, saying what to do

    def _denied(self, url: str, exc) -> CalsyncError:
        who = self.settings.username
        if exc.status == 403:
            return self.error(
                f"{url}: {who or 'this account'} may not use this calendar (403 Forbidden); "
                "check the URL and that the calendar is shared with you"
            )
        if who is None:
            return self.error(
                f"{self.settings.server}: the server asks for a login (401); "
                "add username and a password source to this calendar's config entry"
            )
        return self.error(
            f"{self.settings.server}: the server refused the password for {who} (401); "
            "check the password (an app password for iCloud, Fastmail and Nextcloud with 2FA)"
        )

    def _tls(self, exc) -> str:
        reason = "certificate not trusted"
        text = str(exc)
        if "hostname" in text.lower() or "match" in text.lower():
            reason = "the certificate is for another host name"
        elif "expired" in text.lower():
            reason = "the certificate has expired"
        return (
            f"{self.settings.server}: TLS verification failed ({reason}); for a private CA "
            'set ca_file = "/path/to/ca.pem" in this calendar\'s config entry'
        )

    def _unreachable(self, exc) -> str:
        what = "no answer in time" if "timeout" in type(exc).__name__.lower() else "cannot connect"
        return (
            f"{self.settings.server}: {what} after {ATTEMPTS} tries; "
            "check that the server is up and the URL is right, then run again"
        )

    def _busy(self, url: str, status: int) -> str:
        return (
            f"{self.settings.server}: the server answered {status} {ATTEMPTS} times; "
            "nothing was left half-done, run again later"
        )

    def _refusal(self, method: str, url: str, status: int, reading: bool) -> str:
        if status == 404 and url == self.url:
            return f"{url}: no calendar at this URL (404); check the URL (calsync doctor helps)"
        if status == 404:
            return f"{url}: not found (404)"
        if status == 412:
            return f"{url}: changed on the server since it was read (412)"
        if status in (403, 405) and not reading:
            return (
                f"{url}: the server refused to store it ({status}); the calendar may be "
                "read-only, or not take this kind of item (try --as event or --as todo)"
            )
        return f"{url}: {method} answered {status}"


def _client(settings: Settings, password: str | None):
    """A DAVClient that reads nothing from the environment and logs nothing it carries."""
    from caldav import DAVClient
    from caldav.lib import error as caldav_error

    caldav_error.debug_dump_communication = False  # PYTHON_CALDAV_COMMDUMP is not ours to obey
    quiet = logging.getLogger("caldav")
    quiet.setLevel(logging.CRITICAL + 1)  # it logs request bodies and event diffs
    quiet.propagate = False
    verify: bool | str = settings.ca_file or settings.verify_tls
    client = DAVClient(
        url=settings.url,
        username=settings.username,
        password=password,
        timeout=settings.timeout,
        ssl_verify_cert=verify,
        enable_rfc6764=False,
        headers={"User-Agent": "calsync"},
    )
    client.session.trust_env = False  # no .netrc, no proxy variables: only the config decides
    return client


def _xml(root: str, inner: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<{root} xmlns:d="{DAV}" xmlns:c="{CAL}" xmlns:cs="{CS}">{inner}</{root}>'
    )


def _multistatus(answer) -> dict[str, dict[str, ElementTree.Element]]:
    """href -> {property local name: element}, from the propstats answered 200."""
    try:
        root = ElementTree.fromstring(answer._raw or b"<d:multistatus xmlns:d='DAV:'/>")
    except ElementTree.ParseError:
        return {}
    found: dict[str, dict[str, ElementTree.Element]] = {}
    for response in root.iter(f"{{{DAV}}}response"):
        href = response.findtext("d:href", default="", namespaces=NS).strip()
        props: dict[str, ElementTree.Element] = {}
        for propstat in response.findall("d:propstat", NS):
            if " 200 " not in f" {propstat.findtext('d:status', '', NS)} ":
                continue
            for prop in propstat.findall("d:prop/*", NS):
                props[prop.tag.rsplit("}", 1)[-1]] = prop
        found[unquote(href) if href.startswith("http") else href] = props
    return found


def _text(answer) -> str:
    raw = answer._raw
    return raw.decode("utf-8-sig", errors="replace") if isinstance(raw, bytes) else str(raw)


def retry_after(headers) -> float | None:
    """Retry-After in seconds (the delta form; an HTTP date counts as absent)."""
    value = headers.get("Retry-After")
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _absolute(base: str, href: str) -> str:
    """A listed href as a URL; a bare `name:x.ics` (Xandikos) is a name, not a URL scheme."""
    if href.startswith(("/", "http://", "https://")):
        return urljoin(base, href)
    return urljoin(base, "./" + href)


def _path(url: str) -> str:
    return urlsplit(url).path
