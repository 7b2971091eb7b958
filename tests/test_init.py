"""`calsync init` and `calsync config --show` (issue 7): a first config without questions, and
what is in effect with secrets masked."""

from __future__ import annotations

import os
import subprocess
import tomllib
from pathlib import Path

from click.testing import CliRunner

from calsync import config
from calsync.cli import cli


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def git_home(tmp_path: Path) -> dict[str, str]:
    """A HOME whose global git config names the user, as on a developer's machine."""
    home = tmp_path / "home"
    home.mkdir()
    subprocess.run(
        ["git", "config", "--global", "user.name", "Alex Rivera"],
        env={"HOME": str(home)},
        check=True,
    )
    subprocess.run(
        ["git", "config", "--global", "user.email", "alex@rivera.dev"],
        env={"HOME": str(home)},
        check=True,
    )
    return {"HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1"}


def test_init_writes_a_config_that_loads_with_what_it_could_infer(tmp_path, monkeypatch):
    for key, value in git_home(tmp_path).items():
        monkeypatch.setenv(key, value)
    result = run("init")
    assert result.exit_code == 0, result.output
    path = tmp_path / "config" / "calsync" / "config.toml"  # XDG_CONFIG_HOME from conftest
    assert f"wrote {path}" in result.output
    assert "calsync doctor" in result.output  # the next command to run
    loaded = config.load(path)
    assert loaded.me.name == "Alex Rivera"
    assert loaded.me.emails == ("alex@rivera.dev",)
    assert loaded.me.timezone == "Europe/Berlin"  # conftest's TZ
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(raw) == {"me", "cadence"}  # sources and target are shown commented out


def test_init_never_replaces_a_config_without_force(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[me]\nname = "Mine"\n', encoding="utf-8")
    refused = run("-c", str(path), "init")
    assert refused.exit_code == 2
    assert "exists already" in refused.output and "--force" in refused.output
    assert path.read_text(encoding="utf-8") == '[me]\nname = "Mine"\n'
    assert run("-c", str(path), "init", "--force", "-q").exit_code == 0
    assert "Mine" not in path.read_text(encoding="utf-8")


def test_config_show_prints_the_defaults_in_effect_as_toml_that_loads_again(tmp_path):
    shown = run("-c", "samples/config.toml", "config", "--show")
    assert shown.exit_code == 0, shown.output
    again = tmp_path / "again.toml"
    again.write_text(shown.output, encoding="utf-8")
    os.chmod(again, 0o600)
    assert config.load(again).cadence == config.load(Path("samples/config.toml")).cadence
    assert 'call_window = "10:00-16:00"' in shown.output
    assert "# pitch: not set" not in shown.output  # the sample sets it


def test_config_show_masks_a_password_and_keeps_the_rest(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        '[target]\nname = "tasks"\nurl = "https://dav.example.org/cal/"\n'
        'username = "alex"\npassword = "hunter2-very-secret"\n',
        encoding="utf-8",
    )
    os.chmod(path, 0o600)
    shown = run("-c", str(path), "config", "--show")
    assert shown.exit_code == 0, shown.output
    assert "hunter2-very-secret" not in shown.output
    assert 'password = "********"' in shown.output
    assert 'url = "https://dav.example.org/cal/"' in shown.output
