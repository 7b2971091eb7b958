"""The README's references, made from the code so they cannot drift: every config key with its
default and meaning, and every command's --help. tests/test_docs.py fails when the README is
stale; `python -m calsync.reference README.md` rewrites its generated sections."""

from __future__ import annotations

import re
import sys
from pathlib import Path

# (key, default, meaning): one row per key the config reader accepts (test_docs checks that).
CONFIG_KEYS: tuple[tuple[str, str, str], ...] = (
    ("[me] name", "—", "signs the drafts (`[your name]` until set)"),
    (
        "[me] emails",
        "`[]`",
        "your addresses: you are never an interviewer, and your `DECLINED` counts",
    ),
    (
        "[me] employer_domains",
        "the domains of `emails` that are no mail service",
        "your own employer's domains: an interview where everyone else is from one of them is "
        "one you hold, not one you sit",
    ),
    ("[me] pitch", "—", "one sentence of your qualifications for the thank-you"),
    ("[me] phone", "—", "your phone number"),
    ("[me] timezone", "the system's", "IANA zone for floating, all-day and UTC-only times"),
    ("[detect] keywords", "built-in list", "replaces the keyword list"),
    ("[detect] extra_keywords", "`[]`", "added to the keyword list"),
    (
        "[detect] exclusions",
        "mock interview, interview prep, practice interview",
        "never interviews",
    ),
    ("[detect] lookback_days", "30", "how far back the planning window reaches, in days"),
    ("[detect] horizon_days", "90", "how far ahead the planning window reaches, in days"),
    ("[detect] replied_category", "`replied`", "the category that marks an answered application"),
    ("[cadence] thank_you_hours", "24", "thank-you due this long after the interview ends"),
    ("[cadence] phone_call", "`true`", "plan the one phone call"),
    ("[cadence] phone_call_business_days", "2", "business days after the latest round"),
    ("[cadence] next_steps_business_days", "5", "business days after the latest round"),
    ("[cadence] timeline_business_days", "1", "business days after a stated timeline"),
    ("[cadence] final_nudge_business_days", "5", "business days after next-steps"),
    ("[cadence] call_window", '`"10:00-16:00"`', "in the interview's time zone"),
    ("[cadence] workdays", "mon … fri", "business days"),
    (
        "[cadence] holidays",
        "`[]`",
        'dates (`2026-12-25`) skipped as business days; a country code (`"DE"`, '
        '`"US-CA"`) skips its public holidays (needs `pip install holidays`)',
    ),
    ("[cadence] max_thank_yous", "6", "per interview"),
    ("[output] as", "todo (files), auto (CalDAV)", '`"todo"`, `"event"` or `"auto"`'),
    ("[output] alarms", "`true`", "a display alarm at each item's start"),
    (
        "[contacts] path",
        "—",
        "a vCard file or directory (khard, vdirsyncer): the phone-call follow-up gets the "
        "recruiter's or an interviewer's number, matched by e-mail",
    ),
    (
        "[[source]]",
        "—",
        "one table per calendar read: `name`, and `path`, `url` (CalDAV) or `feed`, plus the "
        "keys below",
    ),
    (
        "[target]",
        "—",
        "where `sync` writes when no `-o` is given: `name`, `path` or `url`, `as`, plus the keys "
        "below",
    ),
    ("name", "—", "what to call the entry on the command line (`calsync sync work`)"),
    ("path", "—", "a `.ics` file or a directory"),
    ("url", "—", "a CalDAV calendar's URL; see [CalDAV](#caldav)"),
    (
        "feed",
        "—",
        "in a `[[source]]`: the address of a published calendar (`https://`, `http://` or "
        "`webcal://`); takes `timeout` and `ca_file`, no login; never printed",
    ),
    ("as", "auto", "in the `[target]`: `todo`, `event` or `auto`"),
    ("username", "—", "the CalDAV login"),
    ("password_command", "—", "a shell command printing the password; see [CalDAV](#caldav)"),
    ("password_env", "—", "the environment variable holding the password"),
    ("password", "—", "the password itself; refused unless the config file is `chmod 600`"),
    ("ca_file", "—", "a PEM file of the CA that signed the server's certificate"),
    ("verify_tls", "`true`", "`false` is insecure and warned about on every run"),
    ("timeout", "30", "seconds to wait for the server, per request"),
)


def config_table() -> str:
    rows = ["| key | default | meaning |", "|---|---|---|"]
    rows += [f"| `{key}` | {default} | {meaning} |" for key, default, meaning in CONFIG_KEYS]
    return "\n".join(rows) + "\n"


def command_reference() -> str:
    """`calsync --help` and each command's, as a user sees them in an 80-column terminal."""
    import click

    from calsync.cli import cli

    parts = []
    width = {"terminal_width": 80, "max_content_width": 80, "help_option_names": ["-h", "--help"]}
    with click.Context(cli, info_name="calsync", **width) as ctx:
        parts.append(("calsync --help", cli.get_help(ctx)))
        for name in sorted(cli.commands):
            command = cli.commands[name]
            with click.Context(command, info_name=name, parent=ctx, **width) as sub:
                parts.append((f"calsync {name} --help", command.get_help(sub)))
    return "".join(f"### `{title}`\n\n```\n{text}\n```\n\n" for title, text in parts)


SECTIONS = {"config": config_table, "commands": command_reference}
MARK = re.compile(r"(<!-- generated: (?P<name>\w+) -->\n).*?(<!-- end generated -->)", re.DOTALL)


def render(readme: str) -> str:
    """The README with every generated section made anew."""
    return MARK.sub(lambda m: m[1] + SECTIONS[m["name"]]() + m[3], readme)


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
