"""Servers the tests talk to over real loopback sockets, shared by pytest and ``make mock``.

- ``prism``: Stoplight Prism (pinned in package.json, installed by ``npm ci``) mocking one
  vendor's spec; ``mock_spec`` writes the spec copy it serves (errata applied);
  ``mock_server`` is ``make mock VENDOR=<slug>``.
- ``loopback``: our fault-injecting HTTP server (scripted replies, resets, stalls, an OAuth2
  token endpoint), for what Prism cannot do: fail on purpose.
- ``sockets``: how many sockets this process holds (the connection-leak checks).
"""
