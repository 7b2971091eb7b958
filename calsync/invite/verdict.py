"""Whether a candidate event is a job interview the user sits, and the reasons that decided."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from calsync.invite import domains, lazy
from calsync.invite.company import has_role_word, is_corporate, registrable
from calsync.invite.facts import Invite, Setup, Verdict

MAX_TITLE = 500  # characters of a title read: a title, not a pasted page
MAX_REASONS = 4  # enough to say why; --dry-run prints them on one line
MAX_LINES = 400  # description lines searched for an interview phrase: invites say it early


def _words(*patterns: str) -> re.Pattern:
    """Whole words or phrases over folded text (see _flat): no letter or digit on either side,
    so "interview" is not found in "interviewer" nor "prep" in "preparing"."""
    return lazy.compile(r"(?<![^\W_])(?:" + "|".join(patterns) + r")(?![^\W_])")


# Interview words that decide on their own, most specific first, so the reason quotes the
# whole phrase ("Take-Home Review", not "Review"). Folded: lower case, no accents.
INTERVIEW = _words(
    r"super ?day",
    r"take[- ]?home(?: (?:assignment|exercise|challenge|project|test|task))? "
    r"(?:review|presentation|debrief|discussion|walk-?through|interview)",
    r"case[- ]?study (?:review|presentation|interview|discussion|round|debrief)",
    r"(?:technical|coding|online|skills?) assessment",
    # the technical assessment of the other languages ("Technisch assessment")
    r"(?:technisch(?:e[sr]?)?|fachlich(?:e[sr]?)?) assessment",
    r"assessment (?:technique|tecnico|tecnica)",
    r"assessment[- ](?:center|centre|day)",
    r"recruiter (?:call|screen|screening|chat|conversation|intro|interview|meeting)",
    r"(?:call|chat|intro|conversation|meeting) with (?:the |a |your )?recruiter",
    r"hiring manager(?: (?:call|chat|interview|screen|conversation|meeting|round))?",
    r"(?:phone|tech|technical|recruiter|recruiting|hr|initial) screen(?:ing)?(?: call)?",
    r"screening (?:call|interview)",
    r"(?:final|technical|tech|coding|first|second|third|panel|[1-5](?:st|nd|rd|th)) round",
    r"on-?site(?: loop| interviews?| day)?",
    r"on site interviews?",
    r"pair[- ]programming (?:session|interview)",
    r"(?:technical|tech|coding|behaviou?ral|panel|final|onsite|on-site|phone|video|virtual|"
    r"first|second|third|hiring manager|system design|culture fit|recruiter) interviews?",
    r"interviews?",
    # German (compounds: Telefoninterview, Videointerview, Jobinterview)
    r"(?:vorstellungs|bewerbungs|kennenlern|auswahl|einstellungs|zweit)gesprach(?:e|en)?",
    r"[a-z]+interviews?",
    r"assessment-?center",
    r"probearbeit(?:en|stag)",
    # French, Spanish, Dutch, Italian
    r"entretiens?(?: d'embauche| technique| rh| de recrutement| final)?",
    r"entrevues?",
    r"entrevistas?(?: tecnica| de trabajo| final)?",
    r"caso practico",
    r"(?:sollicitatie|kennismakings|selectie|vervolg)gesprek(?:ken)?",
    r"tweede gesprek",
    r"colloqui[o]?(?: di lavoro| tecnico| conoscitivo| finale| di selezione)?",
)
# Words that say "interview" only with other evidence: a scheduling tool, an interview
# description, a job-search category ("Gespräch mit Tom" may be anything).
WEAK = _words(
    r"gesprach",
    r"gesprek",
    r"assessment",
    r"recruiter",
    r"take[- ]?home",
    r"case[- ]?study",
    r"screen(?:ing)?",
    r"kennenlernen",
    r"kennismaking",
    # a technical test is a hiring step, or a machine's ("Test tecnico dell'impianto")
    r"(?:test|evaluation) technique",
    r"(?:prueba|evaluacion) tecnica",
    r"(?:test|prova|valutazione) tecnic[oa]",
    r"technische toets",
    r"chat",
    r"call",
)
# Never the user's interview: preparing for one, practising, being coached or trained, or
# teaching others to interview.
PRACTICE = _words(
    r"prep",
    r"preparation",
    r"prepare",
    r"preparing",
    r"mock(?: interviews?)?",
    r"practi[cs]e",
    r"practi[cs]ing",
    r"coaching",
    r"tips",
    r"rehearsal",
    r"dry[- ]run",
    r"training",
    r"how to interview",
    r"interview(?:ing)? skills",
    r"informational interview",
    r"webinar",
    r"vorbereitung",
    r"vorbereiten",
    r"probe-?interview",
    r"probegesprach",
    r"ubung",
    r"uben",
    r"schulung",
    r"tipps",
    r"(?:interview|bewerbungs)(?:training|coaching)",
    r"preparer",
    r"entrainement",
    r"s'entrainer",
    r"simulation",
    r"conseils",
    r"formation",
    r"preparacion",
    r"preparar",
    r"simulacro",
    r"practicar",
    r"practica de entrevista",
    r"ensayo",
    r"consejos",
    r"entrenamiento",
    r"voorbereiding",
    r"voorbereiden",
    r"oefen[a-z]*",
    r"(?:proef|oefen)sollicitatie",
    r"sollicitatietraining",
    r"preparazione",
    r"prepararsi",
    r"simulazione",
    r"esercitazione",
    r"allenamento",
    r"consigli",
    r"formazione",
    r"colloquio di prova",
)
# The way to an interview, not the interview: a title that starts with a journey ("Flight FRA →
# JFK for the onsite", "Zug nach München", "Vol AF1234", "Stay at The Kendall") followed by a
# place, a colon, a route or a flight number, so "Hotel Manager" and "Zug Estates" stay.
TRAVEL = lazy.compile(
    r"\W*(?:flights?|train|travel|trip|drive|taxi|uber|shuttle|commute|layover|stay|hotel|"
    r"flug|zug|bahn|reise|anreise|abreise|ruckreise|hinfahrt|ruckfahrt|fahrt|vol|voyage|trajet|"
    r"vuelo|tren|viaje|traslado|vlucht|trein|reis|heenreis|terugreis|volo|treno|viaggio|"
    r"trasferimento)(?![^\W_])"
)
_TRAVEL_NEXT = lazy.compile(
    r"\s*(?::|→|->|⇒|✈)|\s+(?:to|from|at|via|nach|von|zum|zur|ins|a|à|au|aux|vers|de|naar|"
    r"van|per|para|hacia|da)(?![^\W_])|\s+[A-Z]{2}\s?\d{2,4}\b|\s+[A-Z]{3}\b"
)
TRAVEL_SIGN = lazy.compile(r"\s*[✈🛫🛬🚆🚄🚅🚂🚗🚕🏨]")  # travel apps start titles with them
# Reviews of one's own work at one's own employer, named like interviews in some languages.
APPRAISAL = _words(
    r"entretiens? (?:annuel|individuel|professionnel)s?",
    r"(?:mitarbeiter|jahres|personal|feedback|entwicklungs)gesprach",
    r"(?:functionerings|beoordelings|jaar|voortgangs)gesprek",
    r"colloquio (?:annuale|di valutazione)",
    r"evaluacion de desempeno",
    r"performance review",
)
# Interviews of another kind, and the interviewers' own meetings about a candidate.
OTHER_KIND = _words(
    r"(?:podcast|press|media|radio|tv|magazine|newspaper|journalist|user|users|customer|"
    r"research|ux|usability|discovery|exit|stay|expert) interviews?",
    r"(?:nutzer|kunden|experten|presse|anwender)interviews?",
    r"(?:austritts|exit)gesprach",
    r"entretiens? (?:de sortie|utilisateurs?)",
    r"entrevistas? (?:de salida|con usuarios|a usuarios)",
    r"(?:exit|klant|gebruikers)(?:gesprek|interview)s?",
    r"interviews? (?:debrief|feedback|calibration|scorecards?|kalibrierung)",
    r"hiring committee",
    r"(?:team|company|department|quarterly|annual|leadership) on-?site",
    r"on-?site planning",
)
# Meeting people for contacts, not for a job: out unless the title also says interview.
NETWORKING = _words(
    r"(?:virtual )?coffee(?: chat)?",
    r"networking",
    r"kaffee(?:plausch|trinken)?",
    r"netzwerk(?:en|treffen)",
    r"cafe",
    r"reseautage",
    r"koffie",
    r"netwerk(?:en|borrel)",
    r"caffe",
)
# In an interview the user holds for their own employer, the title names the other person the
# candidate.
CANDIDATE = _words(
    r"candidates?", r"kandidat(?:in|en)?", r"candidat(?:e|s)?", r"candidat[oa]s?", r"kandidaat"
)
# The description of an invite an ATS or an employer sends: the candidate is told about it.
DESCRIPTION = lazy.compile(
    r"(?<![^\W_])(?:interviewers?\s*:|interview (?:schedule|agenda|details|panel|loop)|"
    r"your (?:interview|onsite|superday)|interview with|gesprachspartner(?:in|innen)?\s*:|"
    r"(?:ihr|dein|zum) (?:vorstellungsgesprach|bewerbungsgesprach|interview)|"
    r"votre entretien|vos interlocuteurs?\s*:|(?:su|tu) entrevista|entrevistador(?:a|es)?\s*:|"
    r"(?:je|jouw|uw) sollicitatiegesprek|gesprekspartners?\s*:|(?:il )?(?:suo|tuo) colloquio|"
    r"intervistator[ei]\s*:|selezionator[ei]\s*:)"
)
# Categories that say "job search" without saying "interview": support, like a scheduler.
JOB_SEARCH = _words(
    r"job search",
    r"jobs?",
    r"bewerbung(?:en)?",
    r"jobsuche",
    r"recherche d'emploi",
    r"candidature",
    r"busqueda de empleo",
    r"sollicitatie",
    r"sollicitaties",
    r"candidatura",
    r"ricerca lavoro",
)
# Words the keyword prefilter lets through that decide nothing on their own.
WEAK_KEYWORDS = frozenset(
    {"gesprach", "gesprek", "assessment", "recruiter", "take-home", "take home", "case study"}
    | {"test technique", "evaluation technique", "prueba tecnica", "evaluacion tecnica"}
    | {"technische toets", "test tecnico", "prova tecnica", "valutazione tecnica"}
)
_NOT_PEOPLE = frozenset({"ROOM", "RESOURCE"})


def judge(invite: Invite, lines: list[str], found, setup: Setup) -> Verdict:
    """Interview or not, with the signals that decided, for --dry-run and --json.

    Out first, whatever else the invite says: what the user excluded, travel to it,
    preparation and practice, appraisals, interviews the user holds for their own employer,
    and networking unless the title also says interview. Then in: an interview phrase of the
    title or a category, a keyword the user configured, or a weak title word backed by an
    interview description or a hiring tool."""
    title = invite.summary[:MAX_TITLE]
    heads = [title, *(c[:MAX_TITLE] for c in invite.categories)]
    out = (
        _excluded(heads, setup)
        or _travel(title)
        or _practice(title)
        or _quoted(APPRAISAL, title)
        or _quoted(OTHER_KIND, title)
    )
    if out:
        return Verdict(False, (out,))
    own = _own_side(invite, setup, title)
    if own:
        return Verdict(False, (own,))
    reasons = _interview_reasons(title, invite.categories, setup)
    networking = _quoted(NETWORKING, title)
    if networking and not reasons:
        return Verdict(False, (networking,))
    support = _support(invite, lines)
    if reasons:
        return Verdict(True, tuple((reasons + support)[:MAX_REASONS]))
    weak = _quoted(WEAK, title)
    if weak and support:
        return Verdict(True, tuple([weak, *support][:MAX_REASONS]))
    if weak:
        return Verdict(False, (f"{weak}, and nothing else says interview",))
    return Verdict(False, ("no interview word in the title or categories",))


def _excluded(heads: list[str], setup: Setup) -> str | None:
    for word in setup.exclusions:
        if word.strip() and any(_phrase(word).search(_flat(h)) for h in heads):
            return f'excluded "{word}"'
    return None


def _interview_reasons(title: str, categories: tuple[str, ...], setup: Setup) -> list[str]:
    reasons = []
    said = _quoted(INTERVIEW, title)
    if said:
        reasons.append(said)
    for category in categories:
        if INTERVIEW.search(_flat(category[:MAX_TITLE])):
            reasons.append(f"category {category.strip()[:60]}")
            break
    if not reasons:
        flat = _flat(title)
        for word in setup.keywords:
            folded = _flat(word.strip())
            if folded and folded not in WEAK_KEYWORDS and _phrase(word).search(flat):
                reasons.append(f'keyword "{word.strip()}"')
                break
    return reasons


def _support(invite: Invite, lines: list[str]) -> list[str]:
    """Evidence beside the title: an interview description, a hiring tool, a job category."""
    support = []
    for line in lines[:MAX_LINES]:
        line = line[:MAX_TITLE]
        said = DESCRIPTION.search(_flat(line))
        if said:
            support.append(f'description "{line[said.start() : said.end()].strip()}"')
            break
    for attendee in sorted(invite.attendees, key=lambda a: not a.organizer):
        domain = _domain(attendee.email)
        if domains.under(domain, domains.ATS | domains.SCHEDULERS):
            who = "organizer" if attendee.organizer else "attendee"
            support.append(f"{who} {domain}")
            break
    for category in invite.categories:
        if JOB_SEARCH.search(_flat(category[:MAX_TITLE])):
            support.append(f"category {category.strip()[:60]}")
            break
    return support


def _own_side(invite: Invite, setup: Setup, title: str) -> str | None:
    """An interview the user holds rather than sits: everyone else is from the user's own
    employer, or the user organizes it and its title names a candidate."""
    organizer = next((a for a in invite.attendees if a.organizer), None)
    if organizer is not None and (organizer.email or "") in setup.me:
        named = _quoted(CANDIDATE, title)
        if named:
            return f"you organize it: {named}"
    own = {registrable(d) for d in setup.employer_domains if d.strip()}
    if not own:
        plain = Setup()  # corporate for anyone: mail providers and tools are nobody's employer
        own = {registrable(_domain(e)) for e in setup.me if is_corporate(_domain(e), plain)}
    others = {
        registrable(domain)
        for a in invite.attendees
        if (a.cutype or "").upper() not in _NOT_PEOPLE
        and a.email
        and a.email not in setup.me
        and (domain := _domain(a.email))
        and not domains.under(domain, domains.NOT_EMPLOYERS)
    }
    if own and others and others <= own:
        return f"all others from {', '.join(sorted(others))}, your employer"
    return None


def _travel(title: str) -> str | None:
    """A journey to the interview (see TRAVEL)."""
    if TRAVEL_SIGN.match(title):
        return f'travel: title "{title.strip()[:1]}"'
    found = TRAVEL.match(_flat(title))
    if found and _TRAVEL_NEXT.match(title, found.end()):
        return f'travel: title "{title[: found.end()].strip()}"'
    return None


def _practice(title: str) -> str | None:
    """A practice word, unless it starts a job title ("Training Manager", "Practice Lead")."""
    flat = _flat(title)
    for found in PRACTICE.finditer(flat):
        following = title[found.end() :].split()
        if following and has_role_word(following[0]):
            continue
        return f'title "{title[found.start() : found.end()]}"'
    return None


# --- text ----------------------------------------------------------------------------------


def _quoted(pattern: re.Pattern, title: str) -> str | None:
    """'title "<the words as written>"' where the pattern matches, else None."""
    found = pattern.search(_flat(title))
    return f'title "{title[found.start() : found.end()]}"' if found else None


@lru_cache(maxsize=1024)  # a title and its lines are flattened for every signal
def _flat(text: str) -> str:
    """Lower case without accents, one character for one, so a match's span quotes the
    original text ("Vorstellungsgespräch" reads as "vorstellungsgesprach")."""
    if text.isascii():
        return text.lower()
    out = []
    for char in text:
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        ).lower()
        out.append(base if len(base) == 1 else char)
    # Dotless ı is the one letter re.IGNORECASE (the keyword scan) takes for i that NFKD keeps.
    return "".join(out).replace("’", "'").replace("ı", "i")


def _phrase(word: str) -> re.Pattern:
    """A configured word or phrase, whole words, any blanks between its words."""
    parts = [re.escape(p) for p in _flat(word).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)")


def _domain(email: str | None) -> str:
    return (email or "").rpartition("@")[2].strip().lower()
