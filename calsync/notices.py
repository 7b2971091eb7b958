"""The libraries' own Python warnings, turned into calsync's notices (which -q silences).

Python prints a library's warning to stderr with the library's file and line, whatever calsync's
options say: cron mailed icalendar's guess at an Evolution time zone on every run. Where calsync
calls a library, `heard` takes what it warns about and makes a notice naming the file."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from calsync.model import Notice

# icalendar, for a "globally unique" TZID (/softwarestudio.org/…, as Evolution writes it) used
# before any VTIMEZONE of that name: it takes the IANA zone the name ends with.
_GUESSED = re.compile(
    r"Timezone ('[^']*'|\"[^\"]*\") is a globally unique TZID; "
    r"guessing it means ('[^']*'|\"[^\"]*\")"
)


@contextmanager
def heard(where: str, notices: list[Notice]) -> Iterator[None]:
    """Every warning raised inside becomes a notice naming `where`, once. The filters in force
    still apply (an "ignore" stays ignored). Deprecation notes are for calsync's developers,
    not its users: they go on to Python, which shows them in tests only."""
    with warnings.catch_warnings(record=True) as caught:
        yield
    for warning in caught:
        if issubclass(warning.category, DeprecationWarning | PendingDeprecationWarning):
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
            continue
        notice = Notice(where, said(warning.message))
        if notice not in notices:
            notices.append(notice)


def said(message: Warning | str) -> str:
    """A warning's message as one line of a notice, in calsync's words where it knows them."""
    text = " ".join(str(message).split())
    if guessed := _GUESSED.match(text):
        return f"time zone {guessed[1]} read as {guessed[2][1:-1]}, the zone its name ends with"
    return "".join(c if c.isprintable() else "?" for c in text)[:200]
