"""calsync's own state ($CALSYNC_HOME): where it is, and that all of it stays private.

Ledgers, locks, the CalDAV listing cache and the feed copies hold drafts, names and calendar
text: every folder in it is 0700 and every file 0600, also those an older calsync left open,
which are tightened whenever calsync writes there again.
"""

from __future__ import annotations

import os
from pathlib import Path

from calsync.errors import TargetError

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def state_dir() -> Path:
    """$CALSYNC_HOME, else the platform state dir (~/.local/state/calsync; XDG honoured)."""
    if env := os.environ.get("CALSYNC_HOME"):
        return Path(env)
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "calsync"


def folder(name: str) -> Path:
    """$CALSYNC_HOME/name, made if need be; it and $CALSYNC_HOME private. A home that cannot
    be written (a file in its place, read-only, full) is one TargetError naming the fix."""
    home = state_dir()
    path = home / name
    for step in (home, path):
        try:
            step.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        except FileExistsError:
            raise _not_a_folder(step) from None
        except NotADirectoryError:
            raise _not_a_folder(_first_file(step)) from None
        except OSError as exc:
            raise unwritable(step, exc) from None
        tighten(step, FOLDER_MODE)
    return path


def holds(path: Path) -> bool:
    """Whether `path` is inside $CALSYNC_HOME (so must be private)."""
    return _inside(path, state_dir()) is not None


def make_private(path: Path) -> None:
    """The folders from $CALSYNC_HOME down to `path`'s, which is inside it, made private."""
    home = state_dir()
    parts = _inside(path.parent, home)
    step = home
    tighten(step, FOLDER_MODE)
    for part in parts or ():
        step = step / part
        tighten(step, FOLDER_MODE)


def tighten(path: Path | int, mode: int) -> None:
    """Take away what `mode` does not give (a path, or an open file's descriptor). Leaves
    alone what is not the user's to change (EPERM): it is then not calsync's either."""
    try:
        current = os.stat(path).st_mode & 0o7777
        if current & ~mode:
            os.chmod(path, current & mode)
    except PermissionError:
        pass


def unwritable(where: Path, exc: OSError) -> TargetError:
    return TargetError(
        f"{where}: cannot write calsync's state ({exc.strerror or exc}); make $CALSYNC_HOME "
        "writable, or set it to a directory that is"
    )


def _not_a_folder(where: Path) -> TargetError:
    if where == state_dir():
        return TargetError(
            f"{where}: calsync's state directory ($CALSYNC_HOME) is not a directory; move the "
            "file aside, or set CALSYNC_HOME to a directory"
        )
    return TargetError(
        f"{where}: is not a directory, and calsync keeps its state there; move the file aside, "
        "or set CALSYNC_HOME to another directory"
    )


def _first_file(path: Path) -> Path:
    """The first of `path`'s ancestors that exists and is not a directory (ENOTDIR's cause)."""
    for step in reversed([path, *path.parents]):
        if step.exists() and not step.is_dir():
            return step
    return path


def _inside(path: Path, home: Path) -> tuple[str, ...] | None:
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(home)).parts
    except ValueError:
        return None
