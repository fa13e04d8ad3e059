"""Records as plain data (lists, strings, numbers, true/false/null) and back, checked on the way in.

The parse cache and the remembered whole-run results are stored as JSON, never as
pickles: reading JSON builds only lists, dicts, strings and numbers, so a cache file
planted in a shared repository cannot run code or reach any class. Our own code then
rebuilds the records, field by field, from the dataclasses' type hints, and refuses
anything that does not have exactly the declared shape (`Malformed`): a file that is
truncated, edited by hand or forged is ignored and rebuilt, never half-trusted.

A record is a list of its fields in declaration order; a date and a time are their
ISO text; a tuple or a list is a list; a mapping is an object.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal

Encode = Callable[[Any], Any]
Decode = Callable[[Any], Any]


class Malformed(ValueError):
    """Plain data that is not the shape it should be: the whole file is ignored."""


def _bad(value: Any = None) -> Any:
    raise Malformed


class Codec:
    """Encoder and decoder for one type (a record class, or e.g. `list[Problem]`)."""

    def __init__(self, shape: Any):
        self.encode, self.decode = _compile(shape, {})


def _compile(shape: Any, done: dict[Any, tuple[Encode, Decode]]) -> tuple[Encode, Decode]:
    if shape in done:
        return done[shape]
    if dataclasses.is_dataclass(shape) and isinstance(shape, type):
        return _record(shape, done)
    origin = typing.get_origin(shape)
    args = typing.get_args(shape)
    if shape is str or shape is int or shape is bool:
        return _same, _exactly(shape)
    if shape is type(None) or shape is None:
        return _same, _none
    if shape is dt.date:
        return _isoformat, _date
    if shape is dt.time:
        return _isoformat, _time
    if origin is Literal:
        allowed = frozenset(args)
        return _same, lambda value: value if type(value) is str and value in allowed else _bad()
    if origin in (typing.Union, types.UnionType):
        return _union(args, done)
    if origin in (tuple, list):
        return _sequence(origin, args, done)
    if origin in (dict, Mapping):
        if args[0] is not str:
            raise TypeError(f"a mapping stored as plain data has text keys, not {args[0]}")
        key_decode = _exactly(str)
        value_encode, value_decode = _compile(args[1], done)

        def decode_mapping(value: Any) -> dict:
            if type(value) is not dict:
                raise Malformed
            return {key_decode(k): value_decode(v) for k, v in value.items()}

        return (lambda value: {k: value_encode(v) for k, v in value.items()}), decode_mapping
    raise TypeError(f"no plain-data form for {shape!r}")


def _record(cls: type, done: dict[Any, tuple[Encode, Decode]]) -> tuple[Encode, Decode]:
    """A record is a list of its fields. Its coder is generated Python source (from the field
    names and types only, never from data) with each simple field checked inline: the cache
    holds hundreds of thousands of fields, and a function call per field would double the load."""
    names = tuple(f.name for f in dataclasses.fields(cls))
    hints = typing.get_type_hints(cls)
    space: dict[str, Any] = {
        "Malformed": Malformed,
        "new": object.__new__,
        "set_attr": object.__setattr__,
        "cls": cls,
        "date_from": dt.date.fromisoformat,  # a ValueError for bad text: Malformed's base class
    }
    # Set before the fields are compiled, so that two records may name each other.
    slot: list[tuple[Encode, Decode]] = []
    done[cls] = (lambda value: slot[0][0](value)), (lambda value: slot[0][1](value))
    encode_items, decode_lines = [], []
    for index, name in enumerate(names):
        value = f"v.{name}"
        shape = hints[name]
        enc, dec = _compile(shape, done)
        check = _inline_check(shape, f"a{index}", index, space, done)
        if check is not None:
            decode_lines += check
        else:
            space[f"d{index}"] = dec
            decode_lines.append(f"a{index} = d{index}(a{index})")
        if _passes_as_is(shape):
            encode_items.append(value)
        else:
            space[f"e{index}"] = enc
            encode_items.append(f"e{index}({value})")
    arguments = ", ".join(f"a{i}" for i in range(len(names)))
    fields = ", ".join(f"{name!r}: a{i}" for i, name in enumerate(names))
    source = "\n".join(
        [
            "def encode(v):",
            "    if type(v) is not cls:",
            "        raise TypeError(f'expected {cls.__name__}, got {type(v).__name__}')",
            f"    return [{', '.join(encode_items)}]",
            "def decode(value):",
            f"    if type(value) is not list or len(value) != {len(names)}:",
            "        raise Malformed",
            f"    {arguments}{',' if len(names) == 1 else ''} = value",
            *(f"    {line}" for line in decode_lines),
            "    record = new(cls)",
            # Frozen records are built as unpickling builds them: the fields are the instance
            # dictionary (no __init__, and no __setattr__ of the class that anything could hook).
            f"    set_attr(record, '__dict__', {{{fields}}})",
            "    return record",
        ]
    )
    exec(compile(source, f"<plain data of {cls.__name__}>", "exec"), space)
    slot.append((space["encode"], space["decode"]))
    done[cls] = slot[0]
    return slot[0]


_INLINE = {str: "str", int: "int", bool: "bool"}


def _inline_check(
    shape: Any, var: str, index: int, space: dict[str, Any], done: dict[Any, tuple[Encode, Decode]]
) -> list[str] | None:
    """Source lines that check (and convert) `var` in place, or None to call the shape's decoder.

    Records inside a record (a contact's touches, a meeting's people) are decoded by their
    own generated function, called directly; an empty list costs no call at all.
    """
    if shape in _INLINE:
        return [f"if type({var}) is not {_INLINE[shape]}:", "    raise Malformed"]
    args = typing.get_args(shape)
    origin = typing.get_origin(shape)
    if shape is dt.date:
        return [f"if type({var}) is not str:", "    raise Malformed", f"{var} = date_from({var})"]
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        other = args[0] if args[1] is type(None) else args[1]
        if other in _INLINE:
            return [f"if {var} is not None and type({var}) is not {_INLINE[other]}:", "    raise Malformed"]
        inner = _inline_check(other, var, index, space, done)
        if inner is not None and (other is dt.date or dataclasses.is_dataclass(other)):
            return [f"if {var} is not None:", *(f"    {line}" for line in inner)]
    if dataclasses.is_dataclass(shape) and isinstance(shape, type):
        space[f"r{index}"] = _compile(shape, done)[1]
        return [f"{var} = r{index}({var})"]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis and dataclasses.is_dataclass(args[0]):
        space[f"r{index}"] = _compile(args[0], done)[1]
        return [
            f"if type({var}) is not list:",
            "    raise Malformed",
            f"{var} = tuple([r{index}(item) for item in {var}]) if {var} else ()",
        ]
    if origin is tuple and args == (str, Ellipsis):
        return [
            f"if type({var}) is not list:",
            "    raise Malformed",
            f"for item in {var}:",
            "    if type(item) is not str:",
            "        raise Malformed",
            f"{var} = tuple({var})",
        ]
    if origin in (dict, Mapping) and args == (str, int):  # JSON object keys are always text
        return [
            f"if type({var}) is not dict:",
            "    raise Malformed",
            f"for item in {var}.values():",
            "    if type(item) is not int:",
            "        raise Malformed",
        ]
    return None


def _passes_as_is(shape: Any) -> bool:
    """Whether JSON writes a value of `shape` as its plain form already (tuples become lists)."""
    if shape in _INLINE or shape is type(None):
        return True
    args = typing.get_args(shape)
    origin = typing.get_origin(shape)
    if origin is Literal:
        return True
    if origin in (typing.Union, types.UnionType, tuple, list):
        return all(_passes_as_is(a) for a in args if a is not Ellipsis)
    if origin in (dict, Mapping):
        return _passes_as_is(args[1])
    return False


def _union(args: tuple, done: dict[Any, tuple[Encode, Decode]]) -> tuple[Encode, Decode]:
    optional = type(None) in args
    rest = tuple(a for a in args if a is not type(None))
    if len(rest) == 1:  # `X | None`, the common case: no search among members
        enc, dec = _compile(rest[0], done)
        if rest[0] is str:
            return _same, lambda value: value if value is None or type(value) is str else _bad()
        return (lambda value: None if value is None else enc(value)), (
            lambda value: None if value is None and optional else dec(value)
        )
    # Several members: each must be told apart by its plain form (`int | "never"`, `date | bool`).
    members = [(_plain_type(a), a, *_compile(a, done)) for a in rest]
    kinds = [m[0] for m in members]
    if len(set(kinds)) != len(kinds):
        raise TypeError(f"the members of {args} have the same plain form")

    def encode(value: Any) -> Any:
        if value is None:
            return None
        for _, member, enc, _ in members:
            if _is_instance(value, member):
                return enc(value)
        raise TypeError(f"{value!r} is none of {args}")

    def decode(value: Any) -> Any:
        if value is None:
            return None if optional else _bad()
        kind = type(value)
        for plain, _, _, dec in members:
            if kind is plain:
                return dec(value)
        raise Malformed

    return encode, decode


def _plain_type(shape: Any) -> type:
    """The JSON type a value of `shape` is stored as."""
    if shape in (dt.date, dt.time) or typing.get_origin(shape) is Literal:
        return str
    if dataclasses.is_dataclass(shape) or typing.get_origin(shape) in (tuple, list):
        return list
    return shape


def _is_instance(value: Any, shape: Any) -> bool:
    if typing.get_origin(shape) is Literal:
        return value in typing.get_args(shape)
    if shape is int:
        return type(value) is int
    if shape is dt.date:  # a datetime is a date too, but is never a field's value
        return type(value) is dt.date
    return isinstance(value, shape)


def _sequence(origin: type, args: tuple, done: dict[Any, tuple[Encode, Decode]]) -> tuple[Encode, Decode]:
    if (origin is tuple and len(args) == 2 and args[1] is Ellipsis) or origin is list:
        enc, dec = _compile(args[0], done)
        if args[0] is str:  # the common case (emails, tags): checked without a call per item

            def decode_texts(value: Any) -> Any:
                if type(value) is not list or not all(type(item) is str for item in value):
                    raise Malformed
                return value if origin is list else tuple(value)

            return list, decode_texts

        def decode(value: Any) -> Any:
            if type(value) is not list:
                raise Malformed
            items = [dec(item) for item in value]
            return items if origin is list else tuple(items)

        return (lambda value: [enc(item) for item in value]), decode
    # A fixed-length tuple such as (label, url).
    coders = [_compile(a, done) for a in args]
    count = len(coders)

    def decode_fixed(value: Any) -> tuple:
        if type(value) is not list or len(value) != count:
            raise Malformed
        return tuple(dec(item) for (_, dec), item in zip(coders, value))

    return (lambda value: [enc(item) for (enc, _), item in zip(coders, value)]), decode_fixed


def _same(value: Any) -> Any:
    return value


def _exactly(kind: type) -> Decode:
    def decode(value: Any) -> Any:
        if type(value) is not kind:
            raise Malformed
        return value

    return decode


def _none(value: Any) -> None:
    if value is not None:
        raise Malformed


def _isoformat(value: dt.date | dt.time) -> str:
    return value.isoformat()


def _date(value: Any) -> dt.date:
    if type(value) is not str:
        raise Malformed
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Malformed from None


def _time(value: Any) -> dt.time:
    if type(value) is not str:
        raise Malformed
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise Malformed from None
