"""Credentials stay out of messages, reprs, tracebacks and logs in every spelling a server may
echo them in: the client secret as is, form-encoded (quote_plus) or percent-encoded (quote,
either hex case), JSON-escaped; the HTTP Basic credentials built from it; the access token."""

from __future__ import annotations

import base64
import json
import logging
import re
import traceback
from urllib.parse import quote, quote_plus

import httpx
import pytest
from paxos_client import AuthenticatedClient as PaxosClient
from paxos_client import OAuth2ClientCredentials
from paxos_client._runtime._exceptions import redact, spellings
from paxos_client.api.orchestrations import list_orchestrations
from paxos_client.errors import ApiError, AuthenticationError, ResponseValidationError, ServerError

from tests.runtime.support import BY_SLUG, TOKEN, Server, json_response

CLIENT_ID = "client-1"
SECRETS = ["cs/fault+SECRET=5f1c9a0e7b", "p@ss word&more", "sécret/ünï+cødé=", "plain-secret-abcdef"]
METHODS = ["client_secret_post", "client_secret_basic"]


def echoed_forms(secret: str) -> list[str]:
    """What a server may quote back: every spelling of the secret and of the Basic credentials."""
    pairs = [f"{quote_plus(CLIENT_ID)}:{quote_plus(secret)}", f"{CLIENT_ID}:{secret}"]
    basic = [base64.b64encode(pair.encode()).decode("ascii") for pair in pairs]
    forms = {secret, quote_plus(secret), quote(secret, safe=""), quote(secret), *basic}
    forms |= {lower_hex(form) for form in forms}
    forms |= {json.dumps(secret)[1:-1], json.dumps(secret)[1:-1].replace("/", "\\/")}
    return sorted(forms)


def lower_hex(text: str) -> str:
    """Percent-escapes with lower-case hex digits (``%2f``), as some servers re-encode them."""
    return re.sub(r"%[0-9A-F]{2}", lambda escape: escape.group().lower(), text)


def visible(error: BaseException, logs: str) -> str:
    return str(error) + repr(error) + "".join(traceback.format_exception(error)) + logs


def echo_everything(status: int) -> httpx.MockTransport:
    """A token endpoint quoting its whole request (form body, Authorization header) in the
    error body, in each spelling, as careless servers do."""

    def handler(request: httpx.Request) -> httpx.Response:
        body = request.content.decode()
        header = request.headers.get("authorization", "")
        decoded = {key: value for key, value in (part.split("=", 1) for part in body.split("&") if "=" in part)}
        text = f"form {body} | auth {header} | lower {lower_hex(body)} | json {json.dumps(decoded)}"
        return httpx.Response(status, text=text)

    return httpx.MockTransport(handler)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("secret", SECRETS)
def test_a_token_endpoint_echoing_the_request_leaks_no_spelling_of_the_secret(
    secret: str, method: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    auth = OAuth2ClientCredentials(CLIENT_ID, secret, "https://oauth.paxos.com/oauth2/token", auth_method=method)  # type: ignore[arg-type]
    client = PaxosClient(auth=auth, http_client=httpx.Client(transport=echo_everything(401)))
    with pytest.raises(AuthenticationError) as caught:
        list_orchestrations.sync(client=client)
    text = visible(caught.value, caplog.text)
    assert "<redacted>" in text and "form grant_type=client_credentials" in text
    assert [form for form in echoed_forms(secret) if form in text] == []
    assert len(caught.value.body) > 0  # the raw body stays the server's


def test_the_harness_case_with_reserved_characters() -> None:
    # tests/faults: 'cs/fault+SECRET=5f1c9a0e7b' came back as client_secret=cs%2Ffault%2BSECRET%3D5f1c9a0e7b
    secret = "cs/fault+SECRET=5f1c9a0e7b"
    text = f"bad form: grant_type=client_credentials&client_id=x&client_secret={quote_plus(secret)}"
    assert redact(text, (secret,)) == "bad form: grant_type=client_credentials&client_id=x&client_secret=<redacted>"


def test_basic_credentials_are_among_the_secrets_padded_or_not() -> None:
    auth = OAuth2ClientCredentials(
        "fault-client", "cs-fault-SECRET-5f1c9a0e7b", "https://t.example/token", auth_method="client_secret_basic"
    )
    credentials = "ZmF1bHQtY2xpZW50OmNzLWZhdWx0LVNFQ1JFVC01ZjFjOWEwZTdi"  # base64 of 'fault-client:cs-fault-...'
    assert credentials in auth.secrets()
    assert redact(f"got Basic {credentials} and {credentials[:-1]}", auth.secrets()).startswith("got Basic <redacted>")


def test_every_spelling_is_replaced_longest_first() -> None:
    secret = "a/b+c=d e"
    forms = spellings(secret)
    assert {"a%2Fb%2Bc%3Dd+e", "a%2Fb%2Bc%3Dd%20e", "a/b%2Bc%3Dd%20e", "a%2fb%2bc%3dd+e", secret} <= forms
    for form in forms:
        assert redact(f"<<{form}>>", (secret,)) == "<<<redacted>>>"


def test_short_secrets_are_not_redacted() -> None:
    assert redact("a b c", ("b",)) == "a b c"


def test_an_access_token_echoed_in_a_response_validation_error_is_redacted() -> None:
    vendor = BY_SLUG["paxos"]
    server = Server([json_response(200, {"items": [f"token {TOKEN}"]})])
    with pytest.raises(ResponseValidationError) as caught:
        list_orchestrations.sync(client=vendor.client(server, strict=True))
    assert caught.value.field == "/items/0"
    assert TOKEN not in str(caught.value) and TOKEN not in caught.value.reason
    assert "<redacted>" in caught.value.reason
    assert TOKEN not in visible(caught.value, "")  # nor through the chained parse error


def test_a_parse_error_quoting_no_credential_stays_chained() -> None:
    vendor = BY_SLUG["paxos"]
    server = Server([json_response(200, {"items": ["just a string"]})])
    with pytest.raises(ResponseValidationError) as caught:
        list_orchestrations.sync(client=vendor.client(server), request_options={"strict": True})
    assert caught.value.__cause__ is not None and "just a string" in str(caught.value.__cause__)


def test_the_token_sent_is_redacted_even_once_dropped_from_the_cache() -> None:
    vendor = BY_SLUG["paxos"]
    server = Server([json_response(503, {"error": f"overloaded, token {TOKEN}"})])
    client = vendor.client(server, max_retries=0)
    auth = client.auth

    def dropping(request: httpx.Request) -> httpx.Response:
        if not request.url.path.endswith("/token"):
            auth._tokens.clear()  # as if another caller had dropped the token meanwhile
        return server(request)

    client.set_httpx_client(httpx.Client(transport=httpx.MockTransport(dropping)))
    with pytest.raises(ServerError) as caught:
        list_orchestrations.sync(client=client)
    assert TOKEN not in str(caught.value) and "<redacted>" in str(caught.value)


@pytest.mark.anyio
async def test_async_token_endpoint_echo_is_redacted_too() -> None:
    secret = SECRETS[0]
    auth = OAuth2ClientCredentials(CLIENT_ID, secret, "https://oauth.paxos.com/oauth2/token")
    client = PaxosClient(auth=auth, async_http_client=httpx.AsyncClient(transport=echo_everything(500)), max_retries=0)
    with pytest.raises(ApiError) as caught:
        await list_orchestrations.asyncio(client=client)
    assert type(caught.value) is ServerError
    assert [form for form in echoed_forms(secret) if form in visible(caught.value, "")] == []
