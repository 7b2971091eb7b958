"""Draft text for each follow-up: shipped templates, user overrides, event text as data (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from string import Template

from calsync import extract, invite
from calsync.config import Config
from calsync.invite.notes import URL
from calsync.model import KINDS, Interview, Person

PLACEHOLDER_TOPIC = "[mention something specific you discussed]"
PLACEHOLDER_COMPANY = "[company]"
PLACEHOLDER_ROLE = "[role]"
PLACEHOLDER_NAME = "[your name]"
PLACEHOLDER_PHONE = "[phone number: ask the recruiter or check the job posting]"
PLACEHOLDER_ADDRESS = "[e-mail address]"
PLACEHOLDER_RECIPIENT = "[recipient: the recruiter's or hiring manager's e-mail address]"
EMAILS = ("thank-you", "next-steps", "final-nudge")  # drafts sent as mail: they name a recipient
SEPARATOR = "-- "
MAX_TOPICS = 2
MAX_PHRASE_WORDS = 14  # as extract.topic_phrase bounds a topic: keeps a thank-you within 180 words


# Beside this file in every install (pip copies package data); importlib.resources would cost
# each run ~3 ms of imports (tempfile, random) for the same four files.
TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Draft:
    summary: str
    text: str  # the DESCRIPTION: draft, separator, one-line note
    placeholders: bool  # a fact was missing and a visible placeholder stands in for it


def load_templates(template_dir: Path | None) -> dict[str, str]:
    """The shipped templates, each replaced by `<template_dir>/<kind>.txt` when that exists."""
    shipped = TEMPLATES
    templates = {}
    for kind in KINDS:
        override = template_dir / f"{kind}.txt" if template_dir else None
        if override and override.is_file():
            templates[kind] = override.read_text(encoding="utf-8")
        else:
            templates[kind] = (shipped / f"{kind}.txt").read_text(encoding="utf-8")
    return templates


def render(
    kind: str,
    interview: Interview,
    config: Config,
    templates: dict[str, str],
    person: Person | None = None,
    company: str | None = None,
    role: str | None = None,
    slot: tuple[datetime, datetime] | None = None,
    decision: date | None = None,
) -> Draft:
    """The draft for one follow-up. Event text is substituted as data, never evaluated.
    `decision`: the day the employer said it would decide by, still ahead of the latest round."""
    values = _values(
        kind, interview, config, person, company or interview.company, role or interview.role
    )
    day = f"{decision:%A}, {decision.day} {decision:%B}" if decision else ""
    values["decision"] = f"You mentioned that you hoped to decide by {day}. " if day else ""
    values["decision_passed"] = f"You had mentioned a decision by {day}. " if day else ""
    if slot:
        values["window"] = f"{slot[0]:%A, %d %B}, {slot[0]:%H:%M}–{slot[1]:%H:%M} " + _zone_words(
            slot[0], interview.zone_why
        )
    # Template.safe_substitute scans the template once: `${...}` or `{{ }}` inside an invite's
    # text is inserted as it is and never looked at again.
    body = Template(templates[kind]).safe_substitute(values)
    body = re.sub(r"[ \t]+\n", "\n", body)
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    if kind in EMAILS:
        body = f"To: {_recipient(person if kind == 'thank-you' else interview.contact)}\n{body}"
    company_name = values["company"]
    summary = {
        "thank-you": f"Send thank-you to {values['greeting_full']} — {company_name}",
        "phone-call": f"Call {company_name} about the {values['role']} role",
        "next-steps": f"Ask {company_name} about next steps",
        "final-nudge": f"Final follow-up with {company_name}",
    }[kind]
    note = f'calsync {kind}: after "{_short(interview.summary, 80)}" {values["when"]}'
    if kind != "thank-you":
        note += " (the latest round)"
    placeholders = any(
        p in body
        for p in (
            PLACEHOLDER_TOPIC,
            PLACEHOLDER_COMPANY,
            PLACEHOLDER_ROLE,
            PLACEHOLDER_NAME,
            PLACEHOLDER_PHONE,
            PLACEHOLDER_ADDRESS,
            PLACEHOLDER_RECIPIENT,
        )
    )
    return Draft(summary=summary, text=f"{body}\n{SEPARATOR}\n{note}.\n", placeholders=placeholders)


def draft_part(description: str) -> str:
    """The ready-to-send part of a DESCRIPTION: everything above the separator line."""
    lines = description.split("\n")  # not splitlines(): U+2028 inside a note is no line end
    if SEPARATOR.rstrip() in (line.rstrip() for line in lines):
        lines = lines[: [line.rstrip() for line in lines].index(SEPARATOR.rstrip())]
    return "\n".join(lines).strip() + "\n"


def _values(
    kind: str,
    interview: Interview,
    config: Config,
    person: Person | None,
    company: str | None,
    role: str | None,
) -> dict[str, str]:
    addressee = person if kind == "thank-you" else interview.contact
    start = interview.start
    values = {
        "company": company or PLACEHOLDER_COMPANY,
        "role": role or PLACEHOLDER_ROLE,
        "my_name": config.me.name or PLACEHOLDER_NAME,
        "greeting": _addressed(addressee),
        "greeting_full": addressee.name if addressee else "the hiring team",
        "contact": _person_line(interview.contact),
        "when": f"on {start:%A}, {start.day} {start:%B}",
        "when_short": f"{start:%A}'s conversation",
        "phone": interview.phone or PLACEHOLDER_PHONE,
        "window": _window_line(config),  # replaced by the planned slot when there is one
        "pitch": f"{config.me.pitch.rstrip('.')}." if config.me.pitch else "",
    }
    promises = [_bounded(extract.promise_phrase(p)) for p in interview.promises[:2]]
    extra_links = [u for u in interview.links if not any(u in p for p in interview.promises)]
    promised = [f"As promised, here {_be(p)} {p}." for p in promises]
    if extra_links:
        promised.append("Here are the links I mentioned: " + ", ".join(extra_links[:3]) + ".")
    values["promised"] = " ".join(promised) + (" " if promised and values["pitch"] else "")
    values["promised_points"] = "".join(f"- Mention that you sent {p}.\n" for p in promises)
    values["topics"] = _topics_sentence(interview, person)
    return values


def _topics_sentence(interview: Interview, person: Person | None) -> str:
    """Up to two topics, this interviewer's own first, so no two panel notes read the same."""
    phrases = []
    for note in invite.notes_for(interview, person, "topic"):
        phrase, _, style = extract.topic_phrase(note.text, None)
        phrases.append((phrase, person is not None and note.person == person.key, style))
    own = [p for p in phrases if p[1]]
    shared = [p for p in phrases if not p[1]]
    if person is not None and len(shared) > 1 and not own:
        # Rotate by the interviewer's position so each note of a panel leads with a different topic.
        index = next((i for i, p in enumerate(interview.interviewers) if p == person), 0)
        shift = index % len(shared)
        shared = shared[shift:] + shared[:shift]
    chosen = (own + shared)[:MAX_TOPICS]
    if not chosen:
        return f"I especially enjoyed our discussion of {PLACEHOLDER_TOPIC}."
    nouns = [p for p, mine, style in chosen if not mine and style != "clause"]
    parts = []
    for phrase, mine, style in chosen:
        if style == "clause":
            parts.append(f"hearing that {phrase}")
        elif mine and style == "question":
            parts.append(f"your questions about {phrase}")
        elif mine:
            parts.append(f"hearing your perspective on {phrase}")
        elif phrase == nouns[0]:
            parts.append(f"our discussion of {' and '.join(nouns)}")
    return f"I especially enjoyed {', and '.join(parts)}."


def _bounded(phrase: str) -> str:
    """At most MAX_PHRASE_WORDS words of prose; the links in it are kept whole."""
    words = phrase.split()
    if len(words) <= MAX_PHRASE_WORDS:
        return phrase
    links = [w for w in words if URL.match(w)]
    prose = [w for w in words if not URL.match(w)]
    return " ".join(prose[:MAX_PHRASE_WORDS]).rstrip(",;:") + "…" + "".join(f" {u}" for u in links)


def _zone_words(moment: datetime, why: str) -> str:
    """ "Chicago time, from the office address (Chicago, IL)": which clock the window is on,
    and how calsync knows it is the employer's."""
    key = getattr(moment.tzinfo, "key", None)
    if not key or "/" not in key:
        clock = moment.strftime("%Z") or "UTC"
    else:
        clock = key.rsplit("/", 1)[1].replace("_", " ") + " time"
    return f"{clock}, {why}" if why else clock


def _addressed(person: Person | None) -> str:
    """Who "Dear ..." names: "Mei", "Dr. Berg" (a title is never taken for a first name), or
    the hiring team when the addressee is a role mailbox or unknown."""
    if person is None:
        return "Hiring Team"
    from calsync.invite import people

    return people.greeting(person, "en").removeprefix("Dear ")


def _recipient(person: Person | None) -> str:
    """Whom an e-mail draft goes to, as a mail client takes it: `Mei Tanaka <mei@contoso.com>`,
    a role mailbox alone, or a visible placeholder for what the invite did not say."""
    if person is None:
        return PLACEHOLDER_RECIPIENT
    name = person.name.replace('"', "'").strip()
    address = person.email or PLACEHOLDER_ADDRESS
    if not name:
        return address
    # A name with a comma or other specials is quoted, as RFC 5322 wants ("Berg, Jonas").
    shown = f'"{name}"' if re.search(r"[,;:<>@()\[\]\\.]", name) else name
    return f"{shown} <{address}>"


def _person_line(person: Person | None) -> str:
    if person is None:
        return "the recruiter or hiring manager"
    return f"{person.name} <{person.email}>" if person.email else person.name


def _window_line(config: Config) -> str:
    start, end = config.cadence.call_window
    days = config.cadence.workdays
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    span = (
        f"{names[days[0]]}–{names[days[-1]]}"
        if list(days) == list(range(days[0], days[-1] + 1))
        else ", ".join(names[d] for d in days)
    )
    return f"{span} {start:%H:%M}–{end:%H:%M} (the interview's time zone)"


def _short(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" —–-|:,") + "…"


_HEAD_END = re.compile(
    r"\s(?:on|to|for|about|from|of|with|in|that|which)\s|[:,(]|\shttps?://", re.I
)


def _be(phrase: str) -> str:
    """'is' or 'are' for 'here ___ my notes on X': the head noun is the last word before a
    preposition, a colon or a link; 's' plurals only, which is what promises hold."""
    head = _HEAD_END.split(phrase, maxsplit=1)[0].split()
    word = head[-1].casefold() if head else ""
    plural = word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s"))
    return "are" if plural else "is"
