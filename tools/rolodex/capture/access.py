"""What reading a source needs besides the data: its errors, and passwords (never from a file).

A password comes from an environment variable or, when the `keyring` package is
installed, from the system keyring; never from a URL, an option or mkdocs.yml, which
end up in shell history, crontabs and git.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any


class SourceError(Exception):
    """A source that cannot be read at all; the message says which and why."""


def _keyring() -> Any:
    """The `keyring` module when installed (it is optional), else None."""
    try:
        import keyring
    except ImportError:
        return None
    return keyring


def password(env_var: str, service: str, account: str, label: str, environ: Mapping[str, str] | None = None) -> str:
    """The password of `account`: `$env_var`, else the keyring's entry (service, account)."""
    env = os.environ if environ is None else environ
    secret = env.get(env_var)
    if secret:
        return secret
    keyring = _keyring()
    if keyring is not None:
        try:
            secret = keyring.get_password(service, account)
        except Exception:  # no usable keyring backend on this system
            secret = None
        if secret:
            return secret
    raise SourceError(
        f"{label}: no password: set {env_var}, or store it in the system keyring with "
        f"`keyring set {service} {account}` (pip install keyring)"
    )
