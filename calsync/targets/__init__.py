"""Where follow-ups are written. Every target offers `snapshot()` and `apply(actions)`."""

from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path
from typing import Protocol

from calsync.config import Config, resolve
from calsync.errors import UsageError
from calsync.reconcile import Action, Stored


class Target(Protocol):
    label: str  # names the target in messages and keys its lock
    exclusive: bool  # whether a run must hold the lock to write it
    persistent: bool  # whether it is read back next run (and so has a ledger)

    def exists(self) -> bool: ...

    def snapshot(self) -> list[Stored]: ...

    def apply(self, actions: list[Action]) -> list[Action]: ...  # what was done


def open_target(spec: str | None, stdout=None, config: Config | None = None) -> Target:
    """TARGET argument -> target: the configured target's name or a caldav+ URL (CalDAV), `-`
    for stdout, a directory (vdir), else a .ics file. None: the configured [target], else
    stdout."""
    from calsync.sources import feed
    from calsync.targets import ics, stream, vdir

    entry = None
    if spec is None and config is not None:
        entry = config.target
    elif spec not in (None, "-"):
        entry = resolve(spec, (config.target,) if config and config.target else ())
    if entry is not None and entry.url is not None:
        from calsync.targets.caldav import CalDAVTarget

        return CalDAVTarget(entry)
    if entry is not None:
        spec = entry.path
    if spec is not None and feed.is_feed(spec):  # its path is a password: never echoed
        raise UsageError(
            f"{feed.label(spec)}: a published calendar can only be read; give a .ics file, a "
            "directory or a CalDAV calendar (caldav+https://…) as -o TARGET"
        )
    if spec in (None, "-"):
        return stream.StreamTarget(stdout)
    path = Path(spec)
    if path.is_dir():
        return vdir.VdirTarget(path)
    if spec.endswith(("/", os.sep)):
        return vdir.VdirTarget(path)
    return ics.IcsFileTarget(path)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old file or the new one."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temp, 0o644 & ~_umask())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def remove_leftovers(directory: Path, name: str | None = None) -> None:
    """Delete the temp files write_atomic left in `directory` for `name` (or for any .ics file)
    when a run was killed before its rename. Only a run holding the target's lock may: a temp
    file is otherwise another run's, still being written."""
    stem = glob.escape(name) if name else "*.ics"
    for leftover in directory.glob(f".{stem}.{'?' * 8}.tmp"):  # mkstemp: 8 random characters
        leftover.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
