"""The `rolodex` plugin's options, declared once: the fields of `Settings` (and of `Me`).

Each option is a dataclass field made by `option(default, check)`: its name, its type, its
default and the check that turns what the user wrote in mkdocs.yml into the value. From
that one table come `settings_from` (the CLI's reading, every mistake reported at once)
and `RolodexOptions`, the MkDocs `Config` class of the plugin (so `mkdocs build`
validates exactly as `rolodex check` does), built only when the plugin asks for it: the
CLI never pays for importing MkDocs. A new option is one new field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

from rolodex.core.identity import did_you_mean

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

CONFIG_FILE = "mkdocs.yml"
_MONTH_DAY = re.compile(r"^(\d\d)-(\d\d)$")
T = TypeVar("T", bound="DataclassInstance")


class OptionError(ValueError):
    """What is wrong with one option's value: 'expected …, found …'."""


class OptionErrors(OptionError):
    """Every mistake inside an option that is itself a mapping of options (`me:`), each
    message whole ('unknown rolodex option 'me.nmae'; …'), and the value made of the rest."""

    def __init__(self, messages: list[str], value: Any):
        super().__init__(messages[0])
        self.messages = messages
        self.value = value


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


# --- the checks: what the user wrote → the value Settings holds; OptionError if wrong ---------


def _whole(unit: str = "days", minimum: int = 0) -> Callable[[Any], int]:
    """A whole number of `unit`, at least `minimum` (YAML's `true` is not a number)."""

    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise OptionError(f"expected a whole number of {unit} ({minimum} or more), found {_shown(value)}")
        return value

    return check


def _yes_no(value: Any) -> bool:
    if not isinstance(value, bool):
        raise OptionError(f"expected true or false, found {_shown(value)}")
    return value


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


def _text_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise OptionError(f"expected a list of names, found {_shown(value)}")
    for item in value:
        if not isinstance(item, str):
            raise OptionError(f"expected a list of names, found {_shown(item)} in it")
    return tuple(value)


def _month_day(value: Any) -> str:
    if isinstance(value, str) and (m := _MONTH_DAY.match(value)):
        try:
            dt.date(2000, int(m[1]), int(m[2]))  # a leap year admits 02-29
            return value
        except ValueError:
            pass
    raise OptionError(f'expected a month-day such as "12-01", found {_shown(value)}')


def _cadence_by_tag(value: Any) -> dict[str, int | str]:
    if not isinstance(value, dict):
        raise OptionError(f"expected a mapping of tag to days or 'never', found {_shown(value)}")
    for tag, days in value.items():
        ok = days == "never" or (isinstance(days, int) and not isinstance(days, bool) and days > 0)
        if not isinstance(tag, str) or not ok:
            raise OptionError(f"tag '{tag}': expected a positive number of days or 'never', found {_shown(days)}")
    return dict(value)


_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def _minutes_or_off(value: Any) -> int | None:
    """Minutes before a meeting (0 or more), or `false` for no alarm."""
    if value is False:
        return None
    return _whole("minutes")(value)


def _clock_or_off(value: Any) -> str | None:
    """A time of day "HH:MM", or `false` for no alarm."""
    if value is False:
        return None
    if isinstance(value, str) and _CLOCK.match(value):
        return value
    raise OptionError(f'expected a time of day such as "09:00", or false, found {_shown(value)}')


def option(default: Any, check: Callable[[Any], Any]) -> Any:
    """A field of the options table: its default (as `Settings` holds it) and its check.

    An option left empty in mkdocs.yml (`nudge_days:`) takes its default.
    """
    meta = {"check": check}
    if isinstance(default, dict):
        return field(default_factory=lambda: dict(default), metadata=meta)
    return field(default=default, metadata=meta)


def _section(cls: type[T], key: str) -> Callable[[Any], T]:
    """The check of option `key`, a mapping of sub-options declared as the fields of `cls`."""

    def check(value: Any) -> T:
        if not isinstance(value, dict):
            names = ", ".join(f.name for f in fields(cls))
            raise OptionError(f"expected a mapping of {names}, found {_shown(value)}")
        result, errors = _read(cls, value, f"{key}.")
        if errors:
            raise OptionErrors(errors, result)
        return result

    return check


# --- the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Me:
    """`me:` — who you are, for drafted messages and for telling your mail from theirs."""

    name: str = option("", _text)
    email: str = option("", _text)
    emails: tuple[str, ...] = option((), _text_list)  # your other addresses
    pitch: str = option("", _text)  # one sentence: who you are and what you are exploring
    signature: str = option("", _text)

    @property
    def addresses(self) -> tuple[str, ...]:
        """Every address of yours, `email` first."""
        return tuple(a for a in (self.email, *self.emails) if a)


@dataclass(frozen=True)
class Alarms:
    """`alarms:` — the reminders calendar files carry (VALARM): `false` turns one off."""

    meetings: int | None = option(60, _minutes_or_off)  # minutes before a meeting with a time
    items: str | None = option("09:00", _clock_or_off)  # on the due day (and all-day meetings)


def _alarms(value: Any) -> Alarms:
    """`alarms: false` (none), `alarms: true` (the defaults), or a mapping of the two."""
    if value is False:
        return Alarms(meetings=None, items=None)
    if value is True:
        return Alarms()
    return _section(Alarms, "alarms")(value)


@dataclass(frozen=True)
class Settings:
    """The plugin's options (FORMAT §4), validated, as the pure logic sees them."""

    enabled: bool = option(True, _yes_no)
    contacts_dir: str = option("contacts", _folder)
    meetings_dir: str = option("meetings", _folder)
    thank_you_days: int = option(1, _whole())
    thank_you_lapse_days: int = option(30, _whole())
    referral_days: int = option(7, _whole())
    nudge_days: int = option(7, _whole())
    max_nudges: int = option(2, _whole("nudges"))
    prep_days: int = option(2, _whole())
    cadence_days: int = option(90, _whole(minimum=1))
    cadence_by_tag: Mapping[str, int | str] = option({}, _cadence_by_tag)
    holiday_start: str = option("12-01", _month_day)
    holiday_end: str = option("12-31", _month_day)
    meeting_minutes: int = option(15, _whole("minutes", minimum=1))
    schedule_days: int = option(3, _whole())
    record_days: int = option(1, _whole())
    referral_lapse_days: int = option(90, _whole())
    holiday_early_days: int = option(14, _whole())
    alarms: Alarms = option(Alarms(), _alarms)
    templates_dir: str = option("templates", _folder)
    private_fields: tuple[str, ...] = option((), _text_list)
    me: Me = option(Me(), _section(Me, "me"))


OPTION_NAMES = tuple(f.name for f in fields(Settings))

# The contact fields `private_fields` may name (rules/privacy says what each one clears). A
# name not here hides nothing: `rolodex check` warns, and a public build or export refuses.
PRIVATE_FIELD_NAMES = (
    "title",
    "company",
    "field",
    "location",
    "email",
    "phone",
    "links",
    "tags",
    "referred_by",
    "source",
    "goal",
    "priority",
    "touches",
    "follow_ups",
    "history",
    "notes",
)


def unknown_private_fields(names: tuple[str, ...] | list[str]) -> list[str]:
    """Names in `private_fields` that are no contact field: they hide nothing."""
    return [name for name in names if name not in PRIVATE_FIELD_NAMES]


# --- reading ------------------------------------------------------------------------------


def _read(cls: type[T], raw: Mapping[Any, Any], prefix: str = "") -> tuple[T, list[str]]:
    """`cls` from raw options, each checked on its own: defaults where missing or wrong, and
    every mistake (MkDocs' own `Config.validate` stops at the first failing option)."""
    table = fields(cls)
    names = tuple(f.name for f in table)
    errors = [
        f"unknown rolodex option '{prefix}{key}'{did_you_mean(str(key), names, prefix=prefix)}"
        for key in raw
        if key not in names
    ]
    values: dict[str, Any] = {}
    for f in table:
        value = raw.get(f.name)
        if value is None:
            continue
        try:
            values[f.name] = f.metadata["check"](value)
        except OptionErrors as err:  # a mapping of options keeps its good ones
            errors += err.messages
            values[f.name] = err.value
        except OptionError as err:
            errors.append(f"rolodex option '{prefix}{f.name}': {err}")
    return cls(**values), errors


def settings_from(options: Mapping[str, Any] | None) -> tuple[Settings, list[str]]:
    """Validate raw plugin options; return settings (defaults where invalid) and every error."""
    return _read(Settings, options or {})


def settings_from_validated(config: Mapping[str, Any]) -> Settings:
    """`Settings` from a validated `RolodexOptions` (as the plugin has it): its values are
    already what the checks made."""
    return Settings(**{name: config[name] for name in OPTION_NAMES})


# --- the MkDocs schema, made from the same table ---------------------------------------------


def _mkdocs_schema() -> type:
    """The MkDocs `Config` class of the plugin, built from the fields of `Settings` (imports MkDocs)."""
    from mkdocs.config import base
    from mkdocs.config import config_options as c

    class _Checked(c.BaseConfigOption):
        def __init__(self, default: Any, check: Callable[[Any], Any]):
            super().__init__()
            self.default = None  # MkDocs puts this in for a missing option; run_validation knows it
            self.settings_default = default
            self.check = check

        def run_validation(self, value: object) -> Any:
            if value is None:
                return _copy(self.settings_default)
            try:
                return self.check(value)
            except OptionError as err:
                raise base.ValidationError(str(err)) from None

    defaults = Settings()
    attrs: dict[str, Any] = {f.name: _Checked(getattr(defaults, f.name), f.metadata["check"]) for f in fields(Settings)}
    attrs["__doc__"] = "The options of the `rolodex` entry under `plugins:` in mkdocs.yml (FORMAT §4)."
    attrs["__module__"] = __name__
    return type("RolodexOptions", (base.Config,), attrs)


def _copy(value: Any) -> Any:
    return dict(value) if isinstance(value, dict) else value


_MKDOCS_SCHEMA: type | None = None


def __getattr__(name: str) -> Any:
    """`RolodexOptions`, the MkDocs schema, is built on first use (the plugin's import)."""
    global _MKDOCS_SCHEMA
    if name == "RolodexOptions":
        if _MKDOCS_SCHEMA is None:
            _MKDOCS_SCHEMA = _mkdocs_schema()
        return _MKDOCS_SCHEMA
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
