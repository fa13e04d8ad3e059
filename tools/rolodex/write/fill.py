"""The file edits an import makes (pure: bytes in, bytes out).

An import fills what is empty and adds what is missing; it never changes a value a
user wrote. Each edit splices a few characters in the file's own style (a key on its own
line at the root's indentation, in the order the format lists keys; a flow list or
mapping grows inside its brackets; a block list copies its last item's dash) and hands
them, with what they mean, to `verify.finish`, as `rolodex log` does: the result must read
as the original plus exactly that change, or the edit is refused.

`new_contact` builds a new contact file with `rolodex new contact`'s helper, adds touches
with these same edits, and checks that it reads back as imported (`verify.new_file`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import yaml

from rolodex.core import frontmatter, parse
from rolodex.core.identity import email_key, url_key
from rolodex.core.model import Contact, PastRole, Problem, Touch
from rolodex.core.values import is_null
from rolodex.interop import markdown_text
from rolodex.write import document, newfile, verify
from rolodex.write.edit import append_touch
from rolodex.write.verify import Intent, finish

ORDER = parse.CONTACT_KEYS


# --- where a new key goes ------------------------------------------------------------------------


def _blank(node: yaml.Node) -> bool:
    if isinstance(node, yaml.ScalarNode):
        return is_null(node) or node.value == ""
    return isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and node.flow_style and not node.value


def _new_key(doc: document.Document, key: str, lines: list[str], flow: str) -> list[document.Splice]:
    return document.add_key(doc, key, lines, flow, ORDER)


def _fill_blank(doc: document.Document, node: yaml.Node, flow: str) -> list[document.Splice]:
    start, end = doc.pos(node.start_mark), doc.pos(node.end_mark)
    return [document.Splice(start, end, flow if end > start else " " + flow)]


def _flow_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(document.scalar(v) for v in values) + "]"


# --- edits ---------------------------------------------------------------------------------------

FIELDS = {"title": "title", "company": "company", "location": "location", "phone": "phone", "source": "source"}


def set_value(doc: document.Document, key: str, value: str | Sequence[str]) -> document.Change:
    """Give an absent or empty key (`title`, `company`, `location`, `phone`, `source`, `tags`) a value."""
    is_list = not isinstance(value, str)
    flow = _flow_list(value) if is_list else document.scalar(value)
    found = document.find_key(doc, doc.root, key)
    if found is None:
        splices = _new_key(doc, key, [f"{key}: {flow}"], flow)
    elif _blank(found[1]):
        splices = _fill_blank(doc, found[1], flow)
    else:
        raise document.EditRefused(
            doc.problem(found[1], "cannot-edit", f"'{key}' already has a value; an import never replaces one")
        )
    shown = ", ".join(value) if is_list else value
    return finish(doc, splices, Intent("set", (key,), list(value) if is_list else value), f"{key}: {shown}")


def add_email(doc: document.Document, email: str) -> document.Change:
    """Add an address to `email`: a single address becomes a list of two; a list grows by one."""
    found = document.find_key(doc, doc.root, "email")
    if found is None or (_blank(found[1]) and not isinstance(found[1], yaml.SequenceNode)):
        flow = document.scalar(email)
        splices = (
            _new_key(doc, "email", [f"email: {flow}"], flow) if found is None else _fill_blank(doc, found[1], flow)
        )
        return finish(doc, splices, Intent("set", ("email",), email), f"email: {email}")
    node = found[1]
    if (
        isinstance(node, yaml.ScalarNode)
        and node.style not in ("|", ">")
        and node.start_mark.line == node.end_mark.line
    ):
        start, end = doc.pos(node.start_mark), doc.pos(node.end_mark)
        first = doc.text[start:end] if node.style else document.scalar(node.value)
        splices = [document.Splice(start, end, f"[{first}, {document.scalar(email)}]")]
        return finish(doc, splices, Intent("set", ("email",), [node.value, email]), f"email: + {email}")
    elif isinstance(node, yaml.SequenceNode) and node.flow_style:
        splices = document.flow_append(doc, node, document.scalar(email))
    elif isinstance(node, yaml.SequenceNode) and node.value:
        last = node.value[-1]
        start = doc.pos(last.start_mark)
        prefix = doc.text[doc.text.rfind("\n", 0, start) + 1 : start]
        if not re.fullmatch(r" *-[ \t]+", prefix):
            raise document.EditRefused(
                doc.problem(
                    last, "cannot-edit", "cannot tell how the 'email' list is indented; add the address by hand"
                )
            )
        at = document.after(doc, node)
        splices = [document.Splice(at, at, prefix + document.scalar(email) + doc.newline)]
    else:
        raise document.EditRefused(
            doc.problem(node, "cannot-edit", "'email' is neither an address nor a list; add the address by hand")
        )
    return finish(doc, splices, Intent("append", ("email",), email), f"email: + {email}")


def add_link(doc: document.Document, name: str, url: str) -> document.Change:
    """Add `name: url` to `links` (the key is added when missing)."""
    entry = f"{document.scalar(name)}: {document.scalar(url)}"
    found = document.find_key(doc, doc.root, "links")
    intent = Intent("set", ("links",), {name: url})  # a new mapping, or one more key in it
    if found is None:
        splices = _new_key(doc, "links", ["links:", "  " + entry], "{" + entry + "}")
    elif _blank(found[1]) and not isinstance(found[1], yaml.MappingNode):
        start, end = doc.pos(found[1].start_mark), doc.pos(found[1].end_mark)
        line_end = doc.text.find("\n", start)
        if end == start and line_end >= 0:  # `links:` alone: the entry goes on the next line, indented
            at = line_end + 1
            splices = [document.Splice(at, at, " " * (found[0].start_mark.column + 2) + entry + doc.newline)]
        else:
            splices = _fill_blank(doc, found[1], "{" + entry + "}")
    elif isinstance(found[1], yaml.MappingNode) and found[1].flow_style:
        splices = document.flow_append(doc, found[1], entry)
        intent = Intent("set", ("links", name), url)
    elif isinstance(found[1], yaml.MappingNode):
        col = found[1].value[0][0].start_mark.column
        at = document.after(doc, found[1])
        splices = [document.Splice(at, at, " " * col + entry + doc.newline)]
        intent = Intent("set", ("links", name), url)
    else:
        raise document.EditRefused(
            doc.problem(found[1], "cannot-edit", "'links' is not a mapping of name to URL; add the link by hand")
        )
    return finish(doc, splices, intent, f"links.{name}: {url}")


def add_touches(doc: document.Document, touches: Sequence[Touch]) -> document.Change:
    """A `touches` list for a file that has none (a new contact), written as `rolodex log` writes one."""
    if document.find_key(doc, doc.root, "touches") is not None:
        raise document.EditRefused(doc.problem(None, "cannot-edit", "'touches' is already there; append to it instead"))
    items = [[("date", t.date), ("kind", t.kind)] + ([("note", t.note)] if t.note else []) for t in touches]
    lines = ["touches:"]
    for pairs in items:
        lines += [("  - " if i == 0 else "    ") + f"{k}: {document.scalar(v)}" for i, (k, v) in enumerate(pairs)]
    flow = "[" + ", ".join(document.flow_mapping(pairs) for pairs in items) + "]"
    splices = _new_key(doc, "touches", lines, flow)
    intent = Intent("set", ("touches",), [dict(pairs) for pairs in items])
    return finish(doc, splices, intent, f"touches: {len(touches)}")


def replace_value(doc: document.Document, key: str, value: str) -> document.Change:
    """Give `title` or `company`, which has a value, a new one (a job change: the old role went to
    `history` first). Only a one-line value is replaced, its comment and quoting style aside."""
    found = document.find_key(doc, doc.root, key)
    if found is None or _blank(found[1]):
        return set_value(doc, key, value)
    node = found[1]
    if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">") or node.start_mark.line != node.end_mark.line:
        raise document.EditRefused(
            doc.problem(node, "cannot-edit", f"'{key}' is not a one-line value; change it by hand")
        )
    splices = [document.Splice(doc.pos(node.start_mark), doc.pos(node.end_mark), document.scalar(value))]
    return finish(doc, splices, Intent("set", (key,), value), f"{key}: {value}")


def add_history(doc: document.Document, role: PastRole) -> document.Change:
    """Put an earlier role first in `history` (newest first; the key is added when missing),
    written like the entries already there, else as `rolodex log` writes a touch."""
    pairs = [(k, v) for k, v in (("date", role.date), ("company", role.company), ("title", role.title)) if v]
    flow = document.flow_mapping(pairs)
    _, dash, gap = document.block_style(doc)
    found = document.find_key(doc, doc.root, "history")

    def block(prefix: str, key_col: int) -> str:
        return "".join(
            (prefix if i == 0 else " " * key_col) + f"{k}: {document.scalar(v)}" + doc.newline
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
            splices = [document.Splice(line_end + 1, line_end + 1, block(" " * col + "-" + " " * (gap - 1), col + gap))]
        else:
            splices = _fill_blank(doc, found[1], f"[{flow}]")
    elif isinstance(found[1], yaml.SequenceNode) and found[1].flow_style:
        at = doc.pos(found[1].start_mark) + 1
        splices = [document.Splice(at, at, flow + (", " if found[1].value else ""))]
    elif isinstance(found[1], yaml.SequenceNode) and found[1].value:
        first = found[1].value[0]
        start = doc.pos(first.start_mark)
        line = doc.text.rfind("\n", 0, start) + 1
        prefix = doc.text[line:start]
        if not re.fullmatch(r" *-[ \t]+", prefix):
            raise document.EditRefused(
                doc.problem(
                    first, "cannot-edit", "cannot tell how the 'history' list is indented; add the role by hand"
                )
            )
        if isinstance(first, yaml.MappingNode) and first.flow_style:
            text = prefix + flow + doc.newline
        else:
            text = block(prefix, len(prefix))
        splices = [document.Splice(line, line, text)]
    else:
        raise document.EditRefused(
            doc.problem(found[1], "cannot-edit", "'history' is not a list of earlier roles; add the role by hand")
        )
    summary = "history: + " + ", ".join(f"{k}: {v}" for k, v in pairs)
    return finish(doc, splices, Intent("prepend", ("history",), dict(pairs)), summary)


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
        data = _step(path, data, done, lambda c: not has_touch(c, touch), lambda doc: append_touch(doc, touch))
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
    make: Callable[[document.Document], document.Change],
) -> bytes:
    doc = document.Document.load(path, data)
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
        data = add_touches(document.Document.load(path, data), touches).new
    errors = verify.new_file("contact", path, data, {**values, "touches": touches})
    if errors:  # only a KB template can cause this
        raise document.EditRefused(
            Problem(
                path,
                errors[0].line,
                "error",
                errors[0].code,
                f"the new contact would not pass 'rolodex check' ({errors[0].message}); "
                f"check {template_path}; not written",
            )
        )
    return data


def _mapping(pairs: Sequence[tuple[str, str]]) -> Any:
    """Links for `newfile`: a mapping whose values are quoted wherever YAML could mistype them."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    def quoted(text: str) -> Any:
        return DoubleQuotedScalarString(text) if document.scalar(text).startswith('"') else text

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
