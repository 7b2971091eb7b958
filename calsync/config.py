"""The configuration: TOML in, frozen dataclasses out, every problem reported at once."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from calsync.errors import ConfigError, UsageError

# The words that make an event a candidate, searched (whole words, any case) in its title and
# categories only: cheap to scan for in a big calendar. Whether a candidate is the user's own
# interview is the verdict's to say (invite/verdict.py): "Gespräch", "assessment" or
# "recruiter" alone let an event in but decide nothing, and preparation, practice, training
# and networking are judged out there.
DEFAULT_KEYWORDS = (
    "interview",
    "interviews",
    "phone screen",
    "phone screening",
    "screening call",
    "screening interview",
    "tech screen",
    "technical screen",
    "recruiter",
    "recruiter call",
    "recruiter screen",
    "hiring manager",
    "onsite",
    "on-site",
    "superday",
    "super day",
    "take-home",
    "take home",
    "case study",
    "assessment",
    "technical round",
    "final round",
    "panel interview",
    # German
    "Vorstellungsgespräch",
    "Bewerbungsgespräch",
    "Kennenlerngespräch",
    "Auswahlgespräch",
    "Zweitgespräch",
    "Telefoninterview",
    "Videointerview",
    "Gespräch",
    "Assessment-Center",
    # French
    "entretien",
    "entretiens",
    "entrevue",
    "test technique",
    "évaluation technique",
    # Spanish
    "entrevista",
    "entrevistas",
    "prueba técnica",
    "evaluación técnica",
    # Dutch
    "sollicitatiegesprek",
    "kennismakingsgesprek",
    "selectiegesprek",
    "gesprek",
    "technische toets",
    # Italian
    "colloquio",
    "colloqui",
    "test tecnico",
    "prova tecnica",
    "valutazione tecnica",
)
# Extra words the user can add or replace ([detect] exclusions): the verdict already knows
# preparation, practice, training and networking in six languages.
DEFAULT_EXCLUSIONS = ("mock interview", "interview prep", "practice interview")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
REGION = re.compile(r"[A-Za-z]{2}(?:-[A-Za-z0-9]{1,3})?")  # ISO 3166: "DE", "US-CA", "GB-SCT"


@dataclass(frozen=True)
class Me:
    name: str | None = None
    emails: tuple[str, ...] = ()
    # Your own employer's domains: an interview where everyone else is from one of them is one
    # you hold, not one you sit (none: the corporate domains of `emails`).
    employer_domains: tuple[str, ...] = ()
    pitch: str | None = None
    phone: str | None = None
    timezone: str | None = None


@dataclass(frozen=True)
class Detect:
    keywords: tuple[str, ...] = DEFAULT_KEYWORDS
    exclusions: tuple[str, ...] = DEFAULT_EXCLUSIONS
    lookback_days: int = 30
    horizon_days: int = 90
    replied_category: str = "replied"


@dataclass(frozen=True)
class Cadence:
    thank_you_hours: int = 24
    phone_call: bool = True
    phone_call_business_days: int = 2
    next_steps_business_days: int = 5
    timeline_business_days: int = 1
    final_nudge_business_days: int = 5
    call_window: tuple[time, time] = (time(10), time(16))
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday is 0
    holidays: tuple[date, ...] = ()
    max_thank_yous: int = 6
    # From `holidays` too: country codes ("DE", "US-CA"), whose public holidays are skipped.
    holiday_regions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Output:
    as_: str | None = None  # todo | event | auto; None: todo for files, auto for CalDAV
    alarms: bool = True


@dataclass(frozen=True)
class Endpoint:
    """A [[source]] or the [target]: a path, or a CalDAV calendar and how to log in to it."""

    where: str  # how messages name the entry: "[[source]] work", "caldav+https://…"
    name: str | None = None
    path: str | None = None
    url: str | None = None  # https://host/path/to/calendar/ (without the caldav+ prefix)
    feed: str | None = field(default=None, repr=False)  # a published calendar; its path is secret
    username: str | None = None
    password_command: str | None = None
    password_env: str | None = None
    password: str | None = field(default=None, repr=False)  # only from a mode-0600 file
    verify_tls: bool = True
    ca_file: str | None = None
    timeout: int = 30
    as_: str | None = None  # the target's todo | event | auto

    @property
    def label(self) -> str:
        return self.url or self.path or self.where


@dataclass(frozen=True)
class Config:
    me: Me = field(default_factory=Me)
    detect: Detect = field(default_factory=Detect)
    cadence: Cadence = field(default_factory=Cadence)
    output: Output = field(default_factory=Output)
    sources: tuple[Endpoint, ...] = ()
    target: Endpoint | None = None
    contacts: Path | None = None  # a vCard file or directory: phone numbers by e-mail
    path: Path | None = None  # the file it was read from, if any

    @property
    def template_dir(self) -> Path | None:
        """Where user templates override the shipped ones: `templates/` beside the config."""
        return self.path.parent / "templates" if self.path else None


def default_path() -> Path:
    """$CALSYNC_CONFIG, else the platform config dir (XDG on Linux)."""
    if env := os.environ.get("CALSYNC_CONFIG"):
        return Path(env)
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "calsync" / "config.toml"


def load(path: Path | None) -> Config:
    """Read the config at `path` (explicit: must exist), else the default path if it exists."""
    explicit = path is not None
    path = path or default_path()
    if not path.exists():
        if explicit or os.environ.get("CALSYNC_CONFIG"):
            raise ConfigError(str(path), ["file not found (create it with the keys in the README)"])
        return Config()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [f"cannot read: {exc}"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), [f"not valid TOML: {exc}"]) from None
    return parse(raw, path)


def parse(raw: dict, path: Path | None = None) -> Config:
    """Validate a parsed TOML document; raise ConfigError listing every problem."""
    where = str(path) if path else "config"
    reader = _Reader(raw)
    me = Me(
        name=reader.text("me", "name"),
        emails=tuple(e.casefold() for e in reader.texts("me", "emails", ())),
        employer_domains=tuple(
            d.casefold().strip().lstrip("@") for d in reader.texts("me", "employer_domains", ())
        ),
        pitch=reader.text("me", "pitch"),
        phone=reader.text("me", "phone"),
        timezone=reader.zone("me", "timezone"),
    )
    keywords = reader.texts("detect", "keywords", DEFAULT_KEYWORDS)
    detect = Detect(
        keywords=tuple(keywords) + tuple(reader.texts("detect", "extra_keywords", ())),
        exclusions=tuple(reader.texts("detect", "exclusions", DEFAULT_EXCLUSIONS)),
        lookback_days=reader.count("detect", "lookback_days", Detect.lookback_days),
        horizon_days=reader.count("detect", "horizon_days", Detect.horizon_days),
        replied_category=reader.text("detect", "replied_category") or Detect.replied_category,
    )
    d = Cadence()
    cadence = Cadence(
        thank_you_hours=reader.count("cadence", "thank_you_hours", d.thank_you_hours, low=1),
        phone_call=reader.flag("cadence", "phone_call", d.phone_call),
        phone_call_business_days=reader.count(
            "cadence", "phone_call_business_days", d.phone_call_business_days
        ),
        next_steps_business_days=reader.count(
            "cadence", "next_steps_business_days", d.next_steps_business_days, low=1
        ),
        timeline_business_days=reader.count(
            "cadence", "timeline_business_days", d.timeline_business_days
        ),
        final_nudge_business_days=reader.count(
            "cadence", "final_nudge_business_days", d.final_nudge_business_days, low=1
        ),
        call_window=reader.window("cadence", "call_window", d.call_window),
        workdays=reader.workdays("cadence", "workdays", d.workdays),
        holidays=reader.dates("cadence", "holidays"),
        holiday_regions=reader.regions("cadence", "holidays"),
        max_thank_yous=reader.count("cadence", "max_thank_yous", d.max_thank_yous, low=1),
    )
    as_ = reader.text("output", "as")  # None: tasks to files, `auto` to CalDAV
    if as_ not in (None, "todo", "event", "auto"):
        reader.problem("output", "as", f'must be "todo", "event" or "auto", not {as_!r}')
    output = Output(as_=as_, alarms=reader.flag("output", "alarms", True))
    private = path is not None and path.exists() and path.stat().st_mode & 0o077 == 0
    raw_sources = raw.get("source", [])
    if not isinstance(raw_sources, list):
        reader.problems.append("source: must be [[source]] tables (one per calendar)")
        raw_sources = []
    sources = tuple(
        e
        for n, table in enumerate(raw_sources, 1)
        if (e := reader.endpoint(table, f"[[source]] {n}", private, path)) is not None
    )
    raw_target = raw.get("target")
    target = None
    if raw_target is not None:
        target = reader.endpoint(raw_target, "[target]", private, path, target=True)
    names = [e.name for e in sources if e.name]
    for name in sorted({n for n in names if names.count(n) > 1}):
        reader.problems.append(f"[[source]] name: {name!r} is used twice")
    contacts = reader.text("contacts", "path")
    if contacts is not None and not Path(contacts).expanduser().exists():
        reader.problem("contacts", "path", f"{contacts} does not exist (a .vcf file or directory)")
    reader.unknown_keys()
    if reader.problems:
        raise ConfigError(where, reader.problems)
    return Config(
        contacts=Path(contacts).expanduser() if contacts else None,
        me=me,
        detect=detect,
        cadence=cadence,
        output=output,
        sources=sources,
        target=target,
        path=path,
    )


def endpoint_from_url(spec: str) -> Endpoint | None:
    """`caldav+https://user@host/path/` -> an Endpoint; None when `spec` is not such a URL.

    The user name may be in the URL; a password may not (it would show in `ps` and in shell
    history): it comes from the keyring or a prompt, or use a [[source]] / [target] entry.
    """
    if not spec.lower().startswith(("caldav+https://", "caldav+http://")):
        return None
    url = spec[len("caldav+") :]
    try:
        parts, port = _split(url, like="caldav+https://host/path/")
    except ValueError as exc:
        raise UsageError(f"caldav+{exc}") from None
    if parts.password is not None:
        raise UsageError(
            f"{spec.split('@')[-1]}: never put a password in the URL (it shows in ps and "
            "shell history); use password_command in a [[source]] or [target] entry"
        )
    if _published(parts.path):
        raise UsageError(
            f"caldav+{parts.scheme}://{parts.hostname}/… ends in .ics: that is a published "
            "calendar's address, not a CalDAV calendar; give it without caldav+"
        )
    netloc = parts.hostname + (f":{port}" if port else "")
    clean = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    return Endpoint(
        where=f"caldav+{clean}", url=clean, username=unquote(parts.username or "") or None
    )


def _split(url: str, like: str = "https://host/path/"):
    """A calendar URL's parts and port. ValueError, with a message that shows only the scheme,
    host and port, when it is none: its path may be a secret (a published calendar's address,
    given where a CalDAV URL belongs)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # a broken [IPv6] host
        parts, host = None, None
    scheme = url.partition("://")[0][:20] if "://" in url else ""
    if parts is None or scheme.lower() not in ("http", "https") or not host:
        shown = f"{scheme}://{host or ''}/…" if scheme else "it"
        raise ValueError(f"{shown} is not a calendar URL like {like}")
    try:
        port = parts.port
    except ValueError:  # not a number, or over 65535
        port = -1
    if port is not None and not 1 <= port <= 65535:
        given = parts.netloc.rpartition(":")[2][:20]
        raise ValueError(f"{scheme}://{host}:{given}/…: the port must be a number from 1 to 65535")
    return parts, port


def _published(path: str) -> bool:
    """A path to one .ics file (Google's secret address, Outlook's ICS link) is a feed, and its
    path a secret: it is never echoed."""
    return path.lower().endswith((".ics", ".ical", ".ifb"))


def resolve(spec: str, entries: tuple[Endpoint, ...]) -> Endpoint | None:
    """A SOURCE or TARGET argument: a configured name, a caldav+ URL, or None for a path."""
    for entry in entries:
        if entry.name is not None and entry.name == spec:
            return entry
    return endpoint_from_url(spec)


_KNOWN = {
    "me": {"name", "emails", "employer_domains", "pitch", "phone", "timezone"},
    "detect": {
        "keywords",
        "extra_keywords",
        "exclusions",
        "lookback_days",
        "horizon_days",
        "replied_category",
    },
    "cadence": {f.name for f in Cadence.__dataclass_fields__.values()} - {"holiday_regions"},
    "output": {"as", "alarms"},
    "contacts": {"path"},
    "source": set(),  # checked entry by entry
    "target": set(),
}
ENDPOINT_KEYS = {
    "name",
    "path",
    "url",
    "feed",
    "username",
    "password_command",
    "password_env",
    "password",
    "verify_tls",
    "ca_file",
    "timeout",
}


class _Reader:
    """Typed access to the raw TOML that records problems instead of stopping at the first."""

    def __init__(self, raw: dict):
        self.raw = raw
        self.problems: list[str] = []

    def problem(self, section: str, key: str, message: str) -> None:
        self.problems.append(f"[{section}] {key}: {message}")

    def _get(self, section: str, key: str):
        table = self.raw.get(section, {})
        return table.get(key) if isinstance(table, dict) else None

    def text(self, section: str, key: str) -> str | None:
        value = self._get(section, key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(section, key, "must be a non-empty string")
            return None
        return value.strip()

    def texts(self, section: str, key: str, default):
        value = self._get(section, key)
        if value is None:
            return default
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(section, key, "must be a list of non-empty strings")
            return default
        return [v.strip() for v in value]

    def count(self, section: str, key: str, default: int, low: int = 0) -> int:
        value = self._get(section, key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= 3650:
            self.problem(section, key, f"must be a whole number from {low} to 3650")
            return default
        return value

    def flag(self, section: str, key: str, default: bool) -> bool:
        value = self._get(section, key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(section, key, "must be true or false")
            return default
        return value

    def zone(self, section: str, key: str) -> str | None:
        name = self.text(section, key)
        if name is None:
            return None
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            self.problem(
                section, key, f"unknown time zone {name!r} (use an IANA name like Europe/Berlin)"
            )
            return None
        return name

    def window(self, section: str, key: str, default):
        value = self._get(section, key)
        if value is None:
            return default
        match = re.fullmatch(r"\s*(\d{1,2}):(\d\d)\s*-\s*(\d{1,2}):(\d\d)\s*", str(value))
        try:
            start, end = (time(int(match[1]), int(match[2])), time(int(match[3]), int(match[4])))
            if start >= end:
                raise ValueError
        except (TypeError, ValueError):
            self.problem(section, key, f'must look like "10:00-16:00", not {value!r}')
            return default
        return start, end

    def workdays(self, section: str, key: str, default):
        value = self.texts(section, key, None)
        if value is None:
            return default
        days = [v.casefold()[:3] for v in value]
        if not days or any(d not in WEEKDAYS for d in days):
            self.problem(section, key, f"must list days from {', '.join(WEEKDAYS)}")
            return default
        return tuple(sorted({WEEKDAYS.index(d) for d in days}))

    def dates(self, section: str, key: str) -> tuple[date, ...]:
        value = self._get(section, key)
        if value is None:
            return ()
        days = []
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, date):
                days.append(item)
                continue
            if isinstance(item, str) and REGION.fullmatch(item.strip()):
                continue  # a country code: see regions()
            try:
                days.append(date.fromisoformat(str(item)))
            except ValueError:
                self.problem(section, key, f"{item!r} is not a date like 2026-12-25")
        return tuple(sorted(set(days)))

    def endpoint(
        self, table, where: str, private: bool, path: Path | None, target: bool = False
    ) -> Endpoint | None:
        """One [[source]] or [target] table, every problem recorded under `where`."""
        from calsync.sources import feed as feeds

        if not isinstance(table, dict):
            self.problems.append(f"{where}: must be a table")
            return None
        before = len(self.problems)
        known = ENDPOINT_KEYS - {"feed"} | {"as"} if target else ENDPOINT_KEYS
        for key in table:
            if key == "feed" and target:
                self.problems.append(
                    f"{where} feed: a published feed is read-only; calsync writes to a path "
                    "or a CalDAV url"
                )
            elif key not in known:
                self.problems.append(
                    f"{where} {key}: unknown key (known: {', '.join(sorted(known))})"
                )

        def text(key: str) -> str | None:
            value = table.get(key)
            if value is None:
                return None
            if not isinstance(value, str) or not value.strip():
                self.problems.append(f"{where} {key}: must be a non-empty string")
                return None
            return value.strip()

        name, location, url = text("name"), text("path"), text("url")
        feed = None if target else text("feed")
        if name:
            where = f"{where} ({name})"
        if target and (location is None) == (url is None):
            self.problems.append(f"{where}: give exactly one of path or url")
        elif not target and [location, url, feed].count(None) != 2:
            self.problems.append(f"{where}: give exactly one of path or url or feed")
        if feed is not None:
            feed = self._feed(table, feed, where)
        if location is not None and feeds.is_feed(location):  # never echoed: see _feed
            self.problems.append(
                f"{where} path: a web address, not a file or directory; "
                + (
                    "calsync writes to a .ics file, a directory or a CalDAV url"
                    if target
                    else 'give a published calendar as feed = "…" (a CalDAV calendar as url)'
                )
            )
        if url is not None:
            url = url.removeprefix("caldav+")
            try:
                parts = _split(url)[0]
                problem = None
            except ValueError as exc:
                webcal = url.lower().startswith(("webcal://", "webcals://"))
                hint = ' (a published calendar goes in feed = "…")' if webcal else ""
                problem = f"{exc}{hint}"
            if problem is not None:
                self.problems.append(f"{where} url: {problem}")
            elif parts.password is not None:
                self.problems.append(f"{where} url: no password in the URL; use password_command")
            elif _published(parts.path):
                self.problems.append(
                    f"{where} url: {parts.scheme}://{parts.hostname}/… ends in .ics: that is a "
                    "published calendar's address, not a CalDAV calendar; write it as feed = …"
                )
        sources = [k for k in ("password_command", "password_env", "password") if k in table]
        if len(sources) > 1:
            self.problems.append(f"{where}: give one of {', '.join(sources)}, not several")
        password = text("password")
        if password is not None and not private:
            mode = f"{path.stat().st_mode & 0o777:o}" if path and path.exists() else "unknown"
            self.problems.append(
                f"{where} password: refused, the config file is readable by others (mode {mode}); "
                f"run chmod 600 {path}, or use password_command or password_env instead"
            )
            password = None
        verify = table.get("verify_tls", True)
        if not isinstance(verify, bool):
            self.problems.append(f"{where} verify_tls: must be true or false")
            verify = True
        timeout = table.get("timeout", 30)
        if isinstance(timeout, bool) or not isinstance(timeout, int) or not 1 <= timeout <= 600:
            self.problems.append(f"{where} timeout: must be whole seconds from 1 to 600")
            timeout = 30
        ca_file = text("ca_file")
        if ca_file is not None:
            ca_file = str(Path(ca_file).expanduser())
            if not Path(ca_file).is_file():
                self.problems.append(f"{where} ca_file: {ca_file} does not exist")
        as_ = text("as") if target else None
        if as_ is not None and as_ not in ("todo", "event", "auto"):
            self.problems.append(f'{where} as: must be "todo", "event" or "auto", not {as_!r}')
        if len(self.problems) > before:
            return None
        return Endpoint(
            where=where,
            name=name,
            path=str(Path(location).expanduser()) if location else None,
            url=url,
            feed=feed,
            username=text("username"),
            password_command=text("password_command"),
            password_env=text("password_env"),
            password=password,
            verify_tls=verify,
            ca_file=ca_file,
            timeout=timeout,
            as_=as_,
        )

    def _feed(self, table: dict, feed: str, where: str) -> str | None:
        """A [[source]] feed: a published calendar's URL, read without a login. Its path is the
        secret (Google's), so no problem message quotes it."""
        from calsync.sources import feed as feeds

        try:
            feeds.normalise(feed)
        except UsageError as exc:
            self.problems.append(f"{where} feed: {exc}")
            return None
        login = [
            k for k in ("username", "password_command", "password_env", "password") if k in table
        ]
        if login:
            self.problems.append(
                f"{where}: {', '.join(login)}: a published feed takes no login; for a calendar "
                "that needs one, give its CalDAV address as url instead"
            )
        if table.get("verify_tls") is False:
            self.problems.append(
                f"{where} verify_tls: feeds are always verified; for a private CA set ca_file"
            )
        return feed

    def regions(self, section: str, key: str) -> tuple[str, ...]:
        """Country codes among the holidays ("DE", "US-CA"): their public holidays, from the
        optional `holidays` package."""
        value = self._get(section, key)
        items = value if isinstance(value, list) else [value]
        codes = [
            i.strip().upper() for i in items if isinstance(i, str) and REGION.fullmatch(i.strip())
        ]
        if not codes:
            return ()
        try:
            import holidays
        except ImportError:
            self.problem(
                section,
                key,
                f"{', '.join(codes)}: country holidays need the holidays package "
                "(pip install holidays), or list the dates instead",
            )
            return ()
        for code in codes:
            country, _, subdivision = code.partition("-")
            try:
                holidays.country_holidays(country, subdiv=subdivision or None, years=[2026])
            except NotImplementedError:
                self.problem(
                    section,
                    key,
                    f"{code!r} is not a country (or region) the holidays package knows",
                )
        return tuple(sorted(set(codes)))

    def unknown_keys(self) -> None:
        for section, table in self.raw.items():
            if section not in _KNOWN:
                self.problems.append(f"[{section}]: unknown section (known: {', '.join(_KNOWN)})")
                continue
            if section in ("source", "target"):
                continue
            if not isinstance(table, dict):
                self.problems.append(f"{section}: must be a table [{section}]")
                continue
            for key in table:
                if key not in _KNOWN[section]:
                    self.problem(section, key, "unknown key")
