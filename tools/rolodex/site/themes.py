"""The themes a Rolodex site is built with, and what each needs to load nothing from other hosts.

Material for MkDocs (`material`) and its maintained fork MaterialX (`materialx`) share their
templates, options and Python package (`material`: one environment holds one of the two), so
Rolodex treats them alike. Which one is installed is the user's choice of extra:
`rolodex[material]` or `rolodex[materialx]` (docs/longevity.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib.metadata import entry_points

# theme name → the extra (and the distribution it installs) that provides it
THEMES = {"material": "mkdocs-material", "materialx": "mkdocs-materialx"}
DEFAULT = "material"

# The offline plugin's search shim for file:// pages; it points at unpkg.com.
_REMOTE_SHIM = "iframe-worker"


def theme_name(site: Mapping[str, object]) -> str | None:
    """The theme mkdocs.yml names (`theme: NAME` or `theme: {name: NAME}`), None if none."""
    theme = site.get("theme")
    if isinstance(theme, Mapping):
        theme = theme.get("name")
    return theme if isinstance(theme, str) else None


def offline_options(name: str | None) -> dict[str, object]:
    """Theme options forced so pages load nothing from another host (both themes fetch Google Fonts)."""
    return {"font": False} if name in THEMES else {}


def offline_polyfills(polyfills: Iterable[object], shim: str) -> list[object]:
    """The polyfills with the remote search shim replaced by our own copy at `shim`."""
    polyfills = list(polyfills)
    if not any(_REMOTE_SHIM in str(p) for p in polyfills):
        return polyfills
    return [p for p in polyfills if _REMOTE_SHIM not in str(p)] + [shim]


def installed() -> list[str]:
    """The names of the Material-family themes installed here (MkDocs' and ProperDocs' registries)."""
    names = {ep.name for group in ("mkdocs.themes", "properdocs.themes") for ep in entry_points(group=group)}
    return [name for name in THEMES if name in names]


def missing(name: str | None, available: Iterable[str]) -> str | None:
    """Why a build with theme `name` cannot start here, with the fix; None when it can.

    Only our two themes are judged: any other theme is MkDocs' business.
    """
    available = list(available)
    if name not in THEMES or name in available:
        return None
    fix = f"install it with: pip install 'rolodex[{name}]' (from a clone: pip install -e '.[{name}]')"
    if available:
        other = available[0]
        fix += f", or use the installed one: theme: name: {other} in mkdocs.yml"
    return f"mkdocs.yml uses the theme '{name}' ({THEMES[name]}), which is not installed; {fix}"
