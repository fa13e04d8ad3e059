"""Parse every source file: the step `load` spends its time in."""

from __future__ import annotations

from pathlib import Path

from .kb import SourceFile, read_bytes
from .model import Contact, Meeting, Problem
from .parse import parse_file


def parse_sources(root: Path, files: list[SourceFile], *, use_cache: bool = True) -> tuple[list[Contact | Meeting], list[Problem]]:
    records: list[Contact | Meeting] = []
    problems: list[Problem] = []
    for source in files:
        data, problem = read_bytes(source)
        if problem:
            problems.append(problem)
            continue
        record, found = parse_file(source.kind, source.path, source.slug, data)
        problems += found
        if record is not None:
            records.append(record)
    return records, problems
