"""Docs that cannot drift (issue 7): the README's config and command references are made from
the code, every config key is in the reference, and every command's help has an example."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from conftest import ROOT

from calsync import config, reference
from calsync.cli import cli

README = ROOT / "README.md"


def test_the_readme_references_are_the_ones_the_code_makes():
    text = README.read_text(encoding="utf-8")
    assert text.count("<!-- generated: ") == 2
    assert reference.render(text) == text, (
        "README.md is stale: run `.venv/bin/python -m calsync.reference README.md`"
    )


def test_every_key_the_config_accepts_is_in_the_reference():
    documented = {key for key, _default, _meaning in reference.CONFIG_KEYS}
    accepted = {
        f"[{section}] {key}"
        for section, keys in config._KNOWN.items()
        if section not in ("source", "target")
        for key in keys
    }
    accepted |= config.ENDPOINT_KEYS | {"as", "feed", "[[source]]", "[target]"}
    assert accepted - documented == set()
    assert documented - accepted == set()  # nothing documented that the reader refuses


def test_the_config_reference_defaults_match_the_code():
    rows = {key: default for key, default, _ in reference.CONFIG_KEYS}
    defaults = config.Config()
    for section, values in (("detect", defaults.detect), ("cadence", defaults.cadence)):
        for name, value in vars(values).items():
            if isinstance(value, int) and not isinstance(value, bool):
                assert rows[f"[{section}] {name}"] == str(value), name


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert re.search(r"Examples?:\n\s+calsync ", result.output), result.output
