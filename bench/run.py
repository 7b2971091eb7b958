"""`make bench`: calsync's speed and memory against baselines measured in the same run.

Every figure is printed next to a baseline taken on this machine now (a plain icalendar parse of
the same file, `python -c "import click"`, the same sync on a smaller calendar), as a ratio, with
the goal it is held to. Nothing here is a pass/fail test; it prints, and says which goals hold.

    python bench/run.py                 # 1,000 / 10,000 / 100,000 events, CalDAV 200 / 2,000
    BENCH_SIZES=1000,10000 python bench/run.py
    BENCH_BASELINE_100K=1 python bench/run.py   # also parse 100,000 events with icalendar (~2 min)
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "tests")]

import generate  # noqa: E402

PYTHON = sys.executable
NOW = "2026-11-20T18:00:00Z"


def measure(argv: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB (of that process alone, via wait4), exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or os.environ.copy()
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        print(
            f"  ! {' '.join(argv[-4:])}: exit {process.returncode}: {process.stderr.read()[:300]}"
        )
    process.stderr.close()
    return wall, usage.ru_maxrss / 1024, process.returncode


def median_wall(argv: list[str], runs: int = 5) -> float:
    return statistics.median(measure(argv)[0] for _ in range(runs))


def row(*cells) -> None:
    print("  " + "  ".join(f"{c:<{w}}" for c, w in zip(cells, (34, 12, 12, 12, 26), strict=False)))


def goal(ok: bool) -> str:
    return "meets goal" if ok else "MISSES goal"


def files(work: Path) -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",")]
    print("\nEnd to end: calsync sync FILE -o OUT.ics, against icalendar.Calendar.from_ical(FILE)")
    row("events (file size)", "calsync", "icalendar", "ratio", "goal")
    env = {**os.environ, "CALSYNC_HOME": str(work / "home"), "CALSYNC_CONFIG": "/dev/null/none"}
    env.pop("CALSYNC_CONFIG")
    for size in sizes:
        path = work / f"{size}.ics"
        path.write_bytes(generate.calendar(size))
        mb = path.stat().st_size / 2**20
        out = work / f"out-{size}.ics"
        calsync = [PYTHON, "-m", "calsync", "-q", "sync", str(path), "-o", str(out), "--now", NOW]
        wall, rss, _ = measure(calsync, env)
        parse = [
            PYTHON,
            "-c",
            "import sys, icalendar; icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())",
            str(path),
        ]
        if size >= 100_000 and not os.environ.get("BENCH_BASELINE_100K"):
            base_wall = base_rss = None
        else:
            base_wall, base_rss, _ = measure(parse)
        label = f"{size:,} ({mb:.1f} MB)"
        if base_wall:
            ratio = wall / base_wall
            verdict = f"≤ 0.05× parse: {goal(ratio <= 0.05)}" if size == 10_000 else ""
            row(label + " time", f"{wall:.2f} s", f"{base_wall:.2f} s", f"{ratio:.3f}×", verdict)
        else:
            verdict = f"< 10 s: {goal(wall < 10)}" if size >= 100_000 else ""
            row(label + " time", f"{wall:.2f} s", "(skipped)", "", verdict)
        memory = rss / mb
        verdict = f"< 3× file: {goal(memory < 3)}" if size >= 100_000 else ""
        base = f"{base_rss:.0f} MB" if base_rss else "(skipped)"
        row(label + " peak memory", f"{rss:.0f} MB", base, f"{memory:.1f}× file", verdict)


def startup() -> None:
    print("\nStart-up: calsync --help against python -c 'import click' (median of 5)")
    row("command", "time", "baseline", "extra", "goal")
    base = median_wall([PYTHON, "-c", "import click"])
    for argv in (["--help"], ["--version"]):
        wall = median_wall([PYTHON, "-m", "calsync", *argv])
        verdict = f"≤ +0.15 s: {goal(wall - base <= 0.15)}" if argv == ["--help"] else ""
        row(
            f"calsync {argv[0]}", f"{wall:.3f} s", f"{base:.3f} s", f"+{wall - base:.3f} s", verdict
        )


def caldav(work: Path) -> None:
    import servers

    print("\nCalDAV (local Radicale): requests and time of a first sync and of a no-op sync")
    row("source events", "requests", "PUTs", "time", "goal")
    counts = {}
    with servers.radicale(work / "radicale") as server:
        for size in (200, 2000):
            source = servers.fresh_calendar(server, ("VEVENT",))
            target = servers.fresh_calendar(server, ("VTODO",))
            _fill(server, source, size)
            with servers.RecordingProxy(server.base_url) as proxy:
                env = {**os.environ, "CALSYNC_HOME": str(work / f"home-dav-{size}")}
                argv = [PYTHON, "-m", "calsync", "-q", "sync", "caldav+" + proxy.url(source)]
                argv += ["-o", "caldav+" + proxy.url(target), "--now", NOW]
                for run in ("first sync", "no-op sync"):
                    proxy.clear()
                    wall, _, _ = measure(argv, env)
                    sent = len(proxy.exchanges)
                    puts = len(proxy.requests("PUT"))
                    counts[(size, run)] = (sent, puts)
                    verdict = ""
                    if run == "no-op sync" and size == 2000:
                        same = sent == counts[(200, run)][0]
                        verdict = f"same count, 0 PUTs: {goal(same and puts == 0)}"
                    row(f"{size:,} {run}", str(sent), str(puts), f"{wall:.2f} s", verdict)


def _fill(server, calendar_url: str, size: int) -> None:
    """`size` events as separate objects, as a phone would store them."""
    text = generate.calendar(size, seed=size).decode("utf-8")
    head, _, rest = text.partition("BEGIN:VEVENT")
    zone = head[head.index("BEGIN:VTIMEZONE") : head.index("END:VTIMEZONE") + 15] + "\r\n"
    for n, block in enumerate(("BEGIN:VEVENT" + rest).split("BEGIN:VEVENT")[1:]):
        body = block.split("END:VEVENT")[0]
        ics = (
            "BEGIN:VCALENDAR\r\nPRODID:-//bench//EN\r\nVERSION:2.0\r\n"
            f"{zone}BEGIN:VEVENT{body}END:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        server.put(calendar_url, f"bench-{n}", ics)


def main() -> None:
    print(
        f"calsync benchmark on {platform.node()}: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.platform(terse=True)}"
    )
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    print(f"commit {commit or 'unknown'}")
    with tempfile.TemporaryDirectory(prefix="calsync-bench-") as tmp:
        work = Path(tmp)
        files(work)
        startup()
        if not os.environ.get("BENCH_NO_CALDAV"):
            caldav(work)


if __name__ == "__main__":
    main()
