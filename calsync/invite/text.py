"""An invite's description as the user's lines (no conferencing boilerplate), and its language."""

from __future__ import annotations

import html
import re
import unicodedata

MAX_TEXT = 100_000  # characters of a DESCRIPTION read: pages more than anyone types
MAX_LINE = 2_000  # characters of one line matched: a long paragraph; a note is a sentence

# Blocks that conferencing and scheduling services paste into invites: (opening line, closing
# line). None: the block runs until the user's own notes start (a Notes:/Topics: heading) or
# the text ends.
BOILERPLATE_BLOCKS = (
    (re.compile(r"^\s*_{10,}\s*$"), re.compile(r"^\s*_{10,}\s*$")),
    (re.compile(r"^\s*-::~[:~]+"), re.compile(r"^\s*-::~[:~]+")),
    (re.compile(r"^\s*\.{10,}\s*$"), re.compile(r"^\s*\.{10,}\s*$")),
    (re.compile(r"^\s*[=*]{10,}\s*$"), re.compile(r"^\s*[=*]{10,}\s*$")),
    (
        re.compile(
            r"^\s*(microsoft teams( meeting| need help)?\b|join microsoft teams meeting|"
            r"besprechung in microsoft teams|réunion microsoft teams|reunión de microsoft teams|"
            r"microsoft teams-vergadering|riunione di microsoft teams)",
            re.I,
        ),
        re.compile(r"^\s*_{10,}\s*$"),
    ),
    (
        re.compile(
            r"^\s*(join zoom meeting|zoom meeting invitation|zoom-meeting beitreten|"
            r"participer à la réunion zoom|unirse a la reunión zoom|deelnemen aan zoom-vergadering|"
            r"entra nella riunione zoom|join webex meeting|cisco webex|"
            r"join with google meet|an google meet teilnehmen|participer avec google meet|"
            r"unirse con google meet|deelnemen met google meet|partecipa con google meet|"
            r"-*\s*do not delete or change any of the following text|"
            r"when it'?s time, join (the|this) webex meeting)|is inviting you to a scheduled zoom "
            r"meeting|lädt sie zu einem geplanten zoom-meeting ein|vous invite à une réunion zoom",
            re.I,
        ),
        None,
    ),
    (re.compile(r"^\s*event name:", re.I), re.compile(r"powered by calendly", re.I)),
)
BOILERPLATE_LINE = re.compile(
    r"(https?://[^\s/]{0,253}(zoom\.us|teams\.microsoft|teams\.live|meet\.google|webex\.com|"
    r"calendly\.com|aka\.ms|gotomeeting|goto\.com|whereby\.com)|meeting id|meeting-id|"
    r"besprechungs-id|id de (la )?réunion|id de reunión|vergader-id|id riunione|passcode|"
    r"kenncode|code secret|código de acceso|toegangscode|codice d'accesso|password:|\bpin:|"
    r"one tap mobile|mobilgerät mit einem fingertipp|dial[- ]in|dial by your location|"
    r"find your local number|find a local number|ortsnummer suchen|conference id|"
    r"konferenz-id|join by phone|per telefon teilnehmen|more phone numbers|reset pin|"
    r"meeting options|besprechungsoptionen|learn more|weitere informationen|"
    r"powered by calendly|cancel:|reschedule:|invitation from google calendar|"
    r"einladung von google kalender|you are receiving this|forwarding this invitation|"
    r"learn more about meet|invitation from|to stop receiving|manage your calendar|"
    r"view all guest info|reply for |or call in|\d,,|meeting number|access code|call-in|"
    r"webex\.com|sent (?:via|using|from) (?:greenhouse|lever|ashby|workday|goodtime|"
    r"modernloop|smartrecruiters|teamtailor|personio)|powered by (?:greenhouse|lever|ashby|"
    r"goodtime|modernloop|smartrecruiters|teamtailor|personio))",
    re.IGNORECASE,
)
HEADING = re.compile(r"^\s*(?P<name>[^\W\d][\w /&'.-]{0,30}?)\s*:\s*(?P<rest>.*)$")
# Headings under which the user writes their own notes, in the six languages.
NOTE_HEADINGS = frozenset(
    {
        *("notes", "topics", "talking points", "discussed", "discussion", "my notes"),
        *("notizen", "themen", "gesprächsnotizen", "meine notizen"),
        *("notes personnelles", "sujets", "mes notes"),
        *("notas", "temas", "mis notas"),
        *("notities", "onderwerpen", "mijn notities"),
        *("appunti", "argomenti", "i miei appunti", "note"),
    }
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "ul", "ol", "table"})


def lines(description: str) -> list[str]:
    """The description's lines without conferencing and scheduler boilerplate.

    Only the first MAX_TEXT characters are read, and each line only up to MAX_LINE: notes
    are at the top, and no pasted e-mail thread or hostile invite makes reading them slow.
    An HTML description (Google and Outlook write some) is read as its text."""
    text = _plain(description[:MAX_TEXT])
    raw = [line[:MAX_LINE] for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    kept: list[str] = []
    closing: re.Pattern | None | bool = False  # inside a block: its closing pattern (or None)
    for line in raw:
        if closing is not False:
            if closing is not None and closing.search(line):  # type: ignore[union-attr]
                closing = False
                continue
            if not is_notes_heading(line):
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


def is_notes_heading(line: str) -> bool:
    heading = HEADING.match(line)
    return bool(heading and heading["name"].strip().casefold() in NOTE_HEADINGS)


def _tag_as_text(match: re.Match) -> str:
    """A list item stays a bullet (notes are read from bullets); a table cell is a tab, so an
    ATS agenda's row reads "10:00\tSystem design\tMei Tanaka"; a block breaks the line."""
    tag, closing = match[2].lower(), match[1]
    if tag == "li":
        return "" if closing else "\n- "
    if tag in ("td", "th"):
        return "" if closing else "\t"
    return "\n" if tag in _BREAKS else ""


def _plain(text: str) -> str:
    """HTML as text: tags that break lines become line breaks, the others go, entities are
    decoded. Text that is not HTML is left as it is (a `<` in a note stays)."""
    if not re.search(r"<(br|p|div|b|a|span|li|td|table|html)\b[^>]*>", text, re.I):
        return text
    broken = _TAG.sub(_tag_as_text, text)
    # Markup's own gaps are no paragraphs: "<p>Notes:</p><ul><li>" is a heading and its list.
    plain = html.unescape(broken).replace("\xa0", " ")
    return re.sub(r"\n[ \t]*(?:\n[ \t]*)*", "\n", plain).strip("\n")


# Words frequent in business text of one language and rare in the others: what a person can tell
# a language by in one sentence. Accents are folded before counting, so a missing accent counts.
_WORDS = {
    "en": """the and you your with for will our this that are have please interview meet
        looking forward thanks thank team role position next steps call be at about is it
        of to we us from on by would can if or an as who what when hear back week monday
        tuesday wednesday thursday friday january february march april june july august
        october november december asked send i'll they office""",
    "de": """und der die das sie ihr ihre mit für wir uns ist sind bitte vorstellungsgesprach
        gesprach termin freuen auf bei einladung stelle grusse ihnen zum zur nicht ein eine
        einen dem den des zu von im auch werden wird haben hat noch nach uber ich sich
        montag dienstag mittwoch donnerstag freitag januar februar marz mai juni juli
        dezember oktober herzliche viele gruße liebe hallo ruckmeldung""",
    "fr": """et le la les vous votre avec pour nous est sont merci entretien poste rendez-vous
        equipe des une du au aux sur cordialement prochaines etapes bonjour que qui dans ce
        cette pas ne un je il elle leur leurs nos notre chez lundi mardi mercredi jeudi
        vendredi janvier fevrier mars avril juin juillet aout septembre octobre novembre
        decembre d'ici reponse rencontrerez l'equipe""",
    "es": """el la los las y usted su con para nosotros es son gracias entrevista puesto equipo
        del una por saludos proximos pasos hola reunion estamos que en te se lo al nos nuestra
        nuestro nuestras nuestros oficina oficinas hasta antes despues esperamos lunes martes
        miercoles jueves viernes enero febrero marzo abril mayo junio julio agosto septiembre
        octubre noviembre diciembre respuesta entrevistara damos""",
    "nl": """de het een en je jij u uw met voor wij ons is zijn bedankt sollicitatiegesprek
        functie team van op graag gesprek groeten volgende stappen niet ook we jullie bij naar
        dat wat komt hebben wordt kun kunt maandag dinsdag woensdag donderdag vrijdag januari
        februari maart mei juni juli augustus oktober uiterlijk spreekt hoi""",
    "it": """il lo la gli le e lei suo con per noi siamo grazie colloquio posizione squadra
        del una di saluti prossimi passi ciao riunione sono che non un della dei delle nel
        nella ci ti vi al alla lunedi martedi mercoledi giovedi venerdi gennaio febbraio
        marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre entro
        incontrerai cordiali""",
}
_LEXICON: dict[str, set[str]] = {}
for _code, _text in _WORDS.items():
    for _word in _text.split():
        _LEXICON.setdefault(_word, set()).add(_code)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")


def fold(text: str) -> str:
    """Case and accents folded: how text is compared with a word list."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def language(text: str, among: tuple[str, ...] = tuple(_WORDS)) -> tuple[str, bool]:
    """The text's language among `among` (English when unsure), and whether that is sure: the
    leading language's distinctive words outnumber the next one's clearly."""
    scores = dict.fromkeys(among, 0.0)
    for word in _WORD.findall(fold(text[:MAX_TEXT])):
        codes = _LEXICON.get(word)
        if not codes:
            continue
        for code in codes:
            if code in scores:
                scores[code] += 1 / len(codes)  # a word two languages share counts half
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0] != "en"))
    if not ranked or ranked[0][1] == 0:
        return ("en" if "en" in among else among[0]), False
    best, score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    return best, score >= 3 and score >= 1.5 * second
