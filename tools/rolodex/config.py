"""The `rolodex` plugin's options: one schema, read by the CLI and the plugin alike.

The schema is declared once, below, as plain checks; `RolodexOptions` is the MkDocs
`Config` class built from it (so `mkdocs build` validates exactly as `rolodex check`
does), made only when the plugin asks for it: the CLI never pays for importing
MkDocs. `Settings` is the plain frozen value the pure logic takes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Mapping

import yaml

from .model import Problem

CONFIG_FILE = "mkdocs.yml"
_MONTH_DAY = re.compile(r"^(\d\d)-(\d\d)$")


class OptionError(ValueError):
    """What is wrong with one option's value: 'expected …, found …'."""


def _shown(value: object) -> str:
    """A config value as the user wrote it, for 'found …' in messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value) if isinstance(value, str) else str(value)


def _whole(unit: str = "days", minimum: int = 0) -> Callable[[Any], int]:
    """A whole number of `unit`, at least `minimum` (YAML's `true` is not a number)."""

    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise OptionError(f"expected a whole number of {unit} ({minimum} or more), found {_shown(value)}")
        return value

    return check


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise OptionError(f"expected text, found {_shown(value)}")
    return value


def _folder(value: Any) -> str:
    """A folder inside the knowledge base, relative to it: Rolodex reads and edits what is in
    it, and a KB (perhaps someone else's) must not point it at files elsewhere."""
    text = _text(value)
    parts = PurePosixPath(text.replace("\\", "/")).parts
    if not parts or parts[0] == "/" or ".." in parts or re.match(r"^[A-Za-z]:", text) or text.startswith("~"):
        raise OptionError(f"expected a folder inside the knowledge base, such as 'contacts', found {_shown(value)}")
    return text


def _text_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise OptionError(f"expected a list of names, found {_shown(value)}")
    for item in value:
        if not isinstance(item, str):
            raise OptionError(f"expected a list of names, found {_shown(item)} in it")
    return list(value)


def _month_day(value: Any) -> str:
    if isinstance(value, str) and (m := _MONTH_DAY.match(value)):
        try:
            dt.date(2000, int(m[1]), int(m[2]))  # a leap year admits 02-29
            return value
        except ValueError:
            pass
    raise OptionError(f'expected a month-day such as "12-01", found {_shown(value)}')


def _cadence_by_tag(value: Any) -> dict:
    if not isinstance(value, dict):
        raise OptionError(f"expected a mapping of tag to days or 'never', found {_shown(value)}")
    for tag, days in value.items():
        ok = days == "never" or (isinstance(days, int) and not isinstance(days, bool) and days > 0)
        if not isinstance(tag, str) or not ok:
            raise OptionError(f"tag '{tag}': expected a positive number of days or 'never', found {_shown(days)}")
    return dict(value)


ME_NAMES = ("name", "email", "signature")


def _me(value: Any) -> dict[str, str]:
    """Who you are, for the signature of drafted messages: the first problem raises."""
    me, errors = _me_from(value)
    if errors:
        raise OptionError(errors[0])
    return me


# name → (default, check). An option left empty (`nudge_days:`) takes its default.
SCHEMA: dict[str, tuple[Any, Callable[[Any], Any]]] = {
    "contacts_dir": ("contacts", _folder),
    "meetings_dir": ("meetings", _folder),
    "thank_you_days": (1, _whole()),
    "thank_you_lapse_days": (30, _whole()),
    "referral_days": (7, _whole()),
    "nudge_days": (7, _whole()),
    "max_nudges": (2, _whole("nudges")),
    "prep_days": (2, _whole()),
    "cadence_days": (90, _whole(minimum=1)),
    "cadence_by_tag": ({}, _cadence_by_tag),
    "holiday_start": ("12-01", _month_day),
    "holiday_end": ("12-31", _month_day),
    "meeting_minutes": (15, _whole("minutes", minimum=1)),
    "templates_dir": ("templates", _folder),
    "private_fields": ([], _text_list),
    "me": ({}, _me),
}
OPTION_NAMES = tuple(SCHEMA)


def _mkdocs_schema() -> type:
    """The MkDocs `Config` class of the plugin, built from SCHEMA (imports MkDocs)."""
    from mkdocs.config import base
    from mkdocs.config import config_options as c

    class _Checked(c.BaseConfigOption):
        def __init__(self, default: Any, check: Callable[[Any], Any]):
            super().__init__()
            self.default = default
            self.check = check

        def run_validation(self, value: object) -> Any:
            try:
                return self.check(_copy(self.default) if value is None else value)
            except OptionError as err:
                raise base.ValidationError(str(err)) from None

    attrs: dict[str, Any] = {name: _Checked(default, check) for name, (default, check) in SCHEMA.items()}
    attrs["__doc__"] = "The options of the `rolodex` entry under `plugins:` in mkdocs.yml (FORMAT §4)."
    attrs["__module__"] = __name__
    return type("RolodexOptions", (base.Config,), attrs)


_MKDOCS_SCHEMA: type | None = None


def __getattr__(name: str) -> Any:
    """`RolodexOptions`, the MkDocs schema, is built on first use (the plugin's import)."""
    global _MKDOCS_SCHEMA
    if name == "RolodexOptions":
        if _MKDOCS_SCHEMA is None:
            _MKDOCS_SCHEMA = _mkdocs_schema()
        return _MKDOCS_SCHEMA
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _copy(value: Any) -> Any:
    return dict(value) if isinstance(value, dict) else list(value) if isinstance(value, list) else value


@dataclass(frozen=True)
class Me:
    name: str = ""
    email: str = ""
    signature: str = ""


@dataclass(frozen=True)
class Settings:
    """The validated options, as the pure logic sees them."""

    contacts_dir: str = "contacts"
    meetings_dir: str = "meetings"
    thank_you_days: int = 1
    thank_you_lapse_days: int = 30
    referral_days: int = 7
    nudge_days: int = 7
    max_nudges: int = 2
    prep_days: int = 2
    cadence_days: int = 90
    cadence_by_tag: Mapping[str, Any] = field(default_factory=dict)
    holiday_start: str = "12-01"
    holiday_end: str = "12-31"
    meeting_minutes: int = 15
    templates_dir: str = "templates"
    private_fields: tuple[str, ...] = ()
    me: Me = Me()


def settings_from(options: Mapping[str, Any] | None) -> tuple[Settings, list[str]]:
    """Validate raw plugin options; return settings (defaults where invalid) and every error.

    Each option is checked on its own, so every mistake is reported at once (MkDocs'
    own `Config.validate` stops at the first failing option).
    """
    raw = dict(options or {})
    errors: list[str] = []
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in SCHEMA:
            errors.append(f"unknown rolodex option '{key}'{_did_you_mean(str(key), OPTION_NAMES)}")
    for name, (default, check) in SCHEMA.items():
        value = raw.get(name)
        if name == "me":
            values[name], me_errors = _me_from(value)
            errors += me_errors
            continue
        try:
            values[name] = check(_copy(default) if value is None else value)
        except OptionError as err:
            errors.append(f"rolodex option '{name}': {err}")
            values[name] = _copy(default)
    return settings_from_validated(values), errors


def _me_from(value: Any) -> tuple[dict[str, str], list[str]]:
    """The `me:` mapping, each sub-option validated on its own; unknown ones reported."""
    me = {name: "" for name in ME_NAMES}
    if value is None:
        return me, []
    if not isinstance(value, dict):
        return me, [f"rolodex option 'me': expected a mapping of {', '.join(ME_NAMES)}, found {_shown(value)}"]
    errors = []
    for key, item in value.items():
        if key not in ME_NAMES:
            errors.append(f"unknown rolodex option 'me.{key}'{_did_you_mean(str(key), ME_NAMES, 'me.')}")
            continue
        try:
            me[key] = "" if item is None else _text(item)
        except OptionError as err:
            errors.append(f"rolodex option 'me.{key}': {err}")
    return me, errors


def _did_you_mean(word: str, choices: tuple[str, ...], prefix: str = "") -> str:
    hint = difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean '{prefix}{hint[0]}'?" if hint else ""


def settings_from_validated(schema: Mapping[str, Any], skip: set[str] = frozenset()) -> Settings:
    """Turn a validated `RolodexOptions` (as the plugin has it) into `Settings`."""
    values: dict[str, Any] = {}
    for name in OPTION_NAMES:
        if name in skip or name == "me":
            continue
        value = schema[name]
        values[name] = tuple(value) if name == "private_fields" else value
    me = schema["me"] if "me" not in skip else None
    if me:
        values["me"] = Me(name=me["name"] or "", email=me["email"] or "", signature=me["signature"] or "")
    return Settings(**values)


# --- reading mkdocs.yml -----------------------------------------------------------


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing anything its tags name.

    Real configs carry `!!python/name:...` and `!ENV` tags; we only need the
    `rolodex` plugin entry, so any unknown tag becomes its plain value.
    """


def _construct_any(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        # `!!python/name:pkg.func ''` says everything in its tag: keep the name as the value
        return loader.construct_scalar(node) or node.tag.rsplit(":", 1)[-1]
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("!", _construct_any)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_any)


@dataclass(frozen=True)
class ConfigFile:
    """What the KB's mkdocs.yml says about Rolodex."""

    settings: Settings
    problems: tuple[Problem, ...]
    site: Mapping[str, Any]  # the whole mkdocs.yml, tags flattened


def read_config(root: Path) -> ConfigFile:
    """Read `root/mkdocs.yml`: its rolodex options become settings; mistakes become problems."""
    path = root / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = yaml.load(text, Loader=_TolerantLoader) or {}
    except OSError as exc:
        return ConfigFile(Settings(), (Problem(CONFIG_FILE, None, "error", "config", f"cannot read: {exc.strerror}"),), {})
    except UnicodeDecodeError as exc:
        return ConfigFile(Settings(), (Problem(CONFIG_FILE, None, "error", "config", f"not UTF-8 text ({exc.reason})"),), {})
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        msg = getattr(exc, "problem", None) or str(exc)
        return ConfigFile(Settings(), (Problem(CONFIG_FILE, line, "error", "config", f"YAML syntax: {msg}"),), {})
    if not isinstance(data, dict):
        return ConfigFile(Settings(), (Problem(CONFIG_FILE, 1, "error", "config", "mkdocs.yml is not a mapping"),), {})
    options = _plugin_options(data.get("plugins"))
    if not isinstance(options, (dict, type(None))):
        found = type(options).__name__
        problem = Problem(CONFIG_FILE, _option_lines(text).get("rolodex"), "error", "config",
                          f"the rolodex plugin's options must be a mapping, found {found}")
        return ConfigFile(Settings(), (problem,), data)
    settings, errors = settings_from(options)
    lines = _option_lines(text)
    problems = tuple(sorted(
        (Problem(CONFIG_FILE, _line_for(err, lines), "error", "config", err) for err in errors),
        key=lambda p: p.line or 0,
    ))
    return ConfigFile(settings, problems, data)


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
