"""The configuration: TOML in, frozen dataclasses out, every problem reported at once."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from calsync.errors import ConfigError

DEFAULT_KEYWORDS = (
    "interview",
    "phone screen",
    "phone screening",
    "screening call",
    "screening interview",
    "recruiter call",
    "recruiter screen",
    "hiring manager",
    "onsite",
    "on-site",
    "technical round",
    "technical interview",
    "final round",
    "panel interview",
    "Vorstellungsgespräch",
    "Bewerbungsgespräch",
    "entretien",
    "entrevista",
    "colloquio",
    "sollicitatiegesprek",
)
DEFAULT_EXCLUSIONS = ("mock interview", "interview prep", "practice interview")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Me:
    name: str | None = None
    emails: tuple[str, ...] = ()
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


@dataclass(frozen=True)
class Output:
    as_: str = "todo"
    alarms: bool = True


@dataclass(frozen=True)
class Config:
    me: Me = field(default_factory=Me)
    detect: Detect = field(default_factory=Detect)
    cadence: Cadence = field(default_factory=Cadence)
    output: Output = field(default_factory=Output)
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
        max_thank_yous=reader.count("cadence", "max_thank_yous", d.max_thank_yous, low=1),
    )
    as_ = reader.text("output", "as") or "todo"
    if as_ not in ("todo", "event"):
        reader.problem("output", "as", f'must be "todo" or "event", not {as_!r}')
    output = Output(as_=as_, alarms=reader.flag("output", "alarms", True))
    reader.unknown_keys()
    if reader.problems:
        raise ConfigError(where, reader.problems)
    return Config(me=me, detect=detect, cadence=cadence, output=output, path=path)


_KNOWN = {
    "me": {"name", "emails", "pitch", "phone", "timezone"},
    "detect": {
        "keywords",
        "extra_keywords",
        "exclusions",
        "lookback_days",
        "horizon_days",
        "replied_category",
    },
    "cadence": {f.name for f in Cadence.__dataclass_fields__.values()},
    "output": {"as", "alarms"},
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
            try:
                days.append(date.fromisoformat(str(item)))
            except ValueError:
                self.problem(section, key, f"{item!r} is not a date like 2026-12-25")
        return tuple(sorted(set(days)))

    def unknown_keys(self) -> None:
        for section, table in self.raw.items():
            if section not in _KNOWN:
                self.problems.append(f"[{section}]: unknown section (known: {', '.join(_KNOWN)})")
                continue
            if not isinstance(table, dict):
                self.problems.append(f"{section}: must be a table [{section}]")
                continue
            for key in table:
                if key not in _KNOWN[section]:
                    self.problem(section, key, "unknown key")
