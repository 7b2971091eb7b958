"""The user's notes in an invite as attributed items: whose, what kind, and a clean phrase.

Only the user's own lines are notes: those under a Notes/Topics heading (in six languages) and
bullet lines that are not under one of the employer's headings ("Agenda:", "What to bring:").
A draft quotes a note back to the person it was with, so a colleague's topic must never be
put in another's mouth: a note is attributed only when its label or first words name them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from calsync.invite import lazy
from calsync.invite.text import HEADING, MAX_LINE, fold, is_notes_heading
from calsync.model import Note, Person

BULLET = lazy.compile(r"^\s*(?:[-*•◦‣▪+–—]|\d{1,2}[.)]|\[[ x]\])\s+(?P<text>.+)$")
URL = lazy.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)
MAX_NOTE = 500  # characters: a longer line is a pasted paragraph, not something the user noted

# A line that is mostly a number (a dial-in, a phone number, a meeting ID) is never a note.
_DIGITS = lazy.compile(r"\d")
_LETTERS = lazy.compile(r"[^\W\d_]")
# Lines of the employer's own text that a bullet does not make the user's.
AGENDA_LINE = lazy.compile(r"^\d{1,2}(?:[:.h]\d{2})\s*(?:[ap]\.?m\.?)?\b", re.IGNORECASE)
INSTRUCTION = lazy.compile(
    r"^(?:please|kindly|bitte|veuillez|merci de|por favor|le rogamos|gelieve|graag|"
    r"si prega|ti preghiamo|la preghiamo)\b",
    re.IGNORECASE,
)

# "Date: ...", "Ort: ...": the employer's details of the meeting, even when written as bullets.
DETAIL_LABEL = lazy.compile(
    r"^(?:date|time|when|where|location|venue|duration|format|address|dress code|"
    r"datum|uhrzeit|zeit|ort|adresse|dauer|teilnehmer|heure|lieu|durée|adresse|fecha|hora|"
    r"lugar|duración|dirección|tijd|locatie|plaats|duur|adres|data|ora|luogo|durata|"
    r"indirizzo)\s*:",
    re.IGNORECASE,
)
# Labels and openings that say a note was with or about everyone.
SHARED_ANYWHERE = lazy.compile(
    r"\b(?:the (?:whole )?panel|the interviewers|everyone|everybody|all of them|all three|"
    r"both of them|tout le monde|iedereen|allemaal|a todos|a tutti|an alle)\b",
    re.IGNORECASE,
)
SHARED_START = lazy.compile(
    r"^(?:(?:with|mit|avec|con|met|bij)\s+)?(?:the (?:whole )?panel|the interviewers|everyone|"
    r"everybody|all of them|all three|both|all|panel|alle|allen|tout le monde|tous|toutes|todos|"
    r"todas|iedereen|allemaal|tutti|tutte)\b\s*[:—–-]?\s*",
    re.IGNORECASE,
)

# The candidate's own promises: first person, or an infinitive with no subject.
PROMISE = lazy.compile(
    r"\b(?:i(?:'|’)ll|i will|i(?:'|’)m going to|i am going to|i need to|i have to|i should|"
    r"i(?:'|’)d|i promised(?: to)?|i owe(?: them| him| her)?|i offered to)\s+(?:\w+\s+){0,2}?"
    r"(?:send|share|forward|e-?mail|mail|provide|follow up with|get back to|"
    r"put together|write up)\b|"
    r"^(?:will|to|must|need to|todo:?|to-do:?)\s+(?:\w+\s+){0,1}?(?:send|share|forward|"
    r"e-?mail|provide|follow up)\b|"
    r"\bfollow(?:ing)? up with (?:my|the|a|them|him|her)\b|\bpromised\b|\bpromise to\b|"
    r"\bsend (?:them|him|her|over)\b|"
    # A to-do the user wrote down, imperative or infinitive: "Share the demo repo: https://…"
    r"^(?:send|share|forward|e-?mail)\s+(?:them|him|her|over|the|my|a|an|links?)\b|"
    r"^(?:envoyer|transmettre|partager|enviar|mandar|compartir|inviare|mandare|condividere|"
    r"opsturen|doorsturen|sturen|delen)\b|"
    r"\b(?:schicken|zuschicken|senden|zusenden|opsturen|doorsturen|toesturen|mailen)$|"
    # de
    r"\bich (?:schicke|sende|schick|maile|reiche|liefere|werde)\b|\b(?:schicke|sende|maile|"
    r"reiche) ich\b|\bnachreichen\b|\bversprochen\b|"
    # fr
    r"\bje (?:leur|lui|vous) (?:envoie|enverrai|transmets|transmettrai|partage)\b|"
    r"\bj(?:'|’)enverrai\b|\bje (?:vais|dois) (?:leur |lui )?(?:envoyer|transmettre|partager)\b|"
    r"\bje partagerai\b|\bje transmettrai\b|\bpromis\b|"
    # es
    r"\b(?:les|le) (?:envío|envio|enviaré|enviare|mando|mandaré|paso|pasaré)\b|"
    r"\benviaré\b|\bmandaré\b|\bvoy a (?:enviar|mandar|compartir)\b|\bcompartiré\b|"
    r"\bprometí\b|"
    # nl
    r"\bstuur ik\b|\bik stuur\b|\bmail ik\b|\bik mail\b|\bik zal\b.*\b(?:sturen|mailen|delen)\b|"
    r"\bbeloofd\b|\bdeel ik\b|"
    # it
    r"\binvierò\b|\binviero\b|\bmanderò\b|\bmandero\b|\bmando\b|\b(?:gli|le) invio\b|"
    r"\bho promesso\b|\bcondividerò\b",
    re.IGNORECASE,
)
# The employer's next step or decision: a timeline, whoever wrote it down.
TIMELINE = lazy.compile(
    r"\b(?:decision|decide|decided|decides|hear back|get back to me|back to me|put me forward|"
    r"move me forward|next round|next steps?|feedback (?:by|within|in|on|before)|"
    r"let me know (?:by|within|in|before)|answer (?:by|within)|offer (?:by|within)|"
    r"response (?:by|within)|outcome|timeline)\b|"
    r"\b(?:they|she|he|the recruiter|recruiter|the team|hr)(?:'|’)?(?:ll| will| are going to)\s+"
    r"(?:\w+\s+)?(?:send|get back|be in touch|let me know|reach out|follow up|contact)\b|"
    r"\b(?:rückmeldung|entscheidung|entscheiden|melden sich|meldet sich|feedback bis|"
    r"nächste runde|nächsten schritte|zusage|absage)\b|"
    r"\b(?:réponse|décision|retour (?:d'ici|avant|sous)|me recontacter|me recontactera|"
    r"prochaine étape|prochaines étapes)\b|"
    r"\b(?:respuesta|decisión|decision|(?:me|nos) (?:dirán|diran|contestarán|contactarán|"
    r"llamarán|avisarán)|próxima ronda|"
    r"próximos pasos)\b|"
    r"\b(?:uitslag|beslissing|terugkoppeling|hoor ik|laten (?:me|mij) weten|volgende ronde|"
    r"vervolgstappen)\b|"
    r"\b(?:risposta|decisione|mi faranno sapere|faranno sapere|prossimo step|prossimi passi|"
    r"feedback entro)\b",
    re.IGNORECASE,
)
LOGISTICS = lazy.compile(
    r"\b(?:park(?:ing)?|garage|bring (?:a |your |photo )?(?:id|passport|laptop)|photo id|"
    r"badge|front desk|reception|lobby|dress code|check[- ]in|visitor|security desk|"
    r"office address|address is|address:|floor \d|\d+(?:st|nd|rd|th) floor|entrance|"
    r"parkplatz|parken|parkhaus|ausweis|personalausweis|empfang|dresscode|kleiderordnung|"
    r"adresse|etage|stock|eingang|pforte|besucher|"
    r"stationnement|pièce d'identité|carte d'identité|accueil|tenue|étage|entrée|"
    r"aparcamiento|estacionamiento|aparcar|dni|identificación|recepción|vestimenta|planta|piso|"
    r"entrada|"
    r"parkeren|parkeerplaats|legitimatie|id-bewijs|paspoort|receptie|kledingvoorschrift|"
    r"adres|verdieping|ingang|"
    r"parcheggio|parcheggiare|documento|carta d'identità|abbigliamento|indirizzo|ingresso)\b",
    re.IGNORECASE,
)
# How a note may call someone by their family name: honorifics and titles in six languages.
HONORIFIC_FORMS = (
    *("Mr.", "Ms.", "Mrs.", "Herr", "Herrn", "Frau", "M.", "Mme", "Madame", "Monsieur", "Sr."),
    *("Sra.", "meneer", "mevrouw", "dhr.", "mevr.", "Sig.", "Sig.ra"),
)
TITLE_FORMS = ("Dr.", "Dr", "Prof.", "Prof. Dr.", "Dr.-Ing.", "Dipl.-Ing.", "Ing.", "Dott.")
TITLE_FORMS += ("Dott.ssa", "Prof.ssa", "Mag.", "Mag.a", "Dra.", "dr.", "ir.", "mr.")
_ADDRESSED = (
    "(?:(?:"
    + "|".join(re.escape(h) for h in sorted(HONORIFIC_FORMS, key=len, reverse=True))
    + r")\s+)?(?:(?:"
    + "|".join(re.escape(t) for t in sorted(TITLE_FORMS, key=len, reverse=True))
    + r")\s+)?"
)
_LABEL_END = r"\s*(?::|—|–|-|,)\s*"
_PREPOSITION = r"(?:(?:with|w/|mit|avec|con|met|bij|for|für|pour|para|voor|per)\s+)"
# A label's head, the same for every invite: "with", "@", "Frau Dr." before the name.
LABEL_HEAD = lazy.compile(rf"^{_PREPOSITION}?@?{_ADDRESSED}", re.IGNORECASE)
# "Eva: ...", "@bram ...", "with Ingrid — ...": a label that names one person.
OTHER_LABEL = lazy.compile(
    rf"^{_PREPOSITION}?(?:(?P<at>@)(?P<atname>[^\W\d_][\w'’-]*)(?:{_LABEL_END}|\s+)|"
    r"(?P<name>[^\W\d_][\w'’-]*)\s*(?::|\s—|\s–)\s*)(?=\S)",
)
_CAPITAL = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+"
FULL_NAME = lazy.compile(
    rf"(?<![\w@.])({_CAPITAL})\s+(?:(?:van|von|de|der|den|la|le|di|da|del|el|al)\s+)*{_CAPITAL}"
)
DOMAIN = lazy.compile(r"(?:@|https?://|www\.)([\w.-]+)")
_EDGES = " \t-–—•*:;,.!?…"


def notes(lines: list[str], interviewers: tuple[Person, ...], language: str) -> tuple[Note, ...]:
    """The user's notes, each with its person (or shared), kind and clean phrase."""
    del language  # the patterns cover the six languages at once: notes mix them
    names = _names(interviewers)
    others = _named_elsewhere(lines)
    out: list[Note] = []
    seen: set[tuple[str, str | None]] = set()
    for raw, text in _note_lines(lines):
        note = _note(raw, text, names, others)
        if note is None or (note.text, note.person) in seen:
            continue
        seen.add((note.text, note.person))
        out.append(note)
    return tuple(out)


def links(lines: list[str]) -> tuple[str, ...]:
    """URLs in the user's notes (the employer's own links are not the user's material)."""
    found: list[str] = []
    for _raw, text in _note_lines(lines):
        for url in URL.findall(text):
            url = url.rstrip(".,;:!?…")
            if url not in found:
                found.append(url)
    return tuple(found)


def _note_lines(lines: list[str]) -> list[tuple[str, str]]:
    """(the line as written, the note's text) for each of the user's notes.

    Under a notes heading every line counts until a blank line (bullets until the next
    heading); elsewhere a bullet counts unless it is under one of the employer's headings,
    an agenda slot or an instruction."""
    found: list[tuple[str, str]] = []
    section = None  # "notes", "other" (an employer's heading), or None
    plain_ok = False  # non-bullet lines count: directly under a notes heading
    marker = ""  # the bullet character of the employer's list
    blank = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            plain_ok, blank = False, True
            continue
        was_blank, blank = blank, False
        if len(stripped) > 2 * MAX_NOTE:
            continue
        bullet = BULLET.match(stripped)
        heading = HEADING.match(stripped)
        if not bullet and is_notes_heading(stripped):
            section, plain_ok = "notes", True
            rest = heading["rest"].strip() if heading else ""
            if rest:
                found.extend((line, p) for p in _inline(rest))
            continue
        if not bullet and _is_heading(stripped, heading):
            section, plain_ok, marker = "other", False, ""
            continue
        if bullet:
            text = bullet["text"].strip()
            if section == "other":
                if not marker or not was_blank or stripped[0] == marker:
                    marker = marker or stripped[0]
                    continue
                section = None  # another hand's list after a gap: the user's own bullets
            if section != "notes" and (
                AGENDA_LINE.match(text) or INSTRUCTION.match(text) or DETAIL_LABEL.match(text)
            ):
                continue
            found.append((line, text))
        elif section == "notes" and plain_ok:
            found.append((line, stripped))
        elif section == "other":
            section = None  # the employer's paragraph after its list: that list has ended
    return [(raw, text) for raw, text in found if _is_note(text)]


def _is_heading(line: str, heading: re.Match | None) -> bool:
    """An employer's heading: 'Agenda:', 'What to bring:', 'Ihr Ablauf' ending in a colon."""
    if heading and not heading["rest"].strip():
        return True
    return line.endswith(":") and len(line) <= 60


def _inline(rest: str) -> list[str]:
    """'Topics: caching, sharding, on-call' -> three notes; a sentence with commas stays one."""
    parts = [p.strip() for p in rest.split(";") if p.strip()]
    out: list[str] = []
    for part in parts:
        pieces = [p.strip() for p in part.split(",") if p.strip()]
        if len(pieces) > 1 and all(len(p.split()) <= 4 for p in pieces):
            out.extend(pieces)
        else:
            out.append(part)
    return out


def _is_note(text: str) -> bool:
    if len(text) > MAX_NOTE:
        return False
    letters = len(_LETTERS.findall(text))
    digits = len(_DIGITS.findall(text))
    if letters < 2:
        return False
    return not (digits >= 6 and digits > letters)  # a dial-in or phone number line


class Names(NamedTuple):
    """The ways the user may write the interviewers, as one label and one @mention pattern
    (longest form first), and whose each form is (casefolded form -> Person.key)."""

    label: re.Pattern | None
    mention: re.Pattern | None
    owner: dict[str, str]


def _names(interviewers: tuple[Person, ...]) -> Names:
    """How the user may write each interviewer; a given or family name only when it belongs to
    one interviewer. Compiled once per invite: a note is matched against every form at once."""
    forms: dict[str, set[str]] = {}
    for person in interviewers:
        family = person.family or (person.name.split()[-1] if person.name.split() else "")
        words = person.name.split()
        # A Person from an address book or an older reading has only its name: its first word.
        given = person.given or (words[0] if len(words) > 1 and not person.family else "")
        # "Frau Dr. Lange", "Herr Weber", "Prof. Esposito", "Sra. Puig": the honorific and
        # title before a name are one fixed pattern (_ADDRESSED), the names are the invite's.
        variants = {person.name, given, family}
        for variant in variants | {fold(v) for v in variants}:
            if variant and len(variant) > 1:
                forms.setdefault(variant.casefold(), set()).add(person.key)
    owners = {}  # a folded form shared by two people is nobody's
    for form, keys in forms.items():
        owners.setdefault(fold(form), set()).update(keys)
    owner = {
        form: next(iter(keys))
        for form, keys in forms.items()
        if len(keys) == 1 and len(owners[fold(form)]) == 1
    }
    if not owner:
        return Names(None, None, {})
    alternation = "|".join(re.escape(f) for f in sorted(owner, key=lambda f: (-len(f), f)))
    return Names(
        label=re.compile(rf"(?P<form>{alternation})(?:{_LABEL_END}|\s+|$)", re.IGNORECASE),
        mention=re.compile(rf"(?<!\w)@(?P<form>{alternation})(?!\w)", re.IGNORECASE),
        owner=owner,
    )


def _named_elsewhere(lines: list[str]) -> set[str]:
    """First names of the people the invite writes in full ("Eva Bakker" in a signature): a
    note labelled with one of them ("Eva: ...") is about that person, even if not an
    interviewer, and is never given to someone else."""
    from calsync.invite.people import NOT_NAMES

    found = {fold(m[1]) for line in lines for m in FULL_NAME.finditer(line[:MAX_LINE])}
    domains = " ".join(fold(d) for line in lines for d in DOMAIN.findall(line[:MAX_LINE]))
    return {name for name in found - NOT_NAMES if name not in domains}  # "Contoso Team"


def _note(raw: str, text: str, names: Names, others: set[str]) -> Note | None:
    text = text.strip()
    person: str | None = None
    shared = False
    label = None
    if names.label:
        # The fixed head ("with", "@", "Frau Dr.") is one pattern for every invite; only the
        # names are the invite's. A name that reads like a head word ("Per") is tried bare too.
        head = LABEL_HEAD.match(text).end()
        label = names.label.match(text, head) or (head and names.label.match(text))
    if label:
        person = names.owner[label["form"].casefold()]
        text = text[label.end() :]
    if person is None:
        mention = names.mention.search(text) if names.mention else None
        if mention:
            person = names.owner[mention["form"].casefold()]
            text = (text[: mention.start()] + text[mention.end() :]).strip()
        else:
            start = SHARED_START.match(text)
            other = OTHER_LABEL.match(text)
            if start and (start.end() < len(text)):
                shared = True
                text = text[start.end() :]
            elif other and (other["at"] or fold(other["name"]) in others):
                # someone who is no interviewer: the note is theirs, in nobody's draft
                person = fold(other["atname"] or other["name"])
                text = text[other.end() :]
            elif SHARED_ANYWHERE.search(text):
                shared = True
    phrase = _clean(text)
    if not phrase:
        return None
    return Note(text=phrase, kind=_kind(phrase), person=person, raw=raw.strip(), shared=shared)


def _kind(text: str) -> str:
    if PROMISE.search(text) and not re.search(
        r"\b(?:they|she|he|the team|the recruiter)(?:'|’)?(?:ll| will)\b", text, re.I
    ):
        return "promise"
    if TIMELINE.search(text):
        return "timeline"
    if LOGISTICS.search(text):
        return "logistics"
    return "topic"


def _clean(text: str) -> str:
    """Bullets, leading dashes and labels gone; ellipses and trailing punctuation removed."""
    text = text.replace("…", " ").replace("...", " ")
    text = " ".join(text.split())
    text = text.strip(_EDGES)
    while text.startswith(("- ", "— ", "– ")):
        text = text[2:].strip(_EDGES)
    if text.startswith(("“", '"')) and text.endswith(("”", '"')):
        text = text[1:-1].strip()
    return text
