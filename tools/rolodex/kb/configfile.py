"""Reading the KB's mkdocs.yml and finding the KB root: the file side of the options."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag

from rolodex.core import identity
from rolodex.core.config import CONFIG_FILE, PRIVATE_FIELD_NAMES, Settings, settings_from, unknown_private_fields
from rolodex.core.model import Problem


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing anything its tags name.

    Real configs carry `!!python/name:...` and `!ENV` tags; we only need the
    `rolodex` plugin entry, so any unknown tag becomes its plain value. `!ENV` is read as
    MkDocs reads it (`enabled: !ENV [CI, false]` is how plugins are switched off).
    The Python tags met are kept (`python_tags`), for `check` to warn about the ones that run code.
    """

    def __init__(self, stream: str):
        super().__init__(stream)
        self.python_tags: list[tuple[str, int]] = []


# The `!!python/name:` tags Material's and PyMdown's documentation put in mkdocs.yml (emoji,
# custom fences): a reference to one of their functions. Any other Python tag is code that
# MkDocs' own loader runs while reading the file (`!!python/object/apply:os.system [...]`).
DOCUMENTED_PYTHON_NAMES = ("material.", "pymdownx.")


def _construct_any(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> Any:
    if node.tag.startswith("tag:yaml.org,2002:python/") and isinstance(loader, _TolerantLoader):
        loader.python_tags.append((node.tag, node.start_mark.line + 1))
    if isinstance(node, yaml.ScalarNode):
        # `!!python/name:pkg.func ''` says everything in its tag: keep the name as the value
        return loader.construct_scalar(node) or node.tag.rsplit(":", 1)[-1]
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    assert isinstance(node, yaml.MappingNode)  # YAML has no fourth kind of node
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("!", _construct_any)
_TolerantLoader.add_constructor("!ENV", construct_env_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_any)


@dataclass(frozen=True)
class ConfigFile:
    """What the KB's mkdocs.yml says: Rolodex's options, and the few MkDocs settings Rolodex
    reads without MkDocs (`export site`, the public build's checks, `serve`'s address)."""

    settings: Settings
    problems: tuple[Problem, ...]
    site: Mapping[str, Any]  # the whole mkdocs.yml, tags flattened
    text: str = ""  # the file as read (undecodable bytes replaced): a public build checks what it names

    @property
    def docs_dir(self) -> str:
        return str(self.site.get("docs_dir") or "docs")

    @property
    def site_name(self) -> str:
        return str(self.site.get("site_name") or "My network")

    @property
    def dev_addr(self) -> str | None:
        addr = self.site.get("dev_addr")
        return str(addr) if addr else None

    def excluded(self, rel: str) -> bool:
        """Whether MkDocs leaves the page `rel` (in the docs folder) out of the site: its default
        (`/templates/`; dot files are left out by the caller) and `exclude_docs`, gitignore-style lines."""
        return self._exclude_spec.match_file(rel)

    @cached_property
    def _exclude_spec(self) -> Any:
        import pathspec  # MkDocs' own dependency: only for the few callers that need it

        patterns = self.site.get("exclude_docs")
        lines = patterns.splitlines() if isinstance(patterns, str) else []
        return pathspec.GitIgnoreSpec.from_lines(["/templates/", *lines])


def read_config(root: Path) -> ConfigFile:
    """Read `root/mkdocs.yml`: its rolodex options become settings; mistakes become problems."""
    path = root / CONFIG_FILE
    text = ""
    try:
        raw = path.read_bytes()
        # as read_text reads it (universal new lines); undecodable bytes replaced for `text`,
        # while the file itself is a problem
        text = raw.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        raw.decode("utf-8-sig")
        loader = _TolerantLoader(text)
        try:
            data = loader.get_single_data() or {}
        finally:
            loader.dispose()
    except OSError as exc:
        return ConfigFile(
            Settings(), (Problem(CONFIG_FILE, None, "error", "config", f"cannot read: {exc.strerror}"),), {}, text
        )
    except UnicodeDecodeError as exc:
        return ConfigFile(
            Settings(), (Problem(CONFIG_FILE, None, "error", "config", f"not UTF-8 text ({exc.reason})"),), {}, text
        )
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        msg = getattr(exc, "problem", None) or str(exc)
        problem = Problem(CONFIG_FILE, line, "error", "config", f"YAML syntax: {msg}")
        return ConfigFile(Settings(), (problem,), {}, text)
    if not isinstance(data, dict):
        problem = Problem(CONFIG_FILE, 1, "error", "config", "mkdocs.yml is not a mapping")
        return ConfigFile(Settings(), (problem,), {}, text)
    data, inherited = _inherit(root, path, data)
    options = _plugin_options(data.get("plugins"))
    if not isinstance(options, (dict, type(None))):
        found = type(options).__name__
        problem = Problem(
            CONFIG_FILE,
            _option_lines(text).get("rolodex"),
            "error",
            "config",
            f"the rolodex plugin's options must be a mapping, found {found}",
        )
        return ConfigFile(Settings(), (problem,), data, text)
    settings, errors = settings_from(options)
    lines = _option_lines(text)
    problems = tuple(
        sorted(
            [Problem(CONFIG_FILE, _line_for(err, lines), "error", "config", err) for err in errors]
            + _given_twice(text)
            + _python_tag_warnings(CONFIG_FILE, loader.python_tags)
            + _private_field_warnings(settings.private_fields, lines.get("private_fields", lines.get("rolodex"))),
            key=lambda p: p.line or 0,
        )
    ) + tuple(inherited)
    return ConfigFile(settings, problems, data, text)


def _private_field_warnings(names: tuple[str, ...], line: int | None) -> list[Problem]:
    """A warning for each `private_fields` name that is no contact field: it hides nothing."""
    return [
        Problem(
            CONFIG_FILE,
            line,
            "warning",
            "private-fields",
            f"private_fields: '{name}' is not a contact field, so it hides nothing"
            f"{identity.did_you_mean(name, PRIVATE_FIELD_NAMES)} (the fields: {', '.join(PRIVATE_FIELD_NAMES)}); "
            "a public build or export stops until it is fixed",
        )
        for name in unknown_private_fields(names)
    ]


# MkDocs follows `INHERIT:` from file to file; a chain this long is a mistake (or a loop).
MAX_INHERIT = 10


def _inherit(root: Path, path: Path, data: dict, depth: int = 0) -> tuple[dict, list[Problem]]:
    """`data` on top of the file its `INHERIT:` names, as MkDocs reads them (the parent's
    path is relative to the file naming it; mappings merge key by key, anything else the
    child's wins), and the problems found: the parent is read with MkDocs' loader on every
    build, so its Python tags are warned about as mkdocs.yml's are, and so that `export`
    and `check` see the options a build sees (`private_fields` set in a parent hid nothing)."""
    if "INHERIT" not in data:
        return data, []
    data = dict(data)
    parent_rel = data.pop("INHERIT")
    label = _label(root, path)
    if not isinstance(parent_rel, str) or not parent_rel:
        return data, [Problem(label, None, "error", "config", "INHERIT should name a YAML file, e.g. 'base.yml'")]
    if depth >= MAX_INHERIT:
        message = f"INHERIT: more than {MAX_INHERIT} files inherit from one another (a loop?); '{parent_rel}' not read"
        return data, [Problem(label, None, "error", "config", message)]
    parent_path = Path(os.path.normpath(path.parent / parent_rel))
    parent_label = _label(root, parent_path)
    try:
        loader = _TolerantLoader(parent_path.read_bytes().decode("utf-8-sig"))
        try:
            parent = loader.get_single_data() or {}
        finally:
            loader.dispose()
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        why = getattr(exc, "strerror", None) or getattr(exc, "problem", None) or getattr(exc, "reason", None) or exc
        return data, [Problem(label, None, "error", "config", f"INHERIT: cannot read '{parent_rel}' ({why})")]
    if not isinstance(parent, dict):
        return data, [Problem(parent_label, 1, "error", "config", f"{parent_label} (inherited) is not a mapping")]
    problems = _python_tag_warnings(parent_label, loader.python_tags)
    parent, more = _inherit(root, parent_path, parent, depth + 1)
    return _merged(parent, data), problems + more


def _merged(parent: dict, child: dict) -> dict:
    out = dict(parent)
    for key, value in child.items():
        below = out.get(key)
        out[key] = _merged(below, value) if isinstance(below, dict) and isinstance(value, dict) else value
    return out


def _label(root: Path, path: Path) -> str:
    """A config file as messages name it: relative to the KB when inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _python_tag_warnings(where: str, tags: list[tuple[str, int]]) -> list[Problem]:
    """A warning for each Python tag but the documented `!!python/name:` references.

    Rolodex never runs them, but MkDocs reads mkdocs.yml with a loader that does, on every
    `rolodex build` and `serve`: a knowledge base from someone else can run code that way.
    """
    out = []
    for tag, line in tags:
        short = "!!" + tag.removeprefix("tag:yaml.org,2002:")
        name = short.removeprefix("!!python/name:")
        if short.startswith("!!python/name:") and name.startswith(DOCUMENTED_PYTHON_NAMES):
            continue
        out.append(
            Problem(
                where,
                line,
                "warning",
                "python-tag",
                f"'{short}' makes MkDocs import or run Python code when it reads this file ('rolodex build' and "
                "'serve' do); only '!!python/name:' references to material.* and pymdownx.* are documented: "
                "remove it unless you wrote it",
            )
        )
    return out


def _plugin_options(plugins: Any) -> Any:
    """The options of the `rolodex` entry of `plugins:` (list or mapping form)."""
    if isinstance(plugins, dict):
        return plugins.get("rolodex")
    if isinstance(plugins, list):
        for entry in plugins:
            if isinstance(entry, dict) and "rolodex" in entry:
                return entry["rolodex"]
    return None


def _line_for(message: str, lines: Mapping[str, int]) -> int | None:
    """The line an option error points at: the tag inside cadence_by_tag, the option, or the plugin."""
    option = _option_in(message)
    tag = re.search(r": tag '([^']+)'", message)
    if tag and f"{option}.{tag[1]}" in lines:
        return lines[f"{option}.{tag[1]}"]
    return lines.get(option, lines.get("rolodex"))


def _option_in(message: str) -> str:
    m = re.search(r"'([^']+)'", message)
    return m[1] if m else "rolodex"


def _option_lines(text: str) -> dict[str, int]:
    """The line of each option under the `rolodex` plugin (`me.name` for sub-options).

    Composing keeps every node's line and constructs nothing, so tags such as
    `!!python/name:…` cost nothing here either.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}
    plugins = _node_get(root, "plugins")
    entries = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins] if plugins else []
    for entry in entries:
        if isinstance(entry, yaml.MappingNode):
            for key, value in entry.value:
                if isinstance(key, yaml.ScalarNode) and key.value == "rolodex":
                    lines["rolodex"] = key.start_mark.line + 1
                    _collect_lines(value, "", lines)
        elif isinstance(entry, yaml.ScalarNode) and entry.value == "rolodex":
            lines["rolodex"] = entry.start_mark.line + 1
    return lines


def _given_twice(text: str) -> list[Problem]:
    """An option (or sub-option) written twice under the rolodex plugin: YAML keeps the last
    one silently, so the first would look set and do nothing. Located at the second."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    out: list[Problem] = []

    def walk(node: yaml.Node, prefix: str) -> None:
        if not isinstance(node, yaml.MappingNode):
            return
        seen: dict[str, int] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            line = key.start_mark.line + 1
            if key.value in seen:
                name = prefix + key.value
                out.append(
                    Problem(
                        CONFIG_FILE,
                        line,
                        "error",
                        "config",
                        f"rolodex option '{name}' is given twice (first on line {seen[key.value]}); "
                        "keep one: MkDocs would silently use the last",
                    )
                )
            else:
                seen[key.value] = line
            if not prefix:
                walk(value, key.value + ".")

    plugins = _node_get(root, "plugins")
    if isinstance(plugins, yaml.MappingNode):
        pairs = list(plugins.value)
    elif isinstance(plugins, yaml.SequenceNode):
        pairs = [pair for entry in plugins.value if isinstance(entry, yaml.MappingNode) for pair in entry.value]
    else:
        pairs = []
    for key, value in pairs:
        if isinstance(key, yaml.ScalarNode) and key.value == "rolodex":
            walk(value, "")
    return out


def _node_get(node: yaml.Node | None, name: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == name:
                return value
    return None


def _collect_lines(node: yaml.Node, prefix: str, lines: dict[str, int]) -> None:
    if not isinstance(node, yaml.MappingNode):
        return
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode):
            lines.setdefault(prefix + key.value, key.start_mark.line + 1)
            if not prefix:
                _collect_lines(value, key.value + ".", lines)


# --- finding the KB -----------------------------------------------------------------


class KBNotFound(Exception):
    pass


def find_root(start: Path, explicit: str | None = None) -> Path:
    """The KB root: `explicit` (--kb or ROLODEX_KB), else the nearest folder up with mkdocs.yml."""
    explicit = explicit or os.environ.get("ROLODEX_KB") or None
    if explicit:
        root = Path(explicit).expanduser()
        if root.is_file() and root.name == CONFIG_FILE:
            root = root.parent
        if not (root / CONFIG_FILE).is_file():
            raise KBNotFound(f"{root}: no {CONFIG_FILE} there; run 'rolodex init {root}' to start a knowledge base")
        return root.resolve()
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise KBNotFound(
        f"no {CONFIG_FILE} in {here} or any folder above it; "
        "run 'rolodex init' to start a knowledge base, or pass --kb PATH"
    )
