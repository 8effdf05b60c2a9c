"""Compare one operation of a spec with the page that documents it."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from generator.docs.attribution import Attribution, attribution_of
from generator.docs.page import PageDoc, PageField, PageSample, without_insignificant_whitespace
from generator.docs.page_tree import body_tree
from generator.docs.report import ATTRIBUTE_FIX, Reporter
from generator.docs.schema_walk import BodyWalk, Element, Stated, compare_element
from generator.docs.security import check_security
from generator.spec.toolkit import OperationRef, deref, join_pointer, resolve

_URL = re.compile(r"https?://[^\s'\"\\]+")
_JSON_MEDIA = re.compile(r"application/([\w.-]+\+)?json")


class OperationCheck:
    def __init__(self, report: Reporter, op: OperationRef, page: PageDoc, spec_text: str) -> None:
        self.report, self.op, self.page, self.spec_text = report, op, page, spec_text
        self.doc: Any = report.spec.data

    def run(self) -> None:
        self.endpoint()
        self.servers()
        self.security()
        self.parameters()
        self.request_body()
        self.responses()
        self.curls()

    # --- the endpoint, servers and auth ---------------------------------------------------

    def endpoint(self) -> None:
        method, path = self.op.method.upper(), self.op.path
        prefixes = [urlsplit(str(s.get("url", ""))).path.rstrip("/") for s in self._servers()]
        if self.page.method and (
            self.page.method != method or self.page.path not in [p + path for p in ["", *prefixes]]
        ):
            self.report.spec_states(
                self.op.pointer,
                self.page.heading_line,
                f"{self.op.display}: the page documents {self.page.method} {self.page.path}, the spec {method} {path}",
                "fix the operation's path/method or its x-docs-url",
                "docs/contradiction",
            )

    def _servers(self) -> list[dict[str, Any]]:
        servers = self.doc.get("servers")
        return [s for s in servers if isinstance(s, dict)] if isinstance(servers, list) else []

    def servers(self) -> None:
        page_urls = [(url, curl.line) for curl in self.page.curls for url in _URL.findall(curl.text)]
        bases = {url[: -len(self.op.path)].rstrip("/"): line for url, line in page_urls if url.endswith(self.op.path)}
        servers = self._servers()
        differs = any("url" in (a.page_differs if (a := attribution_of(s)) else ()) for s in servers)
        for base, line in bases.items():
            if base not in [str(s.get("url", "")).rstrip("/") for s in servers] and not differs:
                self.report.page_states(
                    line,
                    "/servers",
                    f"the page's requests go to {base}; no server has that URL",
                    "add the server",
                    "docs/spec-lacks",
                )
        for index, server in enumerate(servers):
            if str(server.get("url", "")).rstrip("/") not in bases and attribution_of(server) is None:
                self.report.spec_states(
                    join_pointer("/servers", index),
                    None,
                    f"server {server.get('url')!r} is not on the page",
                    ATTRIBUTE_FIX,
                    "docs/unattributed",
                )

    def security(self) -> None:
        check_security(self.report, self.op, self.page.auth)

    # --- parameters -----------------------------------------------------------------------

    def parameters(self) -> None:
        spec_params: dict[tuple[str, str], tuple[dict[str, Any], str, Any]] = {}
        for owner, owner_at in (
            (self.op.path_item, join_pointer("/paths", self.op.path)),
            (self.op.operation, self.op.pointer),
        ):
            listed = owner.get("parameters")
            for index, raw in enumerate(listed if isinstance(listed, list) else []):
                param, at = deref(self.doc, raw, join_pointer(owner_at, "parameters", index))
                if isinstance(param, dict):
                    spec_params[(str(param.get("in")), str(param.get("name")))] = (param, at, raw)
        page_params = {(f.where, f.name): f for f in self.page.fields if f.where in ("query", "path", "header")}
        for key, listed_field in page_params.items():
            if key not in spec_params:
                self.report.page_states(
                    listed_field.line,
                    self.op.pointer,
                    f"{self.op.display}: the page states {key[0]} parameter {key[1]!r}; the spec lacks it",
                    "add the parameter",
                    "docs/spec-lacks",
                )
        for key, (param, at, raw) in spec_params.items():
            own = attribution_of(raw) or attribution_of(param) or attribution_of(param.get("schema"))
            found: PageField | None = page_params.get(key)
            label = f"{self.op.display}: {key[0]} parameter {key[1]!r}"
            if found is None:
                if own is None:
                    self.report.spec_states(at, None, f"{label} is not on the page", ATTRIBUTE_FIX, "docs/unattributed")
                continue
            schema = resolve(self.doc, param.get("schema"))
            compare_element(
                self.report,
                Element(label, at, own, own),
                Stated(found, found.line),
                schema,
                required=param.get("required") is True,
                deprecated=param.get("deprecated") is True,
            )

    # --- bodies and samples -----------------------------------------------------------------

    def request_body(self) -> None:
        body_at = join_pointer(self.op.pointer, "requestBody")
        body, body_at = deref(self.doc, self.op.operation.get("requestBody"), body_at)
        fields = [f for f in self.page.fields if f.where == "body"]
        samples = [s for s in self.page.samples if s.role == "request"]
        if not isinstance(body, dict):
            if fields or samples:
                line = fields[0].line if fields else samples[0].line
                self.report.page_states(
                    line,
                    self.op.pointer,
                    f"{self.op.display}: the page documents a request body; the spec has none",
                    "add requestBody",
                    "docs/spec-lacks",
                )
            return
        media_at, media = self._json_media(body, body_at)
        if media is None:
            return
        tree = body_tree(samples[0].line if samples else self.page.heading_line, fields, samples)
        walk = BodyWalk(self.report, f"{self.op.display} request body")
        walk.run(media.get("schema"), join_pointer(media_at, "schema"), tree, attribution_of(body))
        self.samples(samples, [(media_at, media)], "request")

    def responses(self) -> None:
        raw_responses = self.op.operation.get("responses")
        responses: dict[str, Any] = (
            {str(code): value for code, value in raw_responses.items()} if isinstance(raw_responses, dict) else {}
        )
        page_statuses = dict(self.page.responses)
        for status, line in page_statuses.items():
            if status not in responses:
                self.report.page_states(
                    line,
                    join_pointer(self.op.pointer, "responses"),
                    f"{self.op.display}: the page states response {status}; the spec lacks it",
                    "declare the response",
                    "docs/spec-lacks",
                )
        # A sample the page shows without a status is the success response's.
        success = next((code for code in responses if code.startswith("2")), None)
        untold = any(s.role == "response" and s.status is None for s in self.page.samples)
        all_media: list[tuple[str, dict[str, Any]]] = []
        for code, raw in responses.items():
            at = join_pointer(self.op.pointer, "responses", code)
            response, at = deref(self.doc, raw, at)
            if not isinstance(response, dict):
                continue
            own = attribution_of(raw) or attribution_of(response)
            if code not in page_statuses and not (untold and code == success) and own is None:
                self.report.spec_states(
                    at,
                    None,
                    f"{self.op.display}: response {code} is not on the page",
                    ATTRIBUTE_FIX,
                    "docs/unattributed",
                )
                continue
            media_at, media = self._json_media(response, at)
            if media is not None:
                all_media.append((media_at, media))
                self._response_body(code, media_at, media, own, success)
        self.samples([s for s in self.page.samples if s.role == "response"], all_media, "response")

    def _response_body(
        self, code: str, media_at: str, media: dict[str, Any], own: Attribution | None, success: str | None
    ) -> None:
        fields = [f for f in self.page.fields if f.where == "response" and f.status in (code, None)]
        samples = [
            s
            for s in self.page.samples
            if s.role == "response" and (s.status == code or (s.status is None and code == success))
        ]
        line = dict(self.page.responses).get(code) or (samples[0].line if samples else self.page.heading_line)
        walk = BodyWalk(self.report, f"{self.op.display} response {code}")
        walk.run(media.get("schema"), join_pointer(media_at, "schema"), body_tree(line, fields, samples), own)

    def _json_media(self, owner: dict[str, Any], at: str) -> tuple[str, dict[str, Any] | None]:
        content = owner.get("content")
        for media_type, media in content.items() if isinstance(content, dict) else ():
            if _JSON_MEDIA.fullmatch(str(media_type)) and isinstance(media, dict):
                return join_pointer(at, "content", media_type), media
        return at, None

    def samples(self, page_samples: list[PageSample], media: list[tuple[str, dict[str, Any]]], role: str) -> None:
        """Every page sample is a ``docs`` example, token for token, and every ``docs`` example is on the page."""
        on_page = {without_insignificant_whitespace(s.text): s for s in page_samples}
        recorded: set[str] = set()
        for media_at, entry in media:
            examples = entry.get("examples")
            docs = examples.get("docs") if isinstance(examples, dict) else None
            if not isinstance(docs, dict) or "value" not in docs:
                continue
            value_at = join_pointer(media_at, "examples", "docs", "value")
            text = self._spec_json_text(value_at)
            if text is None:
                self.report.spec_states(
                    value_at,
                    None,
                    f"{self.op.display}: the {role} docs example is not written as JSON text, so it cannot be compared with the page byte for byte",
                    "paste the page's JSON sample as the value (YAML flow style is JSON)",
                    "docs/sample",
                )
                continue
            key = without_insignificant_whitespace(text)
            recorded.add(key)
            if key not in on_page:
                nearest = page_samples[0].line if page_samples else None
                self.report.spec_states(
                    value_at,
                    nearest,
                    f"{self.op.display}: the {role} docs example differs from every {role} sample on the page{_first_difference(key, list(on_page))}",
                    "copy the page's sample verbatim (placeholders included); record an erratum where it is wrong",
                    "docs/sample",
                )
        for key, sample in on_page.items():
            if key not in recorded:
                self.report.page_states(
                    sample.line,
                    self.op.pointer,
                    f"{self.op.display}: the page's {role} sample is not recorded as a docs example",
                    "copy it into the spec as examples.docs",
                    "docs/sample",
                )

    def _spec_json_text(self, pointer: str) -> str | None:
        line, column = self.report.spec.where(pointer)
        if line is None or column is None or pointer not in self.report.spec.positions:
            return None
        lines = self.spec_text.split("\n")
        offset = sum(len(x) + 1 for x in lines[: line - 1]) + column - 1
        try:
            _value, end = json.JSONDecoder().raw_decode(self.spec_text, offset)
        except (ValueError, RecursionError):
            return None
        return self.spec_text[offset:end]

    def curls(self) -> None:
        entries = self.op.operation.get("x-request-examples")
        verbatims: dict[str, str] = {}
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict) and entry.get("source") == "docs" and isinstance(entry.get("verbatim"), str):
                verbatims[join_pointer(self.op.pointer, "x-request-examples", index, "verbatim")] = entry[
                    "verbatim"
                ].rstrip("\n")
        page_curls = {c.text: c for c in self.page.curls}
        for at, text in verbatims.items():
            if text not in page_curls:
                line = self.page.curls[0].line if self.page.curls else None
                self.report.spec_states(
                    at,
                    line,
                    f"{self.op.display}: the docs request example's verbatim curl is not on the page byte for byte",
                    "copy the page's curl command unchanged",
                    "docs/sample",
                )
        for text, curl in page_curls.items():
            if text not in verbatims.values():
                self.report.page_states(
                    curl.line,
                    self.op.pointer,
                    f"{self.op.display}: the page's curl command is not recorded as an x-request-examples `source: docs` entry",
                    "add it with its verbatim text",
                    "docs/sample",
                )


def _first_difference(key: str, candidates: list[str]) -> str:
    if not candidates:
        return " (the page has none)"
    best = max(candidates, key=lambda c: _common_prefix(key, c))
    at = _common_prefix(key, best)
    return f": first difference after {key[max(0, at - 40) : at]!r} (spec {key[at : at + 20]!r}, page {best[at : at + 20]!r})"


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
