"""Phrasing helpers (pure): the keyword pattern, a note as a topic phrase, a promise as a phrase.

Reading invites (company, people, notes, timelines, numbers) is calsync/invite/'s."""

from __future__ import annotations

import re

from calsync.model import Person

PROMISE_PREFIX = re.compile(
    r"^(?:(?:i\s+)?(?:promised|promise|said i(?:'d| would)|will|i'll|need to|todo:?|to do:?)\s+)?"
    r"(?:to\s+)?(?:send|share|forward|provide|email)(?:\s+(?:them|him|her|the team|over))?\s+",
    re.IGNORECASE,
)
CLAUSE = re.compile(
    r"^(?:\S+\s+){0,5}?(?:is|are|was|were|will|has|have|had|plans|expects|wants|needs|uses)\b",
    re.IGNORECASE,
)
TOPIC_PREFIX = re.compile(
    r"^(?:(?P<who>[A-Z][\w'-]+)\s+)?(?:said(?: that)?|told (?:me|us)(?: that)?|"
    r"walked (?:me |us )?through|talked about|asked about|"
    r"asked me about|explained|described|discussed|mentioned|presented|showed|went over|"
    r"spoke about|covered|shared|told me about|we discussed|we talked about)\s+",
)


def keyword_pattern(words: tuple[str, ...]) -> re.Pattern:
    """Whole-word, case-insensitive match of any of `words` (spaces match any whitespace)."""
    alternatives = sorted(
        (re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def topic_phrase(note: str, person: Person | None) -> tuple[str, bool, str]:
    """A note as a phrase; whether it is this person's own topic; how it reads.

    The last is "noun", "clause" or "question":
    'Dana walked through the migration' -> ('the migration', own for Dana, "noun");
    'Priya asked about on-call culture' -> ('on-call culture', own for Priya, "question");
    'Marco said the team is moving to Looker' -> ('the team is moving to Looker', .., "clause").
    """
    text = note.strip().rstrip(".;")
    own = False
    asked = False
    match = TOPIC_PREFIX.match(text)
    if match:
        who = match["who"]
        own = bool(person and who and who.casefold() == person.first_name.casefold())
        asked = match.group(0)[len(who or "") :].strip().startswith("asked")
        text = text[match.end() :]
    elif person and re.match(rf"{re.escape(person.first_name)}\b[:,]?\s+", text, re.IGNORECASE):
        own = True
        text = re.sub(rf"^{re.escape(person.first_name)}\b[:,]?\s+", "", text, flags=re.IGNORECASE)
    words = text.split()
    if len(words) > 14:
        text = " ".join(words[:14]) + "…"
    style = "clause" if CLAUSE.match(text) else "question" if asked else "noun"
    return text, own, style


def promise_phrase(note: str) -> str:
    """'Promised to send my talk: URL' -> 'my talk: URL'."""
    text = note.strip().rstrip(".")
    stripped = PROMISE_PREFIX.sub("", text, count=1)
    return stripped if stripped != text else text[:1].lower() + text[1:]


def application_key(company: str | None, role: str | None) -> str:
    """A readable slug naming the application: 'northwind-robotics/senior-backend-engineer'."""
    parts = [_slug(company or "unknown-company")]
    if role:
        parts.append(_slug(role))
    return "/".join(parts)


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.casefold()).strip("-") or "x"
