"""The day the employer said it would decide by, as an invite or the user's notes state it, in
en/de/fr/es/nl/it: absolute ("by 11/6", "bis zum 11. Dezember") and relative ("by Friday",
"end of next week", "within 10 business days").

Phrases are found by pattern; the month and weekday words of each language come from
`dateparser`'s locale data and word dates are read by `dateparser`, imported only when a line
holds a decision cue. Business days, weeks and weekdays are counted here, with the configured
workdays and holidays: a library cannot know the user's working week.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, datetime, timedelta

from calsync.invite import lazy
from calsync.invite.text import MAX_LINE
from calsync.model import Note

MAX_DAYS = 366  # a stated day further out is no timeline to plan a follow-up around

# The verbs of answering, in the employer's voice ("we'll respond", "our team will follow up",
# "te contestaremos", "nos dirán", "nous vous répondrons", "ci diranno"): the cue of a line
# that says who answers, not what about. Never the candidate's "I'll follow up".
_ANSWERING = (
    r"(?<!\bI)(?:'ll|\s+will|\s+shall|\s+should|"
    r"\s+(?:aims?|aiming|expects?|expecting|plans?|planning|hopes?|hoping)\s+to)\s+"
    r"(?:be\s+able\s+to\s+)?(?:respond|reply|answer|follow\s+up|get\s+in\s+touch|"
    r"be\s+in\s+(?:touch|contact)|contact\s+you|reach\s+out|inform\s+you|notify\s+you|"
    r"come\s+back|write\s+to\s+you)|"
    r"\b(?:hear\s+from\s+(?:us|the\s+team|our\s+team|them|him|her)|"
    r"(?:uns|sich)\s+(?:\w+\s+){0,6}?(?:zur[üu]ck)?melden|"
    r"informieren\s+(?:wir\s+)?(?:Sie|dich|euch)|"
    r"antworten\s+(?:wir\s+)?(?:Ihnen|dir|euch)|h[öo]ren\s+(?:\w+\s+){0,5}?von\s+uns|"
    r"(?:nous|vous|te|on)\s+(?:vous\s+|te\s+)?(?:r[ée]pondr|recontacter|contacter|informer|tiendr|"
    r"reviendr|dir|[ée]crir|rappeller|rappeler)(?:ai|as|a|ons|ez|ont)\b|fer(?:a|ons|ont)\s+part|"
    r"(?:de\s+)?nos\s+nouvelles|"
    r"(?:te|le|os|les|me|nos)\s+(?:dir|contestar|responder|escribir|avisar|informar|comunicar|"
    r"contactar)(?:é|á|emos|éis|án|ás)|daremos\s+(?:una\s+)?respuesta|"
    r"tendr[áa]s?\s+noticias|noticias\s+nuestras|"
    r"(?:nemen|neem|neemt)\s+(?:\w+\s+){0,4}?contact|koppel(?:en|t)?\s+(?:\w+\s+){0,4}?terug|"
    r"terugkoppelen|ontvang(?:t|en)?\s+(?:\w+\s+){0,4}?(?:bericht|antwoord)|"
    r"hoor(?:t)?\s+(?:je|u)\b|"
    r"(?:ti|le|vi|ci|mi)\s+(?:far|risponder|ricontatter|contatter|comunicher|scriver|aggiorner|dir)"
    r"(?:ò|à|emo|ete|anno)|(?:risponder|ricontatter|comunicher)(?:ò|à|emo|anno)|"
    r"avr(?:ai|à|ete)\s+(?:nostre\s+)?notizie)"
)
# Words with which employers and notes announce a decision, in the six languages. A line
# without one is something else ("onsite by Friday"); a timeline note needs none.
CUE = lazy.compile(
    rf"(?:{_ANSWERING})|"
    r"\b(?:decision|decide[sd]?|deciding|hear back|get back to|come back to|back to you|"
    r"feedback|next steps?|let you know|update you|(?:our|a|an) (?:response|answer)|outcome|"
    r"be in touch|put (?:me|you) forward|"
    r"r[üu]ckmeldung|entscheidung|entscheiden|melden (?:uns|wir uns|sich)|bescheid|antwort|"
    r"ergebnis|n[äa]chsten? schritte|von uns h[öo]ren|"
    r"r[ée]ponse|retour|d[ée]cision|d[ée]cider|reviendrons vers|revenir vers|"
    r"prochaines [ée]tapes|tiendrons inform|recontacter|"
    r"respuesta|decisi[óo]n|decidir|te diremos|le diremos|pr[óo]ximos pasos|resultado|"
    r"pondremos en contacto|te contactaremos|te informaremos|le informaremos|"
    r"uitslag|beslissing|besluit|lat(?:en|e)\s+(?:\w+\s+){0,6}?weten|laat\s+(?:\w+\s+){0,6}?weten|"
    r"terugkoppeling|reactie|uitsluitsel|volgende stappen|hoor je|hoort\s+(?:\w+\s+){0,6}?van ons|"
    r"horen van ons|"
    r"risposta|decisione|decidere|(?:ti|le|vi) faremo sapere|riscontro|esito|prossimi passi|"
    r"ricontatteremo)",
    re.IGNORECASE,
)

# A line asking the candidate to answer by a day ("Please confirm by Friday", "Merci de nous
# faire part de votre réponse avant le 4 décembre") states the candidate's deadline, not theirs.
REQUEST = lazy.compile(
    r"\b(?:your|votre|ta|tu|ihre|deine|uw|la tua|la sua|la vostra)\s+(?:response|reply|answer|"
    r"availability|confirmation|réponse|retour|disponibilit|respuesta|confirmaci|disponibilidad|"
    r"antwort|rückmeldung|bestätigung|verfügbarkeit|reactie|antwoord|bevestiging|"
    r"beschikbaarheid|risposta|conferma)|"
    r"\bplease (?:confirm|reply|respond|let us know|send|return|complete|submit)|"
    r"\bbitte (?:bestätigen|antworten|geben sie|teilen sie|senden)|"
    r"\bmerci de (?:confirmer|répondre|nous)|\bpor favor,? (?:confirma|responde|env[íi]a)|"
    r"\bgraag (?:bevestigen|laten weten|ontvangen)|\bper favore (?:conferma|rispondi)|"
    r"\b(?:ti|vi|la) preghiamo di|\bsi prega di",
    re.IGNORECASE,
)
NEXT_STEPS = lazy.compile(
    r"next steps?|n[äa]chsten? schritte|prochaines [ée]tapes|pr[óo]ximos pasos|volgende stappen|"
    r"prossimi passi",
    re.IGNORECASE,
)

# What a number of days or weeks is written as ("within two weeks", "sous deux semaines"):
# the words for 1 to 10, variants separated by spaces ("_" joins a phrase), then extras.
_COUNTS = {
    "en": "a an one,two a_couple_of,three,four,five,six,seven,eight,nine,ten",
    "de": "ein eine einer einem eines,zwei,drei,vier,fünf,sechs,sieben,acht,neun,zehn vierzehn=14",
    "fr": "un une,deux,trois,quatre,cinq,six,sept,huit,neuf,dix quinze=15",
    "es": "un una uno,dos,tres,cuatro,cinco,seis,siete,ocho,nueve,diez quince=15",
    "nl": "een één,twee,drie,vier,vijf,zes,zeven,acht,negen,tien veertien=14",
    "it": "un uno una,due,tre,quattro,cinque,sei,sette,otto,nove,dieci quindici=15",
}
NUMBERS = {
    language: {
        word.partition("=")[0].replace("_", " "): int(word.partition("=")[2] or value)
        for value, slot in enumerate(counts.split(","), 1)
        for word in slot.split()
    }
    for language, counts in _COUNTS.items()
}

# "within N <unit>": what introduces the count, and the units (business days first: "days"
# is a prefix of nothing, but "Tage" is of "Tagen").
DURATION = {
    "en": (
        r"(?:within|in|over)\s+(?:the\s+(?:next|coming)\s+)?",
        r"(?P<b>business\s+days?|working\s+days?|work\s*days?)|(?P<d>days?)|(?P<w>weeks?)|"
        r"(?P<f>fortnights?)|(?P<m>months?)|(?P<h>hours?)",
    ),
    "de": (
        r"(?:(?:innerhalb|binnen)\s+(?:von\s+|der\s+(?:nächsten|kommenden)\s+)?|"
        r"in\s+(?:den\s+(?:nächsten|kommenden)\s+)?)",
        r"(?P<b>(?:Werk|Arbeits|Geschäfts)tag(?:en|e|s)?)|(?P<d>Tag(?:en|e|es)?)|"
        r"(?P<w>Wochen|Woche)|(?P<m>Monat(?:en|e|s)?)|(?P<h>Stunden)",
    ),
    "fr": (
        r"(?:sous|dans|d['’]ici|dans\s+un\s+délai\s+de)\s+(?:les\s+(?:prochains\s+)?)?",
        r"(?P<b>jours?\s+ouvr(?:és|ables|és)|jours?\s+ouvres)|(?P<d>jours?)|(?P<w>semaines?)|"
        r"(?P<m>mois)|(?P<h>heures)",
    ),
    "es": (
        r"(?:en|dentro\s+de|en\s+(?:un|el)\s+plazo\s+(?:máximo\s+)?de|durante)\s+"
        r"(?:(?:los|las)\s+pr[óo]xim[oa]s\s+)?",
        r"(?P<b>d[íi]as?\s+(?:h[áa]biles|laborables))|(?P<d>d[íi]as?)|(?P<w>semanas?)|"
        r"(?P<m>mes(?:es)?)|(?P<h>horas)",
    ),
    "nl": (
        r"(?:binnen|in|over)\s+(?:de\s+komende\s+|nu\s+en\s+)?",
        r"(?P<b>werkdag(?:en)?)|(?P<d>dag(?:en)?)|(?P<w>weken|week)|(?P<m>maand(?:en)?)|"
        r"(?P<h>uur)",
    ),
    "it": (
        r"(?:entro|tra|fra|nei\s+prossimi|nelle\s+prossime)\s+(?:(?:i|le)\s+prossim[ie]\s+)?",
        r"(?P<b>giorni\s+lavorativi|giorno\s+lavorativo|giorni\s+feriali)|(?P<d>giorni|giorno)|"
        r"(?P<w>settimane|settimana)|(?P<m>mesi|mese)|(?P<h>ore)",
    ),
}
# "sous quinzaine": a count and unit in one word.
WORD_DURATIONS = {
    "fr": (r"sous\s+(?:une\s+)?(?P<fortnight>quinzaine)|sous\s+(?P<week>huitaine)"),
    "de": (r"(?:innerhalb|binnen)\s+(?:von\s+)?(?P<fortnight>vierzehn\s+Tagen)"),
}

# Phrases about a week or month: (kind, pattern), the kind says which day they mean. Each
# language's prefix words ("by the", "d'ici la") belong to the phrase as written.
PERIODS = {
    "en": (
        r"(?:(?:by|before|until|towards?|around|at|in)\s+)?(?:the\s+)?",
        {
            "end_next": r"end\s+of\s+(?:the\s+)?(?:next|following|coming)\s+week",
            "end_this": r"end\s+of\s+(?:the\s+|this\s+)?week|eow|later\s+this\s+week|"
            r"this\s+week",
            "early_next": r"(?:early|beginning\s+of|start\s+of)\s+(?:the\s+)?next\s+week",
            "next_week": r"next\s+week|(?:the\s+)?following\s+week",
            "end_month": r"end\s+of\s+(?:the\s+|this\s+)?month",
            "tomorrow": r"tomorrow",
        },
    ),
    "de": (
        r"(?:(?:bis|spätestens|gegen)\s+(?:(?:zum|spätestens|zum)\s+)?)?",
        {
            "end_next": r"Ende\s+(?:der\s+)?(?:nächsten|kommenden)\s+Woche|"
            r"Ende\s+(?:nächster|kommender)\s+Woche",
            "end_this": r"Ende\s+(?:dieser|der|der\s+laufenden)\s+Woche|Wochenende|"
            r"(?:noch\s+)?(?:in\s+)?dieser\s+Woche|diese\s+Woche",
            "early_next": r"Anfang\s+(?:der\s+)?(?:nächsten|kommenden)\s+Woche|"
            r"Anfang\s+(?:nächster|kommender)\s+Woche",
            "next_week": r"(?:in\s+der\s+)?(?:nächsten|kommenden)\s+Woche|"
            r"(?:nächste|kommende)\s+Woche",
            "end_month": r"Ende\s+(?:des|dieses)\s+Monats|Monatsende",
        },
    ),
    "fr": (
        r"(?:(?:d['’]ici|avant|pour|en|à|vers)\s+)?(?:la\s+|le\s+)?",
        {
            "end_next": r"fin\s+de\s+(?:la\s+)?semaine\s+prochaine",
            "end_this": r"fin\s+de\s+(?:la\s+|cette\s+)?semaine|cette\s+semaine",
            "early_next": r"d[ée]but\s+de\s+(?:la\s+)?semaine\s+prochaine",
            "next_week": r"semaine\s+prochaine",
            "end_month": r"fin\s+du\s+mois|fin\s+de\s+ce\s+mois",
            "tomorrow": r"demain",
        },
    ),
    "es": (
        r"(?:(?:antes\s+del?|para|a|hacia|durante|en)\s+)?(?:(?:el|la|los)\s+)?",
        {
            "end_next": r"(?:finales|final|fin)\s+de\s+la\s+(?:pr[óo]xima\s+semana|"
            r"semana\s+que\s+viene)",
            "end_this": r"(?:finales|final)\s+de\s+(?:esta|la)\s+semana|fin\s+de\s+semana|"
            r"esta\s+semana",
            "early_next": r"(?:principios|comienzos|inicios)\s+de\s+la\s+(?:pr[óo]xima\s+semana|"
            r"semana\s+que\s+viene)",
            "next_week": r"pr[óo]xima\s+semana|semana\s+que\s+viene",
            "end_month": r"(?:finales|final|fin)\s+de(?:l)?\s+(?:este\s+)?mes",
        },
    ),
    "nl": (
        r"(?:(?:voor|vóór|uiterlijk|tegen|aan|op)\s+)?(?:het\s+)?",
        {
            "end_next": r"eind(?:e)?\s+(?:van\s+)?(?:de\s+)?(?:volgende|komende)\s+week",
            "end_this": r"eind(?:e)?\s+(?:van\s+)?(?:deze|de)\s+week|weekend|deze\s+week",
            "early_next": r"begin\s+(?:van\s+)?(?:de\s+)?(?:volgende|komende)\s+week",
            "next_week": r"(?:volgende|komende)\s+week",
            "end_month": r"eind(?:e)?\s+(?:van\s+)?(?:de|deze)\s+maand",
            "tomorrow": r"morgen",
        },
    ),
    "it": (
        r"(?:(?:entro|per|prima\s+del(?:la)?|verso)\s+)?(?:la\s+|il\s+)?",
        {
            "end_next": r"fine\s+(?:della\s+)?(?:prossima\s+settimana|settimana\s+prossima)",
            "end_this": r"fine\s+(?:di\s+questa|della)\s+settimana|fine\s+settimana|"
            r"questa\s+settimana",
            "early_next": r"inizio\s+(?:della\s+)?(?:prossima\s+settimana|settimana\s+prossima)",
            "next_week": r"(?:la\s+)?(?:prossima\s+settimana|settimana\s+prossima)",
            "end_month": r"fine\s+(?:del\s+)?mese|fine\s+di\s+questo\s+mese",
            "tomorrow": r"domani",
        },
    ),
}

# Part of a named month: "end of December", "Mitte Dezember", "mi-décembre", "a finales de
# diciembre", "eind december", "fine dicembre". Early is read as the 10th, mid as the 15th.
MONTH_PARTS = {
    "en": (
        r"(?:the\s+)?end\s+of|late",
        r"mid|(?:the\s+)?middle\s+of",
        r"early|(?:the\s+)?"
        r"(?:beginning|start)\s+of",
    ),
    "de": (r"Ende", r"Mitte", r"Anfang"),
    "fr": (
        r"(?:la\s+)?fin(?:\s+du\s+mois)?(?:\s+de)?",
        r"(?:la\s+)?mi",
        r"(?:le\s+)?d[ée]but(?:\s+de)?",
    ),
    "es": (
        r"(?:finales|final|fin)\s+de",
        r"mediados\s+de",
        r"(?:principios|comienzos|inicios)\s+de",
    ),
    "nl": (r"eind(?:e)?(?:\s+van)?", r"half|midden", r"begin"),
    "it": (r"(?:la\s+)?fine(?:\s+di)?", r"met[àa](?:\s+di)?", r"(?:l['’]\s*)?inizio(?:\s+di)?"),
}

# The words that introduce a deadline day ("by", "bis zum", "d'ici le"), and those that say
# which week a weekday is in ("next Friday", "vendredi prochain").
DEADLINE = {
    "en": r"(?:by|before|until|till|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before)"
    r"(?:\s+the)?",
    "de": r"(?:bis(?:\s+spätestens)?(?:\s+(?:zum|am))?|spätestens(?:\s+(?:am|bis(?:\s+zum)?))?|"
    r"vor\s+dem)",
    "fr": r"(?:d['’]ici(?:\s+(?:le|à))?|avant(?:\s+le)?|au\s+plus\s+tard(?:\s+le)?|jusqu['’]au)",
    "es": r"(?:antes\s+del?|a\s+m[áa]s\s+tardar\s+el|para\s+el|hasta\s+el)",
    "nl": r"(?:uiterlijk(?:\s+op)?|vóór|voor|tot\s+en\s+met|tegen)",
    "it": r"(?:entro\s+e\s+non\s+oltre(?:\s+il)?|entro(?:\s+(?:il|l['’]|lo))?|prima\s+del|"
    r"non\s+oltre\s+il)",
}
WEEKDAY_BEFORE = {
    "en": r"(?:next|this|coming|this\s+coming)",
    "de": r"(?:nächsten|kommenden|diesen)",
    "fr": r"(?:ce)",
    "es": r"(?:el\s+pr[óo]ximo|el|este|pr[óo]ximo)",
    "nl": r"(?:volgende|komende|aanstaande|deze)",
    "it": r"(?:il\s+prossimo|prossimo|questo)",
}
# The same words when no "by" comes before: only those that say "next" ("this Friday" alone
# is as often an agenda's day as a decision's).
NAMED_BEFORE = {
    "en": r"(?:next|coming|this\s+coming)",
    "de": r"(?:nächsten|kommenden)",
    "fr": r"(?!x)x",
    "es": r"(?:el\s+pr[óo]ximo|pr[óo]ximo)",
    "nl": r"(?:volgende|komende|aanstaande)",
    "it": r"(?:il\s+prossimo|prossimo)",
}
WEEKDAY_AFTER = {"fr": r"prochain", "es": r"que\s+viene", "it": r"prossimo", "nl": r"aanstaande"}
# "Wednesday next week": the weekday of the week after the interview's.
NEXT_WEEK_AFTER = {
    "en": r"(?:of\s+)?next\s+week",
    "de": r"(?:nächster|kommender|der\s+nächsten|der\s+kommenden)\s+Woche",
    "fr": r"de\s+la\s+semaine\s+prochaine",
    "es": r"de\s+la\s+(?:pr[óo]xima\s+semana|semana\s+que\s+viene)",
    "nl": r"(?:van\s+)?(?:volgende|komende)\s+week",
    "it": r"(?:della\s+)?(?:prossima\s+settimana|settimana\s+prossima)",
}
# Words that put a day after a decision without saying "by": "we'll let you know on Friday".
# Weaker than a deadline word: an agenda's "onsite on Dec 4" must not beat "decide by Dec 11".
WEAK = ("date_on", "weekday_on", "weekday_named")
ON = {"en": r"on", "de": r"am", "fr": r"le", "es": r"el", "nl": r"op", "it": r"il"}
ARTICLE = r"(?:the|den|le|el|il|de)"
# Day-first English: British spellings and places, a day written before its month.
BRITISH = lazy.compile(
    r"\b(?:organis|realis|recognis|prioritis|apologis|colour|favour|centre|programme|behaviour|"
    r"whilst|fortnight)\w*|£|\+44\b|\+353\b|\+61\b|\.co\.uk\b|\bUK\b|\bLondon\b|\bDublin\b|"
    r"\bBST\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:January|February|March|April|May|June|"
    r"July|August|September|October|November|December)\b",
    re.IGNORECASE,
)


def decision(
    notes: tuple[Note, ...], lines: list[str], interview_day: date, language: str, setup
) -> tuple[date, str] | None:
    """The day the employer said it would answer by, and the phrase as written; None when
    nothing is stated, or what is stated is no day to plan around (before the interview, more
    than a year after it, or a day that does not exist).

    The user's timeline notes come first (what was said in the room is the latest word), then
    the description's lines with a decision cue."""
    texts = [(n.raw or n.text)[:MAX_LINE] for n in notes if n.kind == "timeline"]
    texts += [
        line[:MAX_LINE]
        for line in lines
        if CUE.search(line[:MAX_LINE]) and not REQUEST.search(line[:MAX_LINE])
    ]
    if not texts:
        return None
    languages = tuple(dict.fromkeys((language if language in NUMBERS else "en", "en")))
    day_first = language != "en" or bool(BRITISH.search("\n".join([*lines, *texts])))
    for text in dict.fromkeys(texts):
        for found in _candidates(text, languages):
            when = _day(found, interview_day, day_first, setup)
            if when is not None and interview_day <= when <= interview_day + timedelta(MAX_DAYS):
                return when, found[0].strip(" ,.;:")
    return None


def _candidates(text: str, languages: tuple[str, ...]) -> list[tuple[str, str, re.Match, str]]:
    """Every timeline phrase in `text`: (phrase, kind, match, language), the one nearest a
    decision cue first ("we'll let you know by Friday" beats an agenda's date)."""
    found = []
    for language in languages:
        for kind, pattern in _patterns(language):
            for match in pattern.finditer(text):
                found.append((match[0], kind, match, language))
    # A phrase inside a longer one is part of it: "next week" of "by Wednesday next week".
    found = [
        f
        for f in found
        if not any(
            g[2].start() <= f[2].start() and f[2].end() <= g[2].end() and g[2].span() != f[2].span()
            for g in found
        )
    ]
    cues = [m.start() for m in CUE.finditer(text)]
    if not any(not NEXT_STEPS.fullmatch(m[0]) for m in CUE.finditer(text)):
        # "Next steps: onsite on Dec 4" is an agenda; only a deadline word makes it a decision.
        found = [f for f in found if f[1] not in WEAK]

    def distance(item) -> tuple[bool, int, int]:
        start = item[2].start()
        weak = item[1] in WEAK
        return (weak, min((abs(start - c) for c in cues), default=0), start)

    return sorted(found, key=distance)


@functools.cache
def _patterns(language: str) -> tuple[tuple[str, re.Pattern], ...]:
    """The compiled phrase patterns of one language: durations, periods, and deadline days
    (the last with the language's month and weekday words)."""
    lead, units = DURATION[language]
    numbers = "|".join(sorted(map(re.escape, NUMBERS[language]), key=len, reverse=True))
    count = rf"(?:\d{{1,5}}|{numbers})"
    span = rf"(?:{count}\s*(?:-|–|to|or|bis|oder|à|ou|a|o|tot|of)\s*)?"  # "5-7 days": the later
    out = [("duration", re.compile(rf"\b{lead}{span}(?P<n>{count})\s+(?:{units})\b", re.I))]
    if language in WORD_DURATIONS:
        out.append(("word_duration", re.compile(rf"\b(?:{WORD_DURATIONS[language]})\b", re.I)))
    prefix, periods = PERIODS[language]
    for kind, body in periods.items():
        out.append((kind, re.compile(rf"(?<!\w){prefix}(?:{body})\b", re.I)))
    months, weekdays = _words(language)
    deadline = DEADLINE[language]
    numeric = (
        r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})|"
        r"(?P<n1>\d{1,2})(?P<sep>[./])(?P<n2>\d{1,2})(?:(?P=sep)(?P<ny>\d{4}|\d{2})(?!\d))?\.?"
        r"(?!\d|\s*(?:[:h]\d|uhr\b|[ap]\.?m\b))"  # "by 10.30 am" is a time, not a day
    )
    if months:
        month, month2 = rf"(?P<month>{months})\.?", rf"(?P<month2>{months})\.?"
        day = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|º|°|ª|\.)?"
        year = r"(?:,?\s+(?:de\s+)?(?P<year>\d{4}))?"
        worded = (
            rf"{day}\s+(?:of\s+|de\s+)?{month}{year}|"
            rf"{month2}\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year2>\d{{4}}))?"
        )
    else:
        worded = r"(?!x)x"
    dated = rf"(?:(?:{weekdays or '(?!x)x'})\.?,?\s+(?:{ARTICLE}\s+)?)?(?:{worded}|{numeric})"
    out.append(("date", re.compile(rf"\b{deadline}\s+(?:{ARTICLE}\s+)?(?:{dated})", re.I)))
    if months:
        end, mid, early = MONTH_PARTS[language]
        part = rf"(?:(?P<end>{end})|(?P<mid>{mid})|(?P<early>{early}))"
        named = (
            rf"{part}[\s-]+(?:of\s+|d['’]|di\s+)?(?P<pmonth>{months})\b(?:\s+(?P<pyear>\d{{4}}))?"
        )
        out.append(("month_part", re.compile(rf"(?<!\w){prefix}{named}", re.I)))
    if weekdays:
        long_days = "|".join(w for w in weekdays.split("|") if len(w.replace("\\", "")) >= 4)
        before = WEEKDAY_BEFORE.get(language, r"(?!x)x")
        after = WEEKDAY_AFTER.get(language, r"(?!x)x")
        following = NEXT_WEEK_AFTER[language]
        weekday = (
            rf"(?:{before}\s+)?(?P<weekday>{long_days})"
            rf"(?:\s+{after}|,?\s+(?P<following>{following}))?"
        )
        out.append(("weekday", re.compile(rf"\b{deadline}\s+{weekday}\b", re.I)))
        out.append(("weekday_on", re.compile(rf"\b{ON[language]}\s+{weekday}\b", re.I)))
        # "We'll get back to you next Tuesday", "mardi prochain": the week word is the deadline.
        named = (
            rf"\b{NAMED_BEFORE[language]}\s+(?P<weekday>{long_days})\b|"
            rf"\b(?P<weekday2>{long_days})\s+{after}\b"
        )
        out.append(("weekday_named", re.compile(named, re.I)))
    out.append(("date_on", re.compile(rf"\b{ON[language]}\s+(?:{dated})", re.I)))
    return tuple(out)


@functools.cache
def _words(language: str) -> tuple[str, str]:
    """The language's month and weekday words as regex alternations, longest first, from
    dateparser's locale data ("dez", "dezember"; "ven", "venerdì")."""
    info = _locale_info(language)
    months = [w for name in calendar.month_name[1:] for w in info.get(name.lower(), ())]
    weekdays = [w for name in calendar.day_name for w in info.get(name.lower(), ())]

    def alternation(words) -> str:
        kept = {w.lower().rstrip(".") for w in words if len(w.rstrip(".")) >= 3}
        return "|".join(re.escape(w) for w in sorted(kept, key=len, reverse=True))

    return alternation(months), alternation(weekdays)


@functools.cache
def _locale_info(language: str) -> dict:
    try:
        from dateparser.languages import default_loader  # ~0.1 s: only for a stated timeline

        return dict(default_loader.get_locale(language).info)
    except Exception:  # noqa: BLE001 - a broken or missing locale: no words, no dates from them
        return {}


def _month_part(match: re.Match, interview_day: date, language: str) -> date | None:
    """The 10th, 15th or last day of the named month: the first on or after the interview."""
    month = _index(language, match["pmonth"].rstrip("."), calendar.month_name[1:])
    if month is None:
        return None
    years = (
        [int(match["pyear"])] if match["pyear"] else [interview_day.year, interview_day.year + 1]
    )
    for year in years:
        last = calendar.monthrange(year, month + 1)[1]
        when = date(year, month + 1, last if match["end"] else 15 if match["mid"] else 10)
        if when >= interview_day:
            return when
    return None


def _index(language: str, word: str, names) -> int | None:
    """Which of `names` (English month or day names) the language's `word` is."""
    info = _locale_info(language)
    for index, name in enumerate(names):
        if word.casefold() in (w.casefold().rstrip(".") for w in info.get(name.lower(), ())):
            return index
    return None


def _weekday_index(language: str, word: str) -> int | None:
    return _index(language, word, calendar.day_name)


def _day(found, interview_day: date, day_first: bool, setup) -> date | None:
    """The calendar day a phrase means, counted from the interview's day; None if none."""
    _phrase, kind, match, language = found
    try:
        if kind == "duration":
            return _after(interview_day, _number(match["n"], language), match, setup)
        if kind == "word_duration":
            return interview_day + timedelta(days=14 if match["fortnight"] else 7)
        if kind in ("weekday", "weekday_on", "weekday_named"):
            index = _weekday_index(language, match["weekday"] or match.groupdict().get("weekday2"))
            if index is None:
                return None
            if match.groupdict().get("following"):
                return interview_day + timedelta(7 + index - interview_day.weekday())
            return interview_day + timedelta((index - interview_day.weekday() - 1) % 7 + 1)
        if kind in ("date", "date_on"):
            return _dated(match, interview_day, day_first, language)
        if kind == "month_part":
            return _month_part(match, interview_day, language)
        return _period(kind, interview_day, setup)
    except (ValueError, OverflowError):
        return None  # "31 February", "13/13": no such day, no timeline


def _number(raw: str, language: str) -> int:
    raw = " ".join(raw.split()).casefold()
    return int(raw) if raw.isdigit() else NUMBERS[language].get(raw, NUMBERS["en"].get(raw, 0))


def _after(day: date, n: int, match: re.Match, setup) -> date | None:
    if n <= 0 or n > MAX_DAYS:
        return None
    if match["b"]:
        return add_workdays(day, n, setup)
    if match["d"]:
        return day + timedelta(n)
    if match["w"]:
        return day + timedelta(weeks=n)
    if match.groupdict().get("f"):
        return day + timedelta(weeks=2 * n)
    if match["h"]:
        return day + timedelta(-(-n // 24))  # "within 48 hours": two days
    return _add_months(day, n)


def add_workdays(day: date, n: int, setup) -> date | None:
    """The nth workday after `day`, skipping the configured weekly days off and holidays."""
    workdays = set(setup.workdays)
    if not workdays or n > MAX_DAYS:
        return None
    while n > 0:
        day += timedelta(1)
        if day.weekday() in workdays and day not in setup.holidays:
            n -= 1
    return day


def _add_months(day: date, n: int) -> date:
    month = day.month - 1 + n
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _period(kind: str, day: date, setup) -> date | None:
    """The day a week or month phrase means: a week ends on its last workday of Monday to
    Friday (Thursday for a Sunday-to-Thursday week); "early next week" leaves two workdays."""
    monday = day - timedelta(day.weekday())
    last = max((w for w in setup.workdays if w <= 4), default=4)
    if kind == "end_this":
        end = monday + timedelta(last)
        return end if end >= day else end + timedelta(7)
    if kind in ("end_next", "next_week"):
        return monday + timedelta(7 + last)
    if kind == "early_next":
        return add_workdays(monday + timedelta(6), 2, setup)
    if kind == "end_month":
        return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    if kind == "tomorrow":
        return day + timedelta(1)
    return None


def _dated(match: re.Match, interview_day: date, day_first: bool, language: str) -> date | None:
    """A written day: ISO, numeric (in the text's order), or with a month word (dateparser)."""
    if match["iy"]:
        return date(int(match["iy"]), int(match["im"]), int(match["id"]))
    if match["n1"]:
        a, b = int(match["n1"]), int(match["n2"])
        day_first = day_first or match["sep"] == "."  # "11.6." is day first everywhere
        day, month = (a, b) if day_first else (b, a)
        if month > 12 and day <= 12:
            day, month = month, day  # "25/11" can only be day first
        year = match["ny"]
        if year:
            return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
        return _next(day, month, interview_day)
    month = match.groupdict().get("month") or match.groupdict().get("month2")
    if not month:
        return None
    day = match["day"] or match["day2"]
    year = match["year"] or match["year2"]
    return _parse(f"{int(day)} {month} {year or ''}".strip(), language, interview_day)


def _next(day: int, month: int, interview_day: date) -> date | None:
    """The first `day`.`month` on or after the interview day (a year without it has none)."""
    for year in (interview_day.year, interview_day.year + 1):
        try:
            when = date(year, month, day)
        except ValueError:
            continue  # 29 February of a common year: try the next
        if when >= interview_day:
            return when
    return None


def _parse(text: str, language: str, interview_day: date) -> date | None:
    """A day-and-month-word date read by dateparser in the language; without a year, the
    first one on or after the interview day (the base is the day before: dateparser's
    "future" excludes the base day itself)."""
    try:
        import dateparser

        base = datetime.combine(interview_day - timedelta(1), datetime.min.time())
        parsed = dateparser.parse(
            text,
            languages=[language],
            settings={
                "PREFER_DATES_FROM": "future",
                "RELATIVE_BASE": base,
                "DATE_ORDER": "DMY",  # the text is rebuilt day first: "4 December 2026"
                "REQUIRE_PARTS": ["day", "month"],
            },
        )
    except Exception:  # noqa: BLE001 - a library error on odd text is no timeline, never a crash
        return None
    return parsed.date() if parsed else None
