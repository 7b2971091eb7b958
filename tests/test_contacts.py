"""The address book (issue 7): the phone-call follow-up carries the number the user keeps for
the recruiter or an interviewer, matched by e-mail address."""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from conftest import DATA, SAMPLES

from calsync.cli import cli

NOW = "2026-11-20T18:00:00Z"


def config_with(tmp_path, contacts) -> str:
    path = tmp_path / "config.toml"
    text = (SAMPLES / "config.toml").read_text(encoding="utf-8")
    path.write_text(text + f'\n[contacts]\npath = "{contacts}"\n', encoding="utf-8")
    return str(path)


def phone_call_drafts(output: str) -> dict[str, str]:
    """SUMMARY -> DESCRIPTION of the phone-call items in a calendar on stdout."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(output.encode("utf-8"))
    return {
        str(t["SUMMARY"]): str(t["DESCRIPTION"])
        for t in calendar.walk("VTODO")
        if str(t["X-CALSYNC-KIND"]) == "phone-call"
    }


def sync(config: str):
    return CliRunner().invoke(
        cli, ["-c", config, "sync", str(SAMPLES / "calendar.ics"), "--now", NOW]
    )


def test_the_recruiters_work_number_from_the_address_book_is_in_the_phone_call(tmp_path):
    result = sync(config_with(tmp_path, DATA / "contacts"))
    assert result.exit_code == 0, result.output
    drafts = phone_call_drafts(result.stdout)
    northwind = drafts["Call Northwind Robotics about the Senior Backend Engineer role"]
    # The organizer's card, matched whatever the case of the address; work before mobile.
    assert "Number: +49 30 5550 1870 (Lena Hoffmann)" in northwind
    # Bluefin's screen was booked through Calendly: the interviewer's card gives the number.
    assert (
        "Number: +1-415-555-0142 (Marco Bianchi)"
        in drafts["Call Bluefin Analytics about the Data Analyst role"]
    )
    # A card that does not parse is named in a warning, and the rest is used.
    assert "broken.vcf: skipped, not a vCard file" in result.stderr


def test_without_an_address_book_entry_the_placeholder_stays(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    shutil.copy(DATA / "contacts" / "marco.vcf", book)
    drafts = phone_call_drafts(sync(config_with(tmp_path, book)).stdout)
    northwind = drafts["Call Northwind Robotics about the Senior Backend Engineer role"]
    assert "Number: [phone number: ask the recruiter or check the job posting]" in northwind


def test_a_missing_address_book_is_a_config_error(tmp_path):
    result = sync(config_with(tmp_path, tmp_path / "nowhere.vcf"))
    assert result.exit_code == 3
    assert "[contacts] path:" in result.stderr and "does not exist" in result.stderr
