"""The invite corpus (tests/data/invites/): what calsync reads from each invite, against what a
careful human reads from it (the .toml beside each .ics). Used by tests/test_invites.py, and run
as a script by `make corpus`, which prints a score per field:

    interview 64/64  company 58/60  ...

Each case is run through the whole reading path (the file read as a source, detection, the
invite layer), as `calsync sync` reads it.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
INVITES = HERE / "data" / "invites"
NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
ME = ("sam.lee@gmail.com", "sam@samlee.dev")
HOME = ZoneInfo("Europe/Berlin")  # the candidate's own zone: the employer's is rarely it
FIELDS = (
    "interview",
    "company",
    "role",
    "language",
    "zone",
    "decision",
    "phones",
    "contact",
    "mailboxes",
    "people",
    "titles",
    "greetings",
    "topics",
    "promises",
)


@dataclass
class Result:
    case: str
    uid: str
    expected: dict
    found: dict
    wrong: dict[str, tuple] = field(default_factory=dict)  # field -> (expected, found)


def cases() -> list[Path]:
    return sorted(INVITES.glob("*.toml"))


def judge(case: Path) -> list[Result]:
    """Every event of one case: what was expected and what calsync read, field by field."""
    from calsync import config as config_module
    from calsync import detect
    from calsync.invite import notes_for, people
    from calsync.sources import ics

    spec = tomllib.loads(case.read_text(encoding="utf-8"))
    base = config_module.Config()
    me = replace(
        base.me,
        name="Sam Lee",
        emails=tuple(spec.get("me", ME)),
        employer_domains=tuple(spec.get("employer_domains", ())),
    )
    cadence = replace(
        base.cadence, holidays=tuple(date.fromisoformat(str(d)) for d in spec.get("holidays", ()))
    )
    config = replace(base, me=me, cadence=cadence)
    calendar = case.with_suffix(".ics")
    detected = detect.detect(ics.read(str(calendar)), config, NOW, HOME)
    interviews = {i.uid: i for i in detected.interviews}
    results = []
    for expected in spec["event"]:
        uid = expected["uid"]
        interview = interviews.get(uid)
        found: dict = {"interview": interview is not None}
        if interview is not None:
            language = interview.language
            found |= {
                "company": interview.company or "",
                "role": interview.role or "",
                "language": language,
                "zone": interview.zone_name or "",
                "decision": interview.timeline,
                "phones": list(interview.phones),
                "contact": (interview.contact.email or "") if interview.contact else "",
                "mailboxes": sorted(interview.mailboxes),
                "people": [(p.name, p.email or "") for p in interview.interviewers],
                "titles": [p.title or "" for p in interview.interviewers],
                "greetings": [people.greeting(p, language) for p in interview.interviewers],
                "topics": [
                    sorted(_plain(n.text) for n in notes_for(interview, p, "topic"))
                    for p in interview.interviewers
                ],
                "promises": [
                    sorted(_plain(n.text) for n in notes_for(interview, p, "promise"))
                    for p in interview.interviewers
                ],
            }
        result = Result(case.stem, uid, expected, found)
        for name in FIELDS:
            want = _expected(expected, name)
            if want is _NOT_ASKED:
                continue
            have = found.get(name, _NOT_READ)
            if have != want:  # _expected asks nothing more of a non-interview
                result.wrong[name] = (want, have)
        results.append(result)
    return results


_NOT_ASKED = object()
_NOT_READ = "(not read)"


def _expected(event: dict, name: str):
    people = event.get("people", [])
    if name == "interview":
        return event["interview"]
    if not event["interview"]:
        return _NOT_ASKED
    simple = {
        "company": lambda: event.get("company", ""),
        "role": lambda: event.get("role", ""),
        "language": lambda: event.get("language", "en"),
        "zone": lambda: event.get("zone", ""),
        "decision": lambda: _day(event.get("decision")),
        "phones": lambda: list(event.get("phones", [])),
        "contact": lambda: event.get("contact", ""),
        "mailboxes": lambda: sorted(event.get("mailboxes", [])),
        "people": lambda: [(p["name"], p.get("email", "")) for p in people],
        "titles": lambda: [p.get("title", "") for p in people],
        "greetings": lambda: [p["greeting"] for p in people],
        "topics": lambda: [sorted(_plain(t) for t in p.get("topics", [])) for p in people],
        "promises": lambda: [sorted(_plain(t) for t in p.get("promises", [])) for p in people],
    }
    return simple[name]()


def _day(value) -> date | None:
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _plain(phrase: str) -> str:
    """A phrase compared as a reader compares it: case, spacing and end punctuation aside."""
    return " ".join(phrase.casefold().split()).strip(" .;,!")


def score(results: list[Result]) -> dict[str, tuple[int, int]]:
    """field -> (right, asked) over all events."""
    table = {name: [0, 0] for name in FIELDS}
    for result in results:
        for name in FIELDS:
            want = _expected(result.expected, name)
            if want is _NOT_ASKED:
                continue
            table[name][1] += 1
            table[name][0] += name not in result.wrong
    return {name: (right, asked) for name, (right, asked) in table.items()}


LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "nl": "Dutch"}
LANGUAGES |= {"it": "Italian"}


def readme_table() -> list[str]:
    """The README's table of the corpus: cases per tool and per language, side by side."""
    tools: dict[str, int] = {}
    languages: dict[str, int] = {}
    for case in cases():
        spec = tomllib.loads(case.read_text(encoding="utf-8"))
        tools[spec["tool"]] = tools.get(spec["tool"], 0) + 1
        stated = [e["language"] for e in spec["event"] if e.get("language")]
        # A case of non-interviews states no language: its name does (out_google_en_...).
        language = stated[0] if stated else next(w for w in case.stem.split("_") if w in LANGUAGES)
        languages[language] = languages.get(language, 0) + 1
    by_tool = sorted(tools.items(), key=lambda kv: (-kv[1], kv[0]))
    by_language = sorted(languages.items(), key=lambda kv: (-kv[1], kv[0]))
    rows = []
    for n in range(max(len(by_tool), len(by_language))):
        tool = by_tool[n] if n < len(by_tool) else ("", "")
        language = (
            (LANGUAGES[by_language[n][0]], by_language[n][1]) if n < len(by_language) else ("", "")
        )
        rows.append(
            f"| {tool[0]} | {tool[1]} | | {language[0]} | {language[1]} |".replace("  ", " ")
        )
    return rows


def main() -> int:
    results = [r for case in cases() for r in judge(case)]
    table = score(results)
    print("  ".join(f"{name} {right}/{asked}" for name, (right, asked) in table.items()))
    for result in results:
        for name, (want, have) in result.wrong.items():
            print(f"  {result.case} {name}: expected {want!r}, read {have!r}")
    return 0 if all(right == asked for right, asked in table.values()) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.exit(main())
