"""Shared fixtures: every test runs with its own config and state dirs, never the real home."""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import servers

from calsync import config as config_module
from calsync import detect as detect_module
from calsync.sources import ics

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
SAMPLES = ROOT / "samples"
SAMPLE_NOW = datetime(2026, 11, 20, 18, 0, tzinfo=ZoneInfo("UTC"))
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CALSYNC_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("CALSYNC_CONFIG", raising=False)
    monkeypatch.delenv("CALSYNC_NOW", raising=False)
    monkeypatch.setenv("TZ", "Europe/Berlin")


@pytest.fixture
def sample_config():
    return config_module.load(SAMPLES / "config.toml")


def fixture_path(case: str) -> Path:
    """tests/data/<case>.ics"""
    return DATA / f"{case}.ics"


def detect_case(case: str, config=None, now: datetime = SAMPLE_NOW, zone=BERLIN):
    """Run detection over one named fixture (or the sample calendar: case 'samples')."""
    path = SAMPLES / "calendar.ics" if case == "samples" else fixture_path(case)
    cfg = config or config_module.load(SAMPLES / "config.toml")
    return detect_module.detect(ics.read(str(path)), cfg, now, zone)


# -- real CalDAV servers (tests/servers.py), all on 127.0.0.1 ---------------------------------
# Each is started once per session, on first use, and stopped at the end. Tests that use any of
# these fixtures get the `caldav` marker automatically (deselect with -m "not caldav").

CALDAV_FIXTURES = frozenset(
    {
        "radicale_server",
        "radicale_auth_server",
        "xandikos_server",
        "xandikos_tls_server",
        "server",
        "auth_server",
        "calendar_url",
        "recording_proxy",
    }
)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "caldav: talks to a real CalDAV server (Radicale or Xandikos) on 127.0.0.1"
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        if CALDAV_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.caldav)


@pytest.fixture(scope="session")
def radicale_server(tmp_path_factory):
    """Radicale, no auth: http://127.0.0.1:PORT, calendars under /alex/."""
    with servers.radicale(tmp_path_factory.mktemp("radicale")) as server:
        yield server


@pytest.fixture(scope="session")
def radicale_auth_server(tmp_path_factory):
    """Radicale, htpasswd basic auth (alex + random password): http://127.0.0.1:PORT/alex/."""
    with servers.radicale(tmp_path_factory.mktemp("radicale-auth"), auth=True) as server:
        yield server


@pytest.fixture(scope="session")
def xandikos_server(tmp_path_factory):
    """Xandikos, no auth: http://127.0.0.1:PORT, calendars under /user/calendars/."""
    with servers.xandikos(tmp_path_factory.mktemp("xandikos")) as server:
        yield server


@pytest.fixture(scope="session")
def xandikos_tls_server(tmp_path_factory):
    """Xandikos, HTTPS + basic auth: https://localhost:PORT/user/calendars/, trust ca_file."""
    with servers.xandikos(tmp_path_factory.mktemp("xandikos-tls"), tls=True) as server:
        yield server


@pytest.fixture(params=["radicale", "xandikos"])
def server(request):
    """The same test against Radicale and Xandikos (both plain HTTP, no auth)."""
    return request.getfixturevalue(f"{request.param}_server")


@pytest.fixture(params=["radicale_auth", "xandikos_tls"])
def auth_server(request):
    """The same test against both servers that want a password (Xandikos's over HTTPS)."""
    return request.getfixturevalue(f"{request.param}_server")


@pytest.fixture
def calendar_url(server):
    """A new empty calendar (VEVENT and VTODO) on `server`, unique to the test."""
    return servers.fresh_calendar(server)


@pytest.fixture
def recording_proxy():
    """Factory: recording_proxy(server) -> a running RecordingProxy in front of it."""
    with contextlib.ExitStack() as stack:

        def start(target: servers.Server) -> servers.RecordingProxy:
            return stack.enter_context(servers.RecordingProxy(target.base_url, target.ca_file))

        yield start
