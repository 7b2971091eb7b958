"""A CalDAV password, from where the user keeps it; never from argv, never echoed or logged."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from collections.abc import Callable
from urllib.parse import urlsplit

from calsync.config import Endpoint
from calsync.errors import ConfigError

KEYRING_SERVICE = "calsync"


def password(endpoint: Endpoint, prompt: Callable[[str], str] | None = None) -> str | None:
    """In order: password_command, password_env, password (mode-0600 config), the system
    keyring (service "calsync", user "USER@HOST") when installed, a prompt on a terminal."""
    if endpoint.username is None:
        return None
    if endpoint.password_command:
        return _run(endpoint)
    if endpoint.password_env:
        value = os.environ.get(endpoint.password_env)
        if not value:
            raise ConfigError(
                endpoint.where,
                [f"password_env: ${endpoint.password_env} is not set in this environment"],
            )
        if not _utf8(value):  # the bytes arrive as surrogates; sending them would fail later
            raise ConfigError(
                endpoint.where,
                [
                    f"password_env: ${endpoint.password_env} holds bytes that are not UTF-8 "
                    "text; set it to the password in UTF-8"
                ],
            )
        return value
    if endpoint.password:
        return endpoint.password
    host = urlsplit(endpoint.url or "").hostname or ""
    stored = _keyring(f"{endpoint.username}@{host}")
    if stored:
        return stored
    if sys.stdin.isatty() and sys.stderr.isatty():
        return (prompt or getpass.getpass)(f"Password for {endpoint.username} at {host}: ")
    raise ConfigError(
        endpoint.where,
        [
            f"no password for {endpoint.username} at {host}: set password_command or "
            "password_env in its config entry (or store it in the keyring as service "
            f'"{KEYRING_SERVICE}", user "{endpoint.username}@{host}")'
        ],
    )


def _run(endpoint: Endpoint) -> str:
    """Run password_command through the shell (pipes work); its first line is the password."""
    command = endpoint.password_command or ""
    try:
        done = subprocess.run(command, shell=True, capture_output=True, timeout=60, check=False)
    except subprocess.TimeoutExpired:
        raise ConfigError(endpoint.where, ["password_command: no answer in 60 s"]) from None
    # Neither the output nor the error text is shown: either may hold the secret.
    if done.returncode != 0:
        raise ConfigError(
            endpoint.where,
            [f"password_command failed (exit {done.returncode}); run it by hand to see why"],
        )
    try:
        output = done.stdout.decode("utf-8")
    except UnicodeDecodeError:  # its message would quote the bytes, and where they are
        raise ConfigError(
            endpoint.where,
            [
                "password_command printed bytes that are not UTF-8 text; make it print the "
                "password as UTF-8"
            ],
        ) from None
    value = output.splitlines()[0] if output.strip() else ""
    if not value:
        raise ConfigError(endpoint.where, ["password_command printed nothing"])
    return value


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _keyring(user: str) -> str | None:
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, user)
    except (KeyringError, RuntimeError):
        return None
