"""Compare an operation's security requirements and schemes with the page's auth."""

from __future__ import annotations

from typing import Any

from generator.docs.attribution import attribution_of
from generator.docs.page import PageAuth
from generator.docs.report import ATTRIBUTE_FIX, Reporter
from generator.spec.toolkit import OperationRef, join_pointer, resolve


def check_security(report: Reporter, op: OperationRef, auth: PageAuth | None) -> None:
    doc: Any = report.spec.data
    requirements = op.operation.get("security", doc.get("security")) or []
    schemes = resolve(doc, doc.get("components")).get("securitySchemes") or {}
    used = [
        (str(name), scopes)
        for requirement in (requirements if isinstance(requirements, list) else [])
        if isinstance(requirement, dict)
        for name, scopes in requirement.items()
    ]
    if auth is not None and not used:
        report.page_states(
            auth.line,
            op.pointer,
            f"{op.display}: the page requires auth; the spec has none",
            "add security",
            "docs/spec-lacks",
        )
    for name, scopes in used:
        at = join_pointer("/components/securitySchemes", name)
        scheme = resolve(doc, schemes.get(name))
        requested = {str(s) for s in scopes} if isinstance(scopes, list) else set()
        unstated = _compare_scheme(report, at, scheme, requested, auth)
        if unstated and attribution_of(scheme) is None:
            report.spec_states(
                at,
                auth.line if auth else None,
                f"security scheme {name!r}: the spec states {', '.join(unstated)}, which the page does not",
                ATTRIBUTE_FIX,
                "docs/unattributed",
            )


def _compare_scheme(
    report: Reporter, at: str, scheme: dict[str, Any], requested: set[str], auth: PageAuth | None
) -> list[str]:
    """Report what the page states that the scheme contradicts or lacks; return what it does not state."""
    kind = "oauth2" if scheme.get("type") == "oauth2" else "bearer" if scheme.get("scheme") == "bearer" else "other"
    if auth is None:
        return [f"the {kind} scheme itself"]
    page_kind = "oauth2" if "oauth2" in auth.kinds else "bearer"
    differs = attribution_of(scheme)
    if kind != page_kind and not (differs and "type" in differs.page_differs):
        report.spec_states(
            at, auth.line, f"the page's auth is {page_kind}, the spec's {kind}", "match the page", "docs/contradiction"
        )
    raw_flows = scheme.get("flows")
    flows: dict[str, Any] = raw_flows if isinstance(raw_flows, dict) else {}
    unstated: list[str] = []
    spec_scopes = set(requested)
    for flow_name, flow in flows.items():
        if not isinstance(flow, dict):
            continue
        spec_scopes |= {str(s) for s in flow.get("scopes") or {}}
        unstated += [f"flow {flow_name}"] if flow_name not in auth.flows else []
        unstated += [
            f"{key} {flow[key]}"
            for key in ("tokenUrl", "refreshUrl")
            if key in flow and flow[key] not in auth.token_urls
        ]
    for scope in auth.scopes:
        if scope not in spec_scopes:
            report.page_states(
                auth.scope_lines.get(scope, auth.line),
                at,
                f"the page states OAuth scope {scope!r}; the spec lacks it",
                "add the scope",
                "docs/spec-lacks",
            )
    unstated += [f"scope {s}" for s in sorted(spec_scopes - set(auth.scopes))]
    bearer_format = scheme.get("bearerFormat")
    if bearer_format and bearer_format != auth.bearer_format:
        unstated.append(f"bearerFormat {bearer_format}")
    if auth.bearer_format and kind == "bearer" and bearer_format != auth.bearer_format:
        report.page_states(
            auth.line,
            at,
            f"the page says the token is a {auth.bearer_format}; the spec has no bearerFormat {auth.bearer_format}",
            "add bearerFormat",
            "docs/spec-lacks",
        )
    return unstated
