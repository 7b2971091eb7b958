"""[[source]] and [target] entries, caldav+ URLs, and where a password may come from (SPEC §8)."""

from __future__ import annotations

import os
import sys
from datetime import date

import pytest

from calsync import config, secrets
from calsync.errors import ConfigError, UsageError

CALENDAR = "https://dav.example.org/calendars/alex/work/"


def load(tmp_path, text: str, mode: int = 0o600):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return config.load(path)


def problems(tmp_path, text: str, mode: int = 0o600) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text, mode)
    return caught.value.problems


def test_sources_and_target_are_read_with_their_login(tmp_path):
    cfg = load(
        tmp_path,
        f"""
[[source]]
name = "work"
url = "{CALENDAR}"
username = "alex"
password_command = "pass show dav"

[[source]]
path = "~/calendars/personal.ics"

[target]
name = "tasks"
url = "caldav+https://dav.example.org/calendars/alex/tasks/"
username = "alex"
password_env = "DAV_PASSWORD"
as = "auto"
ca_file = "{tmp_path / "config.toml"}"
""",
    )
    work, personal = cfg.sources
    assert (work.name, work.url, work.username, work.password_command) == (
        "work",
        CALENDAR,
        "alex",
        "pass show dav",
    )
    assert personal.path == os.path.expanduser("~/calendars/personal.ics")
    assert cfg.target.url == "https://dav.example.org/calendars/alex/tasks/"  # caldav+ dropped
    assert (cfg.target.password_env, cfg.target.as_, cfg.target.verify_tls) == (
        "DAV_PASSWORD",
        "auto",
        True,
    )


def test_every_problem_in_the_entries_is_listed_with_where_it_is(tmp_path):
    found = problems(
        tmp_path,
        """
[[source]]
name = "work"
url = "ftp://dav.example.org/x/"
password_command = "a"
password_env = "B"

[[source]]
path = "a.ics"
url = "https://dav.example.org/y/"

[target]
url = "https://dav.example.org/t/"
as = "tasks"
verify_tls = "no"
timeout = 0
colour = "blue"
""",
    )
    text = "\n".join(found)
    assert "[[source]] 1 (work) url: ftp://dav.example.org/… is not a calendar URL" in text
    assert "[[source]] 1 (work): give one of password_command, password_env, not several" in text
    assert "[[source]] 2: give exactly one of path or url" in text
    assert '[target] as: must be "todo", "event" or "auto"' in text
    assert "[target] verify_tls: must be true or false" in text
    assert "[target] timeout: must be whole seconds from 1 to 600" in text
    assert "[target] colour: unknown key" in text


def test_two_sources_with_one_name_are_refused(tmp_path):
    found = problems(
        tmp_path,
        '[[source]]\nname = "a"\npath = "x.ics"\n[[source]]\nname = "a"\npath = "y.ics"\n',
    )
    assert found == ["[[source]] name: 'a' is used twice"]


def test_password_in_a_config_others_can_read_is_refused_with_the_fix(tmp_path):
    text = f'[target]\nurl = "{CALENDAR}"\nusername = "alex"\npassword = "hunter2-secret"\n'
    (found,) = problems(tmp_path, text, mode=0o644)
    assert "refused, the config file is readable by others (mode 644)" in found
    assert "chmod 600" in found
    assert "hunter2-secret" not in found
    cfg = load(tmp_path, text, mode=0o600)
    assert secrets.password(cfg.target) == "hunter2-secret"
    assert "hunter2-secret" not in repr(cfg)  # a debug print of the config never shows it


@pytest.mark.parametrize(
    ("spec", "url", "user"),
    [
        (
            "caldav+https://alex@dav.example.org/cal/work/",
            "https://dav.example.org/cal/work/",
            "alex",
        ),
        ("caldav+http://127.0.0.1:5232/alex/tasks/", "http://127.0.0.1:5232/alex/tasks/", None),
        (
            "caldav+https://a%40b.org@dav.example.org:8443/c/",
            "https://dav.example.org:8443/c/",
            "a@b.org",
        ),
    ],
)
def test_caldav_urls_on_the_command_line(spec, url, user):
    entry = config.endpoint_from_url(spec)
    assert (entry.url, entry.username) == (url, user)


def test_a_password_in_a_caldav_url_is_refused_without_repeating_it():
    with pytest.raises(UsageError) as caught:
        config.endpoint_from_url("caldav+https://alex:s3cret-pw@dav.example.org/cal/")
    assert "never put a password in the URL" in str(caught.value)
    assert "s3cret-pw" not in str(caught.value)


def test_names_from_the_config_win_and_plain_paths_stay_paths(tmp_path):
    cfg = load(tmp_path, f'[[source]]\nname = "work"\nurl = "{CALENDAR}"\n')
    assert config.resolve("work", cfg.sources).url == CALENDAR
    assert config.resolve("calendar.ics", cfg.sources) is None
    assert config.resolve("https://example.org/cal.ics", cfg.sources) is None  # not caldav+


def test_password_command_gives_its_first_line(tmp_path):
    entry = config.Endpoint(
        "[target]", url=CALENDAR, username="alex", password_command="printf 'pw-1\\nextra\\n'"
    )
    assert secrets.password(entry) == "pw-1"


def test_a_failing_password_command_says_so_without_its_output(tmp_path):
    entry = config.Endpoint(
        "[target]",
        url=CALENDAR,
        username="alex",
        password_command="echo leaked-secret; echo more-secret >&2; exit 3",
    )
    with pytest.raises(ConfigError) as caught:
        secrets.password(entry)
    assert "password_command failed (exit 3)" in str(caught.value)
    assert "secret" not in str(caught.value)


def test_password_env_names_the_variable(monkeypatch):
    entry = config.Endpoint("[target]", url=CALENDAR, username="alex", password_env="DAV_PW")
    monkeypatch.setenv("DAV_PW", "from-env")
    assert secrets.password(entry) == "from-env"
    monkeypatch.delenv("DAV_PW")
    with pytest.raises(ConfigError, match=r"\$DAV_PW is not set"):
        secrets.password(entry)


def test_without_a_password_source_and_no_terminal_the_fix_is_named(monkeypatch):
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115 (closed at exit)
    monkeypatch.setitem(sys.modules, "keyring", None)  # no keyring installed
    entry = config.Endpoint("[target]", url=CALENDAR, username="alex")
    with pytest.raises(ConfigError, match="set password_command or password_env"):
        secrets.password(entry)


def test_no_username_means_no_password_is_looked_up():
    entry = config.Endpoint("[target]", url=CALENDAR, password_command="exit 1")
    assert secrets.password(entry) is None


def test_holidays_take_dates_and_country_codes(tmp_path):
    cfg = load(tmp_path, '[cadence]\nholidays = ["2026-12-24", "de", "US-CA"]\n')
    assert cfg.cadence.holidays == (date(2026, 12, 24),)
    assert cfg.cadence.holiday_regions == ("DE", "US-CA")


def test_an_unknown_country_code_is_a_config_error(tmp_path):
    (found,) = problems(tmp_path, '[cadence]\nholidays = ["XX"]\n')
    assert (
        found == "[cadence] holidays: 'XX' is not a country (or region) the holidays package knows"
    )


def test_country_holidays_without_the_package_say_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "holidays", None)  # as if not installed
    (found,) = problems(tmp_path, '[cadence]\nholidays = ["DE"]\n')
    assert "pip install holidays" in found and "or list the dates instead" in found


SECRET_ICS = "https://calendar.google.com/calendar/ical/alex%40gmail.com/private-9f3e1c/basic.ics"


def test_a_published_address_given_as_a_caldav_url_is_refused_without_echoing_it(tmp_path):
    (found,) = problems(tmp_path, f'[[source]]\nname = "g"\nurl = "{SECRET_ICS}"\n')
    assert "write it as feed = …" in found
    assert "private-9f3e1c" not in found and "https://calendar.google.com/…" in found
    with pytest.raises(UsageError) as caught:
        config.endpoint_from_url("caldav+" + SECRET_ICS)
    assert "give it without caldav+" in str(caught.value)
    assert "private-9f3e1c" not in str(caught.value)
