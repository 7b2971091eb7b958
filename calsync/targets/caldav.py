"""A CalDAV calendar as a target: conditional PUTs only, one object per follow-up, no DELETE.

A create is `If-None-Match: *`, an update `If-Match` with the ETag the snapshot read. On 412
the object is read again and the action decided again (`reconcile.redo`): ours and untouched,
the change is made on what the server holds now; edited by the user, theirs is kept; not ours,
it is left alone and reported. An item that is not calsync's is never written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

from icalendar import Calendar

from calsync import dav, ical, reconcile
from calsync.config import Endpoint
from calsync.errors import CalsyncError, TargetError
from calsync.model import Notice
from calsync.reconcile import Action, Stored
from calsync.targets import write_atomic

COMPONENTS = {"todo": "VTODO", "event": "VEVENT"}


class CalDAVTarget:
    exclusive = True  # the lock is per target on this machine; the server's ETags do the rest
    persistent = True

    def __init__(self, endpoint: Endpoint, calendar: dav.Calendar | None = None):
        self.endpoint = endpoint
        # One calendar, however its URL is typed, is one ledger, one lock and one cache. An
        # older calsync keyed them by the URL as typed: that ledger is taken over (ledger.load).
        typed = endpoint.url or endpoint.where
        self.label = dav.canonical(typed) if endpoint.url else typed
        spellings = (typed, typed.rstrip("/"), typed.rstrip("/") + "/")
        self.former_labels = tuple(dict.fromkeys(t for t in spellings if t != self.label))
        self.as_ = endpoint.as_ or "auto"  # sync --as overrides it before the snapshot
        self.notices: list[Notice] = []
        self._calendar = calendar
        self._etags: dict[str, str | None] = {}
        self._resolved = False
        self._tag: str | None = None  # the collection's sync-token / ctag, read with its info
        self._listed: list[dav.Resource] | None = None  # fresh from the server, worth caching
        self.progress = None  # progress(done, total) after each write, if someone listens
        self._others: dict[str, str | None] = {}  # objects in the calendar that are not ours
        self._touched: set[str] = set()  # hrefs this run wrote (or tried to)

    @property
    def calendar(self) -> dav.Calendar:
        if self._calendar is None:
            self._calendar = dav.connect(self.endpoint, TargetError)
        return self._calendar

    def exists(self) -> bool:
        return True  # a calendar that is gone is an error (404) in snapshot, not a fresh start

    def resolve_as(self) -> str:
        """todo or event: `auto` takes tasks where the calendar takes them, else events; one
        PROPFIND either way, which also proves the URL is a calendar."""
        if self._resolved:
            return self.as_
        info = self.calendar.info()
        self._tag = info.tag
        if not info.is_calendar:
            raise TargetError(
                f"{self.endpoint.url}: not a calendar collection; check the URL "
                "(calsync doctor helps)"
            )
        takes = info.components or frozenset(COMPONENTS.values())  # not said: takes all
        if self.as_ == "auto":
            usable = [k for k in ("todo", "event") if COMPONENTS[k] in takes]
            if not usable:
                raise TargetError(
                    f"{self.endpoint.url}: this calendar takes neither tasks nor events "
                    f"({', '.join(sorted(takes))}); choose another calendar"
                )
            self.as_ = usable[0]
        elif COMPONENTS[self.as_] not in takes:
            other = "event" if self.as_ == "todo" else "todo"
            raise TargetError(
                f"{self.endpoint.url}: this calendar takes no {COMPONENTS[self.as_]} "
                f"(only {', '.join(sorted(takes))}); use --as {other} or --as auto"
            )
        self._resolved = True
        return self.as_

    def snapshot(self) -> list[Stored]:
        component = COMPONENTS[self.resolve_as()]
        saved = _load(self.label, component)
        if saved is not None and self._tag and saved["tag"] == self._tag:
            # Nothing in the calendar changed since it was listed.
            candidates, self._others = saved["items"], dict(saved["others"])
        elif saved is not None:
            candidates, self._others = self._changed_since(saved)
        else:
            candidates, self._others = self.calendar.query(component), {}
        stored, self._listed = [], []
        for resource in candidates:  # each object parsed once; what is not ours is only noted
            item = _owned_item(resource.text)
            if item is None or item.name != component:
                self._others[resource.href] = resource.etag
                continue
            self._listed.append(resource)
            self._etags[resource.href] = resource.etag
            stored.append(Stored(str(item.get("UID", "")), item, resource.text, resource.href))
        return stored

    def _changed_since(self, saved: dict) -> tuple[list[dav.Resource], dict[str, str | None]]:
        """The ETags of everything (one PROPFIND), then only what is new or changed since the
        saved listing (one calendar-multiget): a calendar with one task edited costs one
        task's download, not the calendar's. Returns our unchanged items and the fetched
        objects, and the ETags of the other objects that did not change."""
        listing = self.calendar.etags()
        known = {r.href: r for r in saved["items"]}
        others = saved["others"]
        unchanged = [
            known[href]
            for href, etag in listing.items()
            if etag is not None and href in known and known[href].etag == etag
        ]
        changed = [
            href
            for href, etag in listing.items()
            if etag is None or (known[href].etag if href in known else others.get(href)) != etag
        ]
        fetched = self.calendar.multiget(changed)
        seen = {r.href for r in unchanged} | set(changed)
        still = {href: etag for href, etag in listing.items() if href not in seen}
        return sorted(unchanged + fetched, key=lambda r: r.href), still

    def apply(self, actions: list[Action]) -> list[Action]:
        done = []
        total, written = sum(a.writes for a in actions), 0
        try:
            for action in actions:
                done.append(self._apply(action) if action.writes else action)
                if action.writes and self.progress is not None:
                    written += 1
                    self.progress(written, total)
        except CalsyncError as exc:
            exc.completed = done  # what did reach the server: the ledger still records it
            _forget(self.label)
            raise
        if self._listed is not None:
            # What we wrote is left out: the next run fetches it as the server stored it.
            touched = self._touched
            kept = [r for r in self._listed if r.href not in touched]
            others = {h: e for h, e in self._others.items() if h not in touched}
            tag = None if touched else self._tag
            _save(self.label, tag, COMPONENTS[self.as_], kept, others)
        return done

    def _apply(self, action: Action) -> Action:
        if "ATTENDEE" in action.item or "ORGANIZER" in action.item:
            self._notice(action.uid, "has attendees; not written (the server would e-mail them)")
            return replace(action, verb="kept", reason="has attendees")
        href = action.stored.key if action.stored else self.calendar.href_for(action.uid)
        etag = self._etags.get(href) if action.stored else None
        self._touched.add(href)
        for _ in range(2):  # the first PUT, and one more after a 412 and a fresh read
            try:
                self._etags[href] = self.calendar.put(href, _object(action.item), etag)
                return action
            except dav.Refused as refused:
                if refused.status != 412:
                    raise TargetError(str(refused)) from None
            current = self.calendar.get(href)
            if current is None:
                self._notice(action.uid, "deleted on the server meanwhile; left deleted")
                return replace(action, verb="kept", reason="deleted meanwhile")
            item = _owned_item(current.text) or _any_item(current.text)
            if item is None:
                self._notice(href, "holds something calsync cannot read; left alone")
                return replace(action, verb="kept", reason="unreadable")
            again = reconcile.redo(action, Stored(action.uid, item, current.text, href))
            self._etags[href] = etag = current.etag
            if not again.writes:
                if again.reason in ("not calsync's", "edited by you"):
                    self._notice(href, f"changed on the server meanwhile ({again.reason}); kept")
                return again
            action = again
        self._notice(action.uid, "kept changing on the server; the next run tries again")
        return replace(action, verb="kept", reason="changing on the server")

    def _notice(self, where: str, message: str) -> None:
        self.notices.append(Notice(where, message))


def _object(item) -> str:
    """One calendar object: the item and the VTIMEZONEs it uses."""
    return ical.to_text(ical.calendar([item]))


def _components(text: str):
    try:
        calendar = Calendar.from_ical(text.encode("utf-8"))
    except ValueError:
        return []
    return [c for c in calendar.subcomponents if c.name in ("VTODO", "VEVENT")]


def _owned_item(text: str):
    if "X-CALSYNC-KIND" not in text.upper():
        return None
    return next((c for c in _components(text) if ical.is_owned(c)), None)


def _any_item(text: str):
    return next(iter(_components(text)), None)


# The listing cache: calsync's own items as last listed, with their ETags and texts, the other
# objects' ETags, and the collection's sync-token (or ctag). While the tag is the same, nothing
# in the calendar changed and a run lists nothing; when it moved, the ETags say which objects
# to fetch. What a run wrote is left out, to be fetched as the server stored it. It is a cache:
# unreadable means absent, and the next run lists the calendar whole.


def _cache_path(label: str):
    from calsync import home

    return home.state_dir() / "cache" / f"{hashlib.sha256(label.encode()).hexdigest()[:16]}.json"


def _load(label: str, component: str) -> dict | None:
    """The saved listing: its tag (None after a run that wrote), calsync's items with their
    ETags and texts, the other objects' ETags."""
    try:
        saved = json.loads(_cache_path(label).read_text(encoding="utf-8"))
        if saved["target"] != label or saved["component"] != component:
            return None
        items = [dav.Resource(r["href"], r["etag"], r["text"]) for r in saved["items"]]
        others = {str(h): e for h, e in saved["others"].items()}
        return {"tag": saved["tag"], "items": items, "others": others}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _save(
    label: str,
    tag: str | None,
    component: str,
    resources: list[dav.Resource],
    others: dict[str, str | None],
) -> None:
    path = _cache_path(label)
    items = [{"href": r.href, "etag": r.etag, "text": r.text} for r in resources]
    document = {
        "target": label,
        "tag": tag,
        "component": component,
        "items": items,
        "others": others,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(document, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # a cache that cannot be written costs a listing next run, nothing more


def _forget(label: str) -> None:
    _cache_path(label).unlink(missing_ok=True)
