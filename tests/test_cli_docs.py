"""docs/cli.md is generated from `--help` and must match the CLI as it is now.

When this fails, a command or its help changed: regenerate the reference with

    python -m rolodex.docsgen > docs/cli.md
"""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO
from rolodex.cli import main
from rolodex.docsgen import render

CLI_MD = REPO / "docs" / "cli.md"


def test_cli_reference_is_up_to_date():
    assert CLI_MD.read_text(encoding="utf-8") == render(), (
        "docs/cli.md is out of date: run `python -m rolodex.docsgen > docs/cli.md`"
    )


def test_every_command_has_a_section():
    text = render()

    def paths(command, prefix=("rolodex",)):
        yield " ".join(prefix)
        for name, sub in getattr(command, "commands", {}).items():
            if not sub.hidden:
                yield from paths(sub, prefix + (name,))

    for path in paths(main):
        assert f"\n## {path}\n" in text, path


def test_the_module_prints_the_reference():
    result = subprocess.run(
        [sys.executable, "-m", "rolodex.docsgen"],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "", "COLUMNS": "40", "HOME": str(REPO)},
    )
    assert result.stdout == render()  # independent of the terminal's width
