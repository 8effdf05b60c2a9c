"""Small pages of each layout, written the way the renderers draw them, for the extractor tests."""

from __future__ import annotations

from generator.docs.capture import Capture, parse_capture, render_capture


def capture(layout: str, text: str) -> Capture:
    parsed, problems = parse_capture(
        render_capture("https://docs.example.test/p", "test", layout, "test", text), "p.txt"
    )
    assert parsed is not None, problems
    return parsed


MINTLIFY = """\
GET
/
widgets
/
{widgetID}
Get a widget
curl --request GET \\
  --url https://api.example.test/widgets/{widgetID} \\
  --header 'Authorization: Bearer <token>'
{
  "id": "w1",
  "tags": ["a"]
}

Authorizations

Authorization
string
header
required

Bearer authentication header of the form Bearer <token>, where <token> is your JWT token.

OAuth Scope
widgets:read

Query Parameters

size
integer<int32>

Page size. Defaults to 25. Maximum 200.

kind
enum<string>

The kind.

Available options:
round,
square
ids
string<uuid>[] | null

Filter by ids. There is a limit of 50 ids that can be specified in a single request.

Response

200 - application/json

The widget.

id
string
required

The id.

legacy_id
string

Deprecated: use id.

tags
string[]"""

REDOC_LIST = """\
GET /v1/widgets
List widgets

Query Parameters

limit integer optional query
Number of widgets (default 10, max 50)
cursor string required query
Where to start

Responses

200 OK
application/json
page object
items object[]
Array of:
name string
state string
Enum: on, off
total integer
more boolean
404 Not Found
curl -X GET 'https://api.example.test/v1/widgets' \\  -H 'Authorization: Bearer TOKEN'
200 Response
{  "page": {    "items": [      {        "name": "<string>",        "state": "on"      }    ],    "total": 1  },  "more": false}"""

STOPLIGHT = """\
Widgets

GET/v2/widgets

List widgets.

Query Parameters

owner_idstring · uuidrequired
pageintegeroptional
filtersobjectoptional
Request
curl --request GET \\
  --url https://api.example.test/v2/widgets \\
  --header 'Authorization: Bearer KEY'
Response
json
{
  "items": []
}"""
