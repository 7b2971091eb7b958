"""The employer and the job: from title segments, labelled lines and the corporate domain."""

from __future__ import annotations

import ipaddress
import re
from functools import cache

from calsync.invite.facts import Fact, Invite, Setup
from calsync.invite.text import fold

MAX_TITLE = 300  # characters of a title read: longer ones are pasted text, not a title
MAX_VALUE = 120  # characters of a company or role: longer is a sentence, not a name

# Mail providers: an address there says nothing about whom the person works for.
MAIL_DOMAINS = frozenset(
    """gmail.com googlemail.com outlook.com outlook.de outlook.fr outlook.es hotmail.com
    hotmail.de hotmail.fr hotmail.es hotmail.it hotmail.co.uk live.com live.de live.fr live.nl
    live.it msn.com yahoo.com yahoo.de yahoo.fr yahoo.es yahoo.it yahoo.co.uk ymail.com
    icloud.com me.com mac.com aol.com proton.me protonmail.com protonmail.ch pm.me gmx.de
    gmx.net gmx.com gmx.at gmx.ch web.de mail.com fastmail.com fastmail.fm zoho.com yandex.ru
    yandex.com hey.com posteo.de mailbox.org t-online.de freenet.de arcor.de orange.fr
    wanadoo.fr free.fr sfr.fr laposte.net telefonica.net movistar.es ziggo.nl kpnmail.nl
    planet.nl hetnet.nl xs4all.nl libero.it virgilio.it tiscali.it alice.it tim.it
    bluewin.ch qq.com 163.com example.com example.org example.net""".split()  # noqa: SIM905
)
# Hiring, scheduling and conferencing services: their addresses are robots or resources, never
# the employer (matched by the domain or any parent of it).
SERVICE_DOMAINS = frozenset(
    """calendly.com greenhouse.io greenhouse-mail.io lever.co hire.lever.co ashbyhq.com
    ashby.io goodtime.io modernloop.io gem.com smartrecruiters.com icims.com workday.com
    myworkday.com myworkdayjobs.com paradox.ai teamtailor.com teamtailor-mail.com recruitee.com
    personio.de personio.com workable.com bamboohr.com jobvite.com breezy.hr homerun.co
    zoom.us zoom.com webex.com teams.microsoft.com teams.live.com google.com calendar.google.com
    doodle.com savvycal.com cal.com hubspot.com gotomeeting.com goto.com whereby.com
    successfactors.com successfactors.eu taleo.net jazzhr.com join.com softgarden.io
    softgarden.de rexx-systems.com dvinci.de prescreen.io coderpad.io hackerrank.com
    codility.com codesignal.com hirevue.com""".split()  # noqa: SIM905
)

# Where a title splits into segments: separators, and the little words that join the meeting,
# the people and the company in six languages.
SEGMENT_SPLIT = re.compile(
    r"\s+[-–—|·•/+]\s+|\s*[|—–•·]\s*|\s*<>\s*|:\s+|\s+@\s+|\s*[()\[\]]\s*|"
    r"\s+(?:at|with|for|x|bei|mit|für|chez|avec|pour|con|para|bij|met|voor|presso|per)\s+",
    re.IGNORECASE,
)
# Calendly and similar: "<event name> between <invitee> and <host>", in the six languages.
BETWEEN = re.compile(
    r"\s+(?:between|zwischen|entre|tussen|tra|fra)\s+.+?\s+(?:and|und|et|y|e|en)\s+.+$",
    re.IGNORECASE,
)
GENDER = re.compile(
    r"\(\s*(?:[mwfdhxi]\s*/\s*){1,3}[mwfdhxi]\s*\)|\(\s*all genders?\s*\)|"
    r"\(\s*alle geschlechter\s*\)|\(\s*gn\s*\)|\*\s*in\b",
    re.IGNORECASE,
)
REQUISITION = re.compile(
    r"(?:\b(?:req|jr|job|id|ref|r)[-_ #]?\d{2,}\b|#\s?\d+\b|\b[A-Z]{1,5}-\d{2,}\b|\b\d{4,}\b)",
    re.IGNORECASE,
)
DURATION = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:-\s*\d+\s*)?(?:min|mins|minutes?|minuten|minutos|minuti|minuut|"
    r"h|hr|hrs|hours?|std|stunden?|heures?|horas?|ore|uur|days?|tage?n?|jours?|d[ií]as?|"
    r"dagen|giorni)\b\.?",
    re.IGNORECASE,
)

# Words that describe the meeting, never the employer (folded; some are phrases).
MEETING_WORDS = frozenset(
    """interview interviews interviewing superday onsite on-site offsite loop round rounds final
    first second third 1st 2nd 3rd call calls chat screen screening session meeting invite
    invitation updated update rescheduled new tentative technical tech behavioral behavioural
    culture fit coding system design case study take-home takehome take home review
    presentation assessment challenge test exercise debrief recruiter hiring intro
    introduction introductory conversation discussion sync panel virtual video remote phone
    zoom teams meet webex minute minutes day days part stage step follow-up followup fw fwd re
    aw wg tr rv rif candidate hold tentative coderpad hackerrank codility codesignal hirevue
    karat skype whereby gotomeeting goto hangouts
    vorstellungsgesprach bewerbungsgesprach kennenlerngesprach auswahlgesprach gesprach
    telefoninterview videointerview fachgesprach zweitgesprach termin einladung runde
    kennenlernen technisch technische technisches fallstudie prasentation
    entretien entrevue technique rh telephonique visio appel rendez-vous tour etape
    entrevista tecnica tecnico llamada reunion cita ronda videollamada
    sollicitatiegesprek kennismakingsgesprek gesprek selectiegesprek technisch technische
    afspraak ronde kennismaking
    colloquio tecnico tecnica conoscitivo telefonico chiamata appuntamento incontro
    minuto""".split()  # noqa: SIM905
)
MEETING_PHRASES = re.compile(
    r"\b(?:hiring manager|phone screen|recruiter (?:screen|call|chat)|case study|take[- ]home|"
    r"system design|onsite loop|final round|culture fit|super day|on site)\b",
    re.IGNORECASE,
)
# In a title's role part: the meeting phrases that hold a job word ("Hiring Manager Call")
# go; "System Design Engineer" stays.
ROLE_NOISE = re.compile(
    r"\b(?:hiring manager|recruiter (?:screen|call|chat)|phone screen|final round|onsite loop|"
    r"case study|take[- ]home)\b",
    re.IGNORECASE,
)
# Words that describe a meeting but also a job ("Technical Program Manager", "Design
# Engineer"): kept at a role's ends.
_JOB_ADJECTIVES = frozenset(
    """technical tech behavioral behavioural culture coding system design case study review test
    presentation assessment virtual video remote phone panel hiring recruiter technisch
    technische technisches technique tecnica tecnico rh intro staff""".split()  # noqa: SIM905
)
# Ordinary short words of the six languages: never a company on their own, and trimmed from a
# segment's ends ("de la", "und", "the").
STOPWORDS = frozenset(
    """the a an and of for with at to in on by my your our or vs
    und der die das den dem des mit bei für zum zur im am von vom ein eine einer ihr ihre unser
    et le la les de des du avec chez pour un une au aux en sur votre notre
    y el los las del con para una su tu nuestra nuestro entre
    en het een met bij voor van op je uw ons onze
    e il lo gli le di del della dello con per un una presso al alla tra il tuo suo""".split()  # noqa: SIM905
)
# Job words in six languages (folded stems): a segment holding one names the role, never the
# company. A stem also ends compounds ("Softwareentwickler", "Datenanalyst").
ROLE_STEMS = tuple(
    """engineer developer programmer manager analyst designer scientist lead director intern
    internship consultant specialist architect administrator sre devops researcher associate
    coordinator officer vp owner writer accountant representative executive technician
    assistant advisor head principal staff
    entwickler ingenieur berater leiter referent sachbearbeiter werkstudent praktikant
    praktikum architekt spezialist fachkraft mitarbeiter kaufmann kauffrau
    developpeur chef responsable stagiaire analyste architecte directeur directrice concepteur
    technicien alternant
    desarrollador ingeniero jefe analista consultor arquitecto disenador gerente becario
    programador
    ontwikkelaar adviseur medewerker beheerder analist ontwerper stagiair leider teamleider
    sviluppatore sviluppatrice ingegnere responsabile consulente progettista architetto
    stagista programmatore sistemista""".split()  # noqa: SIM905
)
ROLE_TRIM = (MEETING_WORDS - _JOB_ADJECTIVES) | STOPWORDS
_ROLE_ENDINGS = ("", "s", "in", "innen", "e", "es", "a", "as", "i", "o", "os", "en", "ice")
LEGAL_SUFFIXES = frozenset(
    """ltd limited inc incorporated llc plc corp corporation co company group gmbh ag kg se
    mbh ug sa sas sarl sl slu srl spa bv nv holding holdings""".split()  # noqa: SIM905
)

# Words in a name or address that make it an organisation's or a tool's, not a person's.
_ORG_WORDS = frozenset(
    """calendar kalender calendrier calendario agenda recruiting recruitment recruiter recruiters
    talent team hiring careers career jobs job hr people scheduling scheduler candidate
    candidates notifications notification noreply no-reply reply personal personalabteilung
    rh rrhh recrutement recrutamento karriere bewerbung bewerbungen werving selezione risorse
    umane seleccion empleo vacatures interviews interview info office admin support""".split()  # noqa: SIM905
)
# Honorifics and titles: a title segment starting with one is a person ("Herrn Dr. Braun").
HONORIFICS = frozenset(
    """mr mrs ms miss dr prof herr herrn frau m mme mlle monsieur madame sr sra srta don dona
    senor senora mevrouw meneer dhr mevr heer sig sig.ra sigra dott dott.ssa ing avv""".split()  # noqa: SIM905
)
_LABEL = r"\s*(?P<label>{})\s*:\s*(?P<value>.+)$"
COMPANY_LABELS = re.compile(
    _LABEL.format(
        r"company|employer|organi[sz]ation|hiring company|unternehmen|firma|arbeitgeber|"
        r"entreprise|soci[ée]t[ée]|empresa|compa[ñn][íi]a|bedrijf|organisatie|werkgever|"
        r"azienda|societ[àa]"
    ),
    re.IGNORECASE,
)
CLIENT_LABELS = re.compile(
    _LABEL.format(r"client|kunde|mandant|cliente|opdrachtgever|klant|committente"),
    re.IGNORECASE,
)
# A name after "for our client": capitalised words (case-sensitive inside an IGNORECASE
# pattern), so "for our client Contoso to discuss" stops at Contoso.
_NAME = r"(?-i:[A-ZÀ-Þ][\w&.'-]*(?:\s+(?:&\s+)?[A-ZÀ-Þ][\w&.'-]*){0,4})"
CLIENT_IN_TEXT = re.compile(
    r"\(\s*(?:client|kunde|cliente|opdrachtgever|klant)\s*:\s*(?P<value>[^)]+)\)|"
    r"\b(?:(?:for|on behalf of) (?:our|my) client|f[üu]r (?:unseren|einen) (?:Kunden|Mandanten)|"
    r"pour (?:notre|mon) client|para (?:nuestro|mi) cliente|voor (?:onze|mijn) "
    r"(?:opdrachtgever|klant)|per (?:il )?(?:nostro|mio) cliente),?\s+(?P<named>" + _NAME + ")",
    re.IGNORECASE,
)
ROLE_LABELS = re.compile(
    _LABEL.format(
        r"role|position|job|job title|opening|stelle|jobtitel|poste|intitul[ée] du "
        r"poste|puesto|cargo|vacante|functie|vacature|posizione|ruolo|posizione aperta"
    ),
    re.IGNORECASE,
)
_ROLE_WORDS_AROUND = re.compile(
    r"^(?:the|a|an|die|der|le|la|el|de|het|il|lo)\s+|\s+(?:role|position|opening|stelle|poste|"
    r"puesto|functie|vacature|posizione|ruolo)$",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[^\W_][\w'&.-]*")


@cache
def _psl():
    """The Public Suffix List the library ships: read once, never downloaded."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def registrable(domain: str) -> str:
    """The part of a domain its owner registered: careers.eu.contoso.co.uk -> contoso.co.uk.
    A name the list cannot reduce (localhost, an IP address) is returned as it is."""
    domain = domain.strip().strip(".").lower()
    if not domain or _is_ip(domain) or "." not in domain or _plain_two_labels(domain):
        return domain
    try:
        reduced = _psl().privatesuffix(domain)
    except Exception:  # noqa: BLE001 - a malformed name is no evidence, never a crash
        reduced = None
    return reduced or domain


def is_corporate(domain: str, setup: Setup) -> bool:
    """Whether an address at `domain` tells whom the person works for: not a mail provider,
    not a hiring, scheduling or conferencing service, not the user's own employer."""
    domain = domain.strip().strip(".").lower()
    if not domain or "." not in domain or _is_ip(domain) or len(domain) > 253:
        return False
    base = registrable(domain)
    if base == domain and not _plain_two_labels(domain) and _psl_suffix_only(domain):
        return False
    if domain in MAIL_DOMAINS or base in MAIL_DOMAINS or _under(domain, SERVICE_DOMAINS):
        return False
    own = {registrable(d) for d in setup.employer_domains}
    return base not in own


def company(invite: Invite, lines: list[str], found, setup: Setup, language: str) -> Fact | None:
    """The employer as the invite names it, and which evidence said so.

    An agency's client comes first (the agency only recruits); then a Company: line; then a
    title segment that is no person, role, meeting word or ordinary word, preferring one that
    matches a corporate domain of the people invited; the domain's own name only when the text
    names no company."""
    title = invite.summary[:MAX_TITLE]
    domains = _corporate_domains(invite, found, setup)
    client = _client(title, lines)
    if client:
        return client
    for line in lines:
        labelled = COMPANY_LABELS.match(line)
        if labelled:
            name = _clean_name(labelled["value"])
            if name and not _is_meeting(name):
                return Fact(name, f"{labelled['label'].strip()}: line")
    people = _person_words(invite, found, setup)
    candidates = [c for c in _segments(title) if _is_company_like(c, people)]
    for candidate in candidates:
        match = next((d for d in domains if _matches(candidate, d)), None)
        if match:
            return Fact(candidate, f"title segment, matches {match}")
    if candidates:
        return Fact(candidates[0], "title segment")
    if domains:
        return Fact(_domain_name(domains[0]), f"domain {domains[0]}")
    return None


def role(invite: Invite, lines: list[str], employer: Fact | None, language: str) -> Fact | None:
    """The job as written, from a Role:/Stelle:/Poste: line or the title segment with a job word,
    without gender markers, requisition ids and "role/position" words."""
    for line in lines:
        labelled = ROLE_LABELS.match(line)
        if labelled:
            job = _clean_role(labelled["value"])
            if job:
                return Fact(job, f"{labelled['label'].strip()}: line")
    employer_name = fold(employer.value) if employer else None
    for piece in _pieces(ROLE_NOISE.sub(" ", invite.summary[:MAX_TITLE])):
        job = _clean_role(piece)
        if job and fold(job) != employer_name and has_role_word(job):
            return Fact(job, "title segment")
    return None


# --- evidence ------------------------------------------------------------------------------


def _client(title: str, lines: list[str]) -> Fact | None:
    """An agency's client: "(client: Some Company)", "Client: ..." lines, "for our client X"."""
    for line in lines:
        labelled = CLIENT_LABELS.match(line)
        if labelled:
            name = _clean_name(labelled["value"])
            if name:
                return Fact(name, f"{labelled['label'].strip()}: line (agency client)")
    for text, where in ((title, "title"), *((line, "description") for line in lines)):
        found = CLIENT_IN_TEXT.search(text)
        if found:
            raw = next(g for g in found.groups() if g)
            name = _clean_name(raw)
            if name and not _is_meeting(name):
                return Fact(name, f"client named in the {where} (agency)")
    return None


def _corporate_domains(invite: Invite, found, setup: Setup) -> list[str]:
    """The registrable corporate domains of the people invited, the organizer's first."""
    emails = [a.email for a in sorted(invite.attendees, key=lambda a: not a.organizer)]
    emails += [p.email for p in getattr(found, "interviewers", ()) or () if p.email]
    contact = getattr(found, "contact", None)
    if contact is not None and contact.email:
        emails.append(contact.email)
    emails += list(getattr(found, "mailboxes", ()) or ())
    domains: list[str] = []
    for email in emails:
        if not email or email.lower() in setup.me or "@" not in email:
            continue
        domain = email.rpartition("@")[2].lower()
        if is_corporate(domain, setup):
            base = registrable(domain)
            if base not in domains:
                domains.append(base)
    return domains


def _person_words(invite: Invite, found, setup: Setup) -> frozenset[str]:
    """Folded name parts of everyone in the invite, the user included: attendee names (not of
    rooms, teams or calendars: "Contoso Candidate Calendar" names the company), the people
    found in the text, and address parts ("mei.tanaka@") unless they name the company."""
    words: set[str] = set()
    names: list[str] = []
    for attendee in invite.attendees:
        if (attendee.cutype or "").upper() in ("ROOM", "RESOURCE", "GROUP"):
            continue
        local, _, domain = (attendee.email or "").partition("@")
        if _under(domain.lower(), SERVICE_DOMAINS):
            continue  # a tool sends in the company's name: "Contoso <no-reply@hire.lever.co>"
        label = fold(registrable(domain).partition(".")[0]) if domain else ""
        parts = [fold(p) for p in re.split(r"[._+-]+", local) if len(p) > 1]
        if parts and not _ORG_WORDS & set(parts) and label not in parts:
            words.update(p for p in parts if p.isalpha())
        named = {fold(w) for w in _TOKEN.findall(attendee.name or "")}
        if named and not _ORG_WORDS & named and label not in named:
            names.append(attendee.name or "")
    for person in getattr(found, "interviewers", ()) or ():
        names += [person.name, person.given or "", person.family or ""]
    contact = getattr(found, "contact", None)
    if contact is not None:
        names.append(contact.name)
    for name in names:
        words.update(fold(w) for w in _TOKEN.findall(name or ""))
    for address in setup.me:
        local = address.partition("@")[0]
        words.update(fold(w) for w in re.split(r"[._+-]+", local) if len(w) > 1)
    return frozenset(words - LEGAL_SUFFIXES - STOPWORDS)


def _segments(title: str) -> list[str]:
    """The title's parts that can name the company: meeting words and ordinary words gone."""
    return _unique(_trim(p) for p in _pieces(MEETING_PHRASES.sub(" ", title)))


def _pieces(title: str) -> list[str]:
    """The title split at its separators, without what is never a name: gender markers,
    requisition ids, durations, and Calendly's "between X and Y" tail."""
    title = GENDER.sub(" ", title)
    title = BETWEEN.sub("", title)
    title = REQUISITION.sub(" ", title)
    title = DURATION.sub(" ", title)
    return [p for p in SEGMENT_SPLIT.split(title) if p and p.strip()]


def _unique(texts) -> list[str]:
    out: list[str] = []
    for text in texts:
        if text and text not in out:
            out.append(text)
    return out


def _trim(segment: str) -> str:
    """A segment without meeting words and bare numbers (anywhere) and ordinary words (at its
    ends); "&" stays inside a name ("Müller & Söhne GmbH"), "Inc." keeps its full stop."""
    tokens = [_bare(t) for t in segment.split()]
    tokens = [
        t
        for t in tokens
        if t in ("&", "+") or (_TOKEN.match(t) and not t.isdigit() and fold(t) not in MEETING_WORDS)
    ]
    while tokens and (fold(tokens[0]) in STOPWORDS or tokens[0] in ("&", "+")):
        tokens.pop(0)
    while tokens and (fold(tokens[-1]) in STOPWORDS or tokens[-1] in ("&", "+")):
        tokens.pop()
    return " ".join(tokens)[:MAX_VALUE]


def _bare(token: str) -> str:
    token = token.strip(",;:!?'\"“”«»")
    if token.endswith(".") and fold(token.rstrip(".")) not in LEGAL_SUFFIXES:
        token = token.rstrip(".")
    return token


def _is_company_like(segment: str, people: frozenset[str]) -> bool:
    tokens = [fold(t) for t in _TOKEN.findall(segment)]
    if not tokens or not re.search(r"[A-Z0-9]", segment):
        return False  # a name is written with a capital; "técnica" and "semaine" are words
    if all(t in people or t in STOPWORDS or t in HONORIFICS for t in tokens):
        return False
    if tokens[0].rstrip(".") in HONORIFICS:
        return False  # "Herrn Dr. Braun", "Mme Martin": a person, named or not
    if len(tokens) <= 3 and tokens[0] in people and not LEGAL_SUFFIXES & set(tokens):
        return False  # "Mei Tanaka" when only "mei@" is known
    if has_role_word(segment):
        return False
    return not all(t in STOPWORDS or t in MEETING_WORDS for t in tokens)


def has_role_word(text: str) -> bool:
    """Whether the text holds a job word of the six languages ("Engineer", "Entwicklerin")."""
    for token in _TOKEN.findall(text):
        word = fold(token).strip(".'")
        for stem in ROLE_STEMS:
            if any(word == stem + e for e in _ROLE_ENDINGS):
                return True
            if len(stem) >= 6 and any(word.endswith(stem + e) for e in _ROLE_ENDINGS):
                return True
    return False


def _is_meeting(name: str) -> bool:
    tokens = [fold(t) for t in _TOKEN.findall(name)]
    return not tokens or all(t in MEETING_WORDS or t in STOPWORDS for t in tokens)


def _matches(candidate: str, domain: str) -> bool:
    """Whether a name is the domain's: "Contoso Ltd" and contoso.co.uk, "Globex" and
    globex-corp.com (accents and case folded, legal suffixes and punctuation ignored)."""
    words = [w for w in re.findall(r"[a-z0-9]+", fold(candidate)) if w not in LEGAL_SUFFIXES]
    name = "".join(words)
    label = re.sub(r"[^a-z0-9]", "", fold(domain.partition(".")[0]))
    if len(name) < 3 or len(label) < 3:
        return False
    return name == label or label.startswith(name) or name.startswith(label)


def _domain_name(domain: str) -> str:
    """A registrable domain's label as a name: northwind-robotics.co.uk -> Northwind Robotics."""
    label = domain.partition(".")[0]
    return " ".join(p[:1].upper() + p[1:] for p in re.split(r"[-_]+", label) if p)


def _clean_name(value: str) -> str:
    value = GENDER.sub(" ", value[:MAX_TITLE])
    value = re.split(r"\s+[-–—|]\s+|\s*[|;]\s*|\s{3,}", value)[0]
    value = value.strip(" \t,;:()[]\"'")
    last = value.rsplit(" ", 1)[-1].rstrip(".").casefold()
    if value.endswith(".") and last not in LEGAL_SUFFIXES:
        value = value.rstrip(". ")  # a sentence's full stop; "Fabrikam Inc." keeps its own
    return re.sub(r"\s+", " ", value)[:MAX_VALUE] if re.search(r"\w", value) else ""


def _clean_role(value: str) -> str:
    value = GENDER.sub(" ", value[:MAX_TITLE])
    value = REQUISITION.sub(" ", value)
    value = re.sub(r"\(\s*\)", " ", value)
    value = re.sub(r"\s+", " ", value).strip(" \t.,;:()[]-–—|\"'")
    tokens = value.split()
    while tokens and fold(tokens[-1]) in ROLE_TRIM:
        tokens.pop()
    while tokens and fold(tokens[0]) in ROLE_TRIM:
        tokens.pop(0)
    value = _ROLE_WORDS_AROUND.sub("", " ".join(tokens)).strip(" ,;:-–—")
    return value[:MAX_VALUE] if re.search(r"[^\W\d_]", value) else ""


# --- domains -------------------------------------------------------------------------------


def _is_ip(domain: str) -> bool:
    try:
        ipaddress.ip_address(domain.strip("[]"))
    except ValueError:
        return False
    return True


# Second-level labels under which registries sell names (contoso.co.uk, acme.com.au): only a
# two-label domain starting with one can be a public suffix itself. Any other two-label domain
# is its own registrable part, so the common case (contoso.com) never loads the list.
_SECOND_LEVEL = frozenset(
    "co com org net ac gov edu ne or gv gob nic mil ltd plc sch nom gen biz info int".split()  # noqa: SIM905
)


def _plain_two_labels(domain: str) -> bool:
    labels = domain.split(".")
    return len(labels) == 2 and all(labels) and labels[0] not in _SECOND_LEVEL


def _psl_suffix_only(domain: str) -> bool:
    """A public suffix itself ("co.uk"): nobody's domain."""
    try:
        return _psl().publicsuffix(domain) == domain
    except Exception:  # noqa: BLE001
        return True


def _under(domain: str, domains: frozenset[str]) -> bool:
    """The domain or one of its parents is in `domains`."""
    parts = domain.split(".")
    return any(".".join(parts[i:]) in domains for i in range(len(parts) - 1))
