"""Drift reports: where a server's responses depart from the spec the client was generated from.

A response field that is not documented, an enum value the spec does not list, a value of the
wrong type (a malformed uuid or date-time too) and a null where the spec allows none are each
reported once per (model, field) or (enum, value): a WARNING on the logger
``<package>.drift`` (``paxos_client.drift``) naming the spec location to edit
(``specs/paxos.yaml#/components/schemas/Orchestration/properties/status``), and an entry in
``client.drift_report()``.  The cost on the happy path is one ``frozenset.issuperset`` per
object read (undocumented keys) and nothing else: the other kinds are noticed where a value
fails to read, or where an open enum reads a value it does not list.  ``report_drift=False``
on the client turns it off.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass

logger = logging.getLogger(__name__.split(".")[0] + ".drift")

UNDOCUMENTED = "undocumented-field"
UNKNOWN_ENUM_VALUE = "unknown-enum-value"
WRONG_TYPE = "wrong-type"
NULL = "null-not-nullable"


@dataclass(frozen=True)
class Drift:
    """One departure from the spec, as first seen."""

    kind: str
    """``undocumented-field``, ``unknown-enum-value``, ``wrong-type`` or ``null-not-nullable``."""
    model: str
    """The model class (for an enum value, the model whose field holds it)."""
    field: str
    """The JSON key."""
    value: str
    """The value seen, as JSON (shortened); the enum value for ``unknown-enum-value``."""
    spec_location: str
    """Where to edit the spec: ``specs/<slug>.yaml#<JSON pointer>``."""
    operation: str
    """The operation whose response first showed it."""
    pointer: str
    """The JSON pointer of the value in that response."""
    reason: str = ""

    def __str__(self) -> str:
        what = {
            UNDOCUMENTED: f"undocumented field {self.field!r} on {self.model}",
            UNKNOWN_ENUM_VALUE: f"{self.model}.{self.field}: enum value {self.value} is not in the spec",
            WRONG_TYPE: f"{self.model}.{self.field}: {self.reason}",
            NULL: f"{self.model}.{self.field} is null and the spec does not allow null",
        }[self.kind]
        return f"{what} (seen in {self.operation or 'a payload'} at {self.pointer or '/'}; edit {self.spec_location})"


class DriftRecorder:
    """What one client (and its ``with_options`` copies) has seen, each departure once."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str, str, str], Drift] = {}
        self._lock = threading.Lock()

    def seen(self, kind: str, model: str, field: str, value: str = "") -> bool:
        return (kind, model, field, value if kind == UNKNOWN_ENUM_VALUE else "") in self._seen

    def record(self, drift: Drift) -> None:
        key = (drift.kind, drift.model, drift.field, drift.value if drift.kind == UNKNOWN_ENUM_VALUE else "")
        with self._lock:
            if key in self._seen:
                return
            self._seen[key] = drift
        logger.warning("spec drift: %s", drift)

    def report(self) -> list[Drift]:
        with self._lock:
            return list(self._seen.values())


def excerpt(value: object) -> str:
    try:
        text = json.dumps(value, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
