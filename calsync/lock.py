"""One run per target at a time: an exclusive, non-blocking lock under $CALSYNC_HOME."""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from calsync.errors import LockedError


def state_dir() -> Path:
    """$CALSYNC_HOME, else the platform state dir (~/.local/state/calsync; XDG honoured)."""
    if env := os.environ.get("CALSYNC_HOME"):
        return Path(env)
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "calsync"


@contextmanager
def held(target_label: str) -> Iterator[None]:
    """Hold the lock for `target_label` (a resolved path or URL); raise LockedError if taken."""
    locks = state_dir() / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(target_label.encode()).hexdigest()[:16]
    path = locks / f"{digest}.lock"
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockedError(
                f"{target_label}: another calsync run is writing this target; "
                "try again when it has finished"
            ) from None
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()} {target_label}\n")
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
