"""A Jinja2 sandbox with bounds on time, sizes and output, for report templates users bring.

Jinja2's sandbox stops templates from reaching Python internals, but not from using all memory or
time: `{{ 'a' * 10**9 }}` and two nested 100,000-item loops ran for minutes. `BoundedSandbox`
checks the size of every `*`, `**`, `+`, `%` and `~` before computing it, refuses huge numeric
arguments to calls and filters, wraps every `for` loop so it checks a wall-clock deadline at each
item, and `render_bounded` caps the output. Every refusal raises `TemplateLimitError` with a plain
message. Imported only by `ops_maturity.core.reports.report`, when a report is rendered.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

MAX_VALUE_LENGTH = 1_000_000
"""Characters in a string, or items in a list, that one operation may produce."""
MAX_OUTPUT_LENGTH = 8_000_000
"""Characters in a whole report: about three times the bundled report of the largest
questionnaire (4 MB of DSOMM-length guidance gives about 2.5 million characters, 10,000 short
questions about 2 million), so a user's template may print each item more than once."""
MAX_NUMBER_ARGUMENT = 100_000
"""The largest number a template may pass to a function or filter (widths, counts)."""
MAX_INTEGER_BITS = 65_536
"""Integers a template computes stay below 2**65536 (about 20,000 digits)."""
DEFAULT_TIME_LIMIT = 10.0
"""Seconds a report may take to render."""

_FORMAT_WIDTH = re.compile(r"%[-#0 +]*(\*|\d{6,})|\{[^{}]*:[^{}]*(\d{6,})[^{}]*\}")
_GUARDED_ITERATE = "__bounded_iterate"
_GUARDED_CONCAT = "__bounded_concat"


class TemplateLimitError(Exception):
    """A template went past a limit; the message says which, in plain words."""


def _size(value: object) -> int | None:
    return len(value) if isinstance(value, str | list | tuple | bytes) else None


def _check_length(length: int, what: str) -> None:
    if length > MAX_VALUE_LENGTH:
        raise TemplateLimitError(
            f"{what} would be {length:,} long; the limit is {MAX_VALUE_LENGTH:,}"
        )


def _check_number(value: object) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER_ARGUMENT:
        raise TemplateLimitError(
            f"the number passed is too large (over {MAX_NUMBER_ARGUMENT:,}); "
            "a report needs no such width or count"
        )


def _check_format_string(text: object) -> None:
    if isinstance(text, str) and _FORMAT_WIDTH.search(text):
        raise TemplateLimitError("the format string asks for a width that is too large")


def _check_binary_operation(operator: str, left: Any, right: Any) -> None:
    """Refuse `left operator right` before computing it when its result would be too large."""
    if operator == "*":
        for sequence, count in ((left, right), (right, left)):
            length = _size(sequence)
            if length is not None and isinstance(count, int):
                _check_length(length * max(count, 0), "the result of '*'")
        both_integers = isinstance(left, int) and isinstance(right, int)
        if both_integers and left.bit_length() + right.bit_length() > MAX_INTEGER_BITS:
            raise TemplateLimitError("the result of '*' would be too large a number")
    elif operator == "**":
        if isinstance(left, int | float) and isinstance(right, int | float):
            base = abs(left)
            if base > 1 and right > 0 and right * math.log2(base) > MAX_INTEGER_BITS:
                raise TemplateLimitError("the result of '**' would be too large a number")
    elif operator == "+":
        left_length, right_length = _size(left), _size(right)
        if left_length is not None and right_length is not None:
            _check_length(left_length + right_length, "the result of '+'")
    elif operator == "%":
        _check_format_string(left)
        for argument in right if isinstance(right, tuple) else (right,):
            _check_number(argument)


def _check_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse calls whose result would be too large, before making them."""
    for argument in (*args, *kwargs.values()):
        _check_number(argument)
    function = getattr(function, "__wrapped__", function)  # the sandbox wraps str.format
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    if isinstance(owner, str):
        if name in ("format", "format_map"):
            _check_format_string(owner)
        elif name == "replace" and len(args) >= 2 and isinstance(args[1], str):
            occurrences = owner.count(args[0]) if isinstance(args[0], str) else 0
            _check_length(len(owner) + occurrences * len(args[1]), "the result of replace()")
        elif name == "join" and args and isinstance(args[0], list | tuple):
            _check_length(
                len(owner) * len(args[0]) + sum(len(str(item)) for item in args[0]),
                "the result of join()",
            )
        elif name == "expandtabs":
            _check_length(len(owner) * 8, "the result of expandtabs()")


class _GuardLoopsAndConcatenation(NodeTransformer):
    """Rewrites `for x in items` as `for x in __bounded_iterate(items)`, and `a ~ b` as
    `__bounded_concat(a, b)`, so loops check the deadline and joins check their size."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Call(
            nodes.Name(_GUARDED_ITERATE, "load"), [node.iter], [], None, None, lineno=node.lineno
        )
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Call(
            nodes.Name(_GUARDED_CONCAT, "load"),
            list(node.nodes),
            [],
            None,
            None,
            lineno=node.lineno,
        )


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """An immutable sandbox whose templates cannot run long or build huge values."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, time_limit: float = DEFAULT_TIME_LIMIT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.time_limit = time_limit
        self._deadline = math.inf
        self.globals.pop("lipsum", None)
        self.globals[_GUARDED_ITERATE] = self._bounded_iterate
        self.globals[_GUARDED_CONCAT] = self._bounded_concat
        self.filters = {name: self._guard_filter(f) for name, f in self.filters.items()}

    def start_clock(self) -> None:
        """Start the time limit for one rendering."""
        self._deadline = time.monotonic() + self.time_limit

    def check_time(self) -> None:
        if time.monotonic() > self._deadline:
            raise TemplateLimitError(
                f"the template ran for more than {self.time_limit:g} seconds and was stopped"
            )

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        guarded = _GuardLoopsAndConcatenation().visit(tree)
        assert isinstance(guarded, nodes.Template)
        return guarded

    def _bounded_iterate(self, items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            self.check_time()
            yield item

    def _bounded_concat(self, *parts: Any) -> str:
        self.check_time()
        texts = [str(part) for part in parts]
        _check_length(sum(len(text) for text in texts), "the result of '~'")
        return "".join(texts)

    def _guard_filter(self, function: Callable[..., Any]) -> Callable[..., Any]:
        passes_context = hasattr(function, "jinja_pass_arg")

        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.check_time()
            values = args[1:] if passes_context else args
            _check_call(function, values[1:], kwargs)
            if function.__name__ == "do_replace" and len(values) >= 3:
                text, old, new = (str(value) for value in values[:3])
                _check_length(len(text) + text.count(old) * len(new), "the result of replace")
            result = function(*args, **kwargs)
            if (length := _size(result)) is not None:
                _check_length(length, "a filter's result")
            return result

        if passes_context:  # keep the @pass_context / @pass_eval_context marker
            guarded.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
        return guarded

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        self.check_time()
        _check_binary_operation(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(
        __self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any
    ) -> Any:
        __self.check_time()
        _check_call(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if (length := _size(result)) is not None:
            _check_length(length, "a function's result")
        return result

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.check_time()
        return super().getattr(obj, attribute)


def render_bounded(template: jinja2.Template, environment: BoundedSandbox, **values: Any) -> str:
    """Render `template` within the environment's time limit and MAX_OUTPUT_LENGTH characters."""
    environment.start_clock()
    pieces: list[str] = []
    total = 0
    for piece in template.generate(**values):
        environment.check_time()
        total += len(piece)
        if total > MAX_OUTPUT_LENGTH:
            raise TemplateLimitError(
                f"the report would be over {MAX_OUTPUT_LENGTH:,} characters long"
            )
        pieces.append(piece)
    return "".join(pieces)
