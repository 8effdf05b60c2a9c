"""Every identifier the pipeline derives from spec text is cleaned here, and only here.

Vendor slugs become directory and package names, so they are validated strictly (no
sanitizing a '../' into something that looks fine).  Python identifiers for parameters
and properties use openapi-python-client's own rules, so that what the README, the pagers
and the tests compute is exactly the name the generated function takes (the client's
modules take their names from that tool's parse directly: generator/model/adapt.py).  ``identifier_problem``
says when such a name is still unsafe to emit (generator/name_check.py applies it).
"""

from __future__ import annotations

import keyword
import re
import unicodedata

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

ENDPOINT_ARGUMENTS = frozenset({"client", "body", "request_options"})
"""Arguments every endpoint function takes beside the spec's parameters.  (The names the
functions bind or read themselves all start with '_', which spec-derived names never do:
templates/client/endpoint_module.py.jinja.)"""
PAGER_ARGUMENTS = frozenset({"page_size", "max_items"})
"""Arguments the pagers of a paginated operation (``iter_items`` ...) add."""
RENAMED_BY_TOOL = frozenset({"client", "url"})
"""Parameter names openapi-python-client renames on its own (``client`` -> ``client_query``):
the argument would not be called what this generator's model, README and pagers say."""
MODEL_MEMBERS = frozenset({"to_dict", "from_dict", "to_multipart", "additional_properties", "additional_keys"})
"""Members of every attrs model (model.py.jinja).  A property with one of these Python names
is renamed with a trailing '_' (``to_dict_``), as openapi-python-client does for builtins."""


def argument_problem(identifier: str, paginated: bool, size_argument: str | None = None) -> str | None:
    """Why a parameter with the Python name ``identifier`` cannot be an argument, or None.

    ``size_argument``: the Python name of the paginated operation's query size parameter.
    The pagers take it out of their signature and set it from their own ``page_size``, so a
    size parameter that is itself named ``page_size`` (``pageSize``) clashes with nothing.
    """
    if identifier in RENAMED_BY_TOOL:
        return f"openapi-python-client renames a parameter {identifier!r} on its own"
    if identifier in ENDPOINT_ARGUMENTS:
        return f"every generated function already takes an argument {identifier!r}"
    if identifier == "self":
        return "the client's resource methods (client.<resource>.<method>) already take 'self'"
    if paginated and identifier == "page_size" and identifier == size_argument:
        return None
    if paginated and identifier in PAGER_ARGUMENTS:
        return f"the pagers of a paginated operation already take an argument {identifier!r}"
    return None


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
    from openapi_python_client import strings  # here: ~1 s of imports a no-op run must not pay

    return str(strings.PythonIdentifier(spec_name, FIELD_PREFIX))


def attribute_name(spec_name: str) -> str:
    """The attribute of an attrs model for a property ('to_dict' -> 'to_dict_': see MODEL_MEMBERS)."""
    return member_safe(python_identifier(spec_name))


def member_safe(identifier: str) -> str:
    return f"{identifier}_" if identifier in MODEL_MEMBERS else identifier


def class_name(spec_name: str) -> str:
    from openapi_python_client import strings  # here: see python_identifier

    return str(strings.ClassName(spec_name, FIELD_PREFIX))


def module_name(spec_name: str) -> str:
    """File name (without .py) of the model module for a schema name, as openapi-python-client derives it."""
    return python_identifier(class_name(spec_name))


PYTHON_NAME_KEY = "x-oc-python-name"
"""An operation's own Python function name, for the odd operationId whose snake_case form is
wrong or clashes: it replaces the operationId for the generators (the spec text is kept)."""


def operation_name(operation_id: object, method: str, path: str, override: object = None) -> str:
    """The name the generators see for an operation: ``x-oc-python-name``, else its operationId
    (any style: ``listThings``, ``List-Things`` and ``list_things`` all become ``list_things``),
    else ``<method>_<path>`` as openapi-python-client derives it (``post_auth_login``)."""
    if isinstance(override, str) and override:
        return override
    if isinstance(operation_id, str) and operation_id.strip():
        return operation_id
    return f"{method}_{path.replace('{', '').replace('}', '').replace('/', '_').strip('_')}"


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
