"""The command line: the only module that imports click, prints, or exits."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import sys
import traceback
import warnings
from datetime import date, datetime
from pathlib import Path

import click

from calsync import __version__
from calsync.errors import CalsyncError, ConfigError, OutputError, TargetError, UsageError


class CalsyncGroup(click.Group):
    """Turns calsync's errors into one line on stderr and their documented exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.Abort):
            raise
        except click.ClickException as exc:  # its message may quote an argument: a file name
            exc.message = printable(exc.message)
            raise
        except CalsyncError as exc:
            _fail(ctx, exc, exc.exit_code)
        except KeyboardInterrupt:
            say("calsync: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # `calsync status | head`: the reader has all it wanted
            _drop_stdout()
            ctx.exit(0)
        except Exception as exc:  # a bug: say so, and show where with -vv
            _fail(ctx, exc, 1)


def _fail(ctx: click.Context, exc: BaseException, code: int) -> None:
    verbose = (ctx.obj or {}).get("verbose", 0)
    try:
        sys.stdout.flush()
    except (OSError, OutputError):  # what it holds can go nowhere now (a full disk)
        _drop_stdout()
    if verbose >= 2:
        say("".join(traceback.format_exception(exc)), err=True, nl=False, lines=True)
    if isinstance(exc, ConfigError):
        say(f"calsync: configuration error in {exc.source}:", err=True)
        for problem in exc.problems:
            say(f"  {problem}", err=True)
    elif isinstance(exc, CalsyncError):
        say(f"calsync: error: {exc}", err=True)
    else:
        hint = "" if verbose >= 2 else " (run with -vv for the traceback)"
        say(f"calsync: internal error: {type(exc).__name__}: {exc}{hint}", err=True)
    ctx.exit(code)


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so that what is left in its buffer does not fail again (and
    change the exit code) when Python flushes it at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):  # a test's capture
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (kept open until exit)
    finally:
        os.close(devnull)


# C0 and C1 control characters and DEL: ESC starts the sequences that move the cursor, clear
# the screen or retitle the window, and U+009B is ESC [ in one character.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str, *, lines: bool = False) -> str:
    """Text from outside (a SUMMARY, a company, a file name, a server's answer) as a terminal
    may get it: each control character shown as an escape (`\\x1b`), so that none can drive
    the terminal, and a line stays one line. `lines`: newlines and tabs stay (a draft)."""
    keep = "\n\t" if lines else ""
    return _CONTROLS.sub(lambda m: m[0] if m[0] in keep else f"\\x{ord(m[0]):02x}", text)


def say(text: str = "", *, err: bool = False, nl: bool = True, lines: bool = False) -> None:
    """Print through printable(). A full stdout raises OutputError (see _Stdout); a stderr that
    cannot take a line leaves nowhere to say anything, and the exit code tells."""
    try:
        click.echo(printable(text, lines=lines), nl=nl, err=err)
    except OSError as exc:
        if not err or isinstance(exc, BrokenPipeError):
            raise


class _Stdout(io.FileIO):
    """File descriptor 1, whose failures (a full disk) are OutputError, exit 5, wherever they
    happen: a report, the calendar written to stdout, click's own --help."""

    def write(self, data) -> int:
        try:
            return super().write(data)
        except BrokenPipeError:  # the reader has all it wanted (`| head`): see invoke
            raise
        except OSError as exc:
            raise OutputError(exc) from None


def _guard_stdout() -> None:
    """Put _Stdout under sys.stdout, with the same encoding and buffering."""
    try:
        fd, old = sys.stdout.fileno(), sys.stdout
    except (AttributeError, OSError, ValueError):  # no real stdout: nothing to guard
        return
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_Stdout(fd, "w", closefd=False)),
        encoding=old.encoding,
        errors=old.errors,
        line_buffering=old.line_buffering,
    )


def _json(document: dict) -> str:
    """JSON for stdout: C1 controls and DEL escaped too (json escapes only C0); the values are
    the text exactly."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m[0]):04x}", text)


@click.group(cls=CalsyncGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-c",
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="CALSYNC_CONFIG",
    help="Config file (default: ~/.config/calsync/config.toml; env CALSYNC_CONFIG).",
)
@click.option("-v", "--verbose", count=True, help="More detail; -vv shows tracebacks.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on success (for cron).")
@click.version_option(__version__, prog_name="calsync")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, verbose: int, quiet: bool) -> None:
    """Plan job-interview follow-ups from your calendar.

    calsync finds the interviews in your calendar and writes a dated task for each
    follow-up, with a ready-to-send draft: a thank-you to each interviewer, one phone
    call, a next-steps check and one final nudge.

    \b
    Example:
      calsync sync ~/calendar.ics -o ~/followups.ics
    """
    ctx.obj = {"config_path": config_path, "verbose": verbose, "quiet": quiet}
    _log_level(verbose)


def _log_level(verbose: int) -> None:
    """-v: what calsync does; -vv: each request too (method, path, status; never a body or a
    header). Only calsync's own loggers speak: the HTTP and caldav libraries' never do."""
    logger = logging.getLogger("calsync")
    if verbose and not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_PrintableFormatter("calsync: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.DEBUG if verbose >= 2 else logging.INFO if verbose else logging.WARNING)


class _PrintableFormatter(logging.Formatter):
    """Log lines name files, URLs and events: escaped as everything calsync prints."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        return printable(super().formatMessage(record))

    def formatException(self, ei) -> str:  # noqa: N802
        return printable(super().formatException(ei), lines=True)


def output_options(command):
    """-v and -q after the command name too (`calsync sync x.ics -vv`), as users type them."""

    def more_verbose(ctx, _param, count):
        if count:
            ctx.obj["verbose"] += count
            _log_level(ctx.obj["verbose"])

    def quieter(ctx, _param, quiet):
        if quiet:
            ctx.obj["quiet"] = True

    command = click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=more_verbose,
        help="More detail; -vv shows tracebacks.",
    )(command)
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=quieter,
        help="Print nothing on success (for cron).",
    )(command)


def _config(ctx: click.Context):
    from calsync import config

    return config.load(ctx.obj["config_path"])


# The years --now may name: the planning window (up to 3,650 days either way) and the cadence
# (up to 3 x 3,650 business days) must stay inside what a datetime holds (years 1 to 9999).
NOW_YEARS = (1900, 9000)


def _now(value: str | None) -> datetime:
    if not value:
        return datetime.now().astimezone()
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"--now: {value!r} is not an ISO 8601 instant (example: 2026-11-20T18:00:00Z)"
        ) from None
    first, last = NOW_YEARS
    if not first <= moment.year <= last:  # refused, not clamped: a clamped now would lie
        raise UsageError(
            f"--now: {value.strip()} is outside the years calsync can plan in; "
            f"give a time from {first}-01-01 to {last}-12-31"
        )
    return moment if moment.tzinfo else moment.astimezone()


@cli.command()
@click.argument("sources", nargs=-1, metavar="[SOURCE]...")
@click.option(
    "-o",
    "--output",
    "target",
    metavar="TARGET",
    help="A .ics file (updated in place), a directory (one .ics per item), a CalDAV calendar "
    "(caldav+https://… or the [target] name), or - for stdout. Default: the configured "
    "[target], else stdout.",
)
@click.option(
    "--as",
    "as_",
    type=click.Choice(["todo", "event", "auto"]),
    help="Write VTODO tasks or VEVENTs (for calendars that take no tasks). Default: todo; "
    "auto for CalDAV, from what the calendar takes.",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option(
    "--now",
    envvar="CALSYNC_NOW",
    metavar="WHEN",
    help="ISO 8601 instant used as now (env CALSYNC_NOW); for reproducible runs.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as a JSON document.")
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Go on when a source that held interviews has no events now (its follow-ups are "
    "then cancelled).",
)
@output_options
@click.pass_context
def sync(ctx, sources, target, as_, dry_run, now, as_json, allow_empty):
    """Read SOURCEs, find interviews, and write their follow-ups to TARGET.

    SOURCE is a .ics file, a directory of .ics files, - for stdin, a published
    calendar feed (https://… or webcal://…, such as Google's secret address in
    iCal format; downloaded again only when it changed), a CalDAV calendar
    (caldav+https://user@host/path/), or the name of a [[source]] in the
    config; without any, the configured [[source]] entries. Several sources
    are merged; an event in two of them counts once (higher SEQUENCE wins).
    Running it again with the same input changes nothing.

    \b
    Examples:
      calsync sync calendar.ics                      # follow-ups to stdout
      calsync sync calendar.ics -o followups.ics     # create or update a file
      calsync sync "webcal://example.com/cal.ics" -o followups.ics
      calsync sync ~/.calendars/work -o ~/.tasks/followups --dry-run
      calsync sync                                   # the configured sources and target
    """
    from calsync import sync as sync_run
    from calsync.targets import open_target

    config = _config(ctx)
    chosen = open_target(target, sys.stdout.buffer, config)
    to_stdout = chosen.label == "<stdout>"
    if as_json and to_stdout and not dry_run:
        raise UsageError("--json prints the report on stdout: also give -o TARGET, or --dry-run")
    moment = _now(now)
    report = sync_run.run(
        _sources(sources, config, getattr(chosen, "endpoint", None)),
        chosen,
        config,
        moment,
        as_=as_ or _target_as(target, config),
        dry_run=dry_run,
        allow_empty=allow_empty,
        progress=_progress_bar() if sys.stderr.isatty() and not ctx.obj["quiet"] else None,
    )
    if sys.stderr.isatty() and not ctx.obj["quiet"]:
        click.echo("\r\033[K", nl=False, err=True)  # the progress line gives way to the summary
    quiet = ctx.obj["quiet"]
    if not quiet or as_json:
        for notice in report.notices:
            say(f"calsync: warning: {notice}", err=True)
    try:
        if as_json:
            say(_json(_report_json(report, moment, target or "-")), lines=True)
            return
        out_err = to_stdout and not dry_run  # stdout carries the calendar: the summary: stderr
        if dry_run:
            for judged in report.judged:
                say(_judged_line(judged))
            for action in report.actions:
                say(_action_line(action))
        if not quiet or dry_run:
            say(_summary(report), err=out_err)
    except OutputError as exc:
        if dry_run or not chosen.persistent:
            raise
        # Printed after the commit: the target and its ledger are whole, only this report is
        # lost, and the next run finds everything unchanged. Exit 5 all the same: cron says so.
        raise TargetError(
            f"{exc}; the follow-ups were written to {chosen.label} all the same"
        ) from None


def _target_as(spec: str | None, config) -> str | None:
    """The `as` of the [target] entry that TARGET names (or of the configured one): it comes
    before [output] as, as the README says."""
    from calsync.config import resolve

    if spec is None:
        entry = config.target
    elif spec == "-" or config.target is None:
        entry = None
    else:
        entry = resolve(spec, (config.target,))
    return entry.as_ if entry is not None else None


def _progress_bar():
    """One line on the terminal, rewritten in place: `calsync: writing 12/40 ████░░░░`. Only
    when stderr is a terminal (never in cron mail or a pipe), and only for runs long enough to
    have more than one step."""

    def show(stage: str, done: int, total: int) -> None:
        if total < 2:
            return
        filled = 20 * done // total
        bar = "█" * filled + "░" * (20 - filled)
        click.echo(f"\r\033[Kcalsync: {stage} {done}/{total} {bar}", nl=False, err=True)

    return show


def _sources(specs: tuple[str, ...], config, target_entry=None) -> list:
    """SOURCE arguments as paths (str) or CalDAV / configured entries; none: the configured."""

    if not specs and not config.sources:
        raise UsageError(
            "no SOURCE: give a .ics file, a directory, a published calendar's https:// or "
            "webcal:// address, or a caldav+https:// URL, "
            "or add [[source]] entries to the config"
        )
    chosen = _chosen_sources(specs, config)
    _warn_insecure([c for c in chosen if not isinstance(c, str)] + [target_entry])  # the one used
    return chosen


def _chosen_sources(specs: tuple[str, ...], config) -> list:
    """Each SOURCE as a configured entry or caldav+ URL (Endpoint), else as given (a path or a
    feed URL); none given: the configured [[source]] entries."""
    from calsync.config import resolve

    return [resolve(spec, config.sources) or spec for spec in specs] or list(config.sources)


def _warn_insecure(entries) -> None:
    """Every run, not once: a switched-off certificate check must not be forgotten. Said once
    per entry here, so the HTTP library's own warning on every request is not repeated."""
    for entry in entries:
        if entry is not None and entry.url and not entry.verify_tls:
            say(
                f"calsync: warning: {entry.where}: TLS certificate checks are off "
                "(verify_tls = false); anyone on the network path can read and change this "
                "traffic. Use ca_file for a private CA instead",
                err=True,
            )
            warnings.filterwarnings("ignore", message="Unverified HTTPS request")


def _summary(report) -> str:
    c = report.counts
    prefix = "dry run: would have " if report.dry_run else ""
    return (
        f"{prefix}created {c['create']}, updated {c['update']}, cancelled {c['cancel']}, "
        f"unchanged {c['unchanged']}, kept as they are {c['kept'] + c['deleted']} "
        f"({report.interviews} interviews in {report.events} events)"
    )


def _action_line(action) -> str:
    item = action.item
    kind = str(item.get("X-CALSYNC-KIND", ""))
    start = item.get("DTSTART")
    when = f"{start.dt:%a %Y-%m-%d %H:%M %Z}" if start is not None else ""
    return f"{action.verb:<9} {kind:<11} {when:<24} {item.get('SUMMARY', '')}  ({action.reason})"


def _judged_line(judged) -> str:
    """A candidate event and the verdict: `interview      work.ics: event "Superday"
    (title "Superday"; organizer goodtime.io)`."""
    verdict = "interview" if judged.verdict.interview else "not one"
    return f"{verdict:<9} {judged.where}  ({'; '.join(judged.verdict.reasons)})"


def _report_json(report, now: datetime, target: str) -> dict:
    actions = []
    for action in report.actions:
        item = action.item
        start, due = item.get("DTSTART"), item.get("DUE") or item.get("DTEND")
        actions.append(
            {
                "action": action.verb,
                "uid": action.uid,
                "kind": str(item.get("X-CALSYNC-KIND", "")),
                "application": str(item.get("X-CALSYNC-APPLICATION", "")),
                "summary": str(item.get("SUMMARY", "")),
                "start": start.dt.isoformat() if start is not None else None,
                "due": due.dt.isoformat() if due is not None else None,
                "reason": action.reason,
            }
        )
    return {
        "schema": "calsync.sync/1",
        "now": now.isoformat(),
        "target": target,
        "dry_run": report.dry_run,
        "interviews": report.interviews,
        "events": report.events,
        "counts": {
            "created": report.counts["create"],
            "updated": report.counts["update"],
            "cancelled": report.counts["cancel"],
            "unchanged": report.counts["unchanged"],
            "kept": report.counts["kept"],
            "deleted": report.counts["deleted"],
        },
        "actions": actions,
        "candidates": [
            {
                "event": j.where,
                "uid": j.uid,
                "interview": j.verdict.interview,
                "reasons": list(j.verdict.reasons),
            }
            for j in report.judged
        ],
        "warnings": [str(n) for n in report.notices],
    }


TARGET_OPTION = click.option(
    "-o",
    "--output",
    "target",
    metavar="TARGET",
    help="What `calsync sync -o` writes: a .ics file, a directory, or a CalDAV calendar. "
    "Default: the configured [target].",
)


@cli.command()
@TARGET_OPTION
@click.option("--now", envvar="CALSYNC_NOW", metavar="WHEN", help="ISO 8601 instant used as now.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON document (calsync.status/1).")
@output_options
@click.pass_context
def status(ctx, target, now, as_json):
    """Show each application and the state of its follow-ups.

    States: pending (not yet started), due (started, not yet due), overdue,
    done, cancelled, edited (changed by you), deleted (removed by you).

    \b
    Example:
      calsync status -o ~/followups.ics
    """
    from calsync import sync as sync_run
    from calsync.targets import open_target

    moment = _now(now)
    config = _config(ctx)
    entries = sync_run.read_status(_existing_target(target, open_target, config), moment)
    if as_json:
        say(_json(_status_json(entries, moment)), lines=True)
        return
    if not entries:
        say("no follow-ups yet: run calsync sync first")
        return
    zone = sync_run.default_zone(config)
    say(f"times in {zone}, now {moment.astimezone(zone):%a %d %b %H:%M}")
    for entry in entries:
        say(_status_heading(entry, zone))
        for f in entry.followups:
            due = f"{f.due.astimezone(zone):%a %d %b %H:%M}" if f.due else ""
            row = f"  {f.short_id}  {printable(f.kind):<11}  {due:<16}  {f.state:<9}  "
            label = printable(_status_label(f))  # escaped first: the cut counts what shows
            say((row + _cut(label, 80 - len(row))).rstrip())  # fits 80 columns


# What a row adds to its kind and its heading: the interviewer a thank-you goes to, or the
# summary the user gave it; calsync's own summaries for the other kinds say nothing more.
_OWN_SUMMARY = re.compile(
    r"^(?:Send thank-you to (?P<who>.+)|Call .+ about the .+ role|Ask .+ about next steps"
    r"|Final follow-up with .+)$"
)


def _status_label(f) -> str:
    label = f.summary.rsplit(" — ", 1)[0]  # the company is in the heading
    own = _OWN_SUMMARY.match(label)
    if own is None:
        return label
    return f"to {own['who']}" if own["who"] else ""


def _existing_target(spec: str | None, open_target, config):
    target = open_target(spec, None, config)
    if target.label == "<stdout>":
        raise UsageError("no target: give -o TARGET, or add a [target] to the config")
    _warn_insecure([getattr(target, "endpoint", None)])  # status, draft, replied connect too
    if not target.exists():
        again = f"calsync sync -o {spec}" if spec else "calsync sync"
        raise UsageError(f"{spec or target.label}: no such target yet; run {again} first")
    return target


def _status_heading(entry, zone) -> str:
    name = printable(entry.company or entry.key)
    if entry.role:
        name += f" — {printable(entry.role)}"
    details = []
    if entry.latest_round:
        details.append(f"latest round {entry.latest_round.astimezone(zone):%a %d %b}")
    if entry.replied:
        details.append(f"replied {entry.replied}")
    return _cut(name, 78 - sum(len(d) + 3 for d in details)) + "".join(f" · {d}" for d in details)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _status_json(entries, now: datetime) -> dict:
    def moment(value):
        return value.isoformat() if value else None

    return {
        "schema": "calsync.status/1",
        "now": now.isoformat(),
        "applications": [
            {
                "application": e.key,
                "company": e.company,
                "role": e.role,
                "latest_round": moment(e.latest_round),
                "replied": e.replied,
                "followups": [
                    {
                        "uid": f.uid,
                        "id": f.short_id,
                        "kind": f.kind,
                        "summary": f.summary,
                        "start": moment(f.start),
                        "due": moment(f.due),
                        "state": f.state,
                    }
                    for f in e.followups
                ],
            }
            for e in entries
        ],
    }


@cli.command()
@click.argument("ident", metavar="ID")
@TARGET_OPTION
@output_options
@click.pass_context
def draft(ctx, ident, target):
    """Print one follow-up's draft (subject and body), ready to paste.

    ID is the follow-up's UID or the short id that `calsync status` shows.

    \b
    Example:
      calsync draft 3f1c2a9b -o ~/followups.ics | pbcopy
    """
    from calsync import drafts
    from calsync import sync as sync_run
    from calsync.targets import open_target

    item = sync_run.find_followup(_existing_target(target, open_target, _config(ctx)), ident)
    say(drafts.draft_part(str(item.get("DESCRIPTION", ""))), nl=False, lines=True)


@cli.command()
@click.argument("application")
@TARGET_OPTION
@click.option(
    "--on",
    "on",
    metavar="DATE",
    help="When they answered (YYYY-MM-DD); default: today.",
)
@output_options
@click.pass_context
def replied(ctx, application, target, on):
    """Record that the employer answered APPLICATION.

    Cancels the application's pending phone-call, next-steps and final-nudge, and
    they are never planned again; thank-yous stay. APPLICATION is the company
    name (any case), the application key `status` shows, or an interview UID.

    \b
    Example:
      calsync replied "Northwind Robotics" -o ~/followups.ics
    """
    from calsync import sync as sync_run
    from calsync.targets import open_target

    today = _now(os.environ.get("CALSYNC_NOW")).astimezone().date()  # CALSYNC_NOW, as everywhere
    try:
        day = date.fromisoformat(on) if on else today
    except ValueError:
        raise UsageError(f"--on: {on!r} is not a date like 2026-11-25") from None
    chosen = _existing_target(target, open_target, _config(ctx))
    replies, actions = sync_run.record_reply(chosen, application, day)
    if not ctx.obj["quiet"]:
        for reply in replies:
            earlier = f" (it said {reply.before} before)" if reply.before else ""
            say(f"recorded the reply from {reply.name} on {day.isoformat()}{earlier}")
        count = len(actions)
        say(f"cancelled {count} pending follow-up{'s' if count != 1 else ''}")


@cli.command()
@click.argument("sources", nargs=-1, metavar="[SOURCE]...")
@click.option("-o", "--output", "target", metavar="TARGET", help="Check this target instead.")
@click.option(
    "--as",
    "as_",
    type=click.Choice(["todo", "event", "auto"]),
    help="Check the target for this kind of item (default: the [target]'s, else [output] as, "
    "else auto).",
)
@output_options
@click.pass_context
def doctor(ctx, sources, target, as_):
    """Check that each source can be read and the target written.

    For every configured [[source]] and the [target] (or the SOURCEs and -o
    given): reachable, logged in, a calendar, takes what calsync reads or
    writes (and which one --as auto picks), writable. One line each, with the
    fix for what fails; exit 0 only when everything works, else 5.

    \b
    Example:
      calsync doctor
    """
    from calsync import doctor as checks
    from calsync.config import resolve

    config = _config(ctx)
    chosen_sources = _chosen_sources(sources, config)
    chosen_target = config.target
    if target is not None:
        chosen_target = resolve(target, (config.target,) if config.target else ()) or target
    if not chosen_sources and chosen_target is None:
        raise UsageError(
            "nothing to check: add [[source]] and [target] to the config, or give them"
        )
    _warn_insecure([e for e in (*chosen_sources, chosen_target) if not isinstance(e, str)])
    results = [checks.check("source", s) for s in chosen_sources]
    if chosen_target is not None:
        # --as, else the [target]'s, else [output] as: what sync would write, not just auto.
        wanted = as_ or _target_as(target, config) or config.output.as_
        results.append(checks.check("target", chosen_target, wanted))
    for result in results:
        mark = "ok  " if result.ok else "FAIL"
        say(f"{mark}  {result.role} {result.where}: {result.detail}")
    if not all(r.ok for r in results):
        ctx.exit(5)


@cli.command()
@click.option("--force", is_flag=True, help="Replace a config file that exists already.")
@output_options
@click.pass_context
def init(ctx, force):
    """Write a commented starter config to the config path.

    Your name, address and time zone are filled in from git and the system;
    everything else is shown commented out. An existing file is never replaced
    without --force.

    \b
    Example:
      calsync init && calsync config --show
    """
    from calsync import config as config_module
    from calsync import starter
    from calsync.targets import write_atomic

    path = ctx.obj["config_path"] or config_module.default_path()
    if path.exists() and not force:
        raise UsageError(
            f"{path}: exists already; edit it, or run calsync init --force to replace it"
        )
    text = starter.starter(starter.inferred())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot write ({exc.strerror or exc})") from None
    config_module.load(path)  # what it wrote must load
    if not ctx.obj["quiet"]:
        say(f"wrote {path}")
        say("next: add your calendars there ([[source]], [target]), then run: calsync doctor")
        say("  or try it on a file first: calsync sync ~/calendar.ics --dry-run")


@cli.command("config")
@click.option("--show", is_flag=True, required=True, help="Print the configuration in effect.")
@output_options
@click.pass_context
def config_command(ctx, show):
    """Print the configuration in effect, defaults included (passwords masked).

    \b
    Example:
      calsync config --show
    """
    from calsync import starter

    say(starter.effective(_config(ctx)), nl=False, lines=True)


def main() -> None:
    _guard_stdout()
    try:
        cli(prog_name="calsync")
    except OutputError as exc:  # --help or --version on a full disk: click printed those
        _drop_stdout()
        say(f"calsync: error: {exc}", err=True)
        sys.exit(exc.exit_code)
