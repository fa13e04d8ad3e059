"""core/hosts: the one judgement of "this computer only", which sync (a password in clear) and
serve (every contact shown) both rely on."""

from __future__ import annotations

import pytest

from rolodex.core.hosts import host_of, is_loopback


@pytest.mark.parametrize(
    ("addr", "local"),
    [
        ("127.0.0.1:8000", True),
        ("127.8.9.10:8000", True),
        ("localhost:8000", True),
        ("LocalHost:8000", True),
        ("[::1]:8000", True),
        ("0.0.0.0:8000", False),  # every interface
        ("[::]:8000", False),
        ("192.168.1.5:8000", False),
        ("my-laptop.local:8000", False),  # a name: where it points is not ours to guess
    ],
)
def test_this_computer_only(addr, local):
    assert is_loopback(host_of(addr)) is local
