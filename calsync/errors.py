"""The one error hierarchy; each class carries the exit code the CLI returns for it."""

from __future__ import annotations


class CalsyncError(Exception):
    """Base of every error calsync reports to the user (exit code 1: internal)."""

    exit_code = 1


class UsageError(CalsyncError):
    exit_code = 2


class ConfigError(CalsyncError):
    """The configuration is wrong; `problems` lists every one found, each naming its key."""

    exit_code = 3

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


class InputError(CalsyncError):
    """A source could not be read or is not iCalendar."""

    exit_code = 4


class TargetError(CalsyncError):
    """The target could not be read back or written."""

    exit_code = 5


class OutputError(TargetError):
    """Standard output could not take what calsync printed (a full disk): exit 5, as a target
    that could not be written, since stdout is where the calendar or the report goes."""

    def __init__(self, exc: OSError):
        super().__init__(f"standard output: cannot write ({exc.strerror or exc})")


class LockedError(CalsyncError):
    exit_code = 6
