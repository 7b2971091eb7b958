"""What calsync wrote to each target, so that a follow-up the user deleted stays deleted."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from calsync import home
from calsync.errors import TargetError
from calsync.targets import write_atomic

FORMAT = 1


@dataclass
class Ledger:
    """One target's memory. `written`: UID -> what it was (kind, application, summary, due)."""

    path: Path
    target: str
    written: dict[str, dict] = field(default_factory=dict)
    applications: dict[str, dict] = field(default_factory=dict)  # key -> company, role, uids
    sources: dict[str, list[str]] = field(default_factory=dict)  # SOURCE -> interviews seen
    replied: dict[str, str] = field(default_factory=dict)  # application key -> date answered
    ends: dict[str, str] = field(default_factory=dict)  # interview source id -> when it ended

    def interviews_from(self, source: str) -> list[str]:
        return self.sources.get(source, [])

    def ended_before(self, moment: datetime) -> set[str]:
        """The interviews seen so far that ended before `moment` (ISO instants compare as such)."""
        return {sid for sid, end in self.ends.items() if datetime.fromisoformat(end) < moment}


def path_for(target_label: str) -> Path:
    digest = hashlib.sha256(target_label.encode()).hexdigest()[:16]
    return home.state_dir() / "ledgers" / f"{digest}.json"


def load(target_label: str, former: tuple[str, ...] = ()) -> Ledger:
    """The ledger of a target; empty when there is none yet. A damaged one stops the run. A
    ledger kept under one of the target's `former` labels (an older calsync's key for it) is
    taken over: moved to the current one, so no follow-up the user deleted comes back."""
    path = path_for(target_label)
    for old in former:
        if path.exists():
            break
        with contextlib.suppress(FileNotFoundError):
            os.replace(path_for(old), path)
    if not path.exists():
        return Ledger(path, target_label)
    fix = f"move {path} aside to start afresh (deleted follow-ups may then come back)"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TargetError(
            f"{path}: the ledger for {target_label} is unreadable ({exc}); {fix}"
        ) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("format"), int):
        raise TargetError(f"{path}: the ledger for {target_label} is damaged; {fix}")
    if raw["format"] > FORMAT:
        raise TargetError(
            f"{path}: the ledger was written by a newer calsync (format {raw['format']}); "
            "upgrade calsync"
        )
    try:
        return Ledger(
            path,
            target_label,
            written={str(k): dict(v) for k, v in raw.get("written", {}).items()},
            applications={str(k): dict(v) for k, v in raw.get("applications", {}).items()},
            sources={str(k): [str(i) for i in v] for k, v in raw.get("sources", {}).items()},
            replied={str(k): str(v) for k, v in raw.get("replied", {}).items()},
            ends={
                str(k): datetime.fromisoformat(v).isoformat()
                for k, v in raw.get("ends", {}).items()
            },
        )
    except (TypeError, ValueError, AttributeError):
        raise TargetError(f"{path}: the ledger for {target_label} is damaged; {fix}") from None


def prepare() -> None:
    """Before a run writes its target: the ledgers' folder is there and writable, so that a
    $CALSYNC_HOME that is a file or read-only stops the run before the target is touched."""
    home.folder("ledgers")


def save(ledger: Ledger) -> None:
    """Written atomically: a crash leaves the previous ledger. Once the target was written, a
    ledger that cannot be saved says so: the next run that can save it catches up."""
    document = {
        "format": FORMAT,
        "target": ledger.target,
        "written": dict(sorted(ledger.written.items())),
        "applications": dict(sorted(ledger.applications.items())),
        "sources": {k: sorted(v) for k, v in sorted(ledger.sources.items())},
        "replied": dict(sorted(ledger.replied.items())),
        "ends": dict(sorted(ledger.ends.items())),  # added within format 1: older files lack it
    }
    data = json.dumps(document, indent=1, ensure_ascii=False).encode("utf-8") + b"\n"
    try:
        home.folder(ledger.path.parent.name)
        write_atomic(ledger.path, data)
    except (OSError, TargetError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise TargetError(
            f"{ledger.path}: cannot write the ledger ({reason}); the target was written, but "
            "calsync will not remember what it wrote until a run can save it: make room in "
            "$CALSYNC_HOME and run again"
        ) from None
