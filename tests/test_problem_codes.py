"""Every problem code Rolodex can print is explained in docs/format.md.

A user who sees `[bad-card]` at the end of a line looks it up there. The codes are
collected from the source (every code literal given to `Problem(...)` or to a helper that
makes one), so a new code without a line in the docs fails here.
"""

from __future__ import annotations

import ast
import re

from conftest import REPO

SOURCE = REPO / "tools" / "rolodex"
FORMAT_MD = REPO / "docs" / "format.md"
# The calls that make a problem, and which positional argument is its code.
EMITTERS = {
    "Problem": 3,  # Problem(path, line, severity, code, message)
    "error": 1,  # NodeReader.error(node, code, message)
    "warn": 1,  # NodeReader.warn(node, code, message)
    "problem": 1,  # Document.problem(node, code, message)
    "FrontMatterError": 0,  # FrontMatterError(code, message, line)
    "bad": 0,  # the LinkedIn reader's bad(code, message)
}


def emitted_codes() -> set[str]:
    codes = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name not in EMITTERS:
                continue
            args = list(node.args[EMITTERS[name] : EMITTERS[name] + 1])
            args += [k.value for k in node.keywords if k.arg == "code"]
            codes |= {a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return codes


def documented_codes() -> set[str]:
    return set(re.findall(r"^\| `([a-z]+(?:-[a-z]+)*)` \|", FORMAT_MD.read_text(encoding="utf-8"), re.M))


def test_the_collector_finds_codes_of_every_kind_of_emitter():
    codes = emitted_codes()
    # one from each emitter: Problem, NodeReader.error/warn, Document.problem, FrontMatterError, bad
    assert {"encoding", "bad-date", "unknown-key", "cannot-edit", "yaml-syntax", "bad-row"} <= codes
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", c) for c in codes), codes


def test_every_problem_code_is_documented_in_format_md():
    missing = sorted(emitted_codes() - documented_codes())
    assert not missing, f"problem codes not explained in docs/format.md: {', '.join(missing)}"
