"""The `rolodex` plugin's options: one schema, read by the CLI and the plugin alike.

The schema is declared once, below, as plain checks; `RolodexOptions` is the MkDocs
`Config` class built from it (so `mkdocs build` validates exactly as `rolodex check`
does), made only when the plugin asks for it: the CLI never pays for importing
MkDocs. `Settings` is the plain frozen value the pure logic takes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from rolodex.core.identity import did_you_mean

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
    for key in raw:
        if key not in SCHEMA:
            errors.append(f"unknown rolodex option '{key}'{did_you_mean(str(key), OPTION_NAMES)}")
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
    me = dict.fromkeys(ME_NAMES, "")
    if value is None:
        return me, []
    if not isinstance(value, dict):
        return me, [f"rolodex option 'me': expected a mapping of {', '.join(ME_NAMES)}, found {_shown(value)}"]
    errors = []
    for key, item in value.items():
        if key not in ME_NAMES:
            errors.append(f"unknown rolodex option 'me.{key}'{did_you_mean(str(key), ME_NAMES, prefix='me.')}")
            continue
        try:
            me[key] = "" if item is None else _text(item)
        except OptionError as err:
            errors.append(f"rolodex option 'me.{key}': {err}")
    return me, errors


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
