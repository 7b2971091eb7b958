"""CalDAV over HTTP: the few requests calsync sends to one calendar, each chosen, none implied.

Every create is `If-None-Match: *`, every update carries `If-Match`, nothing is ever deleted,
and a read is one REPORT. The requests go through calsync.transport, not through the caldav
library's DAVClient, whose session follows redirects for every method (a PUT answered 302
becomes a GET whose 200 looks like success), hands its credentials to whatever URL an href
names, reads answers whole and gzip-decoded without a cap, and times out per read only
(NOTES.md). Here a redirect is followed only for a read and only within the server, every href
must stay inside the calendar, answers are capped and each exchange has a deadline. Only
calsync's config decides where it connects: no ambient `CALDAV_*` or `PYTHON_CALDAV_*`
variables, `.netrc` or proxy variables.
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
ATTEMPTS = 4  # the first try and three retries
BACKOFF = 0.5  # seconds before the first retry, doubling
MAX_WAIT = 30.0  # the most calsync waits for one Retry-After
RETRY_ON = frozenset({"timeout", "reset", "refused"})  # a server restarting refuses for a moment
DEADLINE = 4  # one exchange must finish within this many timeouts, however the server drips
MAX_BYTES = 256 * 1024 * 1024  # the most of one answer calsync reads (as for a feed or a file)
MAX_REDIRECTS = 5


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
    TargetError for a target), one line naming the server and the fix.

    Everything the server says is checked before it is used: an answer that is not a
    well-formed multistatus is an error (never an empty listing), every href must name an
    object inside this collection, and a redirect is followed only for a read, only within the
    server, never for a PUT."""

    def __init__(
        self,
        settings: Settings,
        password: str | None,
        error: type[CalsyncError],
        sleep: Callable[[float], None] = time.sleep,
    ):
        from calsync import transport

        self.settings = settings
        self.url = settings.url if settings.url.endswith("/") else settings.url + "/"
        self.error = error
        self.sleep = sleep
        try:
            self.origin = transport.Origin.of(self.url)
        except ValueError:
            raise error(
                f"{_shown_href(settings.url)}: not a calendar URL like https://host/path/"
            ) from None
        self._collection = _segments(self.url)
        self._login = transport.Login(settings.username, password)
        self._session = transport.Session(
            self.origin,
            timeout=settings.timeout,
            deadline=settings.timeout * DEADLINE,
            max_bytes=MAX_BYTES,
            tls=self._tls() if self.origin.scheme == "https" else None,
        )

    def _tls(self):
        from calsync import transport

        try:
            return transport.tls_context(self.settings.ca_file, self.settings.verify_tls)
        except (OSError, ValueError) as exc:
            raise self.error(
                f"{self.settings.server}: cannot use ca_file {self.settings.ca_file} "
                f"({type(exc).__name__}); give a PEM file"
            ) from None

    # reading

    def info(self) -> Info:
        body = _xml(
            "d:propfind",
            "<d:prop><d:resourcetype/><d:displayname/><c:supported-calendar-component-set/>"
            "<d:current-user-privilege-set/><d:sync-token/><cs:getctag/></d:prop>",
        )
        answer = self._send("PROPFIND", self.url, body, {"Depth": "0"}, reading=True)
        found = self._multistatus(answer, "PROPFIND")
        props = next((p for href, p in found.items() if _segments(href) == self._collection), None)
        if props is None and len(found) == 1:
            props = next(iter(found.values()))  # a server that names the collection its own way
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
        answer = self._send("REPORT", self.url, body, {"Depth": "1"}, reading=True)
        return self._resources(answer)

    def etags(self) -> dict[str, str | None]:
        """Every object in the calendar with its ETag, no contents: one PROPFIND."""
        body = _xml("d:propfind", "<d:prop><d:getetag/><d:resourcetype/></d:prop>")
        answer = self._send("PROPFIND", self.url, body, {"Depth": "1"}, reading=True)
        found = {}
        for href, props in self._multistatus(answer, "PROPFIND").items():
            kinds = props.get("resourcetype")
            if kinds is not None and kinds.find("d:collection", NS) is not None:
                continue  # the calendar itself
            etag = props["getetag"].text if "getetag" in props else None
            found[self._inside(href)] = etag
        return found

    def multiget(self, hrefs: list[str]) -> list[Resource]:
        """These objects, contents and ETags, in one REPORT (calendar-multiget)."""
        if not hrefs:
            return []
        wanted = "".join(f"<d:href>{_escape(urlsplit(h).path)}</d:href>" for h in hrefs)
        body = _xml(
            "c:calendar-multiget", f"<d:prop><d:getetag/><c:calendar-data/></d:prop>{wanted}"
        )
        answer = self._send("REPORT", self.url, body, {"Depth": "1"}, reading=True)
        return self._resources(answer)

    def _resources(self, answer) -> list[Resource]:
        resources = []
        for href, props in self._multistatus(answer, "REPORT").items():
            data = props.get("calendar-data")
            if data is None or not (data.text or "").strip():
                continue
            etag = props["getetag"].text if "getetag" in props else None
            resources.append(Resource(self._inside(href), etag, data.text))
        return sorted(resources, key=lambda r: r.href)

    def get(self, href: str) -> Resource | None:
        """One object as it is now; None when it is gone."""
        href = self._inside(href)
        try:
            answer = self._send("GET", href, "", {"Accept": "text/calendar"}, reading=True)
        except Refused as refused:
            if refused.status == 404:
                return None
            raise
        return Resource(href, answer.headers.get("ETag"), _text(answer.body))

    # writing

    def href_for(self, uid: str) -> str:
        return urljoin(self.url, quote(uid, safe="-_.") + ".ics")

    def put(self, href: str, text: str, etag: str | None) -> str | None:
        """Create (etag None: `If-None-Match: *`) or replace (`If-Match: etag`) one object.

        Returns the new ETag (None if the server does not say). Raises Refused with status 412
        when the object changed (or appeared) since it was read: the caller decides again. Only
        200, 201 and 204 mean stored; a redirect is never followed with the item."""
        href = self._inside(href)
        condition = {"If-Match": etag} if etag else {"If-None-Match": "*"}
        headers = {"Content-Type": "text/calendar; charset=utf-8", **condition}
        answer = self._send("PUT", href, text, headers, reading=False)
        if answer.status not in (200, 201, 204):
            raise self.error(
                f"{href}: the server answered the PUT with {answer.status}, which does not "
                "say it was stored; nothing was recorded as written, run again later"
            )
        return answer.headers.get("ETag")

    # what the server says, checked

    def _inside(self, href: str) -> str:
        """`href` as an absolute URL, when it names an object of this collection (or the
        collection itself); else the run stops: an href elsewhere would have calsync send the
        password to another server, or write outside the calendar."""
        from calsync import transport

        url = _absolute(self.url, href)
        try:
            same_origin = transport.Origin.of(url) == self.origin
        except ValueError:
            same_origin = False
        segments = _segments(url)
        depth = len(segments) - len(self._collection)
        if (
            not same_origin
            or segments[: len(self._collection)] != self._collection
            or depth not in (0, 1)
            or any(s in (".", "..") for s in segments)
        ):
            raise self.error(
                f"{self.settings.server}: the server named an object outside the calendar "
                f"({_shown_href(href)}); calsync stopped before reading or writing it. Check "
                "the calendar URL, or report this to the server's administrator"
            )
        return url

    def _multistatus(self, answer, method: str) -> dict[str, dict[str, ElementTree.Element]]:
        try:
            return _multistatus(answer.body)
        except ValueError as exc:
            raise self.error(
                f"{self.settings.server}: the answer to {method} is not a WebDAV listing "
                f"({exc}); nothing was changed, run again later (calsync doctor checks the URL)"
            ) from None

    # the one place requests are sent

    def _send(self, method: str, url: str, body: str, headers: dict, *, reading: bool):
        """Send one request, logged in; follow a read's redirect within the server; raise the
        caller's error for what it cannot use (Refused for what the caller decides: a PUT's
        412 or 403, a GET's 404)."""
        from calsync import transport

        data = body.encode("utf-8")
        if data and "Content-Type" not in headers:
            headers = {"Content-Type": 'application/xml; charset="utf-8"', **headers}
        for _hop in range(MAX_REDIRECTS + 1):
            answer = self._logged_in(method, url, data, headers)
            if answer.status not in transport.REDIRECT_STATUSES:
                break
            url = self._redirect(method, url, answer, reading)
        else:
            raise self.error(f"{url}: redirected more than {MAX_REDIRECTS} times; check the URL")
        if answer.status in transport.RETRY_STATUSES:
            raise self.error(self._busy(url, answer.status))
        if answer.status == 401:
            raise self.error(self._denied(401))
        if answer.status == 403 and reading:
            raise self.error(self._denied(403, url))
        if answer.status >= 300:
            message = self._refusal(method, url, answer.status, reading)
            if reading and not (method == "GET" and answer.status == 404):
                raise self.error(message)
            raise Refused(answer.status, message)  # the caller decides (412, a GET's 404)
        return answer

    def _logged_in(self, method: str, url: str, data: bytes, headers: dict):
        """One exchange, retried as it is safe to (every request calsync sends is: reads, and
        PUTs guarded by a precondition); a 401 answered with the password, to this server
        only (the session cannot reach another), once per challenge."""
        from calsync import transport

        def exchange():
            sent = {**headers, **self._login.header(method, url)}
            return self._session.send(method, url, data, sent)

        def retrying():
            try:
                return transport.retrying(
                    exchange,
                    attempts=ATTEMPTS,
                    backoff=BACKOFF,
                    max_wait=MAX_WAIT,
                    sleep=self.sleep,
                    retry_on=RETRY_ON,
                    on_retry=lambda why, n: log.debug(
                        "%s %s: %s (attempt %d)", method, _path(url), why, n
                    ),
                )
            except transport.Failure as failure:
                raise self.error(self._failed(failure)) from None

        answer = retrying()
        for _ in range(2):  # the first challenge, and a stale nonce's fresh one
            if answer.status != 401 or not self._login.answer(answer.headers):
                break
            answer = retrying()
        log.debug("%s %s -> %s", method, _path(url), answer.status)
        return answer

    def _redirect(self, method: str, url: str, answer, reading: bool) -> str:
        from calsync import transport

        location = urljoin(url, (answer.headers.get("Location") or "").strip())
        if not reading:
            raise self.error(
                f"{url}: the server answered the {method} with a redirect ({answer.status} to "
                f"{_shown_href(location)}); nothing was stored, and calsync does not send the "
                "item elsewhere. Check the calendar URL (calsync doctor helps)"
            )
        try:
            same = transport.Origin.of(location) == self.origin
        except ValueError:
            same = False
        if not same:
            raise self.error(
                f"{self.settings.server}: redirects to another server "
                f"({_shown_origin(location)}); calsync logs in to none but the configured one. "
                "If the calendar moved, put its new URL in the config"
            )
        log.debug("%s %s: redirected to %s", method, _path(url), _path(location))
        return location

    # messages: one line, naming the server, saying what to do

    def _denied(self, status: int, url: str = "") -> str:
        who = self.settings.username
        if status == 403:
            return (
                f"{url}: {who or 'this account'} may not use this calendar (403 Forbidden); "
                "check the URL and that the calendar is shared with you"
            )
        if who is None:
            return (
                f"{self.settings.server}: the server asks for a login (401); "
                "add username and a password source to this calendar's config entry"
            )
        return (
            f"{self.settings.server}: the server refused the password for {who} (401); "
            "check the password (an app password for iCloud, Fastmail and Nextcloud with 2FA)"
        )

    def _failed(self, failure) -> str:
        """A request that did not complete, as one line with what to do."""
        server = self.settings.server
        kind = failure.kind
        if kind == "tls":
            if failure.detail.startswith("TLS handshake"):
                return (
                    f"{server}: {failure.detail}; check that the URL starts with the right scheme"
                )
            return (
                f"{server}: TLS verification failed ({failure.detail}); for a private CA "
                'set ca_file = "/path/to/ca.pem" in this calendar\'s config entry'
            )
        if kind == "dns":
            return f"{server}: host not found; check the URL and your network"
        if kind == "slow":
            return (
                f"{server}: the answer did not finish within "
                f"{self.settings.timeout * DEADLINE:g} s (the server sends too slowly); "
                "nothing was left half-done, run again later"
            )
        if kind == "too-big":
            return (
                f"{server}: an answer larger than {MAX_BYTES // 2**20} MB; calsync stopped "
                "reading it (nothing was changed)"
            )
        if kind == "garbled":
            return f"{server}: an answer calsync cannot read ({failure.detail}); run again later"
        what = "no answer in time" if kind == "timeout" else "cannot connect"
        if kind == "reset":
            what = "the connection dropped"
        return (
            f"{server}: {what} after {ATTEMPTS} tries; "
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


def _xml(root: str, inner: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<{root} xmlns:d="{DAV}" xmlns:c="{CAL}" xmlns:cs="{CS}">{inner}</{root}>'
    )


def _multistatus(raw: bytes) -> dict[str, dict[str, ElementTree.Element]]:
    """href -> {property local name: element}, from the propstats answered 200. ValueError
    when it is not a well-formed DAV:multistatus (an HTML maintenance page, a cut-off body, a
    document type: a listing never needs one, and its entities are how XML bombs go off)."""
    if _declares_a_doctype(raw):
        raise ValueError("it declares a document type")
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError:
        raise ValueError("not well-formed XML" if raw.strip() else "empty") from None
    if root.tag != f"{{{DAV}}}multistatus":
        raise ValueError(f"its root is {_shown_tag(root.tag)}, not DAV:multistatus")
    found: dict[str, dict[str, ElementTree.Element]] = {}
    for response in root.iter(f"{{{DAV}}}response"):
        href = response.findtext("d:href", default="", namespaces=NS).strip()
        props: dict[str, ElementTree.Element] = {}
        for propstat in response.findall("d:propstat", NS):
            if " 200 " not in f" {propstat.findtext('d:status', '', NS)} ":
                continue
            for prop in propstat.findall("d:prop/*", NS):
                props[prop.tag.rsplit("}", 1)[-1]] = prop
        found[href] = props
    return found


def _declares_a_doctype(raw: bytes) -> bool:
    """Whether a <!DOCTYPE comes before the root element (comments and PIs may)."""
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    while head.startswith((b"<?", b"<!--")):
        end = head.find(b"?>" if head.startswith(b"<?") else b"-->")
        if end < 0:
            return False
        head = head[end + 2 :].lstrip(b" \t\r\n>")
    return head[:9].upper() == b"<!DOCTYPE"


def _shown_tag(tag: str) -> str:
    return tag.rsplit("}", 1)[-1][:40] or "?"


def _text(raw: bytes) -> str:
    return raw.decode("utf-8-sig", errors="replace")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _absolute(base: str, href: str) -> str:
    """A listed href as a URL; a bare `name:x.ics` (Xandikos) is a name, not a URL scheme."""
    if href.lower().startswith(("/", "http://", "https://")):
        return urljoin(base, href)
    return urljoin(base, "./" + href)


def canonical(url: str) -> str:
    """One spelling of a calendar's URL, to key its ledger, lock and cache: scheme and host in
    lower case, the default port and any login dropped, the loopback names as one, the path
    with `//` collapsed, one trailing slash, and percent-encoding as RFC 3986 prefers ("%40"
    and "@" alike). The URL sent to the server stays as configured."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    host = (parts.hostname or "").lower()
    host = "localhost" if host in ("127.0.0.1", "::1", "localhost") else host
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != {"http": 80, "https": 443}.get(scheme):
        host += f":{port}"
    path = "/".join(quote(segment, safe="!$&'()*+,;=:@-._~") for segment in _segments(url))
    return f"{scheme}://{host}/{path}/" if path else f"{scheme}://{host}/"


def _segments(url: str) -> tuple[str, ...]:
    """A URL's path as its decoded segments, a trailing slash ignored ("@" and "%40" alike;
    an encoded "/" stays inside its segment, an encoded ".." shows as ".."). Empty segments
    (`//`) are dropped."""
    path = urlsplit(url).path
    return tuple(unquote(s) for s in path.split("/") if s)


def _shown_href(href: str) -> str:
    """An href for a message: printable, and short."""
    shown = "".join(c if c.isprintable() else "?" for c in href)
    return shown if len(shown) <= 80 else shown[:79] + "…"


def _shown_origin(url: str) -> str:
    from calsync import transport

    try:
        return str(transport.Origin.of(url))
    except ValueError:
        return _shown_href(url.split("/", 3)[2] if "://" in url else url)


def _path(url: str) -> str:
    return urlsplit(url).path
