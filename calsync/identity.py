"""The one place UIDs are made: derived from what a follow-up is for, never random."""

from __future__ import annotations

import uuid

# Fixed forever: changing it would give every follow-up a new identity and duplicate them all.
NAMESPACE = uuid.UUID("6f6d2a8e-3c1b-5b7e-9a55-63616c73796e")


def followup_uid(source_id: str, kind: str, person_key: str | None = None) -> str:
    """UID of the follow-up of `kind` for one interview (and one interviewer, for thank-yous)."""
    name = "\x1f".join((source_id, kind, person_key or ""))
    return f"{uuid.uuid5(NAMESPACE, name)}@calsync"


def short_id(uid: str) -> str:
    """The prefix `status` shows and `draft` accepts."""
    return uid[:8]
