"""The file edits an import makes (pure: bytes in, bytes out).

An import fills what is empty and adds what is missing; it never changes a value a
user wrote. These edits extend the project's safe editing (`rolodex.edit`, which adds
touches): each splices a few characters in the file's own style (a key on its own
line at the root's indentation, in the order the format lists keys; a flow list or
mapping grows inside its brackets; a block list copies its last item's dash), then
checks the result: the Markdown body, encoding and line endings are byte-identical,
every other key reads exactly as before, and the project's parser reads the old
record plus exactly the change, with no new problem. Otherwise the edit is refused.

`new_contact` builds a new contact file with `rolodex new contact`'s helper, then
adds links and touches with these same edits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import yaml

from rolodex.core import frontmatter, parse
from rolodex.core.identity import email_key, url_key
from rolodex.core.model import Contact, PastRole, Problem, Touch
from rolodex.core.values import is_null
from rolodex.interop import markdown_text
from rolodex.write import document as edit
from rolodex.write import newfile

Expect = Callable[[Contact], Contact]
ORDER = parse.CONTACT_KEYS


# --- verification ------------------------------------------------------------------------------


def _tree(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value)
    if isinstance(node, yaml.SequenceNode):
        return [_tree(item) for item in node.value]
    return [(_tree(k), _tree(v)) for k, v in node.value]


def _others(root: yaml.MappingNode, key: str) -> list:
    return [(_tree(k), _tree(v)) for k, v in root.value if not (isinstance(k, yaml.ScalarNode) and k.value == key)]


def _finish(doc: edit.Document, splices: list[edit.Splice], key: str, expect: Expect, summary: str) -> edit.Change:
    text = doc.text
    for splice in sorted(splices, key=lambda s: s.start, reverse=True):
        text = text[: splice.start] + splice.text + text[splice.end :]
    new = (b"\xef\xbb\xbf" if doc.bom else b"") + text.encode("utf-8")

    def refuse(why: str) -> None:
        raise edit.EditRefused(
            Problem(
                doc.path,
                None,
                "error",
                "edit-refused",
                f"adding '{key}' {why}; nothing was written (please report this file's layout as a bug)",
            )
        )

    try:
        after = edit.Document.load(doc.path, new)
    except edit.EditRefused as exc:
        refuse(f"would break the front matter ({exc.problem.message})")
    if (after.bom, after.newline, after.body, after.text[: after.yaml_start]) != (
        doc.bom,
        doc.newline,
        doc.body,
        doc.text[: doc.yaml_start],
    ):
        refuse("would change the Markdown body or the file's encoding")
    try:
        if _others(doc.root, key) != _others(after.root, key):
            refuse("would change other keys")
    except RecursionError:  # valid YAML hundreds of levels deep
        refuse("cannot be checked: the front matter is nested too deeply")
    old, old_problems = parse.parse_contact(doc.path, "x", doc.text)
    now, new_problems = parse.parse_contact(doc.path, "x", after.text)
    if old is None or now is None or now != expect(old):
        refuse("would not read back as intended")
    codes = {(p.severity, p.code) for p in old_problems}
    if any((p.severity, p.code) not in codes for p in new_problems):
        refuse("would add a problem")
    first = min(splices, key=lambda s: s.start)
    lead = len(first.text) - len(first.text.lstrip("\r\n"))
    return edit.Change(doc.path, doc.data, new, doc.line_at(first.start + lead), summary)


# --- where a new key goes ------------------------------------------------------------------------


def _blank(node: yaml.Node) -> bool:
    if isinstance(node, yaml.ScalarNode):
        return is_null(node) or node.value == ""
    return isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and node.flow_style and not node.value


def _new_key(doc: edit.Document, key: str, lines: list[str], flow: str) -> list[edit.Splice]:
    return edit.add_key(doc, key, lines, flow, ORDER)


def _fill_blank(doc: edit.Document, node: yaml.Node, flow: str) -> list[edit.Splice]:
    start, end = doc.pos(node.start_mark), doc.pos(node.end_mark)
    return [edit.Splice(start, end, flow if end > start else " " + flow)]


def _flow_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(edit.scalar(v) for v in values) + "]"


# --- edits ---------------------------------------------------------------------------------------

FIELDS = {"title": "title", "company": "company", "location": "location", "phone": "phone", "source": "source"}


def set_value(doc: edit.Document, key: str, value: str | Sequence[str]) -> edit.Change:
    """Give an absent or empty key (`title`, `company`, `location`, `phone`, `source`, `tags`) a value."""
    is_list = not isinstance(value, str)
    flow = _flow_list(value) if is_list else edit.scalar(value)
    found = edit.find_key(doc, doc.root, key)
    if found is None:
        splices = _new_key(doc, key, [f"{key}: {flow}"], flow)
    elif _blank(found[1]):
        splices = _fill_blank(doc, found[1], flow)
    else:
        raise edit.EditRefused(
            doc.problem(found[1], "cannot-edit", f"'{key}' already has a value; an import never replaces one")
        )
    attr = "tags" if key == "tags" else FIELDS[key]
    new = tuple(value) if is_list else value
    shown = ", ".join(value) if is_list else value
    change: dict[str, Any] = {attr: new}
    return _finish(doc, splices, key, lambda c: replace(c, **change), f"{key}: {shown}")


def add_email(doc: edit.Document, email: str) -> edit.Change:
    """Add an address to `email`: a single address becomes a list of two; a list grows by one."""
    found = edit.find_key(doc, doc.root, "email")

    def expect(c: Contact) -> Contact:
        return replace(c, emails=c.emails + (email,))

    if found is None or (_blank(found[1]) and not isinstance(found[1], yaml.SequenceNode)):
        flow = edit.scalar(email)
        splices = (
            _new_key(doc, "email", [f"email: {flow}"], flow) if found is None else _fill_blank(doc, found[1], flow)
        )
        return _finish(doc, splices, "email", lambda c: replace(c, emails=(email,)), f"email: {email}")
    node = found[1]
    if (
        isinstance(node, yaml.ScalarNode)
        and node.style not in ("|", ">")
        and node.start_mark.line == node.end_mark.line
    ):
        start, end = doc.pos(node.start_mark), doc.pos(node.end_mark)
        first = doc.text[start:end] if node.style else edit.scalar(node.value)
        splices = [edit.Splice(start, end, f"[{first}, {edit.scalar(email)}]")]
    elif isinstance(node, yaml.SequenceNode) and node.flow_style:
        splices = edit.flow_append(doc, node, edit.scalar(email))
    elif isinstance(node, yaml.SequenceNode) and node.value:
        last = node.value[-1]
        start = doc.pos(last.start_mark)
        prefix = doc.text[doc.text.rfind("\n", 0, start) + 1 : start]
        if not re.fullmatch(r" *-[ \t]+", prefix):
            raise edit.EditRefused(
                doc.problem(
                    last, "cannot-edit", "cannot tell how the 'email' list is indented; add the address by hand"
                )
            )
        at = edit.after(doc, node)
        splices = [edit.Splice(at, at, prefix + edit.scalar(email) + doc.newline)]
    else:
        raise edit.EditRefused(
            doc.problem(node, "cannot-edit", "'email' is neither an address nor a list; add the address by hand")
        )
    return _finish(doc, splices, "email", expect, f"email: + {email}")


def add_link(doc: edit.Document, name: str, url: str) -> edit.Change:
    """Add `name: url` to `links` (the key is added when missing)."""
    entry = f"{edit.scalar(name)}: {edit.scalar(url)}"
    found = edit.find_key(doc, doc.root, "links")
    if found is None:
        splices = _new_key(doc, "links", ["links:", "  " + entry], "{" + entry + "}")
    elif _blank(found[1]) and not isinstance(found[1], yaml.MappingNode):
        start, end = doc.pos(found[1].start_mark), doc.pos(found[1].end_mark)
        line_end = doc.text.find("\n", start)
        if end == start and line_end >= 0:  # `links:` alone: the entry goes on the next line, indented
            at = line_end + 1
            splices = [edit.Splice(at, at, " " * (found[0].start_mark.column + 2) + entry + doc.newline)]
        else:
            splices = _fill_blank(doc, found[1], "{" + entry + "}")
    elif isinstance(found[1], yaml.MappingNode) and found[1].flow_style:
        splices = edit.flow_append(doc, found[1], entry)
    elif isinstance(found[1], yaml.MappingNode):
        col = found[1].value[0][0].start_mark.column
        at = edit.after(doc, found[1])
        splices = [edit.Splice(at, at, " " * col + entry + doc.newline)]
    else:
        raise edit.EditRefused(
            doc.problem(found[1], "cannot-edit", "'links' is not a mapping of name to URL; add the link by hand")
        )
    return _finish(doc, splices, "links", lambda c: replace(c, links=c.links + ((name, url),)), f"links.{name}: {url}")


def add_touches(doc: edit.Document, touches: Sequence[Touch]) -> edit.Change:
    """A `touches` list for a file that has none (a new contact), written as `rolodex log` writes one."""
    if edit.find_key(doc, doc.root, "touches") is not None:
        raise edit.EditRefused(doc.problem(None, "cannot-edit", "'touches' is already there; append to it instead"))
    lines = ["touches:"]
    for touch in touches:
        pairs = [("date", touch.date), ("kind", touch.kind)] + ([("note", touch.note)] if touch.note else [])
        lines += [("  - " if i == 0 else "    ") + f"{k}: {edit.scalar(v)}" for i, (k, v) in enumerate(pairs)]
    flow = (
        "["
        + ", ".join(
            edit.flow_mapping([("date", t.date), ("kind", t.kind)] + ([("note", t.note)] if t.note else []))
            for t in touches
        )
        + "]"
    )
    splices = _new_key(doc, "touches", lines, flow)
    return _finish(doc, splices, "touches", lambda c: replace(c, touches=tuple(touches)), f"touches: {len(touches)}")


def replace_value(doc: edit.Document, key: str, value: str) -> edit.Change:
    """Give `title` or `company`, which has a value, a new one (a job change: the old role went to
    `history` first). Only a one-line value is replaced, its comment and quoting style aside."""
    found = edit.find_key(doc, doc.root, key)
    if found is None or _blank(found[1]):
        return set_value(doc, key, value)
    node = found[1]
    if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">") or node.start_mark.line != node.end_mark.line:
        raise edit.EditRefused(doc.problem(node, "cannot-edit", f"'{key}' is not a one-line value; change it by hand"))
    splices = [edit.Splice(doc.pos(node.start_mark), doc.pos(node.end_mark), edit.scalar(value))]
    change: dict[str, Any] = {key: value}
    return _finish(doc, splices, key, lambda c: replace(c, **change), f"{key}: {value}")


def add_history(doc: edit.Document, role: PastRole) -> edit.Change:
    """Put an earlier role first in `history` (newest first; the key is added when missing),
    written like the entries already there, else as `rolodex log` writes a touch."""
    pairs = [(k, v) for k, v in (("date", role.date), ("company", role.company), ("title", role.title)) if v]
    flow = edit.flow_mapping(pairs)
    _, dash, gap = edit.block_style(doc)
    found = edit.find_key(doc, doc.root, "history")

    def block(prefix: str, key_col: int) -> str:
        return "".join(
            (prefix if i == 0 else " " * key_col) + f"{k}: {edit.scalar(v)}" + doc.newline
            for i, (k, v) in enumerate(pairs)
        )

    if found is None:
        item = block(" " * dash + "-" + " " * (gap - 1), dash + gap).splitlines()
        splices = _new_key(doc, "history", ["history:", *item], f"[{flow}]")
    elif _blank(found[1]) and not isinstance(found[1], yaml.SequenceNode):
        start, end = doc.pos(found[1].start_mark), doc.pos(found[1].end_mark)
        line_end = doc.text.find("\n", start)
        if end == start and line_end >= 0:  # `history:` alone: the entry goes on the next line
            col = found[0].start_mark.column + dash
            splices = [edit.Splice(line_end + 1, line_end + 1, block(" " * col + "-" + " " * (gap - 1), col + gap))]
        else:
            splices = _fill_blank(doc, found[1], f"[{flow}]")
    elif isinstance(found[1], yaml.SequenceNode) and found[1].flow_style:
        at = doc.pos(found[1].start_mark) + 1
        splices = [edit.Splice(at, at, flow + (", " if found[1].value else ""))]
    elif isinstance(found[1], yaml.SequenceNode) and found[1].value:
        first = found[1].value[0]
        start = doc.pos(first.start_mark)
        line = doc.text.rfind("\n", 0, start) + 1
        prefix = doc.text[line:start]
        if not re.fullmatch(r" *-[ \t]+", prefix):
            raise edit.EditRefused(
                doc.problem(
                    first, "cannot-edit", "cannot tell how the 'history' list is indented; add the role by hand"
                )
            )
        if isinstance(first, yaml.MappingNode) and first.flow_style:
            text = prefix + flow + doc.newline
        else:
            text = block(prefix, len(prefix))
        splices = [edit.Splice(line, line, text)]
    else:
        raise edit.EditRefused(
            doc.problem(found[1], "cannot-edit", "'history' is not a list of earlier roles; add the role by hand")
        )
    summary = "history: + " + ", ".join(f"{k}: {v}" for k, v in pairs)
    return _finish(doc, splices, "history", lambda c: replace(c, history=(role, *c.history)), summary)


# --- applying a planned change to a file ----------------------------------------------------------


def fill(
    path: str,
    data: bytes,
    sets: dict[str, Any],
    emails: Sequence[str],
    links: Sequence[tuple[str, str]],
    touches: Sequence[Touch],
    job: PastRole | None = None,
    replaces: dict[str, str] | None = None,
) -> tuple[bytes, list[str]]:
    """`data` with the planned fills made, each only if still needed (the file may have
    changed since the plan): a job change first (the old role, `job`, goes first in
    `history` and `replaces` gives `company` or `title` its new value, while the file
    still shows the old role), then empty keys set, missing emails, links and touches added.
    Returns the new bytes and a summary of each change (empty when nothing was needed)."""
    done: list[str] = []
    if job is not None:
        old = {"company": job.company, "title": job.title}
        data = _step(
            path,
            data,
            done,
            lambda c: (c.company, c.title) == (job.company, job.title),
            lambda doc: add_history(doc, job),
        )
        for key, value in (replaces or {}).items():
            data = _step(
                path,
                data,
                done,
                lambda c: getattr(c, key) == old[key] and c.history[:1] == (job,),
                lambda doc: replace_value(doc, key, value),
            )
    for key in ORDER:
        if key in sets:
            data = _step(
                path,
                data,
                done,
                lambda c: not getattr(c, "tags" if key == "tags" else FIELDS[key]),
                lambda doc: set_value(doc, key, sets[key]),
            )
    for email in emails:
        data = _step(
            path,
            data,
            done,
            lambda c: email_key(email) not in {email_key(e) for e in c.emails},
            lambda doc: add_email(doc, email),
        )
    for name, url in links:
        data = _step(
            path,
            data,
            done,
            lambda c: c.link(name) is None and url_key(url) not in {url_key(u) for _, u in c.links},
            lambda doc: add_link(doc, name, url),
        )
    for touch in touches:
        data = _step(path, data, done, lambda c: not has_touch(c, touch), lambda doc: edit.append_touch(doc, touch))
    return data, done


def has_touch(contact: Contact, touch: Touch) -> bool:
    note = (touch.note or "").casefold()
    return any(
        t.date == touch.date and t.kind == touch.kind and (t.note or "").casefold() == note for t in contact.touches
    )


def _step(
    path: str,
    data: bytes,
    done: list[str],
    needed: Callable[[Contact], bool],
    make: Callable[[edit.Document], edit.Change],
) -> bytes:
    doc = edit.Document.load(path, data)
    contact, _ = parse.parse_contact(path, "x", doc.text)
    if contact is None or not needed(contact):
        return data
    change = make(doc)
    done.append(change.summary)
    return change.new


def new_contact(
    template: str | None,
    template_path: str,
    path: str,
    values: dict[str, Any],
    notes: str,
    extra: Sequence[str],
    links: Sequence[tuple[str, str]],
    touches: Sequence[Touch],
) -> bytes:
    """A new contact file as `rolodex new contact` makes it, with `values` (name, title, company,
    location, phone, email, tags, source) and `links`, the notes under `## Notes`, then touches."""
    if links:
        values = {**values, "links": _mapping(links)}
    text = newfile.contact_text(template, template_path, values)
    lines = [markdown_text(notes)] if notes else []
    if extra:
        lines.append("\n".join(f"- {markdown_text(x)}" for x in extra))
    if lines:
        text = _with_notes(text, "\n\n".join(lines))
    data = text.encode("utf-8")
    if touches:  # one verified splice: much cheaper than a verified append per touch
        data = add_touches(edit.Document.load(path, data), touches).new
    _reads_back(path, data, values, links, touches)
    return data


def _reads_back(
    path: str, data: bytes, values: dict[str, Any], links: Sequence[tuple[str, str]], touches: Sequence[Touch]
) -> None:
    """Refuse a new file that would not read back as exactly the imported text."""
    contact, _ = parse.parse_file("contact", path, "x", data)
    emails = values.get("email") or []
    expected = {k: values.get(k) or None for k in ("name", "title", "company", "location", "phone", "source")}
    expected |= {
        "emails": tuple([emails] if isinstance(emails, str) else emails),
        "tags": tuple(values.get("tags") or ()),
        "links": tuple(links),
        "touches": tuple(touches),
    }
    found = {k: getattr(contact, k, None) for k in expected}
    if found != expected:
        wrong = ", ".join(k for k in expected if found[k] != expected[k])
        raise edit.EditRefused(
            Problem(
                path,
                None,
                "error",
                "edit-refused",
                f"the new file would not read back as imported ({wrong}); nothing was written "
                "(please report this as a bug)",
            )
        )


def _mapping(pairs: Sequence[tuple[str, str]]) -> Any:
    """Links for `newfile`: a mapping whose values are quoted wherever YAML could mistype them."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    def quoted(text: str) -> Any:
        return DoubleQuotedScalarString(text) if edit.scalar(text).startswith('"') else text

    return CommentedMap((quoted(k), quoted(v)) for k, v in pairs)


def _with_notes(text: str, notes: str) -> str:
    """`text` with `notes` at the end of its `## Notes` section (added when missing)."""
    parts = frontmatter.split(text)
    body = parts.body
    heading = re.search(r"^##[ \t]+Notes[ \t]*#*[ \t]*$", body, re.MULTILINE | re.IGNORECASE)
    if heading is None:
        body = body.rstrip("\n") + ("\n\n" if body.strip() else "") + "## Notes\n"
        end = len(body)
    else:
        nxt = re.compile(r"^#{1,2}[ \t]", re.MULTILINE).search(body, heading.end())
        end = nxt.start() if nxt else len(body)
    head, tail = body[:end].rstrip("\n"), body[end:]
    body = head + "\n" + notes + "\n" + ("\n" + tail if tail else "")
    return text[: len(text) - len(parts.body)] + body
