"""The employer and the job: from title segments, labelled lines, sentences, booking-form
answers and the corporate domain."""

from __future__ import annotations

import html
import ipaddress
import re
from functools import cache, lru_cache

from calsync.invite import domains, lazy
from calsync.invite.facts import Fact, Invite, Setup
from calsync.invite.text import MAX_LINE, MAX_TEXT, fold

MAX_TITLE = 300  # characters of a title read: longer ones are pasted text, not a title
MAX_VALUE = 120  # characters of a company or role: longer is a sentence, not a name
MAX_NAME_WORDS = 6  # words of a company's name written out ("Bank of America Merrill Lynch")


# Where a title splits into segments: separators, and the little words that join the meeting,
# the people and the company in six languages.
_SPLIT = (
    r"\s+[-–—|·•/+]\s+|\s*[|—–•·]\s*|\s*<>\s*|:\s+|\s+@\s+|"
    r"\s+(?:at|with|for|x|bei|mit|für|chez|avec|pour|con|para|bij|met|voor|presso|per)\s+"
)
SEGMENT_SPLIT = lazy.compile(_SPLIT + r"|\s*[()\[\]]\s*", re.IGNORECASE)
# A role's own parenthesis stays ("Backend Developer (Go)"): the role part splits at brackets
# only where they hold something else (see _role_pieces).
ROLE_SPLIT = lazy.compile(_SPLIT, re.IGNORECASE)
_BRACKETED = lazy.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
MAX_QUALIFIER = 3  # words in a role's parenthesis: "(Go)", "(Data Platform)"
# Calendly and similar: "<event name> between <invitee> and <host>", in the six languages.
BETWEEN = lazy.compile(
    r"\s+(?:between|zwischen|entre|tussen|tra|fra)\s+.+?\s+(?:and|und|et|y|e|en)\s+.+$",
    re.IGNORECASE,
)
# Gender markers of job ads: (m/w/d), (w/m/divers), (H/F), (f/h/x), Dutch (m/v) and (m/v/x),
# (M|F), and unbracketed after the job ("Entwickler m/w/d").
GENDER = lazy.compile(
    r"\(\s*(?:[mwfdhxiv]\s*[/|]\s*){1,3}(?:[mwfdhxiv]|div(?:ers|erse)?)\s*\)|"
    r"(?<![\w/])(?:[mwfdhv]\s?/\s?){2}(?:[mwfdhxv]|div(?:ers|erse)?)(?![\w/])|"
    r"\(\s*all genders?\s*\)|\(\s*alle geschlechter\s*\)|\(\s*gn\s*\)|\*\s*in\b",
    re.IGNORECASE,
)
REQUISITION = lazy.compile(
    r"(?:\b(?:req|jr|job|id|ref|r)[-_ #]?\d{2,}\b|#\s?\d+\b|\b[A-Z]{1,5}-\d{2,}\b|\b\d{4,}\b)",
    re.IGNORECASE,
)
DURATION = lazy.compile(
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
    karat skype whereby gotomeeting goto hangouts in-person
    vorstellungsgesprach bewerbungsgesprach kennenlerngesprach auswahlgesprach gesprach
    telefoninterview videointerview fachgesprach zweitgesprach termin einladung runde
    kennenlernen technisch technische technisches fallstudie prasentation teil
    entretien entrevue technique rh telephonique visio appel rendez-vous tour etape partie
    entrevista tecnica tecnico llamada reunion cita ronda videollamada presencial parte fase
    etapa
    sollicitatiegesprek kennismakingsgesprek gesprek selectiegesprek technisch technische
    afspraak ronde kennismaking deel
    colloquio tecnico tecnica conoscitivo telefonico chiamata appuntamento incontro tappa
    turno minuto""".split()  # noqa: SIM905
)
MEETING_PHRASES = lazy.compile(
    r"\b(?:hiring manager|phone screen|recruiter (?:screen|call|chat)|case study|take[- ]home|"
    r"system design|onsite loop|final round|culture fit|super day|on site|vor[- ]ort|"
    r"sur (?:site|place)|en persona|op locatie|in (?:sede|presenza))\b",
    re.IGNORECASE,
)
# In a title's role part: the meeting phrases that hold a job word ("Hiring Manager Call")
# go; "System Design Engineer" stays.
ROLE_NOISE = lazy.compile(
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
    assistant advisor head principal staff controller trainee
    entwickler ingenieur berater leiter referent sachbearbeiter werkstudent praktikant
    praktikum architekt spezialist fachkraft mitarbeiter kaufmann kauffrau techniker buchhalter
    developpeur chef responsable stagiaire analyste architecte directeur directrice concepteur
    technicien alternant controleur comptable
    desarrollador ingeniero jefe analista consultor arquitecto disenador gerente becario
    programador contable
    ontwikkelaar adviseur medewerker beheerder analist ontwerper stagiair leider teamleider
    technicus boekhouder
    sviluppatore sviluppatrice ingegnere responsabile consulente progettista architetto
    stagista programmatore sistemista contabile""".split()  # noqa: SIM905
)
# Spanish and Italian "técnico" is a meeting's adjective after its noun ("Entrevista técnica",
# "Colloquio tecnico") and a job at the head of one ("Técnico de Soporte IT", "Tecnico di
# laboratorio"): a job word only when a field follows with de/del/en/di/della/in.
_HEAD_JOBS = frozenset({"tecnico", "tecnica", "tecnicos", "tecnici"})
_FIELD_JOINS = frozenset({"de", "del", "en", "di", "della", "dei", "in", "d'"})
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
# A company's departments and teams: they follow its name in signatures and senders
# ("Cyberdyne Systems Talent Acquisition", "Ibérica Soft Selección"), and name no company alone.
DEPARTMENT_WORDS = frozenset(
    """acquisition acquisitions resources ressources recursos human humaines humanos selection
    seleccion equipo equipe departement departamento department abteilung afdeling
    dipartimento ufficio geschaftsfuhrung direction direccion directie direzione personnel
    personal personeel personale staffing sourcing onboarding""".split()  # noqa: SIM905
)
# Honorifics and titles: a title segment starting with one is a person ("Herrn Dr. Braun").
HONORIFICS = frozenset(
    """mr mrs ms miss dr prof herr herrn frau m mme mlle monsieur madame sr sra srta don dona
    senor senora mevrouw meneer dhr mevr heer sig sig.ra sigra dott dott.ssa ing avv""".split()  # noqa: SIM905
)
_LABEL = r"\s*(?P<label>{})\s*:\s*(?P<value>.+)$"
COMPANY_LABELS = lazy.compile(
    _LABEL.format(
        r"company|employer|organi[sz]ation|hiring company|unternehmen|firma|arbeitgeber|"
        r"entreprise|soci[ée]t[ée]|empresa|compa[ñn][íi]a|bedrijf|organisatie|werkgever|"
        r"azienda|societ[àa]"
    ),
    re.IGNORECASE,
)
CLIENT_LABELS = lazy.compile(
    _LABEL.format(r"client|kunde|mandant|cliente|opdrachtgever|klant|committente"),
    re.IGNORECASE,
)
# A name after "for our client": capitalised words (case-sensitive inside an IGNORECASE
# pattern), so "for our client Contoso to discuss" stops at Contoso.
_NAME = r"(?-i:[A-ZÀ-Þ][\w&.'-]*(?:\s+(?:&\s+)?[A-ZÀ-Þ][\w&.'-]*){0,4})"
CLIENT_IN_TEXT = lazy.compile(
    r"\(\s*(?:client|kunde|cliente|opdrachtgever|klant)\s*:\s*(?P<value>[^)]+)\)|"
    r"\b(?:(?:for|on behalf of) (?:our|my) client|f[üu]r (?:unseren|einen) (?:Kunden|Mandanten)|"
    r"pour (?:notre|mon) client|para (?:nuestro|mi) cliente|voor (?:onze|mijn) "
    r"(?:opdrachtgever|klant)|per (?:il )?(?:nostro|mio) cliente),?\s+(?P<named>" + _NAME + ")",
    re.IGNORECASE,
)
_ROLE_LABEL = (
    r"role|position|job|job title|opening|stelle|jobtitel|poste|intitul[ée] du "
    r"poste|puesto|cargo|vacante|functie|vacature|posizione|ruolo|posizione aperta"
)
ROLE_LABELS = lazy.compile(_LABEL.format(_ROLE_LABEL), re.IGNORECASE)
# The same label inside a sentence ("... bei Nordlicht Software, Stelle: Senior Rust
# Entwickler (m/w/d)."): after a comma, a semicolon, a dash or a full stop, to the sentence end.
ROLE_IN_LINE = lazy.compile(
    r"(?:[,;]|\s[-–—|]|\.)\s+(?P<label>"
    + _ROLE_LABEL
    + r")\s*:\s*(?P<value>.+?)(?:[.;](?:\s|$)|$)",
    re.IGNORECASE,
)
# A trainee or graduate programme is the job applied for ("Programm: Trainee-Programm IT"); the
# label also heads agendas ("Programm: 9:00 Begrüßung"), so its value must say programme or job.
PROGRAMME_LABELS = lazy.compile(
    _LABEL.format(r"program|programme|programm|programa|programma"), re.IGNORECASE
)
_PROGRAMME = lazy.compile(r"program|traineeship|graduate", re.IGNORECASE)
# The job in a sentence, in six languages: "Interview for Staff Product Manager at ...",
# "für die Stelle als ...", "pour le poste de ...", "para el puesto de ... en ...", "voor de
# functie van ...", "per la posizione di ...". It runs to the company's preposition, a verb,
# or punctuation, and must hold a job word.
_JOB_NOUN = (
    r"(?:position|role|job|opening|vacancy|stelle|rolle|poste|r[ôo]le|emploi|puesto|"
    r"posici[óo]n|cargo|vacante|rol|functie|vacature|positie|posizione|ruolo|posto)"
)
_ROLE_BEFORE = r"(?:for|as|f[üu]r|als|pour|au|comme|para|como|voor|per|come)"
ROLE_IN_TEXT = lazy.compile(
    r"(?<![^\W_])" + _ROLE_BEFORE + r"\s+"
    r"(?:(?:(?:the|a|an|our|this|die|den|der|eine?n?|unsere?n?|diese|le|la|un|une|notre|ce|"
    r"cette|el|una|nuestro|nuestra|este|esta|de|het|een|onze|deze|il|lo|uno|nostro|nostra|"
    r"questo|questa)\s+)|l['’])?"
    r"(?:(?P<noun>" + _JOB_NOUN + r")\s+(?:(?:of|as|als|des|der|de|van|di|da)\s+|d['’])?)?"
    # the job: not across another "for" ("Thanks for applying for the ... position")
    r"(?P<value>(?:(?!(?<![^\W_])" + _ROLE_BEFORE + r"\s)[^\n,;:.!?()]){2,80}?)"
    r"(?=\s+(?:at|with|in|on|is|bei|mit|im|ist|chez|avec|à|est|en|con|es|bij|met|presso|è)\s"
    r"|\s*[,;:.!?(]|\s+[-–—|]\s|$)",
    re.IGNORECASE,
)
# Without a job noun ("for the position of"), the job follows an interview or an application:
# "Interview for Staff Product Manager", "Bewerbung als", "candidature pour"; "this call is for
# the Engineering Manager to meet you" names an interviewer.
_APPLYING = lazy.compile(
    r"(?:interview|screen|call|chat|conversation|appl(?:y|ying|ied|ication)|gesprach|gesprek|"
    r"bewerb|entretien|candidat|entrevista|postul|sollicit|colloquio)\w*\s*$"
)
# Booking forms (Calendly, SavvyCal) put the candidate's answers under their questions: "Which
# role are you applying for?" / "Pour quel poste postulez-vous ?", the job on the next line.
ROLE_QUESTION = lazy.compile(r"(?<![^\W_])" + _JOB_NOUN + r"(?![^\W_]).*\?\s*$", re.IGNORECASE)
MAX_ANSWER_WORDS = 10  # an answer longer than this is a sentence, not a job
_ROLE_WORDS_AROUND = lazy.compile(
    r"^(?:the|a|an|die|der|le|la|el|de|het|il|lo)\s+|\s+(?:role|position|opening|stelle|poste|"
    r"puesto|functie|vacature|posizione|ruolo)$",
    re.IGNORECASE,
)
_TOKEN = lazy.compile(r"[^\W_][\w'&.-]*")
_NAME_TOKEN = lazy.compile(r"[^\W_](?:[\w'&-]*[^\W_])?|&")  # words of a name, no end stops


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
    if domain in domains.MAIL or base in domains.MAIL:
        return False
    if domains.under(domain, domains.NOT_EMPLOYERS):
        return False
    own = {registrable(d) for d in setup.employer_domains}
    return base not in own


def company(invite: Invite, lines: list[str], found, setup: Setup, language: str) -> Fact | None:
    """The employer as the invite names it, and which evidence said so.

    An agency's client comes first (the agency only recruits); then a Company: line; then a
    title segment that is no person, role, meeting word or ordinary word, preferring one that
    matches a corporate domain of the people invited; then the name as the text or a sender
    writes it where it spells the domain ("Ibérica Soft" for ibericasoft.es); the domain's own
    name only when the invite never writes it."""
    title = invite.summary[:MAX_TITLE]
    corporate = _corporate_domains(invite, found, setup)
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
        match = next((d for d in corporate if _matches(candidate, d)), None)
        if match:
            return Fact(candidate, f"title segment, matches {match}")
    if candidates:
        return Fact(candidates[0], "title segment")
    for domain in corporate:
        written = _spelled(invite, lines, domain)
        if written:
            return Fact(written, f"written in the invite, matches {domain}")
    if corporate:
        return Fact(_domain_name(corporate[0]), f"domain {corporate[0]}")
    return None


def role(invite: Invite, lines: list[str], employer: Fact | None, language: str) -> Fact | None:
    """The job as written, without gender markers, requisition ids and "role/position" words.

    In order: a Role:/Stelle:/Poste: label (a line's or a sentence's), a programme label, the
    title segment with a job word, the job in a sentence of the description ("for the
    position of ..."), the answer to a booking form's "Which role ...?" question."""
    labelled = _labelled_role(lines)
    if labelled:
        return labelled
    employer_name = fold(employer.value) if employer else None
    names = {fold(w) for a in invite.attendees for w in _TOKEN.findall(a.name or "")}
    title = ROLE_NOISE.sub(" ", invite.summary[:MAX_TITLE])
    for piece in _role_pieces(title, names | {employer_name or ""}):
        job = _clean_role(piece)
        if job and fold(job) != employer_name and has_role_word(job):
            return Fact(job, "title segment")
    for line in lines:
        line = line[:MAX_LINE]
        for found in ROLE_IN_TEXT.finditer(line):
            before = fold(line[max(0, found.start() - 60) : found.start()])
            if not found["noun"] and not _APPLYING.search(before):
                continue
            job = _clean_role(found["value"])
            if job and fold(job) != employer_name and has_role_word(job):
                return Fact(job, "named in the description")
    return _answered_role(invite.description)


def _labelled_role(lines: list[str]) -> Fact | None:
    for line in lines:
        labelled = ROLE_LABELS.match(line) or ROLE_IN_LINE.search(line[:MAX_LINE])
        if labelled:
            job = _clean_role(labelled["value"])
            if job:
                return Fact(job, f"{labelled['label'].strip()}: line")
    for line in lines:
        labelled = PROGRAMME_LABELS.match(line)
        if labelled:
            job = _clean_role(labelled["value"])
            if job and (has_role_word(job) or _PROGRAMME.search(job)):
                return Fact(job, f"{labelled['label'].strip()}: line")
    return None


def _answered_role(description: str) -> Fact | None:
    """The answer under a booking form's role question. Read from the description as sent:
    the form's block is scheduling boilerplate to the note reader, but the answer is the
    candidate's own."""
    text = re.sub(r"<(?:br|/p|/div|/li)\b[^>]*>", "\n", description[:MAX_TEXT], flags=re.I)
    rows = [html.unescape(re.sub(r"<[^>]+>", "", r)).strip() for r in text.splitlines()]
    rows = [r for r in rows if r]
    for question, answer in zip(rows, rows[1:], strict=False):
        if len(question) > MAX_LINE or not ROLE_QUESTION.search(question):
            continue
        if answer.endswith("?") or "://" in answer or "@" in answer:
            continue
        if len(answer.split()) > MAX_ANSWER_WORDS or ROLE_LABELS.match(answer):
            continue
        job = _clean_role(answer)
        if job:
            return Fact(job, f'answer to "{question[:60]}"')
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


def _spelled(invite: Invite, lines: list[str], domain: str) -> str | None:
    """The company's name as the invite writes it where the domain only strings it together:
    "Quantum Leap Labs" for quantumleaplabs.com, "Ibérica Soft" for ibericasoft.es,
    "Müller Logistik" for mueller-logistik.de, "Cyberdyne Systems" for cyberdyne.com (a name
    that begins with the label runs on over capitalised words, to punctuation, a legal form
    or the first department, job or meeting word: "Cyberdyne Systems Talent Acquisition").
    Read in the title, the description, the location and the senders' names; the form
    written most often wins."""
    label = re.sub(r"[^a-z0-9]", "", fold(domain.partition(".")[0]))
    if len(label) < 3:
        return None
    texts = [invite.summary[:MAX_TITLE], *lines, invite.location]
    texts += [a.name or "" for a in sorted(invite.attendees, key=lambda a: not a.organizer)]
    counts: dict[str, int] = {}
    for text in texts:
        for name in _spellings(text[:MAX_LINE], label):
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.get) if counts else None  # the first of equals: dicts keep order


def _spellings(text: str, label: str) -> list[str]:
    """Every run of words in `text` that spells `label` (see _spelled), as written there."""
    spans = list(_NAME_TOKEN.finditer(text))
    tokens = [m[0] for m in spans]
    found = []
    for start, token in enumerate(tokens):
        if not token[:1].isupper() and not token[:1].isdigit():
            continue
        end = _consume(tokens, start, label)
        if end is None:
            continue
        while (
            end < min(len(tokens), start + MAX_NAME_WORDS)
            and fold(tokens[end - 1]) not in LEGAL_SUFFIXES  # "Fabrikam Inc." ends there
            and not text[spans[end - 1].end() : spans[end].start()].strip()  # nor ", " or ". "
            and _continues_name(tokens[end])
        ):
            end += 1
        name = text[spans[start].start() : spans[end - 1].end()]
        if fold(tokens[end - 1]) in LEGAL_SUFFIXES and text[spans[end - 1].end() :][:1] == ".":
            name += "."  # "Fabrikam Inc." keeps its stop
        found.append(re.sub(r"\s+", " ", name))
    return found


def _consume(tokens: list[str], start: int, label: str) -> int | None:
    """The index after the tokens from `start` that spell `label` exactly (folded, or with
    German umlauts written out: ü -> ue), else None."""
    spelled = {""}
    for end in range(start, min(len(tokens), start + MAX_NAME_WORDS)):
        spelled = {s + w for s in spelled for w in _spelled_forms(tokens[end])}
        if label in spelled:
            return end + 1
        spelled = {s for s in spelled if label.startswith(s)}
        if not spelled:
            return None
    return None


def _spelled_forms(token: str) -> set[str]:
    umlauts = token.replace("ß", "ss")
    for plain, spelled in (
        ("ä", "ae"),
        ("ö", "oe"),
        ("ü", "ue"),
        ("Ä", "Ae"),
        ("Ö", "Oe"),
        ("Ü", "Ue"),
    ):
        umlauts = umlauts.replace(plain, spelled)
    return {re.sub(r"[^a-z0-9]", "", fold(t)) for t in (token, umlauts)}


def _continues_name(token: str) -> bool:
    """A capitalised word that can go on a company's name: not a department, job, meeting or
    ordinary word ("Systems" goes on; "Talent", "Recruiting-Team", "Engineer" end it)."""
    if not token[:1].isupper():
        return False
    parts = [fold(p) for p in re.split(r"[-/]", token) if p]
    if any(p in _ORG_WORDS or p in DEPARTMENT_WORDS or p in MEETING_WORDS for p in parts):
        return False
    return fold(token) not in STOPWORDS and not has_role_word(token)


def _corporate_domains(invite: Invite, found, setup: Setup) -> list[str]:
    """The registrable corporate domains of the people invited, the organizer's first."""
    emails = [a.email for a in sorted(invite.attendees, key=lambda a: not a.organizer)]
    emails += [p.email for p in getattr(found, "interviewers", ()) or () if p.email]
    contact = getattr(found, "contact", None)
    if contact is not None and contact.email:
        emails.append(contact.email)
    emails += list(getattr(found, "mailboxes", ()) or ())
    corporate: list[str] = []
    for email in emails:
        if not email or email.lower() in setup.me or "@" not in email:
            continue
        domain = email.rpartition("@")[2].lower()
        if is_corporate(domain, setup):
            base = registrable(domain)
            if base not in corporate:
                corporate.append(base)
    return corporate


def _person_words(invite: Invite, found, setup: Setup) -> frozenset[str]:
    """Folded name parts of everyone in the invite, the user included: attendee names, the
    people found in the text, and address parts ("mei.tanaka@"). Never a name or address
    that names the company: rooms, teams, calendars ("Contoso Candidate Calendar"), a sender
    or mailbox called after the company ("Bluebird Health" <bluebird@bluebirdhealth.com>)."""
    words: set[str] = set()
    names: list[str] = []
    for attendee in invite.attendees:
        if (attendee.cutype or "").upper() in ("ROOM", "RESOURCE", "GROUP"):
            continue
        local, _, domain = (attendee.email or "").partition("@")
        if domains.under(domain.lower(), domains.NOT_EMPLOYERS):
            continue  # a tool sends in the company's name: "Contoso <no-reply@hire.lever.co>"
        label = fold(registrable(domain).partition(".")[0]) if domain else ""
        parts = [fold(p) for p in re.split(r"[._+-]+", local) if len(p) > 1]
        if (
            parts
            and not _ORG_WORDS & set(parts)
            and not _names_label(parts, label, len(parts) == 1)
        ):
            words.update(p for p in parts if p.isalpha())
        named = [fold(w) for w in _TOKEN.findall(attendee.name or "")]
        if not _ORG_WORDS & set(named) and not _names_label(named, label):
            words.update(named)
    for person in getattr(found, "interviewers", ()) or ():
        names += [person.name, person.given or "", person.family or ""]
    contact = getattr(found, "contact", None)
    if contact is not None:
        # the contact may be a mailbox with the company's name ("Donau Media Karriere"); a
        # person's whole name never spells the label, though one part may ("Jan Bosch")
        named = [fold(w) for w in _TOKEN.findall(contact.name or "")]
        joined = "".join(named)
        if not _ORG_WORDS & set(named) and joined != _label_of(contact.email).replace("-", ""):
            names.append(contact.name)
    for name in names:
        words.update(fold(w) for w in _TOKEN.findall(name or ""))
    for address in setup.me:
        local = address.partition("@")[0]
        words.update(fold(w) for w in re.split(r"[._+-]+", local) if len(w) > 1)
    return frozenset(words - LEGAL_SUFFIXES - STOPWORDS)


def _label_of(email: str | None) -> str:
    domain = (email or "").rpartition("@")[2].lower()
    return fold(registrable(domain).partition(".")[0]) if domain else ""


def _names_label(words: list[str], label: str, begun: bool = False) -> bool:
    """Whether name words spell the domain's label ("Bluebird Health" for bluebirdhealth.com)
    or hold it ("Contoso Careers"); with `begun`, also whether they begin it, as a one-word
    mailbox does ("bluebird@"; "ann.lee@annleeconsulting.com" stays a person's)."""
    label = re.sub(r"[^a-z0-9]", "", label)
    joined = re.sub(r"[^a-z0-9]", "", "".join(words))
    if len(label) < 3 or len(joined) < 3:
        return False
    return label in words or joined == label or (begun and label.startswith(joined))


def _segments(title: str) -> list[str]:
    """The title's parts that can name the company: meeting words and ordinary words gone,
    and never a part holding a job word, even one that is also a meeting word ("Técnico de
    Soporte IT" is the role, not "Soporte IT")."""
    pieces = _pieces(MEETING_PHRASES.sub(" ", title))
    return _unique(_trim(p) for p in pieces if not has_role_word(p))


def _pieces(title: str) -> list[str]:
    """The title split at its separators, without what is never a name: gender markers,
    requisition ids, durations, and Calendly's "between X and Y" tail."""
    return [p for p in SEGMENT_SPLIT.split(_strip_noise(title)) if p and p.strip()]


def _strip_noise(title: str) -> str:
    title = GENDER.sub(" ", title)
    title = BETWEEN.sub("", title)
    title = REQUISITION.sub(" ", title)
    return DURATION.sub(" ", title)


def _role_pieces(title: str, others: set[str]) -> list[str]:
    """The title split as _pieces does, but a parenthesis that qualifies the job stays with
    it ("Site Reliability Engineer (Kubernetes)"); one that holds a meeting word, a label,
    a number, the employer, a person's name or the job itself separates like a dash ("(Zoom)",
    "(Contoso)", "Contoso (Data Engineer)")."""

    def qualifier(found: re.Match) -> str:
        inner = found[1] if found[1] is not None else found[2]
        words = [fold(w) for w in _TOKEN.findall(inner)]
        keep = (
            0 < len(words) <= MAX_QUALIFIER
            and ":" not in inner
            and re.search(r"[^\W\d_]", inner)
            and fold(inner.strip()) not in others
            and not any(w in MEETING_WORDS or w in others for w in words)
            and not has_role_word(inner)  # "Flatiron Analytics (Analytics Engineer)"
        )
        return found[0] if keep else f" | {inner} | "

    return [
        p for p in ROLE_SPLIT.split(_BRACKETED.sub(qualifier, _strip_noise(title))) if p.strip()
    ]


def _unique(texts) -> list[str]:
    out: list[str] = []
    for text in texts:
        if text and text not in out:
            out.append(text)
    return out


def _trim(segment: str) -> str:
    """A segment without meeting words and tokens without letters (anywhere) and ordinary
    words (at its ends); "&" stays inside a name ("Müller & Söhne GmbH"), "Inc." keeps its
    full stop."""
    tokens = [_bare(t) for t in segment.split()]
    tokens = [t for t in tokens if t in ("&", "+") or (_TOKEN.match(t) and not _is_noise(t))]
    while tokens and (fold(tokens[0]) in STOPWORDS or tokens[0] in ("&", "+")):
        tokens.pop(0)
    while tokens and (fold(tokens[-1]) in STOPWORDS or tokens[-1] in ("&", "+")):
        tokens.pop()
    return " ".join(tokens)[:MAX_VALUE]


# Compounds of the interview nouns ("Videogesprek", "Onlineinterview", "Telefongespräch").
_INTERVIEW_ENDINGS = ("interview", "interviews", "gesprach", "gesprache", "gesprek", "gesprekken")


def _is_noise(token: str) -> bool:
    """A meeting word, also in a compound that ends in one ("Vor-Ort-Interview", "Video-Call",
    "Videogesprek"), or a token without letters: a counter or a date ("1/2",
    "12.11."); "1&1" keeps its ampersand and stays."""
    if not re.search(r"[^\W\d_]", token) and "&" not in token:
        return True
    folded = fold(token)
    if folded in MEETING_WORDS or folded.rpartition("-")[2] in MEETING_WORDS:
        return True
    return folded.endswith(_INTERVIEW_ENDINGS)  # "Videogesprek", "Telefongespräch"


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
    return not all(t in STOPWORDS or t in MEETING_WORDS or t in DEPARTMENT_WORDS for t in tokens)


def has_role_word(text: str) -> bool:
    """Whether the text holds a job word of the six languages ("Engineer", "Entwicklerin"),
    also in a hyphenated compound ("Trainee-Programm")."""
    tokens = _TOKEN.findall(text)
    for i, token in enumerate(tokens):
        if (
            fold(token) in _HEAD_JOBS
            and i + 1 < len(tokens)
            and fold(tokens[i + 1]) in _FIELD_JOINS
        ):
            return True
        if any(_is_job_word(fold(part).strip(".'")) for part in token.split("-")):
            return True
    return False


_JOB_WORDS = frozenset(stem + e for stem in ROLE_STEMS for e in _ROLE_ENDINGS)
# A long stem also ends a compound: "Softwareentwickler", "Datenanalyst".
_JOB_ENDINGS = tuple(stem + e for stem in ROLE_STEMS if len(stem) >= 6 for e in _ROLE_ENDINGS)


@lru_cache(maxsize=4096)  # a word is looked up often; a hostile text holds many
def _is_job_word(word: str) -> bool:
    return word in _JOB_WORDS or word.endswith(_JOB_ENDINGS)


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


def _balanced(value: str) -> str:
    """Punctuation off the ends, and a bracket there only when it closes one inside:
    "Backend Developer (Go)" keeps its parenthesis, "(Senior Engineer" loses its stray one."""
    edges = " \t.,;:-–—|\"'"
    value = value.strip(edges)
    if _BRACKETED.fullmatch(value):
        value = value[1:-1].strip(edges)  # "(Data Engineer)": the whole role in brackets
    while value:
        opened = value.count("(") + value.count("[")
        closed = value.count(")") + value.count("]")
        if (value[-1] in ")]" and closed > opened) or value[-1] in "([":
            value = value[:-1].strip(edges)
        elif (value[0] in "([" and opened > closed) or value[0] in ")]":
            value = value[1:].strip(edges)
        else:
            return value
    return value


def _clean_role(value: str) -> str:
    value = GENDER.sub(" ", value[:MAX_TITLE])
    value = REQUISITION.sub(" ", value)
    value = re.sub(r"\(\s*\)", " ", value)
    value = _balanced(re.sub(r"\s+", " ", value))
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
