"""One run per target at a time: an exclusive, non-blocking lock under $CALSYNC_HOME.

A lock taken is "another run is writing" (LockedError, exit 6: that run does the work), unless
it has been held for longer than a run can take: then the holder is stuck, and that is an
error the user must hear of (TargetError, exit 5), not a reason to wait for ever.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from calsync import home
from calsync.errors import LockedError, TargetError

# Seconds. A run with every request at its deadline and a thousand writes stays well inside;
# contrib/systemd/calsync.service stops a run at the same age (TimeoutStartSec).
LONGEST_RUN = 60 * 60


@contextmanager
def held(target_label: str) -> Iterator[None]:
    """Hold the lock for `target_label` (a resolved path or URL); raise LockedError if taken,
    TargetError if taken for longer than LONGEST_RUN or if $CALSYNC_HOME cannot be written."""
    locks = home.folder("locks")
    digest = hashlib.sha256(target_label.encode()).hexdigest()[:16]
    path = locks / f"{digest}.lock"
    flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW
    try:
        fd = os.open(path, flags, home.FILE_MODE)
    except OSError as exc:
        raise home.unwritable(path, exc) from None
    try:
        home.tighten(fd, home.FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _taken(fd, target_label) from None
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {target_label}\n".encode(), 0)
        except OSError as exc:
            raise home.unwritable(path, exc) from None
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _taken(fd: int, target_label: str) -> LockedError | TargetError:
    """Who holds it, and since when: the holder wrote its pid when it took the lock."""
    age = time.time() - os.fstat(fd).st_mtime
    if age <= LONGEST_RUN:
        return LockedError(
            f"{target_label}: another calsync run is writing this target; "
            "try again when it has finished"
        )
    pid = os.pread(fd, 64, 0).split(b" ", 1)[0].decode("ascii", "replace").strip()
    who = f"calsync process {pid}" if pid.isdigit() else "a calsync process"
    stop = f"stop it (kill {pid})" if pid.isdigit() else "stop it"
    return TargetError(
        f"{target_label}: {who} has held this target's lock for {_duration(age)}, longer "
        f"than a run can take ({LONGEST_RUN // 60} min); it is probably stuck: {stop} and run "
        "again"
    )


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60} min"
    return f"{minutes // (24 * 60)} days"
