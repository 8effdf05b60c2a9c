"""``make mock VENDOR=<slug> [PORT=4010]``: Prism mocking one vendor's API on loopback.

For trying a generated client without credentials: every operation answers with the spec's
example (errata applied), and a request that breaks the spec gets a 4xx naming the
violation.  Runs until Ctrl-C.  The same start/stop code the tests use (``tests.support.prism``).

    python -m tests.support.mock_server paxos --port 4011
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import time
from pathlib import Path

from generator import names
from tests.support import prism
from tests.support.mock_spec import vendor_slugs, write_mock_spec


def usage(slug: str, url: str) -> str:
    package = names.package_name(slug)
    return f"""
Prism is mocking specs/{slug}.yaml (errata applied) at {url}
Point the client at it; Prism checks only that credentials are sent, so any token will do
(it issues no OAuth2 tokens: pass token=, not client_id/client_secret):

    from {package} import AuthenticatedClient
    client = AuthenticatedClient("{url}", token="mock-token")

Every operation answers with the spec's example; a request that breaks the spec gets a 4xx
whose body (or sl-violations header) names the violation.  Ctrl-C stops it.
"""


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make mock", description=__doc__.split("\n\n")[0])
    parser.add_argument("vendor", help="vendor slug: " + ", ".join(vendor_slugs()))
    parser.add_argument("--port", type=int, default=prism.DEFAULT_PORT, help="loopback port (default %(default)s)")
    return parser.parse_args(argv)


def port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((prism.HOST, port))
        except OSError:
            return True
        return False


def serve(slug: str, port: int) -> int:
    with tempfile.TemporaryDirectory(prefix=f"mock-{slug}-") as workdir:
        spec = write_mock_spec(slug, Path(workdir))
        server = prism.launch(slug, spec, port, log=None)  # its log lines go to this terminal
        try:
            prism.wait_ready(server, time.monotonic() + prism.START_TIMEOUT)
            print(usage(slug, server.url), flush=True)
            return server.process.wait()
        except prism.PrismStartError as exc:
            hint = f"\nport {port} is taken: try `make mock VENDOR={slug} PORT=<another>`" if port_taken(port) else ""
            print(f"make mock: {exc}{hint}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 0
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    if arguments.vendor not in vendor_slugs():
        print(f"make mock: no vendor {arguments.vendor!r}; VENDOR= one of {', '.join(vendor_slugs())}", file=sys.stderr)
        return 2
    try:
        return serve(arguments.vendor, arguments.port)
    except prism.PrismUnavailable as exc:
        print(f"make mock: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
