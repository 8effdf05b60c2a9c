"""Plain JSON-like data from libyaml's event stream, built iteratively and within budgets.

PyYAML's composer recurses once per nesting level (in C for the libyaml loader, so a
deeply nested document crashes the interpreter rather than raising), and it shares
aliased nodes, so a few hundred bytes of ``&a [*b, *b, ...]`` expand to billions of
nodes once anything walks them.  Building from events with an explicit stack lets each
limit be checked as the stream is read and stops at the first fatal problem, before the
rest of the document costs anything.

Scalars resolve exactly like ``yaml.safe_load`` (ints, floats, bools, nulls), except that
timestamps stay strings (an example ``2023-11-07T05:31:56Z`` must stay verbatim) and
anything that is not JSON data (``!!binary``, ``.nan``) is a located problem.  Aliases
become independent copies, as the node-by-node conversion before this module made them.
"""

from __future__ import annotations

import copy
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.problems import Problem
from generator.spec.toolkit import escape_token

try:  # the C parser is ~10x faster; both produce identical events
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

MAX_DEPTH = 200
"""Real specs nest a few dozen levels; a schema nested deeper is a generator, not a document."""
MAX_NODES = 1_000_000
"""Values after alias expansion.  The 2.7 MB benchmark spec has 113,000; past a million, memory
and every later stage's walk grow without bound ("billion laughs")."""
MAX_TEXT_PROBLEMS = 20
"""A file full of control characters is one mistake; the first ones are enough to find it."""

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""C0/C1 controls (tab, LF and CR allowed), bidirectional embeddings/overrides/isolates, and
lone surrogates: spec text lands in docstrings, literals and Markdown, where these either
break the file or make it display differently from what it does (CVE-2021-42574)."""


class _StrTimestampLoader(_Loader):  # type: ignore[misc,valid-type]
    """Resolves scalars like ``yaml.safe_load`` except that timestamps stay strings."""


_StrTimestampLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrTimestampLoader.construct_yaml_str)
# PyYAML has no public "construct one scalar" function; one loader instance, used only for
# its resolver and per-tag scalar constructors (which keep no state for scalars), does it.
_CONSTRUCTOR = _StrTimestampLoader("")


@dataclass
class Built:
    data: Any = None
    """The document; None when the file holds no document (or only ``null``)."""
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class _Stop(Exception):
    """A fatal problem was recorded: the rest of the stream is not read."""


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    pointer: str
    anchor: str | None
    nodes_before: int
    discard: bool
    """Inside the second value of a duplicate key: read, but neither kept nor located."""
    key: str | None = None
    """Mapping only: the key whose value comes next (None while a key is expected)."""
    duplicate: bool = False


def build(text: str, shown: str) -> Built:
    """The data of ``text``; syntax errors propagate as ``yaml.YAMLError``, all else is a problem."""
    builder = _Builder(shown)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except _Stop:
        pass
    except UnicodeEncodeError as exc:  # a str that no file could hold (lone surrogates)
        builder.built.problems.append(
            Problem(shown, f"not UTF-8 text: {exc.reason}", fix="save the file as UTF-8", rule="encoding")
        )
    return builder.built


Where = tuple[int, int]
"""1-based line and column."""


def _where(event: yaml.Event) -> Where:
    mark: Any = event.start_mark  # yaml.Mark, or libyaml's own Mark type: both have line and column
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


class _Builder:
    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.built = Built()
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        """Completed anchors: value and its size in nodes."""
        self.open_anchors: set[str] = set()
        self.nodes = 0
        self.documents = 0
        self.text_problems = 0

    # --- problems ---------------------------------------------------------------------

    def problem(self, mark: Where, message: str, fix: str, rule: str, pointer: str = "") -> None:
        self.built.problems.append(
            Problem(self.shown, message, fix=fix, pointer=pointer, line=mark[0], column=mark[1], rule=rule)
        )

    def fatal(self, mark: Where, message: str, fix: str, rule: str, pointer: str = "") -> None:
        self.problem(mark, message, fix, rule, pointer)
        raise _Stop

    def check_text(self, text: str, mark: Where, pointer: str) -> None:
        found = _FORBIDDEN.search(text)
        if found is None:
            return
        self.text_problems += 1
        if self.text_problems > MAX_TEXT_PROBLEMS:
            return
        char = found.group()
        if "\u202a" <= char <= "\u2069":
            why = "a bidirectional control makes code and docs display in another order than they are read (CVE-2021-42574)"
        elif "\ud800" <= char <= "\udfff":
            why = "a lone surrogate is not a character and cannot be written as UTF-8"
        else:
            why = "a control character is invisible in docs and breaks the Python source it lands in"
        self.problem(
            mark,
            f"text contains {_describe(char)}: {why}",
            "delete the character (if the vendor's text really has it, describe it in words)",
            "text-control",
            pointer,
        )
        if self.text_problems == MAX_TEXT_PROBLEMS:
            self.problem(mark, f"stopped reporting after {MAX_TEXT_PROBLEMS} such strings", "", "text-control", pointer)

    def count(self, nodes: int, mark: Where, pointer: str) -> None:
        self.nodes += nodes
        if self.nodes > MAX_NODES:
            self.fatal(
                mark,
                f"the document expands to more than {MAX_NODES:,} values (YAML aliases included)",
                "remove the aliases (*name) that repeat large parts, or split the spec",
                "spec-too-large",
                pointer,
            )

    # --- events -------------------------------------------------------------------------

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self.scalar(event)
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event)
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            self.start(event)
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            self.end()
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.fatal(
                    _where(event),
                    "more than one YAML document in the file",
                    "keep one document per spec: remove the second '---' and what follows it",
                    "yaml-syntax",
                )

    def expecting_key(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1].container, dict) and self.stack[-1].key is None

    def set_key(self, value: Any, mark: Where) -> None:
        top = self.stack[-1]
        key = value if isinstance(value, str) else str(value)  # JSON keys are strings (YAML 200: -> "200")
        pointer = f"{top.pointer}/{escape_token(key)}"
        if not top.discard:
            self.check_text(key, mark, pointer)
        assert isinstance(top.container, dict)
        top.duplicate = key in top.container
        if top.duplicate and not top.discard:
            self.problem(
                mark,
                f"duplicate key {key!r}",
                "remove one of the two entries; YAML would silently keep only the last",
                "duplicate-key",
                pointer,
            )
        top.key = key

    def slot(self, mark: Where) -> tuple[str, bool]:
        """Pointer of the value that starts at ``mark`` and whether it is discarded."""
        if not self.stack:
            pointer, discard = "", False
        elif isinstance(self.stack[-1].container, list):
            frame = self.stack[-1]
            pointer, discard = f"{frame.pointer}/{len(frame.container)}", frame.discard
        else:
            frame = self.stack[-1]
            pointer, discard = f"{frame.pointer}/{escape_token(frame.key or '')}", frame.discard or frame.duplicate
        if not discard:
            self.built.positions.setdefault(pointer, mark)
        return pointer, discard

    def attach(self, value: Any, discard: bool) -> None:
        if not self.stack:
            self.built.data = value
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)  # in a discarded list too: later items keep their indexes
            return
        key, top.key, top.duplicate = top.key, None, False
        if not discard and key is not None:
            top.container[key] = value

    def scalar(self, event: yaml.ScalarEvent) -> None:
        value = self.construct(event)
        if self.expecting_key():
            self.set_key(value, _where(event))
            return
        pointer, discard = self.slot(_where(event))
        self.count(1, _where(event), pointer)
        if isinstance(value, str) and not discard:
            self.check_text(value, _where(event), pointer)
        if event.anchor is not None:
            self.open_anchors.discard(event.anchor)
            self.anchors[event.anchor] = (value, 1)
        self.attach(value, discard)

    def alias(self, event: yaml.AliasEvent) -> None:
        anchor = str(event.anchor)
        mark = _where(event)
        if anchor in self.open_anchors:
            self.fatal(
                mark,
                f"alias *{anchor} refers to a node that contains it",
                "replace the recursive alias with a $ref",
                "yaml-alias",
            )
        if anchor not in self.anchors:
            self.fatal(
                mark,
                f"alias *{anchor} has no anchor &{anchor} before it",
                "define the anchor first, or use a $ref",
                "yaml-alias",
            )
        value, size = self.anchors[anchor]
        if self.expecting_key():
            if isinstance(value, dict | list):
                self.fatal(mark, "a mapping key must be a string", "write the key as plain text", "yaml-key")
            self.set_key(value, mark)
            return
        pointer, discard = self.slot(mark)
        self.count(size, mark, pointer)
        self.attach(value if discard else copy.deepcopy(value), discard)

    def start(self, event: yaml.SequenceStartEvent | yaml.MappingStartEvent) -> None:
        mark = _where(event)
        if self.expecting_key():
            self.fatal(mark, "a mapping key must be a string", "write the key as plain text", "yaml-key")
        pointer, discard = self.slot(mark)
        if len(self.stack) >= MAX_DEPTH:
            self.fatal(
                mark,
                f"nesting deeper than {MAX_DEPTH} levels",
                "flatten the document with $ref components",
                "too-deep",
                pointer,
            )
        self.count(1, mark, pointer)
        container: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
        self.attach(container, discard)
        if event.anchor is not None:
            self.anchors.pop(event.anchor, None)
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(container, pointer, event.anchor, self.nodes - 1, discard))

    def end(self) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.container, self.nodes - frame.nodes_before)

    def construct(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = _CONSTRUCTOR.resolve(yaml.ScalarNode, event.value, event.implicit)
        node = yaml.ScalarNode(tag, event.value, None, None, style=event.style)
        construct = _CONSTRUCTOR.yaml_constructors.get(tag) or _StrTimestampLoader.construct_scalar
        try:
            value = construct(_CONSTRUCTOR, node)
        except (yaml.YAMLError, ValueError, ArithmeticError) as exc:  # e.g. an int of 5,000 digits
            self.problem(
                _where(event),
                f"cannot read this {tag.rsplit(':', 1)[-1]}: {exc}",
                "write the value as a quoted string",
                "yaml-value",
            )
            return None
        if value is None or isinstance(value, str | bool | int) or (isinstance(value, float) and math.isfinite(value)):
            return value
        self.problem(
            _where(event),
            f"{event.value[:40]!r} ({tag}) is not JSON data",
            "write it as a JSON string, number, boolean or null (quote it to keep the text)",
            "yaml-value",
        )
        return None
