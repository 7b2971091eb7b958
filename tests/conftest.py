"""Shared fixtures: every test runs with its own config and state dirs, never the real home."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

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
