"""Problems located in both files: the capture line and the spec line/pointer."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.docs.capture import Capture
from generator.problems import Problem
from generator.spec.load import LoadedSpec

ATTRIBUTE_FIX = (
    "state it only if the page does: otherwise add `x-oc-source: vendor-description | our-reading | erratum` "
    "to the element (specs/CONVENTIONS.md, 'Where an element comes from'), or remove it"
)


@dataclass
class Reporter:
    spec: LoadedSpec
    capture: Capture
    problems: list[Problem] = field(default_factory=list)
    _seen: set[tuple[str, str, str]] = field(default_factory=set)
    """A component reached along two paths is reported once per rule."""

    def _spec_where(self, pointer: str) -> str:
        line, _ = self.spec.where(pointer)
        return f"{self.spec.display_path}:{line} {pointer}" if line else f"{self.spec.display_path} {pointer}"

    def page_states(self, page_line: int, pointer: str, message: str, fix: str, rule: str) -> None:
        """Something the page states that the spec lacks: reported at the capture line."""
        self.problems.append(
            Problem(
                self.capture.display,
                f"{message} (spec: {self._spec_where(pointer)})",
                fix,
                pointer,
                page_line,
                None,
                rule,
            )
        )

    def spec_states(self, pointer: str, page_line: int | None, message: str, fix: str, rule: str) -> None:
        """Something the spec states that the page does not (or contradicts): at the spec line."""
        if (pointer, rule, fix) in self._seen:
            return
        self._seen.add((pointer, rule, fix))
        where = f"{self.capture.display}:{page_line}" if page_line else self.capture.display
        line, column = self.spec.where(pointer)
        self.problems.append(
            Problem(self.spec.display_path, f"{message} (page: {where})", fix, pointer, line, column, rule)
        )
