"""The `rolodex` plugin's options: one schema, read by the CLI and the plugin alike.

The schema is a MkDocs `Config` class, so `mkdocs build` validates it exactly as
`rolodex check` does; `Settings` is the plain frozen value the pure logic takes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c

from .model import Problem

CONFIG_FILE = "mkdocs.yml"
_MONTH_DAY = re.compile(r"^(\d\d)-(\d\d)$")


class _PositiveInt(c.BaseConfigOption[int]):
    def __init__(self, default: int):
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise base.ValidationError(f"expected a whole number of days (0 or more), found {value!r}")
        return value


class _MonthDay(c.BaseConfigOption[str]):
    def __init__(self, default: str):
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        if isinstance(value, str) and (m := _MONTH_DAY.match(value)):
            try:
                dt.date(2000, int(m[1]), int(m[2]))  # a leap year admits 02-29
                return value
            except ValueError:
                pass
        raise base.ValidationError(f'expected a month-day such as "12-01", found {value!r}')


class _CadenceByTag(c.BaseConfigOption[dict]):
    def __init__(self):
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> dict:
        if not isinstance(value, dict):
            raise base.ValidationError(f"expected a mapping of tag to days or 'never', found {value!r}")
        for tag, days in value.items():
            ok = days == "never" or (isinstance(days, int) and not isinstance(days, bool) and days > 0)
            if not isinstance(tag, str) or not ok:
                raise base.ValidationError(
                    f"tag {tag!r}: expected a positive number of days or 'never', found {days!r}"
                )
        return dict(value)


class MeOptions(base.Config):
    """Who you are, for the signature of drafted messages."""

    name = c.Type(str, default="")
    email = c.Type(str, default="")
    signature = c.Type(str, default="")


class RolodexOptions(base.Config):
    """The options of the `rolodex` entry under `plugins:` in mkdocs.yml (FORMAT §4)."""

    contacts_dir = c.Type(str, default="contacts")
    meetings_dir = c.Type(str, default="meetings")
    thank_you_days = _PositiveInt(1)
    thank_you_lapse_days = _PositiveInt(30)
    referral_days = _PositiveInt(7)
    nudge_days = _PositiveInt(7)
    max_nudges = _PositiveInt(2)
    prep_days = _PositiveInt(2)
    cadence_days = _PositiveInt(90)
    cadence_by_tag = _CadenceByTag()
    holiday_start = _MonthDay("12-01")
    holiday_end = _MonthDay("12-31")
    meeting_minutes = _PositiveInt(15)
    templates_dir = c.Type(str, default="templates")
    private_fields = c.ListOfItems(c.Type(str), default=[])
    me = c.SubConfig(MeOptions)


OPTION_NAMES = tuple(name for name, _ in RolodexOptions._schema)


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
    """Validate raw plugin options; return settings (defaults where invalid) and errors."""
    schema = RolodexOptions()
    raw = dict(options or {})
    errors: list[str] = []
    for key in list(raw):
        if key not in OPTION_NAMES:
            hint = difflib.get_close_matches(str(key), OPTION_NAMES, n=1)
            errors.append(
                f"unknown rolodex option '{key}'" + (f"; did you mean '{hint[0]}'?" if hint else "")
            )
            del raw[key]
    schema.load_dict(raw)
    failed, _ = schema.validate()
    bad = set()
    for name, err in failed:
        errors.append(f"rolodex option '{name}': {err}")
        bad.add(name)
    return settings_from_validated(schema, skip=bad), errors


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
        return loader.construct_scalar(node)
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
        problem = Problem(CONFIG_FILE, _line_of(text, "rolodex"), "error", "config",
                          f"the rolodex plugin's options must be a mapping, found {found}")
        return ConfigFile(Settings(), (problem,), data)
    settings, errors = settings_from(options)
    problems = tuple(
        Problem(CONFIG_FILE, _line_of(text, _option_in(err)), "error", "config", err) for err in errors
    )
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


def _option_in(message: str) -> str:
    m = re.search(r"'([^']+)'", message)
    return m[1] if m else "rolodex"


def _line_of(text: str, key: str) -> int | None:
    """Best-effort line of `key:` in mkdocs.yml, for located config errors."""
    pattern = re.compile(rf"^\s*-?\s*{re.escape(key)}\s*:", re.MULTILINE)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


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
