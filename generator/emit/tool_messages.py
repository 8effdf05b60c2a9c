"""openapi-python-client's complaints, as problems a person can read.

Its messages are f-strings over its ``UntrustedString`` wrapper, which has no ``__format__``
on purpose (spec text must never become code by accident), so they read ``<...UntrustedString
object at 0x7f...>``: unreadable, and different on every run.  Parsing renders no code, so
for that stage only (``readable_spec_text``) the wrapper formats as a quoted, one-line
literal of its text; rendering (``Project.build``) sees the stock class.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterator

from openapi_python_client.parser.errors import GeneratorError
from openapi_python_client.schema.untrusted_string import UntrustedString

from generator.problems import Problem

_OBJECT_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-fA-F]+>")


def as_problem(spec_display: str, error: GeneratorError) -> Problem:
    # openapi-python-client reports WARNINGs for things it silently drops (a parameter it
    # cannot type, an endpoint it skips): for us every one of them is an error.
    where = ""
    data = getattr(error, "data", None)
    if data is not None:
        where = f" (in {type(data).__name__})"
    return Problem(
        file=spec_display,
        message=one_line(f"openapi-python-client: {error.header} {error.detail or ''}{where}"),
        fix="change the spec so openapi-python-client can generate it without warnings",
        rule=f"openapi-python-client/{error.level.value.lower()}",
    )


def one_line(text: str) -> str:
    """``text`` as one line of printable characters: messages are printed, compared in
    snapshots and may quote spec text (a path with a newline, a bidi control)."""
    text = _OBJECT_REPR.sub("<spec text>", text)  # an address differs from run to run
    printable = "".join(c if unicodedata.category(c)[0] not in "CZ" or c == " " else " " for c in text)
    return " ".join(printable.split())


@contextlib.contextmanager
def readable_spec_text() -> Iterator[None]:
    """While openapi-python-client parses (and only then): its messages show the spec text they name."""
    UntrustedString.__format__ = _quoted  # type: ignore[assignment, method-assign]
    try:
        yield
    finally:
        del UntrustedString.__format__


def _quoted(self: UntrustedString, spec: str) -> str:
    return repr(one_line(self.get_untrusted_value()))
