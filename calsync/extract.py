"""Facts read from an invite's text: company, role, notes, promises, timeline, phone (pure)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from calsync.model import Person

# Domains that say nothing about the employer: mail providers and scheduling services.
MAIL_DOMAINS = frozenset(
    """gmail.com googlemail.com outlook.com hotmail.com live.com msn.com yahoo.com ymail.com
    icloud.com me.com mac.com aol.com proton.me protonmail.com pm.me gmx.de gmx.net gmx.com web.de
    mail.com fastmail.com fastmail.fm zoho.com yandex.ru yandex.com hey.com posteo.de mailbox.org
    t-online.de orange.fr free.fr libero.it qq.com 163.com example.com""".split()  # noqa: SIM905
)
SCHEDULER_DOMAINS = frozenset(
    """calendly.com greenhouse.io greenhouse-mail.io lever.co hire.lever.co ashbyhq.com
    goodtime.io modernloop.io gem.com smartrecruiters.com icims.com workday.com myworkday.com
    paradox.ai teamtailor.com recruitee.com personio.de personio.com workable.com
    bamboohr.com jobvite.com breezy.hr homerun.co zoom.us calendar.google.com
    resource.calendar.google.com group.calendar.google.com doodle.com savvycal.com
    cal.com hubspot.com microsoft.com""".split()  # noqa: SIM905
)
SERVICE_DOMAINS = MAIL_DOMAINS | SCHEDULER_DOMAINS
ROBOT_LOCALS = re.compile(
    r"^(no-?reply|do-?not-?reply|notifications?|calendar|scheduling|scheduler|invites?|"
    r"recruiting-?noreply|mailer-daemon)\b",
    re.IGNORECASE,
)

ROLE_WORDS = re.compile(
    r"\b(engineer|engineering|developer|programmer|manager|analyst|designer|scientist|lead|"
    r"director|intern|internship|consultant|specialist|architect|administrator|sre|devops|"
    r"researcher|associate|coordinator|officer|head of|vp|product owner|owner|writer|"
    r"accountant|recruiter|representative|executive|technician|assistant|advisor|"
    r"ingenieur|entwickler|développeur|ingénieur|desarrollador|sviluppatore)s?\b",
    re.IGNORECASE,
)
# Words that describe the meeting, not the employer, once the keywords are removed.
FILLER = re.compile(
    r"\b(with|at|for|the|a|an|and|round|final|first|second|third|1st|2nd|3rd|\d+(st|nd|rd|th)?|"
    r"video|virtual|remote|zoom|teams|meet|call|chat|screen|screening|session|meeting|"
    r"follow-?up|technical|tech|behavioral|behavioural|culture|fit|coding|system|design|"
    r"case|study|loop|stage|part|invitation|invite|updated|interviews?|re|fw|fwd|bei|mit|chez|avec|con|presso|met|bij)\b",
    re.IGNORECASE,
)
SEPARATORS = re.compile(r"\s+[—–\-|/·•]\s+|\s*[|—–]\s*|:\s+|\s+\(|\)\s*")
LEADING = re.compile(
    r"^(?:.*?\b)?(?:interview|call|screen|chat|round|meeting|onsite|on-site|gespräch|entretien|"
    r"entrevista|colloquio)\s+(?:with|at|for|bei|mit|chez|avec|con|presso)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
# "... with Globex for (the) Site Reliability Engineer (role)": the employer, then the role.
FOR_ROLE = re.compile(
    r"^(?P<company>.+?)\s+(?:for|as)\s+(?:(?:the|a|an)\s+)?(?P<role>.+?)"
    r"(?:\s+(?:role|position|opening))?$",
    re.IGNORECASE,
)

# Blocks that conferencing and scheduling services paste into invites: (opening line, closing
# line). A block also ends where the user's own notes start (a Notes:/Topics: heading).
BOILERPLATE_BLOCKS = (
    (re.compile(r"^\s*_{10,}\s*$"), re.compile(r"^\s*_{10,}\s*$")),
    (re.compile(r"^\s*-::~[:~]+"), re.compile(r"^\s*-::~[:~]+")),
    (re.compile(r"^\s*\.{10,}\s*$"), re.compile(r"^\s*\.{10,}\s*$")),
    (
        re.compile(
            r"^\s*(microsoft teams( meeting| need help)?\b|join microsoft teams meeting)", re.I
        ),
        re.compile(r"^\s*_{10,}\s*$"),
    ),
    (
        re.compile(
            r"^\s*(join zoom meeting|zoom meeting invitation|join webex meeting|cisco webex|"
            r"join with google meet|-*\s*do not delete or change any of the following text|"
            r"when it'?s time, join (the|this) webex meeting)|is inviting you to a scheduled zoom "
            r"meeting",
            re.I,
        ),
        None,
    ),
    (re.compile(r"^\s*event name:", re.I), re.compile(r"powered by calendly", re.I)),
)
BOILERPLATE_LINE = re.compile(
    r"(https?://[^\s/]{0,253}(zoom\.us|teams\.microsoft|meet\.google|webex\.com|calendly\.com|"
    r"aka\.ms|gotomeeting|whereby\.com)|meeting id|passcode|password:|\bpin:|one tap mobile|"
    r"dial[- ]in|dial by your location|find your local number|find a local number|"
    r"conference id|join by phone|more phone numbers|reset pin|meeting options|learn more|"
    r"powered by calendly|cancel:|reschedule:|invitation from google calendar|"
    r"you are receiving this|forwarding this invitation|learn more about meet|"
    r"invitation from|to stop receiving|manage your calendar|view all guest info|"
    r"reply for |or call in|\d,,|meeting number|access code|call-in|webex\.com)",
    re.IGNORECASE,
)
HEADING = re.compile(r"^\s*(?P<name>[A-Za-zÀ-ÿ][\w /&'-]{0,30}):\s*(?P<rest>.*)$")
NOTE_HEADINGS = ("notes", "topics", "talking points", "discussed", "discussion", "my notes")
BULLET = re.compile(r"^\s*(?:[-*•◦‣+]|\d+[.)])\s+(?P<text>.+)$")
URL = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)
PROMISE = re.compile(
    r"\b(promised|promise|send|sending|share|sharing|forward|follow up with|get back to (?:them|"
    r"him|her) with|provide|email (?:them|him|her)|will mail)\b",
    re.IGNORECASE,
)
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
PHONE = re.compile(
    r"(?:\b(?:phone|tel|telephone|mobile|cell|call me|direct line)\b\s*[:\-]?\s*|tel:)"
    r"(?P<number>\+?\d[\d ()./-]{5,}\d)",
    re.IGNORECASE,
)
TIMELINE_CONTEXT = re.compile(
    r"\b(decision|decide|decided|hear back|get back|back to (?:me|you|us)|feedback|respond|"
    r"response|answer|next steps?|update|let (?:me|you) know|offer)\b",
    re.IGNORECASE,
)
WITHIN = re.compile(
    r"\bwithin\s+(?:the\s+next\s+)?(?P<n>\d+|one|two|three|four|a|a couple of)\s+"
    r"(?P<unit>business days?|working days?|days?|weeks?)\b",
    re.IGNORECASE,
)
BY_DATE = re.compile(
    r"\b(?:by|before|until|on)\s+(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?P<when>\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
    r"\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|oct|nov|dec)[a-z]*)\b",
    re.IGNORECASE,
)
MAX_TEXT = 100_000  # characters of a DESCRIPTION read for notes: pages more than anyone types
MAX_LINE = 2_000  # characters of one line matched: a long paragraph; a note is a sentence
MAX_TIMELINE_DAYS = 366  # a stated decision time beyond a year is no timeline to follow up on
NUMBER_WORDS = {"one": 1, "a": 1, "two": 2, "a couple of": 2, "three": 3, "four": 4}


def keyword_pattern(words: tuple[str, ...]) -> re.Pattern:
    """Whole-word, case-insensitive match of any of `words` (spaces match any whitespace)."""
    alternatives = sorted(
        (re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def strip_boilerplate(text: str) -> list[str]:
    """The description's lines without conference and scheduler boilerplate.

    Only the first MAX_TEXT characters are read, and each line only up to MAX_LINE: notes
    are at the top, and no pasted e-mail thread or hostile invite makes reading them slow.
    """
    text = text[:MAX_TEXT]
    lines = [line[:MAX_LINE] for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    kept: list[str] = []
    closing = False  # inside a block: its closing pattern, or None for "until the user's notes"
    for line in lines:
        if closing is not False:
            if closing is not None and closing.search(line):
                closing = False
                continue
            if not _is_notes_heading(line):
                continue
            closing = False
        block = next((b for b in BOILERPLATE_BLOCKS if b[0].search(line)), None)
        if block:
            closing = block[1]
            continue
        if BOILERPLATE_LINE.search(line):
            continue
        kept.append(line.rstrip())
    return kept


def _is_notes_heading(line: str) -> bool:
    heading = HEADING.match(line)
    return bool(heading and heading["name"].strip().casefold() in NOTE_HEADINGS)


def notes_from(lines: list[str]) -> list[str]:
    """Lines under a Notes:/Topics: heading (inline text split at commas) and bullet lines."""
    notes: list[str] = []
    under_heading = False
    for line in lines:
        if not line.strip():
            under_heading = False
            continue
        heading = HEADING.match(line)
        if _is_notes_heading(line):
            under_heading = True
            rest = heading["rest"].strip()
            if rest:
                notes.extend(p.strip() for p in re.split(r"[;,]\s+", rest) if p.strip())
            continue
        bullet = BULLET.match(line)
        if bullet:
            notes.append(bullet["text"].strip())
        elif under_heading:
            if heading and not URL.match(heading["rest"]) and heading["rest"].strip():
                under_heading = heading["name"].strip().casefold() in NOTE_HEADINGS
                if not under_heading:
                    continue
            notes.append(line.strip())
    return _unique(notes)


def promises_from(notes: list[str]) -> list[str]:
    """Note lines that promise material."""
    return [n for n in notes if PROMISE.search(n)]


def links_from(lines: list[str]) -> list[str]:
    return _unique(u.rstrip(".,;:") for line in lines for u in URL.findall(line))


def topics_from(notes: list[str], promises: list[str]) -> list[str]:
    """Notes that describe what was discussed (not promises, not timeline remarks)."""
    return [
        n
        for n in notes
        if n not in promises and not TIMELINE_CONTEXT.search(n) and not URL.fullmatch(n.strip())
    ]


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


def timeline_from(lines: list[str], interview_day: date) -> date | None:
    """The decision date the notes state ('decision by Dec 4', 'hear back within 2 weeks')."""
    for line in lines:
        if not TIMELINE_CONTEXT.search(line):
            continue
        within = WITHIN.search(line)
        if within:
            raw = within["n"].casefold()
            n = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw, 1)
            unit = within["unit"].casefold()
            if n * (7 if unit.startswith("week") else 1) > MAX_TIMELINE_DAYS:
                continue  # "within 10000 days" is no timeline to plan a follow-up around
            if unit.startswith("week"):
                return interview_day + timedelta(weeks=n)
            if unit.startswith(("business", "working")):
                return _add_weekdays(interview_day, n)
            return interview_day + timedelta(days=n)
        by = BY_DATE.search(line)
        if by:
            try:
                from dateutil import parser  # ~3 ms of imports, for the few notes with a date

                when = parser.parse(by["when"], default=_midnight(interview_day)).date()
                if when < interview_day - timedelta(days=60):
                    when = when.replace(year=when.year + 1)  # Feb 29 has no next year
            except (ValueError, OverflowError):
                continue
            if when >= interview_day:
                return when
    return None


def phone_from(lines: list[str]) -> str | None:
    for line in lines:
        match = PHONE.search(line)
        if match:
            return " ".join(match["number"].split())
    return None


def labelled(lines: list[str], *labels: str) -> str | None:
    """The value of a `Label: value` line, e.g. Role: or Position:."""
    for line in lines:
        heading = HEADING.match(line)
        if heading and heading["name"].strip().casefold() in labels and heading["rest"].strip():
            return heading["rest"].strip()
    return None


def company_and_role(
    summary: str, keywords: re.Pattern, people: tuple[Person, ...]
) -> tuple[str | None, str | None]:
    """Split a SUMMARY like 'Phone screen | Acme | Data Analyst' into company and role."""
    summary = summary[:MAX_LINE]  # a title, not a book
    names = {p.name.casefold() for p in people} | {p.first_name.casefold() for p in people}
    company = role = None
    for part in (p.strip(" -–—|:·•") for p in SEPARATORS.split(summary)):
        if not part:
            continue
        lead = LEADING.match(part)
        if lead:
            rest = lead["rest"].strip()
            split = FOR_ROLE.match(rest)
            if (
                split
                and ROLE_WORDS.search(split["role"])
                and not ROLE_WORDS.search(split["company"])
            ):
                rest = split["company"]
                role = role or _clean(split["role"], keywords)
            if rest.casefold() not in names and not company:
                if ROLE_WORDS.search(rest) and not role:
                    role = _clean(rest, keywords)
                else:
                    company = _clean(rest, keywords) or None
            continue
        cleaned = _clean(part, keywords)
        if not cleaned or cleaned.casefold() in names:
            continue
        if ROLE_WORDS.search(cleaned):
            role = role or cleaned
        elif not company:
            company = cleaned
    return company, role


def _clean(part: str, keywords: re.Pattern) -> str:
    """Remove keywords and filler words; what is left is a name or a role."""
    text = keywords.sub(" ", part)
    if not ROLE_WORDS.search(text):
        text = FILLER.sub(" ", text)
    else:
        text = re.sub(r"\b(interviews?|round|call|screen|with|for|at)\b", " ", text, flags=re.I)
    text = " ".join(text.split()).strip(" -–—|:,.#")
    return text if re.search(r"\w", text) else ""


def company_from_domain(emails: list[str]) -> str | None:
    """'dana@northwind-robotics.com' -> 'Northwind Robotics', unless it is a mail service."""
    counts: dict[str, int] = {}
    for email in emails:
        domain = email.rpartition("@")[2].casefold()
        if not domain or _is_service(domain):
            continue
        counts[domain] = counts.get(domain, 0) + 1
    if not counts:
        return None
    domain = max(sorted(counts), key=counts.get)
    labels = domain.split(".")
    label = labels[-2] if len(labels) >= 2 else labels[0]
    if len(labels) >= 3 and labels[-2] in ("co", "com", "org", "ac", "gov", "net"):
        label = labels[-3]
    words = re.split(r"[-_]", label)
    return " ".join(w if w.isupper() else w.capitalize() for w in words if w)


def is_robot(email: str) -> bool:
    local, _, domain = email.casefold().rpartition("@")
    return bool(ROBOT_LOCALS.match(local)) or _is_service(domain) and domain not in MAIL_DOMAINS


def _is_service(domain: str) -> bool:
    """The domain, or one it is under, is a mail provider's or a scheduling service's."""
    labels = domain.split(".")
    return any(".".join(labels[n:]) in SERVICE_DOMAINS for n in range(len(labels)))


def name_from_email(email: str) -> str:
    local = email.partition("@")[0]
    parts = [p for p in re.split(r"[._+-]", local) if p and not p.isdigit()]
    return " ".join(p.capitalize() for p in parts) or local


def application_key(company: str | None, role: str | None) -> str:
    """A readable slug naming the application: 'northwind-robotics/senior-backend-engineer'."""
    parts = [_slug(company or "unknown-company")]
    if role:
        parts.append(_slug(role))
    return "/".join(parts)


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.casefold()).strip("-") or "x"


def _unique(items) -> list:
    seen: set = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _midnight(day: date):
    from datetime import datetime

    return datetime(day.year, day.month, day.day)


def _add_weekdays(day: date, n: int) -> date:
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day
