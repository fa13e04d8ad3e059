"""`[[slug]]`, `[[Name]]` and `[[target|label]]` links in Markdown bodies (pure).

Obsidian users link people by slug or by name; on the site those become links to
the person's (or meeting's) page. Code blocks and code spans are left as typed.
A link to someone left out of a public build becomes neutral text, so that a
private name never reaches the page; any other unknown target stays as typed, marked.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rolodex.rules.privacy import names_hidden
from rolodex.site.markup import md, rel

WIKILINK = re.compile(r"\[\[([^\[\]|#\n]+)(?:#[^\[\]|\n]*)?(?:\|([^\[\]\n]+))?\]\]")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\n[ \t]*\n).)+?\1", re.DOTALL)  # within a paragraph

# target text -> (page path, default label) or None
Resolver = Callable[[str], "tuple[str, str] | None"]


def resolve_links(body: str, src: str, resolver: Resolver, hidden: frozenset[str] = frozenset()) -> str:
    """`body` with its wiki links turned into Markdown links relative to page `src`."""
    if "[[" not in body:
        return body

    def replace(m: re.Match) -> str:
        target, label = m[1].strip(), m[2]
        found = resolver(target)
        if found is None:
            if names_hidden(target, hidden):  # by slug, path or name, however typed
                return md(label.strip()) if label and not names_hidden(label, hidden) else "(someone)"
            return f'<span class="rolodex-missing" title="no page for this link">{md(m[0])}</span>'
        page, default = found
        return f"[{md(label.strip() if label else default)}]({rel(src, page)})"

    out: list[str] = []
    fence: str | None = None
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            text = "".join(chunk)
            out.append(_outside_code_spans(text, lambda part: WIKILINK.sub(replace, part)))
            chunk.clear()

    for line in body.splitlines(keepends=True):
        m = _FENCE.match(line)
        if fence is None and m:
            flush()
            fence = m[1][0] * len(m[1])
            out.append(line)
        elif fence is not None:
            out.append(line)
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                fence = None
        else:
            chunk.append(line)
    flush()
    return "".join(out)


def _outside_code_spans(text: str, fn: Callable[[str], str]) -> str:
    parts, last = [], 0
    for m in _CODE_SPAN.finditer(text):
        parts.append(fn(text[last : m.start()]))
        parts.append(m[0])
        last = m.end()
    parts.append(fn(text[last:]))
    return "".join(parts)
