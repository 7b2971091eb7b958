"""Who an invite's people are: the interviewers to thank, the contact, role mailboxes; greetings.

Interviewers come from the attendees and from the description (an intro sentence such as
"You'll meet ...", "Entretien avec ...", an `Interviewers:` or participants line, "<name> will
call you", an onsite agenda by times or days), merged by name and address.
Names are parsed with their titles and honorifics because the drafts greet by each language's
business custom, and gender is known only from an honorific the invite writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from calsync.invite import domains, lazy
from calsync.invite.facts import Attendee, Invite, Setup
from calsync.invite.text import fold
from calsync.model import Person

ROBOT_LOCALS = lazy.compile(
    r"^(no-?reply|do-?not-?reply|notifications?|calendar|scheduling|scheduler|invites?|"
    r"recruiting-?noreply|mailer-daemon|bounces?|postmaster)\b",
    re.IGNORECASE,
)
# First words of shared recruiting and HR mailboxes, in the six languages.
MAILBOX_WORDS = frozenset(
    """recruiting recruitment recruiter recruiters careers career jobs talent hiring hr
    people peopleops humanresources personal personalabteilung bewerbung bewerbungen karriere
    rh recrutement recrutements emploi carrieres rrhh seleccion empleo empleos talento werving
    vacatures sollicitaties sollicitatie risorseumane selezione lavoro lavora info contact
    office team interviews""".split()  # noqa: SIM905
)
ROOM_WORDS = frozenset(
    "room rooms conf conference meetingroom raum besprechungsraum salle sala zaal".split()  # noqa: SIM905
)
ROOM_NAME = lazy.compile(
    r"\b(conference|meeting|board) ?room\b|\broom\s+\w+|\b(besprechungs)?raum\b|\bsalle\b|"
    r"\bsala\s+\w+|\bvergaderzaal\b|\bzaal\b",
    re.IGNORECASE,
)
# A first call held by one person, the recruiter: phone screens and introductory calls.
SCREEN = lazy.compile(
    r"\bphone\b|\btelephone\b|\bscreen(?:ing)?\b|\bintro(?:ductory)? call\b|\brecruiter call\b|"
    r"\binitial call\b|\btelefon|kennenlern|erstgespräch|téléphon|préqualification|"
    r"telef[oó]nic|\bllamada\b|telefonat|conoscitiv|kennismaking|\bbelafspraak\b",
    re.IGNORECASE,
)
# Who only schedules: their position or the text around them says so.
COORDINATOR = lazy.compile(
    r"coordinat|koordinat|co[öo]rdinat|schedul|terminplan|planification|programaci[oó]n",
    re.IGNORECASE,
)
RECRUITER = lazy.compile(
    r"recruit|coordinat|koordinat|co[öo]rdinat|talent|recruteu|recrutement|reclut|selecci|"
    r"personal|\bhr\b|\brh\b|rrhh|werving|selezione|risorse umane|ressources humaines|"
    r"ansprechpartner|rückfragen|questions?\b|contact|contacto|contactpersoon|referente|"
    r"interlocut|dudas|vragen|domande",
    re.IGNORECASE,
)

# Academic titles as people write them before a name (Dutch in lower case: "dr.", "prof. dr.
# ir."); a title without its dot only where English and Spanish write it so ("Dr Berg").
_TITLE_WORD = (
    r"(?:Prof\.ssa|Prof\.a|Dott\.ssa|Dott\.|Dr\.ssa|Dra\.|Dr\.-Ing\.|Dipl\.-Ing\.|"
    r"Dipl\.-Kfm\.|Mag\.a|Mag\.|Ing\.|Avv\.|Arch\.|Lic\.|[Pp]rof\.|[Dd]rs\.|[Dd]r\.|[Ii]r\.|"
    r"Prof|Dr|Dra)"
)
_TITLE = lazy.compile(
    rf"^(?P<title>(?:{_TITLE_WORD}(?:\s+(?:med|rer\. nat|phil|h\. ?c)\.)?\s+)+)",
)
# An article before a title or honorific ("il Dott. Rossi", "la Sra. Puig", "de heer Jansen").
_ARTICLE = lazy.compile(r"^(?:il|lo|la|le|el|the|de|der|die|den|l['’])\s*(?=\S)", re.IGNORECASE)
# Abbreviations that end in a dot without ending the sentence ("Frau Mag. Eva Huber").
ABBREVIATIONS = frozenset(
    """prof dr dra dott dott.ssa prof.ssa dr.ssa mag mag.a ing avv arch lic drs ir dipl dipl.-ing
    dr.-ing sig sig.ra sra sr mme mlle mevr dhr mw mr mrs ms st med phil nat""".split()  # noqa: SIM905
)
# Honorifics as written -> the form kept in Person.honorific; the second value is the gender the
# honorific states ("f"/"m"), the only source of gender a greeting uses.
HONORIFICS = {
    "herr": ("Herr", "m"),
    "herrn": ("Herr", "m"),
    "frau": ("Frau", "f"),
    "m.": ("M.", "m"),
    "monsieur": ("M.", "m"),
    "mme": ("Mme", "f"),
    "mme.": ("Mme", "f"),
    "madame": ("Mme", "f"),
    "mlle": ("Mme", "f"),
    "sr.": ("Sr.", "m"),
    "sr": ("Sr.", "m"),
    "señor": ("Sr.", "m"),
    "don": ("Sr.", "m"),
    "sra.": ("Sra.", "f"),
    "sra": ("Sra.", "f"),
    "señora": ("Sra.", "f"),
    "doña": ("Sra.", "f"),
    "meneer": ("meneer", "m"),
    "dhr.": ("meneer", "m"),
    "dhr": ("meneer", "m"),
    "heer": ("meneer", "m"),
    "mevrouw": ("mevrouw", "f"),
    "mevr.": ("mevrouw", "f"),
    "mevr": ("mevrouw", "f"),
    "mw.": ("mevrouw", "f"),
    "sig.": ("Sig.", "m"),
    "signor": ("Sig.", "m"),
    "sig.ra": ("Sig.ra", "f"),
    "signora": ("Sig.ra", "f"),
    "mr.": ("Mr.", "m"),
    "mr": ("Mr.", "m"),
    "ms.": ("Ms.", "f"),
    "ms": ("Ms.", "f"),
    "mrs.": ("Mrs.", "f"),
    "mrs": ("Mrs.", "f"),
}
_HONORIFIC = lazy.compile(
    r"^(?:(?:de|la|il|lo|el|le|the|der|den)\s+)?(?P<h>sig\.ra|dhr\.?|mevr\.?|mw\.|herrn?|frau|"
    r"monsieur|madame|mlle|mme\.?|m\.|señora|señor|sra\.?|sr\.?|doña|don|meneer|mevrouw|heer|signora|signor|"
    r"sig\.|mrs\.?|mr\.?|ms\.?)(?=\s)\s*",
    re.IGNORECASE,
)
PARTICLES = frozenset(
    """van von der den de del della degli dei di da dos das du des la le ter ten zu y op el al
    ben bin ibn abu""".split()  # noqa: SIM905
)
SUFFIXES = lazy.compile(r",?\s+(?:Ph\.?D\.?|MBA|M\.?Sc\.?|MSc|B\.?Sc\.?|Jr\.?|Sr\.?|II|III)$")
# Capitalised words that are not names, when they start an intro ("You'll meet Our CTO").
NOT_NAMES = frozenset(
    fold(w)
    for w in """the our your their a an team hiring manager panel recruiter engineer engineering
    lunch break interview interviews coding system design values onsite welcome intro
    introduction wrap up q&a debrief tour office cto ceo vp head director lead senior staff
    principal product people talent recruiting hr team-lead teamleitung das die der ein eine
    unser unsere ihr ihre le la les notre votre un une el los las nuestro nuestra su het een
    ons onze jouw il lo gli i nostro nostra vostro tbd n/a and und et y en e and hi hello dear
    hallo liebe lieber sehr bonjour cher chère hola estimado estimada beste geachte ciao gentile
    inc ltd llc gmbh ag corp corporation group sas sarl srl spa bv nv zoom teams webex skype
    google microsoft meet hangouts whereby""".split()  # noqa: SIM905
)
# Words of an agenda slot's title: a part holding one names a session, never a person.
MEETING_WORDS = frozenset(
    fold(w)
    for w in """round behavioral behavioural chat call screen screening session exercise
    assessment presentation review deep dive architecture culture fit case study whiteboard
    pairing technical take-home break closing wrap-up welcome kickoff overview meet greet
    interview interviews coding system design values lunch q&a debrief tour gespräch
    vorstellung mittagessen pause kennenlernen fachgespräch déjeuner entretien présentation
    almuerzo entrevista comida gesprek kennismaking pranzo colloquio presentazione""".split()  # noqa: SIM905
)
ROLE_WORDS = lazy.compile(
    r"\b(engineer|engineering|developer|manager|analyst|designer|scientist|lead|director|"
    r"recruiter|coordinator|architect|head|vp|cto|ceo|cfo|founder|partner|consultant|"
    r"specialist|officer|product|sales|marketing|hr|talent|leitung|leiter|leiterin|"
    r"entwickler|ingenieur|ingénieur|responsable|développeur|directeur|directrice|"
    r"desarrollador|ingeniero|jefe|jefa|responsabile|sviluppatore|teamlead|recruitment|"
    r"people|team|staff|senior|principal|intern|associate|president|vice|chief|executive|"
    r"advisor|adviser|owner|managing|geschäftsführer(?:in)?|\w+leiter(?:in)?)\b",
    re.IGNORECASE,
)

# Words for a conversation: "<word> with <names>" names whom the candidate talks to.
TALK_NOUNS = (
    *("interview", "call", "chat", "screen", "conversation", "meeting", "session", "lunch"),
    *("gespräch", "termin", "treffen", "mittagessen", "entretien", "échange", "rendez-vous"),
    *("déjeuner", "entrevista", "reunión", "llamada", "charla", "almuerzo", "gesprek"),
    *("afspraak", "kennismaking", "colloqui", "incontro", "chiamata", "pranzo"),
)
_WITH_WORD = r"(?:with|mit|avec|con|met)"
# Sentences that introduce whom the candidate will meet, in the six languages.
INTRO = lazy.compile(
    r"(?:you(?:'|’)?ll|you will|you are going to|you're going to)\s+(?:be\s+)?"
    r"(?:meet(?:ing)?|speak(?:ing)?|talk(?:ing)?|interview(?:ing)?)(?:\s+with)?\s+|"
    r"\binterviewers?(?:\(s\))?\s*(?::|are|is|will be)\s*|\binterview panel\s*:\s*|"
    r"\bpanel(?:ists)?\s*:\s*|\byour interviewers?\s+(?:are|is|will be)\s+|"
    r"\bam (?:gespräch|termin|interview|vorstellungsgespräch) nehmen\s+(?:seitens \S+\s+)?|"
    r"\bgesprächsteilnehmer(?:in|innen)?\s*:\s*|\bsie sprechen mit\s+|\bsie treffen\s+|"
    r"\bsie lernen\s+|\bihre? gesprächspartner(?:in|innen)?"
    r"\s*(?::|sind|ist|werden)\s*|\bgesprächspartner(?:in|innen)?\s*:\s*|"
    r"\bvous (?:rencontrerez|allez rencontrer|échangerez avec|serez reçue? par|parlerez avec)\s+|"
    r"\bvos interlocuteurs?(?:\s*:|\s+sont|\s+est|\s+seront)\s*|\bintervenants?\s*:\s*|"
    r"\bte entrevistar[áa]n?\s+|\bconocer[áa]s a\s+|\bhablar[áa]s con\s+|\bvas a conocer a\s+|"
    r"\bentrevistador(?:es|as?)?\s*:\s*|\bte reunir[áa]s con\s+|"
    r"\b(?:je|u) (?:spreekt|spreek) met\s+|\bje maakt kennis met\s+|\bgesprekspartners?"
    r"(?:\s*:|\s+zijn|\s+is)\s*|\bje (?:gesprekspartners|interviewers) zijn\s+|"
    r"\bincontrerai\s+|\bparlerai con\s+|\bintervistatori\s*:\s*|\bti intervister(?:à|anno)\s+|"
    r"\bsarai intervistat[oa] da\s+|\bincontrer[àa]\s+|"
    # "Entretien final avec ...", "Gespräch mit Herrn Dr. ...", "je gesprek is met ..."
    rf"\b[\w-]*(?:{'|'.join(TALK_NOUNS)})[\w-]*(?:\s+(?!{_WITH_WORD}\b)[^\W\d_]+){{0,2}}?\s+"
    rf"(?:(?:is|ist|est|es|è|will be|sera|será|sarà|wird|findet)\s+)?{_WITH_WORD}\s+|"
    # "Participants: ...", "Teilnehmen werden ...", "parteciperanno ..."
    r"\b(?:participants?|partecipanti|participantes|teilnehmer(?:innen)?|teilnehmende|"
    r"deelnemers|attendees|intervistator[ei]|intervistatrice)\s*:\s*|"
    r"\bteilnehmen (?:werden|wird)\s+|\bwerden teilnehmen\s*:\s*|\bparteciper(?:à|anno)\s+|"
    r"\bparticiper(?:a|ont)\s+|\bparticipar(?:á|án)\s+|\bneemt deel\s*:?\s*|"
    r"\bnemen (?:ook )?deel\s*:?\s*",
    re.IGNORECASE,
)
# "<names> will call you": the sentence's subject holds the call, in the six languages.
SUBJECT = lazy.compile(
    r"\s+(?:will|is going to|are going to)\s+(?:be\s+)?(?:call(?:ing)?|interview(?:ing)?|"
    r"meet(?:ing)?|phone|ring|host(?:ing)?|lead(?:ing)?|run(?:ning)?|speak(?:ing)? (?:with|to)|"
    r"talk(?:ing)? (?:with|to))\s+(?:you|the call|the interview|this call|this interview)\b|"
    r"\s+(?:wird|werden) (?:Sie|dich) (?:anrufen|interviewen)\b|"
    r"\s+(?:ruft|rufen) (?:Sie|dich) an\b|"
    r"\s+(?:führt|führen) das (?:Gespräch|Interview)\b|"
    r"\s+vous (?:appellera|appelleront|contactera)\b|"
    r"\s+(?:mènera|mèneront|conduira|conduiront) l['’]entretien\b|"
    r"\s+te (?:llamará|llamarán|entrevistará|entrevistarán)\b|"
    r"\s+(?:realizará|realizarán|llevará|llevarán) (?:a cabo )?la entrevista\b|"
    r"\s+(?:belt|bellen) (?:je|u)\b|\s+(?:zal|zullen) (?:je|u) (?:bellen|opbellen)\b|"
    r"\s+(?:voert|voeren) het gesprek\b|"
    r"\s+ti (?:chiamerà|chiameranno|intervisterà|intervisteranno)\b|"
    r"\s+(?:la|le|lo) (?:chiamerà|chiameranno)\b|"
    r"\s+(?:condurrà|condurranno|terrà|terranno) il colloquio\b",
    re.IGNORECASE,
)
# The sender writing themselves into the list ("Vous échangerez avec moi-même et M. Benali").
SELF = frozenset(
    fold(w)
    for w in (
        *("me", "myself", "moi", "moi-même", "mir", "mich", "mí", "conmigo", "mij", "mezelf"),
        *("me stesso", "me stessa"),
    )
)
LIST_SPLIT = lazy.compile(r"\s*(?:,|;|&|\+|/)\s*|\s+(?:and|und|et|y|e|en|ed|sowie)\s+", re.I)
_CONJUNCTION = lazy.compile(r"^(?:and|und|et|y|e|en|ed|sowie)\s+", re.I)
AGENDA = lazy.compile(
    r"^\s*(?:[-*•]\s*)?\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[-–—]|to|bis|à|a)\s*"
    r"\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:(?-i:[A-Z]{2,4})\b)?\s*[:|\t]?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
# One time or a day of a multi-day onsite: "9:30 Accoglienza con ...", "Day 1 – Meet the team: ..."
SLOT = lazy.compile(
    r"^\s*(?:[-*•]\s*)?(?:\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?|"
    r"(?:day|tag|jour|d[ií]a|dag|giorno)\s+\d{1,2})\s*(?:[-–—:|\t]\s*)?(?P<rest>[^\W\d_].+)$",
    re.IGNORECASE,
)
AGENDA_SPLIT = lazy.compile(r"\s+[—–-]\s+|\s*\|\s*|\t+|\s{2,}|:\s+")
# A slot in which someone receives or shows the candidate around: a host, not an interviewer.
WELCOME = lazy.compile(
    r"\b(?:welcome|check-?in|reception|office tour|empfang|begrüßung|accueil|bienvenue|"
    r"bienvenida|recepción|ontvangst|welkom|rondleiding|accoglienza|benvenuto)\b",
    re.IGNORECASE,
)
WITH = lazy.compile(r"\b(?:with|mit|avec|con|met|bij)\s+(?P<who>.+)$", re.IGNORECASE)
EMAIL = lazy.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_LATIN = lazy.compile(r"[A-Za-zÀ-ɏ]")
_WORD = lazy.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*\.?$")
MAX_NAME = 60  # characters of a name: longer is a sentence, not a person


@dataclass(frozen=True)
class Found:
    interviewers: tuple[Person, ...] = ()
    contact: Person | None = None
    mailboxes: tuple[str, ...] = ()


def people(invite: Invite, lines: list[str], setup: Setup, language: str) -> Found:
    """The interviewers (attendees in their order, then people named only in the text), the
    contact for next steps, and the role mailboxes seen."""
    me = {e.casefold() for e in setup.me}
    my_names = {fold(a.name) for a in invite.attendees if a.name and (a.email or "") in me}
    company_words = _company_words(invite, me)
    mailboxes: set[str] = set()
    attendees: list[tuple[Person, Attendee]] = []
    organizer: Person | None = None
    organizer_mailbox: Person | None = None
    robot_sends = False  # a scheduler or no-reply address organizes, on a host's behalf
    screen_text = f"{invite.summary}\n{invite.location}"
    for attendee in invite.attendees:
        email = (attendee.email or "").casefold() or None
        if email and email in me:
            continue
        if attendee.cutype in ("ROOM", "RESOURCE") or _is_room(attendee):
            continue
        if email and is_robot(email):
            robot_sends = robot_sends or attendee.organizer
            continue
        if email and is_mailbox(email, company_words):
            mailboxes.add(email)
            if attendee.organizer:
                organizer_mailbox = Person(name=_mailbox_name(attendee), email=email)
            continue
        if attendee.cutype == "GROUP":
            continue
        person = _from_attendee(attendee, email, language)
        if person is None and email:
            person = Person(name="", email=email)  # the text may name them; else dropped
        if person is None or (person.name and fold(person.name) in my_names):
            continue
        if attendee.organizer:
            organizer = person
        if attendee.partstat == "DECLINED" or attendee.role == "NON-PARTICIPANT":
            continue
        attendees.append((person, attendee))
    companies = {label for a in invite.attendees for label in _domain_labels(a.email or "")}
    texted = [
        p
        for p in _named_in_text(lines, language)
        if fold(p.name) not in my_names
        and (p.honorific or p.title or p.email or _joined(p.name) not in companies)
    ]  # "Interview with Nordlicht Software" names the company, not a person
    sender_named = _names_sender(lines)
    text_contact, text_other, text_mailboxes = _contacts_in_text(lines, me, company_words, language)
    mailboxes |= text_mailboxes

    # The organizer sends the invite; whether they also sit it depends on what else is known.
    organizer_attends = organizer is not None and any(
        not a.organizer and p.key == organizer.key for p, a in attendees
    )
    listed: list[Person] = []
    for person, attendee in attendees:
        if attendee.organizer and organizer_attends:
            continue  # listed again as an attendee: that entry keeps its place
        listed.append(person)
    merged = [p for p in _merge(listed, texted) if p.name]
    others = [p for p in merged if organizer is None or p.key != organizer.key]
    scheduling = _scheduling_text(lines)
    interviewers = []
    for person in merged:
        if _is_coordinator(person) or (
            len(person.name) > 3 and any(fold(person.name) in block for block in scheduling)
        ):
            continue
        if organizer is not None and person.key == organizer.key and others and not sender_named:
            named = any(_same(person, t) for t in texted)
            if texted and not named:
                continue  # the text names whom you meet, and not them: they schedule
            if not organizer_attends:
                continue
        interviewers.append(person)

    contact = None
    if organizer is not None:
        contact = _enrich(organizer, merged)
    elif organizer_mailbox is not None:
        contact = organizer_mailbox
    if contact is None:
        contact = text_contact or next(
            (p for p, _ in attendees if p.position and RECRUITER.search(p.position)), None
        )
    if contact is None and mailboxes:
        first = _first_mailbox(invite, lines, mailboxes)
        contact = Person(name="", email=first)
    hosts = [p for p in interviewers if p.email]
    if contact is None and robot_sends and len(hosts) == 1 and SCREEN.search(screen_text):
        contact = hosts[0]  # the recruiter a scheduler booked for the screen holds the call
    if contact is None and text_other and not any(_same(text_other, i) for i in interviewers):
        contact = text_other  # an address in the employer's text, likely the sender's
    if contact is None and hosts:
        # No recruiter, coordinator or mailbox: the one person of the employer you know is
        # whom you ask about next steps (a hiring manager you invited yourself).
        contact = hosts[0]
    return Found(tuple(interviewers), contact, tuple(sorted(mailboxes)))


def is_robot(email: str) -> bool:
    """A no-reply, notification or scheduling-service address: it sends, it never sits."""
    local, _, domain = email.casefold().rpartition("@")
    if ROBOT_LOCALS.match(local):
        return True
    return domains.under(domain, domains.SENDERS)


def is_mailbox(email: str, company_words: tuple[str, ...] = ()) -> bool:
    """A shared recruiting/HR mailbox, or one named after the company (contoso@contoso.com)."""
    local, _, domain = email.casefold().rpartition("@")
    if not local or is_robot(email):
        return False
    words = [w for w in re.split(r"[._+-]", local) if w]
    if not words:
        return False
    if words[0] in MAILBOX_WORDS or "".join(words) in MAILBOX_WORDS:
        return True
    joined = "".join(words)
    labels = domain.split(".")[:-1]
    labels_joined = {label.replace("-", "") for label in labels}
    if joined in labels_joined:
        return True
    if "." in local:
        return False  # "noor.elamrani@": given.family is a person, whatever the CN looks like
    for word in filter(None, company_words):
        if joined == _joined(word):
            return True
        if _joined(word) in labels_joined and joined == _joined(word.split()[0]):
            return True  # "bluebird@" for Bluebird Health at bluebirdhealth.com
    return False


def greeting(person: Person, language: str) -> str:
    """How a draft greets this person, by the language's business custom."""
    opener = {
        "en": "Dear",
        "de": "Guten Tag",
        "fr": "Bonjour",
        "es": "Hola,",
        "nl": "Beste",
        "it": "Gentile",
    }.get(language, "Dear")
    if not person.name or (person.email and is_mailbox(person.email) and not person.given):
        return {
            "en": "Dear Hiring Team",
            "de": "Sehr geehrte Damen und Herren",
            "fr": "Madame, Monsieur",
            "es": "Estimado equipo de selección",
            "nl": "Geachte heer/mevrouw",
            "it": "Gentile team di selezione",
        }.get(language, "Dear Hiring Team")
    if not _LATIN.search(person.name):
        return f"{opener} {person.name}"
    gender = HONORIFICS.get((person.honorific or "").casefold(), (None, None))[1]
    words = person.name.split()
    family = person.family or (
        " ".join(words[-2:]) if language == "es" and len(words) >= 4 else words[-1]
    )
    given = person.given or (person.name.split()[0] if not person.family else "")
    title = f"{person.title} " if person.title else ""
    if language == "de":
        if gender == "f":
            return f"Sehr geehrte Frau {title}{family}"
        if gender == "m":
            return f"Sehr geehrter Herr {title}{family}"
        return f"Guten Tag {title}{person.name}"
    if language == "fr":
        if gender:
            return f"Bonjour {'Madame' if gender == 'f' else 'Monsieur'} {family}"
        return f"Bonjour {person.name}"
    if language == "es":
        if gender:
            return f"{'Estimada Sra.' if gender == 'f' else 'Estimado Sr.'} {family}"
        return f"Hola, {given or person.name}"
    if language == "nl":
        if gender:
            return (
                f"Geachte {'mevrouw' if gender == 'f' else 'heer'} {family[:1].upper()}{family[1:]}"
            )
        return f"Beste {given or person.name}"
    if language == "it":
        if person.title:
            return f"Gentile {person.title} {family}"
        if gender:
            return f"Gentile {'Sig.ra' if gender == 'f' else 'Sig.'} {family}"
        return f"Gentile {person.name}"
    if person.title:
        return f"Dear {person.title} {family}"
    if given:
        return f"Dear {given}"
    if gender:
        honorific = person.honorific if person.honorific in ("Mr.", "Ms.", "Mrs.") else None
        return f"Dear {honorific or ('Ms.' if gender == 'f' else 'Mr.')} {family}"
    return f"Dear {person.name}"


def parse_name(raw: str, language: str = "en", email: str | None = None) -> Person | None:
    """A written name as a Person: title, honorific, position and the given/family split.

    "Dr. Jonas Berg" -> Jonas Berg, title Dr.; '"Keller, Anna (HR)"' -> Anna Keller, position
    HR; "Frau Dr. Anna Braun" -> honorific Frau, title Dr.; "LARS OLSEN" -> Lars Olsen."""
    text = " ".join(raw.strip().strip("\"'“”„«»").split())[:200]
    position = None
    paren = re.search(r"\s*[(\[](?P<pos>[^()\[\]@]{1,60})[)\]]\s*$", text)
    if paren:
        position = paren["pos"].strip() or None
        text = text[: paren.start()].strip()
    dash = re.search(r"\s+[-–—|]\s+", text)
    if dash:  # "Jane Smith - Recruiter", "Mei Tanaka | Staff Engineer"
        position = position or text[dash.end() :].strip() or None
        text = text[: dash.start()]
    text = SUFFIXES.sub("", text).strip(" ,")
    honorific, title = None, None
    for _ in range(4):  # "Frau Dr.", "Dr. Frau" (rare), "Herrn Prof. Dr.", "il Dott."
        article = _ARTICLE.match(text)
        if article and _TITLE.match(text[article.end() :] + " "):  # (_HONORIFIC reads its own)
            text = text[article.end() :]
        h = _HONORIFIC.match(text)
        if h and not (h["h"].casefold() == "m." and language != "fr"):
            honorific = HONORIFICS[h["h"].casefold()][0]
            text = text[h.end() :]
            continue
        t = _TITLE.match(text + " ")
        if t and t.end() <= len(text) + 1:
            title = _join_titles(title, " ".join(t["title"].split()))
            text = text[t.end() :].strip()
            continue
        break
    given = family = None
    if "," in text:
        left, _, right = (s.strip() for s in text.partition(","))
        if _is_name(right) and _is_name(left) and not ROLE_WORDS.search(right):
            if len(right.split()) <= 2 and len(left.split()) <= 3:
                family, given = _case(left), _case(right)
                text = f"{given} {family}"
            else:
                text = left
        elif _is_name(left):
            position = position or (right or None)
            text = left
        else:
            return None
    words = text.split()
    caps = [w.isupper() and len(w.rstrip(".")) > 1 for w in words]
    if given is None and caps and caps[0] and not all(caps):
        # "BERG Jonas", "MARTIN Claire": the family name in capitals first (French custom)
        cut = caps.index(False)
        family, given = _case(" ".join(words[:cut])), " ".join(words[cut:])
        text = f"{given} {family}"
    text = _case(text)
    if not _is_name(text):
        return None
    if given is None and _LATIN.search(text):
        words = text.split()
        if words[0].casefold() in PARTICLES and len(words) > 1:
            family = text  # "De Vries" after "mevrouw": all of it is the family name
        elif len(words) == 1:
            if honorific or title:
                family = words[0]
            else:
                given = words[0]
        else:
            rest = words[1:]
            while len(rest) > 1 and len(rest[0].rstrip(".")) == 1:
                rest = rest[1:]  # a middle initial ("Jonas M. Berg") is no family name
            particle = next((i for i, w in enumerate(rest) if w.casefold() in PARTICLES), None)
            if len(rest) == 1 or particle == 0:
                given, family = words[0], " ".join(rest)
            # else "María José García", "Mary Ann Smith": where the given name ends is unclear
    return Person(
        name=text,
        email=email,
        title=title,
        honorific=honorific,
        given=given,
        family=family,
        position=position,
    )


def _join_titles(before: str | None, title: str) -> str:
    return f"{before} {title}" if before else title


def _case(text: str) -> str:
    """Names written in capitals ("BERG", "LARS OLSEN") in their usual case."""
    words = text.split()
    out = []
    for n, word in enumerate(words):
        if word.isupper() and len(word) > 1 and _LATIN.search(word):
            word = word.lower() if n and word.lower() in PARTICLES else word.title()
        out.append(word)
    return " ".join(out)


def _is_name(text: str) -> bool:
    """Looks like a person's name: one to five words, capitalised or in another script."""
    if not text or len(text) > MAX_NAME or "@" in text or any(c.isdigit() for c in text):
        return False
    words = text.split()
    if not 1 <= len(words) <= 5:
        return False
    if not _LATIN.search(text):
        return all(not re.search(r"[^\w\s·・.-]", w) for w in words)
    if fold(words[0]) in NOT_NAMES or fold(words[-1]) in NOT_NAMES:
        return False
    if any(fold(w).strip(".,") in MEETING_WORDS for w in words) or ROLE_WORDS.search(text):
        return False
    core = [w for w in words if w.casefold() not in PARTICLES]
    if len(core) > 4 or len({w.casefold() for w in core}) < len(core):
        return False  # "Ab Ab Ab Ab Ab" is no name; four names and particles are the most
    if not any(len(w.rstrip(".")) > 1 for w in core):
        return False  # initials alone ("M. M.") name nobody
    for n, word in enumerate(words):
        if not _WORD.match(word):
            return False
        if word[0].isupper():
            continue
        if n and word.casefold() in PARTICLES and n < len(words) - 1:
            continue
        if n == 0 and word.casefold() in PARTICLES and len(words) > 1:
            continue
        return False
    return not ROOM_NAME.search(text)


def _from_attendee(attendee: Attendee, email: str | None, language: str) -> Person | None:
    name = attendee.name or ""
    if name and "@" not in name:
        person = parse_name(name, language, email)
        if person is not None:
            return person
    if email:
        local = email.partition("@")[0]
        dotted = re.fullmatch(r"([a-z]+(?:-[a-z]+)?)[._]([a-z]+(?:-[a-z]+)?)", local)
        if dotted and len(dotted[1]) > 1 and len(dotted[2]) > 1:
            given, family = (w.title() for w in dotted.groups())
            return Person(f"{given} {family}", email, given=given, family=family)
        # Someone was invited, whatever their display name holds: never lose them. They are
        # called what the address says ("priya@" is Priya), a name the user can correct.
        words = [w for w in re.split(r"[._+-]", local) if w.isalpha()]
        if words:
            name = " ".join(w.title() for w in words[:3])
            return Person(name, email, given=words[0].title() if len(words) == 1 else None)
    return None


def _is_room(attendee: Attendee) -> bool:
    if attendee.name and ROOM_NAME.search(attendee.name):
        return True
    local = (attendee.email or "").partition("@")[0]
    first = re.split(r"[._+-]", local)[0] if local else ""
    return first in ROOM_WORDS


def _mailbox_name(attendee: Attendee) -> str:
    return attendee.name if attendee.name and "@" not in attendee.name else ""


def _is_coordinator(person: Person) -> bool:
    return bool(person.position and COORDINATOR.search(person.position))


def _scheduling_text(lines: list[str]) -> list[str]:
    """Text around a coordinator's description, folded: "Lisa Park, Recruiting Coordinator",
    or a signature whose next line is "Recruiting Coordinator | Contoso"."""
    blocks = []
    for n, line in enumerate(lines):
        if len(line) < 300 and COORDINATOR.search(line):
            before = lines[n - 1] if n and len(lines[n - 1]) < 80 else ""
            blocks.append(fold(f"{before} {line}"))
    return blocks


def _named_in_text(lines: list[str], language: str) -> list[Person]:
    """People the description introduces, in text order, each once."""
    found: list[Person] = []
    pending = False  # "Interviewers:" alone on its line: the names follow as a list
    for line in lines:
        if len(line) > 1000:
            line = line[:1000]
        stripped = line.strip()
        if not stripped:
            pending = False
            continue
        agenda = AGENDA.match(stripped) or SLOT.match(stripped)
        if agenda:
            found.extend(_agenda_people(agenda["rest"], language))
            continue
        if pending:
            bullet = re.sub(r"^(?:[-*•◦‣]|\d+[.)])\s+", "", stripped)
            person = _listed(bullet, language)
            if person:
                found.extend(person)
                continue
            pending = False
        for intro in INTRO.finditer(stripped):
            rest = stripped[intro.end() :]
            if not rest.strip():
                pending = True
                continue
            found.extend(_listed(_sentence(rest), language))
        for subject in SUBJECT.finditer(stripped):
            clause = re.split(r"[.!?;:]\s+", stripped[: subject.start()])[-1]
            found.extend(_listed(clause, language))
    unique: list[Person] = []
    for person in found:
        twin = next((i for i, u in enumerate(unique) if _same(u, person)), None)
        if twin is None:
            unique.append(person)
        else:
            unique[twin] = _combine(unique[twin], person)
    return unique[:20]


def _names_sender(lines: list[str]) -> bool:
    """The sender lists themselves among whom the candidate meets ("with me and Mei Tanaka")."""
    for line in lines:
        for intro in INTRO.finditer(line[:1000]):
            pieces = LIST_SPLIT.split(_sentence(line[intro.end() :]).strip().rstrip(".;:!"))
            if any(fold(_CONJUNCTION.sub("", p.strip())) in SELF for p in pieces):
                return True
    return False


def _sentence(text: str) -> str:
    """The text up to the end of its sentence ("." after a word of 3+ letters, "!", "?"); the
    dot of a title or honorific ("Frau Mag. Eva Huber", "la Sra. Puig") ends none."""
    for end in re.finditer(r"(?<=[^\W\d_]{3})\.(?:\s|$)|[!?]|\s[-–—]\s|:", text):
        if end.group().startswith("."):
            word = text[: end.start()].split()[-1].casefold()
            if word in ABBREVIATIONS:
                continue
            return text[: end.start() + 1]
        return text[: end.start()]
    return text


def _listed(text: str, language: str) -> list[Person]:
    """'Mei Tanaka (Staff Engineer) and Dr. Jonas Berg' -> two Persons; a piece that is a role
    ('Staff Engineer' after a comma) is the previous person's position."""
    people: list[Person] = []
    text = re.sub(r"\([^()]*\)", lambda m: m.group().replace(",", " ").replace(" and ", " "), text)
    text = re.sub(r"\s+teil\W*$", "", text.strip())  # "Am Gespräch nehmen X und Y teil."
    for piece in LIST_SPLIT.split(text.strip().rstrip(".;:!")):
        piece = _CONJUNCTION.sub("", piece.strip())
        if not piece:
            continue
        person = _leading_person(piece, language)
        if person:
            people.append(person)
        elif people and ROLE_WORDS.search(piece) and not people[-1].position and len(piece) < 60:
            people[-1] = replace(people[-1], position=piece.strip())
        if len(people) >= 10:
            break
    return people


def _leading_person(piece: str, language: str) -> Person | None:
    """The name a list piece starts with ('Mei Tanaka who leads ...' -> Mei Tanaka)."""
    email = EMAIL.search(piece)
    piece = EMAIL.sub(" ", piece).replace("<>", " ").replace("()", " ")
    paren = re.search(r"\(([^()]{1,60})\)", piece)
    head = piece[: paren.start()] if paren else piece
    words = head.replace("<", " ").split()
    for cut in range(min(len(words), 7), 0, -1):
        candidate = " ".join(words[:cut]).rstrip(",")
        person = parse_name(candidate, language)
        if person and (person.family or person.honorific or person.title or cut == 1):
            if cut == 1 and not (person.honorific or person.title or not _LATIN.search(head)):
                return None  # one bare word ("Mei") is too little to add a person from the text
            if paren and not person.position and paren[1].strip():
                person = replace(person, position=paren[1].strip())
            if email:
                person = replace(person, email=email.group().rstrip(".").casefold())
            return person
    return None


def _agenda_people(rest: str, language: str) -> list[Person]:
    """'System design — Mei Tanaka' or 'Coding | Jonas Berg, Engineering Manager'; nobody from
    a welcome or tour slot (the host receives, the interviewers come later)."""
    if WELCOME.search(rest):
        return []
    parts = [p.strip() for p in AGENDA_SPLIT.split(rest.strip(" —–-")) if p.strip()]
    for part in reversed(parts):
        with_ = WITH.search(part)
        if with_:
            part = with_["who"]
        people = _listed(part, language)
        if people:
            return people
    return []


def _contacts_in_text(
    lines: list[str], me: set[str], company_words: tuple[str, ...], language: str
) -> tuple[Person | None, Person | None, set[str]]:
    """A recruiter or coordinator the text names with an address (their line or a neighbour
    says so: a signature puts "Recruiter" on the next line), any other person's address, and
    the mailboxes the text gives."""
    contact = other = None
    mailboxes: set[str] = set()
    for n, line in enumerate(lines):
        for match in EMAIL.finditer(line[:1000]):
            email = match.group().rstrip(".").casefold()
            if email in me or is_robot(email):
                continue
            if is_mailbox(email, company_words):
                mailboxes.add(email)
                continue
            before = line[: match.start()].rstrip(" <(:[")
            person = (
                _name_before(before, language)
                or _name_before(lines[n - 1] if n else "", language)
                or _from_attendee(Attendee(email), email, language)
                or Person(name=email.partition("@")[0], email=email)
            )
            person = replace(person, email=email)
            around = " ".join(x[:300] for x in lines[max(0, n - 2) : n + 3])
            if contact is None and RECRUITER.search(around):
                contact = person
            other = other or person
    return contact, other, mailboxes


def _name_before(text: str, language: str) -> Person | None:
    words = text.split()[-6:]
    for start in range(len(words)):
        person = parse_name(" ".join(words[start:]), language)
        if person and person.family:
            return person
    return None


def _merge(listed: list[Person], texted: list[Person]) -> list[Person]:
    """Attendees in their order, a text name joined to its attendee; then the text's others."""
    merged = list(listed)
    for person in texted:
        twin = next((i for i, m in enumerate(merged) if _same(m, person)), None)
        if twin is None:
            family = [
                i
                for i, m in enumerate(merged)
                if person.family and not person.given and _family_matches(m, person)
            ]
            twin = family[0] if len(family) == 1 else None
        if twin is None:
            merged.append(person)
        else:
            merged[twin] = _combine(merged[twin], person)
    unique: dict[str, Person] = {}
    for person in merged:
        unique.setdefault(person.key, person)
    return list(unique.values())


def _same(a: Person, b: Person) -> bool:
    if a.email and b.email:
        return a.email == b.email
    if fold(a.name) == fold(b.name):
        return True
    email = a.email or b.email
    other = b if a.email else a
    if email and other.given and other.family:
        local = re.sub(r"[^a-z]", "", fold(email.partition("@")[0]))
        given = re.sub(r"[^a-z]", "", fold(other.given))
        family = re.sub(r"[^a-z]", "", fold(other.family))
        return local in (given + family, family + given, given[:1] + family)
    return False


def _family_matches(a: Person, b: Person) -> bool:
    return bool(a.family and b.family and fold(a.family) == fold(b.family))


def _combine(kept: Person, other: Person) -> Person:
    """One person from two mentions: the fuller name, the address and titles of either."""
    fuller = other if len(other.name.split()) > len(kept.name.split()) else kept
    rest = kept if fuller is other else other
    return Person(
        name=fuller.name,
        email=kept.email or other.email,
        title=kept.title or other.title,
        honorific=kept.honorific or other.honorific,
        given=fuller.given or rest.given,
        family=fuller.family or rest.family,
        position=kept.position or other.position,
    )


def _enrich(person: Person, merged: list[Person]) -> Person:
    return next((m for m in merged if m.key == person.key), person)


def _company_words(invite: Invite, me: set[str]) -> tuple[str, ...]:
    """Words the company may call its own mailbox by: CNs of non-personal attendees, and a CN
    that spells its own address's domain ("Bluebird Health" <bluebird@bluebirdhealth.com>)."""
    words = []
    for attendee in invite.attendees:
        name = attendee.name or ""
        email = attendee.email or ""
        if not name or email in me or len(name) >= 60:
            continue
        if not parse_name(name) or (
            len(name.split()) > 1 and _joined(name) in _domain_labels(email)
        ):
            words.append(name)
    return tuple(words)


def _domain_labels(email: str) -> set[str]:
    """The labels of an address's domain but its last, joined: bluebird-health.co.uk ->
    {bluebirdhealth, co}."""
    labels = email.rpartition("@")[2].split(".")[:-1] if "@" in email else []
    return {_joined(label) for label in labels if label}


def _joined(text: str) -> str:
    """Letters and digits only, folded: "Bluebird Health", "bluebird-health" -> bluebirdhealth."""
    return re.sub(r"[\W_]+", "", fold(text))


def _first_mailbox(invite: Invite, lines: list[str], mailboxes: set[str]) -> str:
    order = [(a.email or "").casefold() for a in invite.attendees]
    order += [m.group().rstrip(".").casefold() for line in lines for m in EMAIL.finditer(line)]
    return next((e for e in order if e in mailboxes), sorted(mailboxes)[0])
