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

from rolodex.site.blocks import HUB_SEARCH, NETWORK, html_table, person
from rolodex.site.context import Site
from rolodex.site.markup import contact_page, front_matter, h, html_block

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


LARGE = 150  # people: past this a picture of everyone is unreadable; show connectors and neighbourhoods
CONNECTORS = 25


def network(site: Site) -> str:
    f = forest(site)
    people = len(f.parent)
    out = [front_matter("Network", search=HUB_SEARCH), "# Network\n"]
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
    if people > LARGE:
        return "\n".join(out[:2] + _large(site, f, links))
    out.append('<div class="rolodex-network" data-search-exclude>' + svg(site, f) + "</div>\n")
    out.append("## As a list\n")
    out.append(_outline(site, f) + "\n")
    return "\n".join(out)


def _link(site: Site, src: str, slug: str) -> str:
    return f'<a href="{h(site.href(src, contact_page(slug)))}">{h(site.name(slug))}</a>'


def _large(site: Site, f: Forest, links: int) -> list[str]:
    """A network too big to draw: the people who introduced most, and a find box over everyone."""
    reach: dict[str, int] = {}
    for root in f.roots:  # people each one's introductions led to, directly or not (iterative post-order)
        stack = [(root, False)]
        while stack:
            node, done = stack.pop()
            kids = f.children.get(node, [])
            if done or not kids:
                reach[node] = sum(1 + reach[k] for k in kids)
            else:
                stack.append((node, True))
                stack.extend((k, False) for k in kids)
    direct = {slug: len(site.introduced.get(slug, [])) for slug in f.parent}
    people = sorted(f.parent, key=lambda s: (site.name(s).casefold(), s))
    top = sorted((s for s in people if direct[s]), key=lambda s: (-direct[s], -reach[s]))[:CONNECTORS]
    out = [
        f"{len(people)} people linked by {links} introductions: too many for one picture. Each person's page "
        "shows their neighbourhood: who introduced them and whom they introduced.\n",
        "## Top connectors\n",
        html_block(
            html_table(
                ["Name", "Introduced you to", "Led to in all", "Introduced by"],
                [
                    (
                        _link(site, NETWORK, s),
                        str(direct[s]),
                        str(reach[s]),
                        _link(site, NETWORK, f.parent[s]) if f.parent[s] else "",  # type: ignore[arg-type]
                    )
                    for s in top
                ],
                cls="rolodex-connectors",
            )
        )
        + "\n",
        "## Find someone\n",
        html_block(
            '<div class="rolodex-find" data-search-exclude><input type="search" data-rolodex-find '
            'aria-label="Find a person in your network" placeholder="Name…"> <span class="rolodex-count" '
            f'role="status">{len(people)} people</span></div>'
        )
        + "\n",
        html_block(
            '<ul class="rolodex-everyone" data-rolodex-find-list>'
            + "".join(
                f"<li>{_link(site, NETWORK, s)}"
                + (f" · introduced by {_link(site, NETWORK, f.parent[s])}" if f.parent[s] else "")  # type: ignore[arg-type]
                + (f" · introduced you to {direct[s]}" if direct[s] else "")
                + "</li>"
                for s in people
            )
            + "</ul>"
        )
        + "\n",
    ]
    return out


def neighbourhood(site: Site, slug: str, src: str) -> str:
    """A person's place in a large network: who introduced them (and who introduced that person),
    and whom they introduced, as three columns of links."""
    by = [a for a, _ in site.introduced_by.get(slug, [])]
    above = [a for b in by[:1] for a, _ in site.introduced_by.get(b, [])[:1]]
    to = [b for b, _ in site.introduced.get(slug, [])]
    if not by and not to:
        return ""
    to_sorted = sorted(to, key=lambda s: site.name(s).casefold())
    shown, more = to_sorted[:20], len(to_sorted) - 20

    def column(title: str, slugs: list[str], extra: str = "") -> str:
        items = "".join(f"<li>{_link(site, src, s)}</li>" for s in slugs) or "<li>nobody recorded</li>"
        return f'<div class="rolodex-hood__col"><p>{h(title)}</p><ul>{items}{extra}</ul></div>'

    left = column("Introduced by", above + by)
    me = f'<div class="rolodex-hood__me"><strong>{h(site.name(slug))}</strong></div>'
    right = column("Introduced you to", shown, f"<li>and {more} more</li>" if more > 0 else "")
    return f'<div class="rolodex-hood" role="group" aria-label="Neighbourhood in your network">{left}{me}{right}</div>'
