"""A Jinja sandbox with limits: a template cannot make huge values, huge output or run for long.

Jinja's sandbox stops a template reaching Python's internals, but not from asking for
`{{ 'a' * 400000000 }}` (42 s and 1.9 GB), nested `range` loops or `lipsum(1000000)`;
and the site drafts a message per contact, so one such template would stall every build.
Here each render gets a budget (`budget()`): every value a template makes by an operator,
a filter or a call is checked against `MAX_TEXT`, numbers that size a result against
`MAX_COUNT`, the time against `MAX_SECONDS` at every loop turn, call, attribute, filter and
piece of output, and the output against `MAX_OUTPUT`. Going over raises `LimitExceeded`,
a template error that names the limit. The checks are made before a large result is built
where it can be told in advance (`*`, `**`, widths, `replace`), after it otherwise.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import math
import operator
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.runtime import Namespace
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum
from jinja2.visitor import NodeTransformer

MAX_OUTPUT = 100_000  # characters of one rendered message (a long letter is 5,000)
MAX_TEXT = 1_000_000  # characters of one string, or items of one list, that a template makes
MAX_COUNT = 100_000  # a number that sizes a result: a width, a repeat count, range()'s length
MAX_SECONDS = 2.0  # for one message (a usual one takes a millisecond)
MAX_LIPSUM = 20  # paragraphs of lorem ipsum

_deadline: contextvars.ContextVar[float] = contextvars.ContextVar("deadline", default=math.inf)
# The widths and precisions of '%10.2f' and '{:>10.2}' (a number elsewhere in the text is text).
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d*)(?:\.(\d*))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*:([^{}]*)\}")
_NESTED_SPEC = re.compile(r"\{[^{}]*:[^{}]*\{")


class LimitExceeded(jinja2.TemplateError):
    """A template that asks for too much; the message says which limit."""


@contextlib.contextmanager
def budget(seconds: float = MAX_SECONDS) -> Iterator[None]:
    """Give the renders inside this block `seconds` between them."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def tick() -> None:
    if time.monotonic() > _deadline.get():
        raise LimitExceeded(f"the template ran for more than {MAX_SECONDS:g} seconds; stopped (a loop too long?)")


def output(pieces: Iterable[str]) -> str:
    """Join a render's output, stopping at `MAX_OUTPUT` characters."""
    parts = []
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > MAX_OUTPUT:
            raise LimitExceeded(f"the message is longer than {MAX_OUTPUT:,} characters; stopped")
        tick()
        parts.append(piece)
    return "".join(parts)


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) else 0


def checked(value: Any) -> Any:
    """`value`, if it is not too large to keep."""
    if _size(value) > MAX_TEXT:
        raise LimitExceeded(f"a value of more than {MAX_TEXT:,} characters or items; stopped")
    return value


def _count(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_COUNT:
        raise LimitExceeded(f"{what} of {value:,} is more than {MAX_COUNT:,}; stopped")


def _format_string(text: Any) -> None:
    if not isinstance(text, str):
        return
    numbers = [n for m in _PERCENT_SPEC.finditer(text) for n in m.groups() if n]
    numbers += re.findall(r"\d+", " ".join(_BRACE_SPEC.findall(text)))
    if any(len(n) > 6 or int(n) > MAX_COUNT for n in numbers):
        raise LimitExceeded(f"a width or precision of more than {MAX_COUNT:,} in a format string; stopped")


# --- operators ---------------------------------------------------------------------------


def _multiply(left: Any, right: Any) -> Any:
    for seq, times in ((left, right), (right, left)):
        if _size(seq) and isinstance(times, int) and _size(seq) * max(times, 0) > MAX_TEXT:
            raise LimitExceeded(f"a value of more than {MAX_TEXT:,} characters or items; stopped")
    return operator.mul(left, right)


def _power(left: Any, right: Any) -> Any:
    big = isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0
    if big and right * math.log2(abs(left)) > 4 * MAX_COUNT:  # bits: a number of over 100,000 digits
        raise LimitExceeded(f"{left} ** {right} is too large a number; stopped")
    return operator.pow(left, right)


def _modulo(left: Any, right: Any) -> Any:
    _format_string(left)
    if isinstance(left, str) and "*" in left:  # '%*s' takes its width from the values
        for value in right if isinstance(right, tuple) else (right,):
            _count(value, "a width")
    return checked(operator.mod(left, right))


_BINOPS = {"*": _multiply, "**": _power, "%": _modulo, "+": lambda a, b: checked(operator.add(a, b))}


# --- filters and methods that can make a large value from small ones ------------------------


def _replace_size(text: Any, old: Any, new: Any, count: Any = -1) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        times = text.count(old) if count is None or count < 0 else min(count, text.count(old))
        if len(text) + times * (len(new) - len(old)) > MAX_TEXT:
            raise LimitExceeded(f"replacing would make more than {MAX_TEXT:,} characters; stopped")


def _indent_size(text: Any, width: Any = 4, *args: Any, **kwargs: Any) -> None:
    per_line = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    if isinstance(text, str) and (text.count("\n") + 1) * per_line > MAX_TEXT:
        raise LimitExceeded(f"indenting would make more than {MAX_TEXT:,} characters; stopped")


def _tabs_size(text: Any, tabsize: Any = 8) -> None:
    if isinstance(text, str) and isinstance(tabsize, int) and text.count("\t") * tabsize > MAX_TEXT:
        raise LimitExceeded(f"expanding tabs would make more than {MAX_TEXT:,} characters; stopped")


# Checked before running: (value, arguments…) → raises if the result would be too large.
_BEFORE: dict[str, Callable[..., None]] = {
    "replace": _replace_size,
    "indent": _indent_size,
    "expandtabs": _tabs_size,
    "format": lambda text, *args, **kwargs: _format_string(text),
}


def _guard_filter(name: str, func: Callable) -> Callable:
    before = _BEFORE.get(name)

    @functools.wraps(func)  # keeps Jinja's pass_context/pass_environment marks
    def guarded(*args: Any, **kwargs: Any) -> Any:
        tick()
        value_args = args[1:] if getattr(func, "jinja_pass_arg", None) is not None else args
        for arg in (*value_args[1:], *kwargs.values()):
            _count(arg, f"'{name}' given a number")
        if before is not None and value_args:
            before(*value_args, **kwargs)
        return checked(func(*args, **kwargs))

    return guarded


def _range(*args: int) -> Iterator[int]:
    for arg in args:
        _count(arg, "range() given a number")
    numbers = range(*args)
    if len(numbers) > MAX_COUNT:
        raise LimitExceeded(f"range() of {len(numbers):,} numbers is more than {MAX_COUNT:,}; stopped")
    return _looped(numbers)


def _looped(items: Iterable[Any]) -> Iterator[Any]:
    """Every `{% for %}` loops through this: a loop that goes on too long is stopped."""
    for index, item in enumerate(items):
        if not index & 255:
            tick()
        yield item


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    if n > MAX_LIPSUM or max > 1000 or min > max:
        raise LimitExceeded(f"lipsum() makes at most {MAX_LIPSUM} paragraphs of at most 1,000 words; stopped")
    return generate_lorem_ipsum(n, html, min, max)


class _Guard(NodeTransformer):
    """Rewrites a parsed template so that what no sandbox hook sees is checked too: each loop's
    items pass through `_looped` (time), and each `~` and `{% set %}…{% endset %}` result
    through `checked` (size), so a value cannot double itself past the limit."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, "_looped", [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Filter(node, "_checked", [], [], None, None, lineno=node.lineno)

    def visit_AssignBlock(self, node: nodes.AssignBlock) -> nodes.Node:
        self.generic_visit(node)
        node.filter = nodes.Filter(node.filter, "_checked", [], [], None, None, lineno=node.lineno)
        return node


class LimitedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with the limits of this module on every render."""

    intercepted_binops = frozenset(_BINOPS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = _range
        self.globals["lipsum"] = _lipsum
        self.filters["_looped"] = _looped
        self.filters["_checked"] = checked

    def guard_filters(self) -> None:
        """Wrap every filter (call once all are added)."""
        for name, func in list(self.filters.items()):
            if not name.startswith("_"):
                self.filters[name] = _guard_filter(name, func)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        # Every template, included ones too, is parsed here: guard what the sandbox does not see.
        return _Guard().visit(super()._parse(source, name, filename))

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        tick()
        return _BINOPS[operator](left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        tick()
        value = super().getattr(obj, attribute)
        return checked(value) if isinstance(obj, Namespace) else value  # a template's own value

    def getitem(self, obj: Any, argument: Any) -> Any:
        tick()
        return super().getitem(obj, argument)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        tick()
        for arg in (*args, *kwargs.values()):
            checked(arg)
            if __obj not in (_range, _lipsum):  # they say what they allow
                _count(arg, "a call given a number")
        before = _BEFORE.get(getattr(__obj, "__name__", ""))
        owner = getattr(__obj, "__self__", None)
        if before is not None and isinstance(owner, str):
            before(owner, *args, **kwargs)
        return checked(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """`'…'.format(…)` and `.format_map(…)`: widths checked before formatting."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = value.__self__

        @functools.wraps(wrapped)
        def guarded(*args: Any, **kwargs: Any) -> str:
            _format_string(text)
            if _NESTED_SPEC.search(text):  # '{:{w}}' takes its width from the values
                for arg in (*args, *kwargs.values(), *(v for a in args if isinstance(a, dict) for v in a.values())):
                    _count(arg, "a format width")
            return checked(wrapped(*args, **kwargs))

        return guarded
