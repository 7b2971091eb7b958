"""Regular expressions compiled when first used.

The reading layer holds some hundred patterns of words in six languages; compiling them all
costs about 60 ms at start, more than the rest of a run on a big calendar with one interview.
An invite compiles only the patterns its text reaches (about half of them)."""

from __future__ import annotations

import re


class Pattern:
    """Stands in for a compiled `re.Pattern`: its methods compile it once, on first use.
    `.pattern` is the source, for building other patterns, and compiles nothing."""

    __slots__ = ("_compiled", "flags_", "pattern")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.flags_ = flags
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags_)
        return getattr(self._compiled, name)


def compile(pattern: str, flags: int = 0) -> Pattern:  # noqa: A001 - it is re.compile, later
    return Pattern(pattern, flags)
