"""Known hardening gaps in code this suite does not own: each is a strict xfail.

A gap test asserts the behaviour we want.  It fails today (xfail); when the owner fixes
the gap it passes, strict xfail turns that into a failure, and whoever fixed it deletes
the entry here (and, for names, the stopgap set in generator/names.py).
"""

from __future__ import annotations

KNOWN_HARDENING_GAPS: dict[str, str] = {
    "test_shadowing_parameter_names_generate_working_code": (
        "templates/openapi_python_client (endpoint_module.py.jinja, endpoint_macros.py.jinja) and the tool's stock "
        "endpoint code bind and read un-prefixed names (params, headers, kwargs, arguments, httpx, quote, cast, "
        "request_sync, sync_detailed, iter_pages ...) in functions whose arguments are spec parameters: a query "
        "parameter `params` makes `params['params'] = params` fail.  Fix: every name those templates bind or read "
        "inside an endpoint function starts with '_' (spec-derived names never do).  Until then "
        "generator/names.SHADOWED_IN_ENDPOINTS refuses such parameters."
    ),
    "test_shadowing_property_names_generate_working_code": (
        "templates/openapi_python_client/model.py.jinja: a property `d`, `field_dict`, `cls`, `to_dict` or "
        "`additional_properties` collides with the model's own members and locals (`d = d.pop('d')`).  Fix: "
        "'_'-prefixed locals and a rename for member collisions.  Until then generator/names.SHADOWED_IN_MODELS "
        "refuses them."
    ),
    "test_circular_ref_is_reported_at_its_line": (
        "generator/validate.py: two schemas that are only $refs to each other make openapi-spec-validator hit "
        "RecursionError; the problem says so at 3:1 with no pointer.  Add a rule (e.g. lint/ref-cycle) that "
        "follows $ref-only chains and reports the cycle at the $ref that closes it, and skip the validator while "
        "it fires (as done for lint/local-refs)."
    ),
}
