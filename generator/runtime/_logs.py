"""Credentials kept out of log records, including the HTTP stack's own.

httpcore logs every response's headers at DEBUG (``receive_response_headers.complete``), so
a server that echoes ``Authorization`` back in a header would put the token into the logs of
anyone debugging with ``logging.DEBUG``.  The package installs one filter, on its own logger
(``<vendor>_client``) and on the loggers its requests go through (``HTTP_LOGGERS``), that
replaces every spelling of every live client's credentials (``Auth.secrets()``: client
secrets, HTTP Basic credentials, bearer and access tokens) with ``<redacted>``.  A filter on a
logger sees only the records logged there, which is why it is installed on each one by name.
It costs nothing unless those loggers are enabled for the level logged.
"""

from __future__ import annotations

import logging
import threading
import weakref

from ._auth import Auth
from ._exceptions import redact

HTTP_LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)


class RedactingFilter(logging.Filter):
    """Rewrites a record whose message shows a credential of a watched ``Auth``."""

    def __init__(self) -> None:
        super().__init__()
        self._watched: weakref.WeakSet[Auth] = weakref.WeakSet()
        self._lock = threading.Lock()

    def watch(self, auth: Auth) -> None:
        with self._lock:
            self._watched.add(auth)

    def filter(self, record: logging.LogRecord) -> bool:
        with self._lock:
            watched = list(self._watched)
        secrets = [secret for auth in watched for secret in auth.secrets()]
        if secrets:
            try:
                message = record.getMessage()
            except Exception:  # a malformed record: logging reports it when it formats it
                return True
            redacted = redact(message, secrets)
            if redacted != message:
                record.msg, record.args = redacted, None
        return True


_FILTER = RedactingFilter()
for _name in (__name__.split(".")[0], *HTTP_LOGGERS):
    logging.getLogger(_name).addFilter(_FILTER)


def redact_in_logs(auth: Auth) -> None:
    """Keep ``auth``'s credentials out of the package's and the HTTP stack's log records
    (for as long as ``auth`` lives)."""
    _FILTER.watch(auth)
