"""A request or response body as the page states it: listed fields and sample keys, as a tree.

The check walks this tree beside the spec's schema.  A node knows the listed field (type,
format, enum, ...) when the page lists one, and whether a sample shows the key (then the
sample states the field's existence and JSON type, nothing more).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.docs.page import PageField, PageSample


@dataclass
class PageNode:
    line: int
    listed: PageField | None = None
    in_sample: bool = False
    children: dict[str, PageNode] = field(default_factory=dict)
    items: PageNode | None = None

    @property
    def stated(self) -> bool:
        """The page says anything at all about what is inside this node."""
        return bool(self.children) or self.items is not None


def body_tree(line: int, fields: list[PageField], samples: list[PageSample]) -> PageNode:
    root = PageNode(line)
    for listed in fields:
        node = root
        for step in listed.parents:
            node = _step(node, step, listed.line)
        child = node.children.setdefault(listed.name, PageNode(listed.line))
        child.listed, child.line = listed, listed.line
    for sample in samples:
        _add_sample(root, sample.value, sample.text, 0, sample.line)
    return root


def _step(node: PageNode, step: str, line: int) -> PageNode:
    if step == "[]":
        node.items = node.items or PageNode(line)
        return node.items
    return node.children.setdefault(step, PageNode(line))


def _add_sample(node: PageNode, value: Any, text: str, offset: int, first_line: int) -> None:
    """Merge the sample's keys into the tree; each key is located at its line in the sample."""
    if isinstance(value, dict):
        for key, child_value in value.items():
            found = text.find(f'"{key}"', offset)
            at = found if found >= 0 else offset
            line = first_line + text.count("\n", 0, at)
            child = node.children.setdefault(key, PageNode(line))
            child.in_sample = True
            _add_sample(child, child_value, text, at, first_line)
    elif isinstance(value, list):
        node.items = node.items or PageNode(first_line + text.count("\n", 0, offset))
        node.items.in_sample = True
        for element in value:
            _add_sample(node.items, element, text, offset, first_line)


def items_view(node: PageNode) -> PageNode | None:
    """What the page states about the items of the array at ``node``.

    A listed ``string[]`` field states its items' type, format and members; a page that
    lists the fields of a top-level array (Otim) lists those of its items, beside a sample
    whose items show the same keys.
    """
    items = node.items
    listed = node.listed
    if listed is not None and listed.type == "array":
        items = items or PageNode(node.line)
        items.listed = items.listed or PageField(
            name="[]",
            where=listed.where,
            line=listed.line,
            type=listed.items_type,
            format=listed.items_format,
            enum=listed.enum,
        )
    if node.children:
        items = items or PageNode(node.line)
        for name, child in node.children.items():
            merged = items.children.setdefault(name, child)
            if merged is not child and child.listed is not None:
                merged.listed, merged.line = child.listed, child.line
    return items
