"""When a failed attempt is tried again, and after how long.

Retried, for idempotent operations only (RFC 9110 §9.2.2; every GET is; a POST or PATCH
only when it carries an idempotency key, ``_request``): connection errors, timeouts, and the
statuses in ``RetryPolicy.statuses`` (429, 502, 503, 504).
The wait is exponential backoff with jitter, or what the server asked for in
``Retry-After`` (seconds or an HTTP-date; also ``retry-after-ms``).  No single wait is
longer than ``max_retry_after`` (60 s by default, Stainless' cap), even with
``max_elapsed=None``: a server that asks for longer is not waited for, the call fails at once
with the status error (retrying sooner than it said would only meet the same answer).  Two
more bounds: a number of attempts and a total time; a wait that would end past the total is
not started either.
"""

from __future__ import annotations

import datetime
import email.utils
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How a client retries; pass one as ``retry=`` (client) or in ``request_options``."""

    max_attempts: int = 3
    """Attempts in all, the first included (1 = no retries)."""
    initial_delay: float = 0.5
    """Seconds before the first retry; each further retry waits ``multiplier`` times longer."""
    multiplier: float = 2.0
    max_delay: float = 8.0
    jitter: float = 0.25
    """Each backoff wait is shortened by a random fraction up to this, so clients spread out."""
    max_elapsed: float | None = 60.0
    """Seconds from the first attempt after which no new attempt is started (None: no bound)."""
    statuses: frozenset[int] = RETRYABLE_STATUSES
    retry_connection_errors: bool = True
    retry_timeouts: bool = True
    max_retry_after: float = 60.0
    """Longest single wait ``Retry-After`` may ask for: past it the call gives up at once."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1 (1 means no retries)")
        delays = (self.initial_delay, self.max_delay, self.multiplier, self.max_retry_after)
        if not all(delay >= 0 for delay in delays) or not 0 <= self.jitter <= 1:
            raise ValueError("delays and multiplier must be >= 0 and jitter within [0, 1]")

    @classmethod
    def disabled(cls) -> RetryPolicy:
        return cls(max_attempts=1)

    def with_max_retries(self, max_retries: int) -> RetryPolicy:
        return replace(self, max_attempts=max_retries + 1)

    def backoff(self, retry_number: int, random_fraction: float) -> float:
        """Wait before retry ``retry_number`` (1 for the first retry), ``random_fraction`` in [0, 1)."""
        base = min(self.max_delay, self.initial_delay * self.multiplier ** (retry_number - 1))
        return base * (1 - self.jitter * random_fraction)

    def wait(self, attempts: int, elapsed: float, retry_after: float | None, random_fraction: float) -> float | None:
        """Seconds to wait before another attempt after ``attempts`` failed ones, or None to give up."""
        if attempts >= self.max_attempts:
            return None
        if retry_after is not None and retry_after > self.max_retry_after:
            return None
        delay = retry_after if retry_after is not None else self.backoff(attempts, random_fraction)
        if self.max_elapsed is not None and elapsed + delay > self.max_elapsed:
            return None
        return delay


DEFAULT_RETRY = RetryPolicy()
NO_RETRY = RetryPolicy.disabled()


def retry_after_seconds(headers: Mapping[str, str], now: float) -> float | None:
    """What ``Retry-After`` (seconds or HTTP-date) or ``retry-after-ms`` asks for; None if absent/invalid.

    ``now`` is the wall-clock time (``time.time()``) an HTTP-date is measured against.
    """
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        value = _non_negative(milliseconds)
        if value is not None:
            return value / 1000
    raw = headers.get("retry-after")
    if raw is None:
        return None
    seconds = _non_negative(raw)
    if seconds is not None:
        return seconds
    try:
        moment = email.utils.parsedate_to_datetime(raw.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # "-0000": UTC by RFC 5322
        moment = moment.replace(tzinfo=datetime.UTC)
    return max(0.0, moment.timestamp() - now)


def _non_negative(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None
