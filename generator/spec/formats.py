"""Facts about OpenAPI ``format`` values that several stages need, kept in one place."""

from __future__ import annotations

INTEGER_FORMAT_BOUNDS = {
    "int8": (-(2**7), 2**7 - 1),
    "int16": (-(2**15), 2**15 - 1),
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint8": (0, 2**8 - 1),
    "uint16": (0, 2**16 - 1),
    "uint32": (0, 2**32 - 1),
    "uint64": (0, 2**64 - 1),
}
"""A sized integer format is a documented limit even where the page states no min/max:
the validator checks examples against it and the client checks arguments before sending."""
