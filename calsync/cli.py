"""The command line: the only module that imports click, prints, or exits."""

from __future__ import annotations

import json
import sys
import traceback
from datetime import datetime
from pathlib import Path

import click

from calsync import __version__
from calsync.errors import CalsyncError, ConfigError, UsageError


class CalsyncGroup(click.Group):
    """Turns calsync's errors into one line on stderr and their documented exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except CalsyncError as exc:
            _fail(ctx, exc, exc.exit_code)
        except KeyboardInterrupt:
            click.echo("calsync: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:  # a bug: say so, and show where with -vv
            _fail(ctx, exc, 1)


def _fail(ctx: click.Context, exc: BaseException, code: int) -> None:
    verbose = (ctx.obj or {}).get("verbose", 0)
    if verbose >= 2:
        traceback.print_exception(exc, file=sys.stderr)
    if isinstance(exc, ConfigError):
        click.echo(f"calsync: configuration error in {exc.source}:", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
    elif isinstance(exc, CalsyncError):
        click.echo(f"calsync: error: {exc}", err=True)
    else:
        hint = "" if verbose >= 2 else " (run with -vv for the traceback)"
        click.echo(f"calsync: internal error: {type(exc).__name__}: {exc}{hint}", err=True)
    ctx.exit(code)


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


def output_options(command):
    """-v and -q after the command name too (`calsync sync x.ics -vv`), as users type them."""

    def more_verbose(ctx, _param, count):
        if count:
            ctx.obj["verbose"] += count

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


def _now(value: str | None) -> datetime:
    if not value:
        return datetime.now().astimezone()
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"--now: {value!r} is not an ISO 8601 instant (example: 2026-11-20T18:00:00Z)"
        ) from None
    return moment if moment.tzinfo else moment.astimezone()


@cli.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option(
    "-o",
    "--output",
    "target",
    metavar="TARGET",
    help="A .ics file (updated in place), a directory (one .ics per item), or - for stdout "
    "(the default).",
)
@click.option(
    "--as",
    "as_",
    type=click.Choice(["todo", "event"]),
    help="Write VTODO tasks (default) or VEVENTs, for calendars that import no tasks.",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option(
    "--now",
    envvar="CALSYNC_NOW",
    metavar="WHEN",
    help="ISO 8601 instant used as now (env CALSYNC_NOW); for reproducible runs.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as a JSON document.")
@output_options
@click.pass_context
def sync(ctx, sources, target, as_, dry_run, now, as_json):
    """Read SOURCEs, find interviews, and write their follow-ups to TARGET.

    SOURCE is a .ics file, a directory of .ics files, or - for stdin. Several
    sources are merged; an event in two of them counts once (higher SEQUENCE wins).
    Running it again with the same input changes nothing.

    \b
    Examples:
      calsync sync calendar.ics                      # follow-ups to stdout
      calsync sync calendar.ics -o followups.ics     # create or update a file
      calsync sync ~/.calendars/work -o ~/.tasks/followups --dry-run
    """
    from calsync import sync as sync_run
    from calsync.targets import open_target

    to_stdout = target in (None, "-")
    if as_json and to_stdout and not dry_run:
        raise UsageError("--json prints the report on stdout: also give -o TARGET, or --dry-run")
    config = _config(ctx)
    moment = _now(now)
    report = sync_run.run(
        list(sources),
        open_target(target, sys.stdout.buffer),
        config,
        moment,
        as_=as_,
        dry_run=dry_run,
    )
    quiet = ctx.obj["quiet"]
    if not quiet or as_json:
        for notice in report.notices:
            click.echo(f"calsync: warning: {notice}", err=True)
    if as_json:
        click.echo(
            json.dumps(_report_json(report, moment, target or "-"), indent=2, ensure_ascii=False)
        )
        return
    out_err = to_stdout and not dry_run  # stdout carries the calendar: the summary goes to stderr
    if dry_run:
        for action in report.actions:
            click.echo(_action_line(action))
    if not quiet or dry_run:
        click.echo(_summary(report), err=out_err)


def _summary(report) -> str:
    c = report.counts
    prefix = "dry run: would have " if report.dry_run else ""
    return (
        f"{prefix}created {c['create']}, updated {c['update']}, cancelled {c['cancel']}, "
        f"unchanged {c['unchanged']}, kept as they are {c['kept']} "
        f"({report.interviews} interviews in {report.events} events)"
    )


def _action_line(action) -> str:
    item = action.item
    kind = str(item.get("X-CALSYNC-KIND", ""))
    start = item.get("DTSTART")
    when = f"{start.dt:%a %Y-%m-%d %H:%M %Z}" if start is not None else ""
    return f"{action.verb:<9} {kind:<11} {when:<24} {item.get('SUMMARY', '')}  ({action.reason})"


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
        },
        "actions": actions,
        "warnings": [str(n) for n in report.notices],
    }


def main() -> None:
    cli(prog_name="calsync")
