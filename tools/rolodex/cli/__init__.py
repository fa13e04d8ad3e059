"""The `rolodex` command: a thin Click layer over the library (`rolodex.session` and the layers
below it). `app` holds what every command shares; each command family lives in its own module
and adds its commands to `main` when imported, here.
"""

from __future__ import annotations

from rolodex.cli import check, close, due, init, insight, interop, site, sync, templates, views, write
from rolodex.cli.app import main

__all__ = ["check", "close", "due", "init", "insight", "interop", "main", "site", "sync", "templates", "views", "write"]
