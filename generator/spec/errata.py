"""Doc errata and the samples they correct.

A docs page's sample stays verbatim in the spec; where it contradicts its own page, an
erratum in ``specs/errata/<slug>.yaml`` says what value the suite reads instead (see
specs/CONVENTIONS.md).  This module finds a spec's samples, loads and checks errata
files, applies errata to a sample, and builds the JSON schema a sample must satisfy.
The validation layer, the conformance suite and the generator all import it, so it
returns ``Problem`` values and never raises on bad input.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import referencing
from jsonschema.protocols import Validator

from generator.problems import Problem
from generator.spec.formats import INTEGER_FORMAT_BOUNDS
from generator.spec.load import LoadedSpec, display_path, load_spec
from generator.spec.toolkit import deref, get_pointer, iter_operations, join_pointer, pointer_tokens

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_EXAMPLE_KEY = re.compile(r"^(response/([1-5][0-9X]{2}|default)|request)/[^/]+$")
_FIELDS = ("id", "operation", "example", "pointer", "reason", "use")


# --- samples --------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    operation: str
    """operationId (or ``METHOD /path`` when it has none)."""
    key: str
    """``response/<status>/<name>`` or ``request/<name>``: what an erratum's ``example`` names."""
    pointer: str
    """Real JSON pointer of the sample's ``value`` in the spec (after following $refs)."""
    value: Any
    schema_pointer: str | None
    """Pointer of the media type's ``schema`` (may itself be a $ref), None when it has none."""


def find_examples(doc: Any) -> list[Example]:
    """Every inline sample: response ``content/*/examples/*`` and ``requestBody`` ones."""
    found: list[Example] = []
    for ref in iter_operations(doc):
        op_at, name, op = ref.pointer, ref.display, ref.operation
        owners: list[tuple[str, Any, str]] = []
        responses = op.get("responses")
        if isinstance(responses, dict):
            owners += [(f"response/{code}", r, join_pointer(op_at, "responses", code)) for code, r in responses.items()]
        if "requestBody" in op:
            owners.append(("request", op["requestBody"], join_pointer(op_at, "requestBody")))
        for prefix, ref_or_owner, ref_at in owners:
            owner, owner_at = deref(doc, ref_or_owner, ref_at)
            content = owner.get("content") if isinstance(owner, dict) else None
            for media, body in content.items() if isinstance(content, dict) else ():
                if not isinstance(body, dict) or not isinstance(body.get("examples"), dict):
                    continue
                media_at = join_pointer(owner_at, "content", media)
                schema_at = join_pointer(media_at, "schema") if "schema" in body else None
                for ex_name, ref_or_ex in body["examples"].items():
                    ex, ex_at = deref(doc, ref_or_ex, join_pointer(media_at, "examples", ex_name))
                    if isinstance(ex, dict) and "value" in ex:  # externalValue is never fetched
                        key = f"{prefix}/{ex_name}"
                        found.append(Example(name, key, join_pointer(ex_at, "value"), ex["value"], schema_at))
    return found


def example_schema(doc: Any, example: Example) -> dict[str, Any] | None:
    """A self-contained JSON schema for ``example``, or None when its media type has none.

    The whole spec becomes the root resource and a root ``$ref`` picks the media type's
    schema, so every local ``#/...`` ref resolves exactly as it does in the spec; the
    spec's own top-level keys are not JSON Schema keywords and are ignored.
    """
    if example.schema_pointer is None or not isinstance(doc, dict):
        return None
    return {**doc, "$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "#" + example.schema_pointer}


def _format_checker() -> jsonschema.FormatChecker:
    # jsonschema's own checks (uuid; date-time through rfc3339-validator, a declared
    # dependency) plus the integer widths the conventions use, which it does not know.
    checker = jsonschema.FormatChecker()
    for name, (low, high) in INTEGER_FORMAT_BOUNDS.items():
        checker.checkers[name] = (_in_range(low, high), ())
    return checker


def _in_range(low: int, high: int) -> Callable[[object], bool]:
    # Non-integers pass: a format only constrains the type it applies to (``type`` checks the rest).
    return lambda value: not isinstance(value, int) or isinstance(value, bool) or low <= value <= high


FORMAT_CHECKER = _format_checker()


def example_validator(doc: Any, example: Example) -> Validator | None:
    """Draft 2020-12 validator (with format checks) for ``example``'s schema, or None."""
    schema = example_schema(doc, example)
    if schema is None:
        return None
    # An explicit registry without ``retrieve``: jsonschema's default one would fetch a
    # non-local $ref with urlopen (http or file); here it fails as unresolvable instead.
    return jsonschema.Draft202012Validator(schema, format_checker=FORMAT_CHECKER, registry=referencing.Registry())


# --- errata ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Erratum:
    id: str
    operation: str
    example: str
    pointer: str
    reason: str
    use: Any
    at: str
    """Pointer of this entry inside the errata file (``/errata/<n>``), for line numbers."""


@dataclass(frozen=True)
class ErrataFile:
    display_path: str
    errata: tuple[Erratum, ...] = ()
    doc: LoadedSpec | None = None

    def problem(self, at: str, message: str, fix: str, rule: str) -> Problem:
        if self.doc is not None:
            return self.doc.problem(at, message, fix=fix, rule=rule)
        return Problem(self.display_path, message, fix=fix, pointer=at, rule=rule)


def errata_path(spec_path: Path) -> Path:
    return spec_path.parent / "errata" / spec_path.name


def load_errata(path: Path, root: Path | None = None) -> tuple[ErrataFile, list[Problem]]:
    """Load and shape-check an errata file; a missing file is an empty one."""
    shown = display_path(path, root)
    if not path.exists():
        return ErrataFile(shown), []
    doc, problems = load_spec(path, root)
    if doc is None:
        return ErrataFile(shown), problems
    empty = ErrataFile(shown, (), doc)
    fix_top = "write `errata:` followed by a list of entries (see specs/CONVENTIONS.md, Errata)"
    if not isinstance(doc.data, dict) or set(doc.data) != {"errata"}:
        return empty, [
            *problems,
            doc.problem("", "an errata file is a mapping with the single key `errata`", fix_top, "errata/shape"),
        ]
    entries = doc.data["errata"]
    if entries is None:
        entries = []  # `errata:` with nothing under it: an empty list, not a mistake
    if not isinstance(entries, list):
        return empty, [*problems, doc.problem("/errata", "`errata` must be a list", fix_top, "errata/shape")]
    errata: list[Erratum] = []
    ids: dict[str, str] = {}
    for i, entry in enumerate(entries):
        at = f"/errata/{i}"
        shape = _shape_problem(entry)
        if shape:
            problems.append(doc.problem(at, shape, "give each entry exactly: " + ", ".join(_FIELDS), "errata/shape"))
            continue
        erratum = Erratum(**{f: entry[f] for f in _FIELDS}, at=at)
        if erratum.id in ids:
            problems.append(
                doc.problem(
                    f"{at}/id",
                    f"erratum id {erratum.id!r} is already used at {ids[erratum.id]}",
                    "give every erratum its own stable id",
                    "errata/duplicate-id",
                )
            )
            continue
        ids[erratum.id] = at
        errata.append(erratum)
    return ErrataFile(shown, tuple(errata), doc), problems


def _shape_problem(entry: Any) -> str:
    if not isinstance(entry, dict):
        return "an erratum must be a mapping"
    missing = [f for f in _FIELDS if f not in entry]
    if missing:
        return f"erratum lacks {', '.join(missing)}"
    extra = sorted(set(entry) - set(_FIELDS))
    if extra:
        return f"erratum has unknown key(s) {', '.join(extra)}"
    bad = [f for f in ("id", "operation", "example", "pointer", "reason") if not isinstance(entry[f], str)]
    if bad:
        return f"erratum field(s) {', '.join(bad)} must be strings"
    if not _ID.match(entry["id"]):
        return f"erratum id {entry['id']!r} is not kebab-case"
    if not _EXAMPLE_KEY.match(entry["example"]):
        return f"example {entry['example']!r} is neither response/<status>/<name> nor request/<name>"
    if entry["pointer"] and not entry["pointer"].startswith("/"):
        return f"pointer {entry['pointer']!r} is not a JSON pointer ('' or starting with '/')"
    if not entry["reason"].strip():
        return "reason is empty: say how the sample contradicts its page"
    return ""


def errata_for(errata: Iterable[Erratum], example: Example) -> list[Erratum]:
    return [e for e in errata if e.operation == example.operation and e.example == example.key]


def check_errata(errata: ErrataFile, examples: list[Example]) -> list[Problem]:
    """Errata that name no operation, no sample, or a pointer the raw sample lacks."""
    problems: list[Problem] = []
    known_ops = {e.operation for e in examples}
    for erratum in errata.errata:
        matches = [ex for ex in examples if ex.operation == erratum.operation and ex.key == erratum.example]
        if not matches and erratum.operation not in known_ops:
            problems.append(
                errata.problem(
                    f"{erratum.at}/operation",
                    f"no operation {erratum.operation!r} with samples in the spec",
                    "use the operationId of the operation whose sample is wrong",
                    "errata/unknown-operation",
                )
            )
            continue
        if not matches:
            keys = sorted(ex.key for ex in examples if ex.operation == erratum.operation)
            problems.append(
                errata.problem(
                    f"{erratum.at}/example",
                    f"{erratum.operation} has no sample {erratum.example!r}",
                    f"use one of: {', '.join(keys)}",
                    "errata/unknown-example",
                )
            )
            continue
        for ex in matches:
            try:
                get_pointer(ex.value, erratum.pointer)
            except LookupError as exc:
                problems.append(
                    errata.problem(
                        f"{erratum.at}/pointer",
                        f"pointer {erratum.pointer!r} is not in {erratum.example} of {erratum.operation}: {exc}",
                        "point at the value in the verbatim sample that is wrong",
                        "errata/bad-pointer",
                    )
                )
                break
    return problems


def apply_errata(example_value: Any, errata: Iterable[Erratum]) -> Any:
    """A deep copy of ``example_value`` with each erratum's ``use`` at its pointer, in order.

    Raises ``LookupError`` for a pointer the value lacks (``check_errata`` reports those).
    """
    value = copy.deepcopy(example_value)
    for erratum in errata:
        replacement = copy.deepcopy(erratum.use)
        tokens = pointer_tokens(erratum.pointer)
        if not tokens:
            value = replacement
            continue
        parent = get_pointer(value, join_pointer("", *tokens[:-1]))
        last = tokens[-1]
        if isinstance(parent, dict) and last in parent:
            parent[last] = replacement
        elif isinstance(parent, list) and last.isdigit() and int(last) < len(parent):
            parent[int(last)] = replacement
        else:
            raise LookupError(f"erratum {erratum.id}: no {erratum.pointer!r} in the sample")
    return value
