"""Parse every source file: the step `load` spends its time in."""

from __future__ import annotations

from pathlib import Path

from .kb import SourceFile, read_bytes
from .model import Contact, Meeting, Problem, Unplaced
from .parse import parse_file


def parse_sources(root: Path, files: list[SourceFile], *, use_cache: bool = True) -> tuple[list[Contact | Meeting | Unplaced], list[Problem]]:
    records: list[Contact | Meeting | Unplaced] = []
    problems: list[Problem] = []
    for source in files:
        data, problem = read_bytes(source)
        if problem:
            problems.append(problem)
            records.append(Unplaced(source.kind, source.path, source.slug))
            continue
        record, found = parse_file(source.kind, source.path, source.slug, data)
        problems += found
        records.append(record)
    return records, problems
