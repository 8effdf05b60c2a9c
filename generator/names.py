"""Every identifier the pipeline derives from spec text is cleaned here, and only here.

Vendor slugs become directory and package names, so they are validated strictly (no
sanitizing a '../' into something that looks fine).  Python identifiers for parameters
and properties use openapi-python-client's own rules, so that what our templates and
tests compute is exactly the name the generated function takes.  ``identifier_problem``
says when such a name is still unsafe to emit (generator/name_check.py applies it).
"""

from __future__ import annotations

import keyword
import re
import unicodedata

from openapi_python_client import strings

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9]{0,39}$")
FIELD_PREFIX = "field_"
"""Prefix openapi-python-client puts before names that are not identifiers (e.g. '1st')."""
WINDOWS_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
"""A directory generated/con/ cannot be checked out on Windows."""
CONFUSABLE_SCRIPTS = frozenset({"LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "CHEROKEE", "COPTIC"})
"""Alphabets with look-alike letters (Latin 'a', Cyrillic 'а'): one identifier mixing two of
them is a homoglyph trick or a typo, never a real vendor name (UTS #39, mixed-script)."""

SHADOWED_IN_ENDPOINTS = frozenset(
    {
        *("body", "request_options", "page_size", "max_items"),  # arguments our templates add
        *("params", "headers", "cookies", "kwargs", "arguments", "args"),  # locals of the functions
        *("httpx", "quote", "cast", "request_sync", "request_async"),  # module names the functions read
        *("sync_detailed", "asyncio_detailed", "iter_pages", "aiter_pages"),  # functions the others call
    }
)
"""Argument names the endpoint functions bind or read themselves (templates/openapi_python_client
and the tool's stock code; each was seen to break a generated client): a spec parameter with
one of these Python names shadows it.  Spec-derived identifiers never start with '_' (the
tool prefixes ``field_``), so templates whose own names all started with '_' would empty this."""
SHADOWED_IN_MODELS = frozenset(
    {
        *("to_dict", "from_dict", "additional_properties", "additional_keys"),  # the model's own members
        *("d", "field_dict", "src_dict", "cls", "prop", "prop_name", "prop_dict", "exc"),  # locals of its methods
        "cast",  # read by its methods
    }
)
"""Property names the attrs model methods bind or read themselves (model.py.jinja)."""


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot name a vendor package, or None when it can."""
    if SLUG_PATTERN.fullmatch(slug):
        if keyword.iskeyword(slug):
            return f"{slug!r} is a Python keyword"
        if slug in WINDOWS_DEVICE_NAMES:
            return (
                f"{slug!r} is a reserved device name on Windows (the folder generated/{slug}/ could not be checked out)"
            )
        return None
    return f"{slug!r} is not a valid vendor slug (lowercase ASCII letter, then up to 39 lowercase letters or digits)"


def package_name(slug: str) -> str:
    """Import name of a vendor's package: ``paxos`` -> ``paxos_client``."""
    return f"{slug}_client"


def distribution_name(slug: str) -> str:
    """Name on an index / in pip: ``paxos`` -> ``paxos-client``."""
    return f"{slug}-client"


def python_identifier(spec_name: str) -> str:
    """The argument / attribute name openapi-python-client gives a spec name ('created_at.gte' -> 'created_at_gte')."""
    return str(strings.PythonIdentifier(spec_name, FIELD_PREFIX))


def class_name(spec_name: str) -> str:
    return str(strings.ClassName(spec_name, FIELD_PREFIX))


def module_name(spec_name: str) -> str:
    """File name (without .py) of the model module for a schema name, as openapi-python-client derives it."""
    return python_identifier(class_name(spec_name))


def function_name(operation_id: str) -> str:
    return python_identifier(operation_id)


def python_key(identifier: str) -> str:
    """The name Python itself sees: identifiers are NFKC-normalized when parsed (PEP 3131)."""
    return unicodedata.normalize("NFKC", identifier)


def identifier_problem(identifier: str) -> str | None:
    """Why the derived Python ``identifier`` must not be emitted, or None when it is safe."""
    if not identifier.isidentifier():
        return f"{identifier!r} is not a Python identifier"
    seen_by_python = python_key(identifier)
    if seen_by_python != identifier:
        return f"Python reads the identifier {identifier!r} as {seen_by_python!r} (Unicode NFKC), a different name than written"
    scripts = sorted({_script(c) for c in identifier if c.isalpha()} & CONFUSABLE_SCRIPTS)
    if len(scripts) > 1:
        return f"{identifier!r} mixes {' and '.join(s.title() for s in scripts)} letters, which look alike (homoglyphs)"
    return None


def _script(char: str) -> str:
    return unicodedata.name(char, "?").split(" ", 1)[0]
