"""Docs captures: a vendor's API reference page as text, kept in ``docs/<slug>/``.

A capture is a small header (``key: value`` lines) followed by the page text exactly as it
was captured, after the marker line.  The header's ``sha256`` is the digest of that page
text: a capture is replaced by a new capture of the page, never edited by hand, and the
digest makes a hand edit (or an editor that "fixes" trailing whitespace) visible.

Header keys: ``url`` (the page), ``captured`` (when, or an honest "date unknown"),
``layout`` (which extractor reads it: ``mintlify``, ``redoc-list`` or ``stoplight``),
``source`` (where the text came from) and ``sha256``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from generator.problems import Problem

MAGIC = "docs-capture: 1"
MARKER = "--- page text below, byte-for-byte as captured ---"
LAYOUTS = ("mintlify", "redoc-list", "stoplight")
REQUIRED_KEYS = ("url", "captured", "layout", "source", "sha256")
MAX_CAPTURE_BYTES = 4 * 1024 * 1024
"""API reference pages are a few kilobytes of text; a larger file is not a page capture."""


@dataclass(frozen=True)
class Capture:
    display: str
    """Path as reported in problems (relative to the repository root)."""
    url: str
    captured: str
    layout: str
    source: str
    text: str
    """The page text, byte-for-byte."""
    first_line: int
    """Line of the capture file that holds the page text's first line."""

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def line_of(self, index: int) -> int:
        """Capture-file line of the page text's 0-based line ``index``."""
        return self.first_line + index


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def render_capture(url: str, captured: str, layout: str, source: str, text: str) -> str:
    """The capture file's content for ``text`` (the inverse of ``parse_capture``)."""
    header = [MAGIC, f"url: {url}", f"captured: {captured}", f"layout: {layout}", f"source: {source}"]
    header += [f"sha256: {digest(text)}", MARKER]
    return "\n".join(header) + "\n" + text


def read_capture(path: Path, display: str) -> tuple[Capture | None, list[Problem]]:
    try:
        if path.stat().st_size > MAX_CAPTURE_BYTES:
            return None, [
                Problem(
                    display, f"capture is over {MAX_CAPTURE_BYTES // 2**20} MiB; it was not read", rule="docs/capture"
                )
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, f"cannot read the capture: {exc.strerror}", rule="docs/capture")]
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(display, f"capture is not UTF-8 at byte {exc.start}", rule="docs/capture")]
    return parse_capture(content, display)


def parse_capture(content: str, display: str) -> tuple[Capture | None, list[Problem]]:
    head, sep, text = content.partition("\n" + MARKER + "\n")
    if not sep or not head.startswith(MAGIC):
        return None, [
            Problem(
                display,
                f"not a docs capture: it must start with {MAGIC!r} and hold a {MARKER!r} line",
                fix="write captures with generator.docs.capture.render_capture",
                line=1,
                rule="docs/capture",
            )
        ]
    fields: dict[str, str] = {}
    problems: list[Problem] = []
    for number, line in enumerate(head.split("\n")[1:], start=2):
        key, colon, value = line.partition(": ")
        if not colon:
            problems.append(
                Problem(display, f"header line is not 'key: value': {line!r}", line=number, rule="docs/capture")
            )
        fields[key] = value.strip()
    missing = [k for k in REQUIRED_KEYS if not fields.get(k)]
    if missing:
        problems.append(Problem(display, f"capture header lacks {', '.join(missing)}", line=1, rule="docs/capture"))
    if fields.get("layout") and fields["layout"] not in LAYOUTS:
        problems.append(
            Problem(
                display,
                f"unknown layout {fields['layout']!r}; known: {', '.join(LAYOUTS)}",
                line=1,
                rule="docs/capture",
            )
        )
    if fields.get("sha256") and fields["sha256"] != digest(text):
        problems.append(
            Problem(
                display,
                "the page text's sha256 differs from the header's: the capture was edited after it was taken",
                fix="restore the captured text (captures are replaced by a new capture, never edited)",
                line=1,
                rule="docs/capture-digest",
            )
        )
    if problems:
        return None, problems
    first_line = head.count("\n") + 3
    capture = Capture(
        display=display,
        url=fields["url"],
        captured=fields["captured"],
        layout=fields["layout"],
        source=fields["source"],
        text=text,
        first_line=first_line,
    )
    return capture, []
