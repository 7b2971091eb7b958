"""Where follow-ups are written. Every target offers `snapshot()` and `apply(actions)`.

Also what the file and directory targets share. A target file is read only when it is a regular
file (a FIFO would hang the run, a device never end) within the size cap of sources; it is
replaced only while it is still the file that was read, where it really is (through a symbolic
link), never when it is read-only; a create never replaces anything.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from calsync import home
from calsync.config import Config, resolve
from calsync.errors import TargetError, UsageError
from calsync.model import Notice
from calsync.reconcile import Action, Stored


class Target(Protocol):
    label: str  # names the target in messages and keys its lock
    former_labels: tuple[str, ...]  # what older versions keyed its ledger by (taken over)
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


# What makes a temp file calsync's beyond doubt: `.NAME.calsync-XXXXXXXX.tmp`, the random part
# as tempfile.mkstemp makes it. A name like `.NAME.backup01.tmp` is someone else's.
TEMP_MARK = ".calsync-"
_RANDOM = "[a-z0-9_]{8}"  # tempfile's alphabet
NOT_A_FILE = "the target must be a .ics file or a directory (- for stdout)"


class Changed(TargetError):
    """The file is no longer the one that was read: someone saved it meanwhile. The target
    reads it again and decides again; raised to the user only when it keeps changing."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(
            f"{path}: kept changing while calsync was writing it; nothing was written there. "
            "Run again when it is quiet"
        )


@dataclass(frozen=True)
class Seen:
    """A target file as calsync read it: what must still be there when it replaces it."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    digest: bytes

    @classmethod
    def of(cls, info: os.stat_result, data: bytes) -> Seen:
        digest = hashlib.sha256(data).digest()
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, digest)

    def same_file(self, info: os.stat_result) -> bool:
        found = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        return found == (self.device, self.inode, self.size, self.mtime_ns)


class _Anything:
    """write_atomic(..., replacing=ANYTHING): whatever is there (the ledger, a cache)."""


ANYTHING = _Anything()


def read_file(path: Path, fix: str = NOT_A_FILE) -> tuple[bytes, Seen]:
    """A target file's bytes, and what it was. FileNotFoundError when it is not there; a
    TargetError naming `fix`, before a byte is read, when it is no regular file or is larger
    than a source may be. Opened without blocking: a FIFO swapped in meanwhile cannot hang."""
    from calsync.sources.ics import MAX_BYTES  # the cap of sources, for targets too

    _regular(path, os.stat(path), fix)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        _regular(path, info, fix)
        if info.st_size > MAX_BYTES:
            raise _too_big(path, MAX_BYTES)
        pieces = [handle.read(info.st_size)]  # one buffer of the file's size
        size = len(pieces[0])
        while size <= MAX_BYTES and (piece := handle.read(1 << 20)):  # it grew meanwhile
            pieces.append(piece)
            size += len(piece)
    if size > MAX_BYTES:
        raise _too_big(path, MAX_BYTES)
    data = pieces[0] if len(pieces) == 1 else b"".join(pieces)
    return data, Seen.of(info, data)


def write_atomic(path: Path, data: bytes, *, replacing: Seen | None | _Anything = ANYTHING) -> None:
    """Replace `path` with `data` so that a crash leaves either the old file or the new one.

    A symbolic link stays: the file it names is replaced (the temp file beside it). `replacing`
    the Seen of a read: only while the file is still that one, else Changed; None: only if
    there is none yet (an atomic create-if-absent), else Changed. Under $CALSYNC_HOME the file
    is 0600 and its folders 0700."""
    private = home.holds(path)
    real = Path(os.path.realpath(path))
    try:
        current = os.stat(real)
    except FileNotFoundError:
        current = None
    if current is not None:
        _regular(real, current, "calsync replaces only regular files")
        mode = home.FILE_MODE if private else current.st_mode & 0o7777
    else:
        mode = home.FILE_MODE if private else 0o644 & ~_umask()
    fd, temp = tempfile.mkstemp(prefix=f".{real.name}{TEMP_MARK}", suffix=".tmp", dir=real.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        if replacing is None:
            _create(temp, real)
        else:
            if isinstance(replacing, Seen):
                _still(real, replacing)
            os.replace(temp, real)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    if private:
        home.make_private(path)
    _fsync_dir(real.parent)


def remove_leftovers(directory: Path, name: str | None = None) -> None:
    """Delete the temp files write_atomic left in `directory` for `name` (or for any .ics file)
    when a run was killed before its rename: only files named as calsync names them, regular
    and the user's own. Only a run holding the target's lock may: a temp file is otherwise
    another run's, still being written."""
    stem = re.escape(name) if name else r".+\.ics"
    ours = re.compile(rf"\.{stem}{re.escape(TEMP_MARK)}{_RANDOM}\.tmp")
    for entry in os.scandir(directory):
        if not ours.fullmatch(entry.name):
            continue
        info = entry.stat(follow_symlinks=False)
        if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid():
            Path(entry.path).unlink(missing_ok=True)


def refuse_read_only(path: Path) -> None:
    """A file whose write bit is off (chmod 444) is one the user wants left alone: say so
    rather than replace it. The mode bits, not os.access: root may write anything."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    if os.geteuid() in (0, info.st_uid):
        bit = stat.S_IWUSR
    elif info.st_gid in (os.getegid(), *os.getgroups()):
        bit = stat.S_IWGRP
    else:
        bit = stat.S_IWOTH
    if not info.st_mode & bit:
        raise TargetError(
            f"{path}: is read-only (mode {stat.S_IMODE(info.st_mode):04o}), so calsync leaves "
            f"it as it is; make it writable (chmod u+w {path}) or choose another -o TARGET"
        )


def uids_in(text: str) -> set[str]:
    """The UID values in a calendar text, as written (unfolded; parameters dropped)."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    return {m.strip() for m in re.findall(r"(?im)^UID(?:;[^:\r\n]*)?:(.*?)\r?$", unfolded)}


def not_ours(action: Action, where: str, notices: list[Notice], item=None) -> Action:
    """A create that would take the place of an item that is not calsync's: nothing is
    written, the user's item is left alone and the user told (as CalDAV's If-None-Match)."""
    from icalendar import Todo

    notices.append(
        Notice(
            where,
            f"an item that is not calsync's has the UID {action.uid} of a follow-up; left "
            "alone, so that follow-up is not written",
        )
    )
    return replace(action, verb="kept", reason="not calsync's", item=item or Todo())


def _regular(path: Path, info: os.stat_result, fix: str) -> None:
    if stat.S_ISREG(info.st_mode):
        return
    raise TargetError(f"{path}: not a regular file but a {_kind(info.st_mode)}; {fix}")


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "directory"),
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
    )
    return next((name for test, name in kinds if test(mode)), "special file")


def _too_big(path: Path, cap: int) -> TargetError:
    return TargetError(
        f"{path}: larger than {cap // 2**20} MB; calsync reads no target file that big "
        "(choose another -o TARGET)"
    )


def _still(path: Path, seen: Seen) -> None:
    """Changed unless `path` is the very file `seen` describes: inode, size, mtime and bytes."""
    try:
        if not seen.same_file(os.stat(path)):
            raise Changed(path)
        data, now = read_file(path)
    except FileNotFoundError:
        raise Changed(path) from None
    if now.digest != seen.digest or not seen.same_file(os.stat(path)):
        raise Changed(path)


# File systems without hard links (FAT, some FUSE ones) answer link() with one of these.
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS}


def _create(temp: str, path: Path) -> None:
    """Put the finished temp file at `path` only if nothing is there: link() fails when the
    name is taken, where rename() would replace it."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise Changed(path) from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if os.path.lexists(path):  # check, then rename: the best such a file system allows
            raise Changed(path) from None
        os.replace(temp, path)
        return
    os.unlink(temp)


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
