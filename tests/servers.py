"""Real mail and calendar servers for the tests: Dovecot (IMAP) and Radicale (CalDAV).

Each is started by the tests on 127.0.0.1, on free ports, with a temporary configuration
of its own (its own folders, passwd-file or htpasswd users, no system service touched),
and stopped afterwards. They are never skipped: CI installs Dovecot (`.ci/run`) and
Radicale (the test extra); a machine without them fails with what to install.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30.0, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
            return
        time.sleep(0.1)
    detail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
    raise RuntimeError(f"the test server on {HOST}:{port} did not start\n{detail}")


def _tls_pair(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (the client trusts it through SSL_CERT_FILE)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


# --- Dovecot -------------------------------------------------------------------------------------


@dataclass
class Dovecot:
    root: Path
    port: int  # IMAP, plain text (STARTTLS offered)
    tls_port: int  # IMAPS
    cafile: Path
    user: str = "jane"
    password: str = "correct horse"

    def url(self, folder: str = "INBOX", tls: bool = False) -> str:
        scheme, port = ("imaps", self.tls_port) if tls else ("imap", self.port)
        return f"{scheme}://{self.user}@{HOST}:{port}/{folder}"


def start_dovecot() -> Dovecot:
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not os.path.exists(binary):
        raise RuntimeError("Dovecot is needed for the IMAP tests: apt-get install dovecot-imapd (.ci/run does)")
    root = Path(tempfile.mkdtemp(prefix="rolodex-dovecot-"))
    root.chmod(0o755)  # the mail processes run as an unprivileged user and must reach their home
    for sub in ("run", "state", "home"):
        (root / sub).mkdir()
    server = Dovecot(root, free_port(), free_port(), root / "cert.pem")
    cert, key = _tls_pair(root)
    (root / "passwd").write_text(f"{server.user}:{{PLAIN}}{server.password}::::::\n")
    if os.getuid() == 0:  # Dovecot never gives mail to root: an unprivileged owner for the test mail
        uid = gid = 65534
        login = "default_login_user = dovenull\ndefault_internal_user = dovecot\n"
        os.chown(root / "home", uid, gid)
    else:
        uid, gid = os.getuid(), os.getgid()
        me = getpass.getuser()
        login = f"default_login_user = {me}\ndefault_internal_user = {me}\n"
    (root / "dovecot.conf").write_text(
        f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = {HOST}
{login}
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  inet_listener imap {{
    address = {HOST}
    port = {server.port}
  }}
  inet_listener imaps {{
    address = {HOST}
    port = {server.tls_port}
    ssl = yes
  }}
}}
"""
    )
    # Dovecot runs in the background on its own; its output goes to its log, not to pipes we would wait on.
    subprocess.run(
        [binary, "-c", str(root / "dovecot.conf")], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_for_port(server.port, log=root / "dovecot.log")
    wait_for_port(server.tls_port, log=root / "dovecot.log")
    return server


def stop_dovecot(server: Dovecot) -> None:
    pid_file = server.root / "run" / "master.pid"
    with contextlib.suppress(OSError, ValueError):
        pid = int(pid_file.read_text().split()[0])
        os.kill(pid, signal.SIGTERM)  # the master we started stops its own children
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            os.kill(pid, 0)
            time.sleep(0.1)
    shutil.rmtree(server.root, ignore_errors=True)


# --- Radicale ------------------------------------------------------------------------------------


@dataclass
class Radicale:
    root: Path
    port: int
    process: subprocess.Popen
    user: str = "jane"
    password: str = "battery staple"

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def url(self, calendar: str = "work") -> str:
        return f"http://{self.user}@{HOST}:{self.port}/{self.user}/{calendar}/"


def start_radicale() -> Radicale:
    root = Path(tempfile.mkdtemp(prefix="rolodex-radicale-"))
    port = free_port()
    server_user, server_password = "jane", "battery staple"
    (root / "users").write_text(f"{server_user}:{server_password}\n")
    (root / "config").write_text(
        f"""
[server]
hosts = {HOST}:{port}
[auth]
type = htpasswd
htpasswd_filename = {root}/users
htpasswd_encryption = plain
[rights]
type = owner_only
[storage]
filesystem_folder = {root}/collections
[web]
type = none
[logging]
level = warning
"""
    )
    log = open(root / "radicale.log", "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(root / "config")], stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_for_port(port, log=root / "radicale.log")
    except RuntimeError:
        process.kill()
        raise
    return Radicale(root, port, process, server_user, server_password)


def stop_radicale(server: Radicale) -> None:
    server.process.terminate()
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    shutil.rmtree(server.root, ignore_errors=True)
