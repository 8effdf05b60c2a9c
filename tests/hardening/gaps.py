"""Known hardening gaps in code this suite does not own: each is a strict xfail.

A gap test asserts the behaviour we want.  It fails today (xfail); when the owner fixes
the gap it passes, strict xfail turns that into a failure, and whoever fixed it deletes
the entry here (and any stopgap that refused the input meanwhile).
"""

from __future__ import annotations

KNOWN_HARDENING_GAPS: dict[str, str] = {}
