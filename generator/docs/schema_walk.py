"""Walk a spec schema beside the page's tree of the same body, reporting every difference."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.docs.attribution import Attribution, attribution_of
from generator.docs.facts import compare, fact_name, spec_facts
from generator.docs.page import PageField
from generator.docs.page_tree import PageNode, items_view
from generator.docs.report import ATTRIBUTE_FIX, Reporter
from generator.spec.toolkit import deref, join_pointer


@dataclass(frozen=True)
class Element:
    """One spec element to compare: its label, the pointer it is reported at, its own and
    inherited attribution."""

    label: str
    pointer: str
    own: Attribution | None
    cover: Attribution | None


@dataclass(frozen=True)
class Stated:
    """What the page states about one element."""

    listed: PageField | None
    """The page's listing of it; None when it only shows it (a sample key, a path placeholder)."""
    line: int
    type_shown: bool = False
    """A sample shows its JSON type."""


def compare_element(
    report: Reporter,
    element: Element,
    stated: Stated,
    schema: dict[str, Any],
    *,
    required: bool,
    deprecated: bool = False,
    items: bool = True,
) -> None:
    """Report the facts of one element (a parameter, a property) that differ from the page.

    ``items``: also report the array items' facts the page does not state (False when the
    walk goes on into the items, which then report their own).
    """
    facts = spec_facts(report.spec.data, schema, required, deprecated)
    result = compare(stated.listed, facts, stated.type_shown, items)
    differs = element.own.page_differs if element.own else frozenset()
    contradicts = [c for c in result.contradicts if fact_name(c) not in differs]
    lacks = [c for c in result.lacks if fact_name(c) not in differs]
    if contradicts:
        report.spec_states(
            element.pointer,
            stated.line,
            f"{element.label}: the page contradicts the spec: {'; '.join(contradicts)}",
            "make the spec say what the page says, or list the fact in the element's x-oc-source page-differs "
            "with a note saying why",
            "docs/contradiction",
        )
    if lacks:
        report.page_states(
            stated.line,
            element.pointer,
            f"{element.label}: the page states {', '.join(lacks)}; the spec does not",
            "add it to the spec",
            "docs/spec-lacks",
        )
    if result.unstated and element.cover is None:
        report.spec_states(
            element.pointer,
            stated.line,
            f"{element.label}: the spec states {', '.join(result.unstated)}, which the page does not",
            ATTRIBUTE_FIX,
            "docs/unattributed",
        )


class BodyWalk:
    """Compare a body schema (request or response) with the page's tree of that body."""

    def __init__(self, report: Reporter, label: str) -> None:
        self.report, self.label = report, label
        self.doc: Any = report.spec.data

    def run(self, schema: Any, at: str, page: PageNode, cover: Attribution | None) -> None:
        target, target_at = deref(self.doc, schema, at)
        if isinstance(target, dict):
            cover = attribution_of(schema) or attribution_of(target) or cover
            self._children(self.label, target, target_at, page, cover=cover, visiting=frozenset())

    def _children(
        self,
        label: str,
        schema: dict[str, Any],
        at: str,
        page: PageNode,
        *,
        cover: Attribution | None,
        visiting: frozenset[str],
    ) -> None:
        if at in visiting:
            return
        visiting |= {at}
        types = schema.get("type")
        if "items" in schema or types == "array" or (isinstance(types, list) and "array" in types):
            items_page = items_view(page)
            if items_page is not None:
                where = (join_pointer(at, "items"), schema.get("items"))
                self._property(f"{label}[]", where, items_page, cover, required=False, visiting=visiting)
            return
        declared = _properties(self.doc, schema, at)
        extra = schema.get("additionalProperties")
        for name, child in page.children.items():
            if name in declared:
                prop, prop_at, required = declared[name]
                self._property(f"{label}.{name}", (prop_at, prop), child, cover, required=required, visiting=visiting)
            elif isinstance(extra, dict) and extra:
                where = (join_pointer(at, "additionalProperties"), extra)
                self._property(f"{label}.{name}", where, child, cover, required=False, visiting=visiting)
            elif not declared and not (isinstance(extra, dict) and extra):
                continue  # a free-form object: the page's keys are its content, not properties
            else:
                self.report.page_states(
                    child.line,
                    at,
                    f"{label}: the page states field {name!r}; the spec has no such property",
                    "add the property to the schema",
                    "docs/spec-lacks",
                )
        for name, (prop, prop_at, _required) in declared.items():
            target, _ = deref(self.doc, prop, prop_at)
            if name not in page.children and (attribution_of(prop) or attribution_of(target) or cover) is None:
                self.report.spec_states(
                    prop_at,
                    page.line,
                    f"{label}: the spec has property {name!r}, which the page does not state",
                    ATTRIBUTE_FIX,
                    "docs/unattributed",
                )

    def _property(
        self,
        label: str,
        where: tuple[str, Any],
        page: PageNode,
        cover: Attribution | None,
        *,
        required: bool,
        visiting: frozenset[str],
    ) -> None:
        at, schema = where
        target, target_at = deref(self.doc, schema, at)
        if not isinstance(target, dict):
            return
        own = attribution_of(schema) or attribution_of(target)
        cover = own or cover
        descends = page.stated
        stated = Stated(page.listed, page.line, page.in_sample)
        compare_element(
            self.report, Element(label, at, own, cover), stated, target, required=required, items=not descends
        )
        if descends:
            self._children(label, target, target_at, page, cover=cover, visiting=visiting)


def _properties(doc: Any, schema: dict[str, Any], at: str) -> dict[str, tuple[Any, str, bool]]:
    """Properties declared here or in allOf/anyOf/oneOf branches: (schema, pointer, required)."""
    found: dict[str, tuple[Any, str, bool]] = {}
    raw_required = schema.get("required")
    required = raw_required if isinstance(raw_required, list) else []
    props = schema.get("properties")
    for name, prop in props.items() if isinstance(props, dict) else ():
        found[name] = (prop, join_pointer(at, "properties", name), name in required)
    for keyword in ("allOf", "anyOf", "oneOf"):
        branches = schema.get(keyword)
        for index, branch in enumerate(branches if isinstance(branches, list) else []):
            target, target_at = deref(doc, branch, join_pointer(at, keyword, index))
            if isinstance(target, dict):
                for name, entry in _properties(doc, target, target_at).items():
                    found.setdefault(name, entry)
    return found
