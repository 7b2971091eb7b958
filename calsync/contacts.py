"""The user's address book (vCard): the phone number for the phone-call follow-up.

An interview rarely carries the number to call; the address book often has it, under the
recruiter's or an interviewer's e-mail address. Read with vobject, as khard and vdirsyncer
write it: a `.vcf` file, or a directory of them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from calsync.errors import InputError
from calsync.model import Interview, Notice

MAX_BYTES = 16 * 1024 * 1024


def load(path: Path, notices: list[Notice]) -> dict[str, str]:
    """E-mail address (casefolded) -> "number (name)". A card that does not parse is skipped
    with a notice; a path that cannot be read at all is an input error (exit 4)."""
    import vobject

    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".vcf", ".vcard"))
    elif path.is_file():
        files = [path]
    else:
        raise InputError(f"{path}: no such address book ([contacts] path)")
    phones: dict[str, str] = {}
    for file in files:
        try:
            data = file.read_bytes()[:MAX_BYTES].decode("utf-8-sig", errors="replace")
            cards = list(vobject.readComponents(data))
        except OSError as exc:
            raise InputError(f"{file}: cannot read ({exc.strerror or exc})") from None
        except Exception as exc:  # vobject raises a zoo of types on bad input
            notices.append(Notice(str(file), f"skipped, not a vCard file ({type(exc).__name__})"))
            continue
        for card in cards:
            number = _number(card)
            if number is None:
                continue
            name = card.fn.value if "fn" in card.contents else None
            for email in card.contents.get("email", []):
                address = str(email.value).strip().casefold()
                phones.setdefault(address, f"{number} ({name})" if name else number)
    return phones


def enrich(interviews: list[Interview], phones: dict[str, str]) -> list[Interview]:
    """Each interview without a number gets one from the address book: the contact's (who
    organised it), else the first interviewer's that has one."""
    if not phones:
        return interviews
    found = []
    for interview in interviews:
        if interview.phone is None:
            people = [interview.contact, *interview.interviewers]
            for person in people:
                if person is not None and person.email and person.email.casefold() in phones:
                    interview = replace(interview, phone=phones[person.email.casefold()])
                    break
        found.append(interview)
    return found


def _number(card) -> str | None:
    """A work or voice number before a mobile or a fax; None without any."""
    numbers = card.contents.get("tel", [])

    def rank(tel) -> int:
        kinds = {str(t).upper() for t in tel.params.get("TYPE", [])}
        return 0 if "WORK" in kinds else 2 if "FAX" in kinds else 1

    for tel in sorted(numbers, key=rank):
        value = str(tel.value).strip().removeprefix("tel:")
        if value:
            return value
    return None
