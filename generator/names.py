"""Every identifier the pipeline derives from spec text is cleaned here, and only here.

Vendor slugs become directory and package names, so they are validated strictly (no
sanitizing a '../' into something that looks fine).  Python identifiers for parameters
and properties use openapi-python-client's own rules, so that what our templates and
tests compute is exactly the name the generated function takes.
"""

from __future__ import annotations

import keyword
import re

from openapi_python_client import strings

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9]{0,39}$")
FIELD_PREFIX = "field_"
"""Prefix openapi-python-client puts before names that are not identifiers (e.g. '1st')."""


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot name a vendor package, or None when it can."""
    if SLUG_PATTERN.fullmatch(slug):
        if keyword.iskeyword(slug):
            return f"{slug!r} is a Python keyword"
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


def function_name(operation_id: str) -> str:
    return python_identifier(operation_id)
