"""The Network page: who introduced you to whom, laid out at build time as SVG (pure).

Introductions form a forest: almost everyone was introduced by at most one person.
Each person gets the first introducer as their parent (a cycle is broken at its
alphabetically first member); the forest is drawn as tidy trees from left to right,
one row per leaf, parents centred on their children, so 200 people stay readable
as a tall picture you scroll. Other introducers are drawn as dashed links. The same
forest follows as a nested list, which search indexes and screen readers read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rolodex.site.blocks import NETWORK, person
from rolodex.site.context import Site
from rolodex.site.markup import contact_page, front_matter, h

COL = 240  # px between generations
ROW = 26  # px between rows
PAD = 16
LABEL_MAX = 28
CHAR = 7.2  # px per character of a 13px label, generously


@dataclass
class Forest:
    parent: dict[str, str | None]
    children: dict[str, list[str]] = field(default_factory=dict)
    roots: list[str] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)  # (introducer, introduced) not drawn as tree edges


def forest(site: Site) -> Forest:
    """The introduction forest: a parent per person, children sorted by name, roots by family size."""
    pairs = site.introductions

    def name(s: str) -> tuple[str, str]:
        return site.name(s).casefold(), s

    nodes = sorted({a for a, _, _ in pairs} | {b for _, b, _ in pairs}, key=name)
    parent: dict[str, str | None] = dict.fromkeys(nodes)
    extra = []
    for a, b, _ in pairs:
        if parent[b] is None:
            parent[b] = a
        elif parent[b] != a:
            extra.append((a, b))
    # Break cycles (A introduced B, B introduced A): the first member by name becomes a root.
    for start in nodes:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in path:
            path.append(node)
            node = parent[node]
        if node is not None:  # came back to a node on the path: a cycle
            cycle = path[path.index(node) :]
            head = min(cycle, key=name)
            introducer = parent[head]
            assert introducer is not None  # everyone on a cycle has a parent
            extra.append((introducer, head))
            parent[head] = None
    f = Forest(parent=parent, extra=extra)
    for n in nodes:
        p = parent[n]
        if p is None:
            f.roots.append(n)
        else:
            f.children.setdefault(p, []).append(n)
    size: dict[str, int] = {}

    def count(n: str) -> int:
        if n not in size:
            size[n] = 1 + sum(count(c) for c in f.children.get(n, []))
        return size[n]

    f.roots.sort(key=lambda n: (-count(n), name(n)))
    return f


def layout(f: Forest) -> tuple[dict[str, tuple[float, float]], int, int]:
    """(x, y) of each person: depth across, one row per leaf down; and the picture's columns and rows."""
    pos: dict[str, tuple[float, float]] = {}
    row: float = 0
    depth_max = 0
    # Iterative post-order so that a deep chain cannot exhaust Python's stack.
    for root in f.roots:
        stack: list[tuple[str, int, bool]] = [(root, 0, False)]
        while stack:
            node, depth, done = stack.pop()
            kids = f.children.get(node, [])
            depth_max = max(depth_max, depth)
            if not kids:
                pos[node] = (depth, row)
                row += 1
            elif done:
                ys = [pos[k][1] for k in kids]
                pos[node] = (depth, (min(ys) + max(ys)) / 2)
            else:
                stack.append((node, depth, True))
                stack.extend((k, depth + 1, False) for k in reversed(kids))
        row += 0.5  # a little air between families
    return pos, depth_max + 1, int(row + 0.5)


def svg(site: Site, f: Forest) -> str:
    pos, cols, rows = layout(f)
    width = PAD * 2 + cols * COL
    height = PAD * 2 + max(rows, 1) * ROW

    def xy(n: str) -> tuple[float, float]:
        d, r = pos[n]
        return PAD + 8 + d * COL, PAD + ROW / 2 + r * ROW

    out = [
        f'<svg class="rolodex-graph" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        # The list below says the same to screen readers and keyboards: the picture is for the eye
        # and the mouse, and keeps its hundreds of links out of the Tab order.
        f'aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">',
    ]
    labels = {n: _label(site.kb.contacts[n].name) for n in pos}

    def out_of(n: str) -> tuple[float, float]:  # edges leave a person after their name
        x, y = xy(n)
        return x + 9 + min(len(labels[n]) * CHAR, COL - 40), y

    for child, par in f.parent.items():
        if par is not None:
            out.append(_edge(out_of(par), xy(child), "tree"))
    for a, b in f.extra:
        if a in pos and b in pos:
            out.append(_edge(out_of(a), xy(b), "extra"))
    for n in pos:
        x, y = xy(n)
        contact = site.kb.contacts[n]
        label = labels[n]
        tip = contact.name + (f" — {contact.company}" if contact.company else "")
        href = site.href(NETWORK, contact_page(n))
        kind = "root" if f.parent[n] is None else "node"
        out.append(
            f'<a href="{h(href)}" class="rolodex-graph__{kind}" tabindex="-1"><title>{h(tip)}</title>'
            f'<circle cx="{x:.0f}" cy="{y:.0f}" r="5"/>'
            f'<text x="{x + 9:.0f}" y="{y + 4:.0f}">{h(label)}</text></a>'
        )
    out.append("</svg>")
    return "".join(out)


def _label(name: str) -> str:
    return name if len(name) <= LABEL_MAX else name[: LABEL_MAX - 1] + "…"


def _edge(a: tuple[float, float], b: tuple[float, float], kind: str) -> str:
    (x1, y1), (x2, y2) = a, b
    x1 += 4
    x2 -= 7
    mid = (x1 + x2) / 2
    return (
        f'<path class="rolodex-graph__{kind}" d="M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} '
        f'{mid:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"/>'
    )


def _outline(site: Site, f: Forest) -> str:
    lines: list[str] = []
    for root in f.roots:
        stack = [(root, 0)]
        while stack:
            node, depth = stack.pop()
            lines.append("    " * depth + "- " + person(site, NETWORK, node))
            stack.extend((k, depth + 1) for k in reversed(f.children.get(node, [])))
    for a, b in f.extra:
        lines.append(f"- {person(site, NETWORK, a)} also introduced {person(site, NETWORK, b)}")
    return "\n".join(lines)


def network(site: Site) -> str:
    f = forest(site)
    people = len(f.parent)
    out = [front_matter("Network"), "# Network\n"]
    if not people:
        out.append(
            "No introductions recorded yet. When someone introduces you, write `referred_by: their-slug` "
            "in the new contact, or list the people they suggest under `referrals:` in the meeting.\n"
        )
        return "\n".join(out)
    links = sum(1 for p in f.parent.values() if p) + len(f.extra)
    out.append(
        f"{people} people linked by {links} introductions. Read left to right: each person introduced "
        "you to the people on their right. Dashed lines are second introductions. Click a name to open "
        "their page.\n"
    )
    out.append('<div class="rolodex-network" data-search-exclude>' + svg(site, f) + "</div>\n")
    out.append("## As a list\n")
    out.append(_outline(site, f) + "\n")
    return "\n".join(out)
