"""Whether a host is this computer: where a password may go unencrypted (sync's sources) and
where `rolodex serve` may show every contact without a warning."""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    """This computer only: `localhost` (any case), 127.0.0.0/8 or ::1 (brackets allowed). A
    host name other than localhost is not: where it points is not ours to guess."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_of(addr: str) -> str:
    """The host of `HOST:PORT` (`[::1]:8000` gives `[::1]`)."""
    return addr.rsplit(":", 1)[0]
