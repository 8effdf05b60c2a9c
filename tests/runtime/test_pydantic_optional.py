"""pydantic is for the pydantic models only: importing a package, its runtime and everything the
attrs client is made of imports no pydantic (so it can become an optional extra), while the
pydantic models still find their base in the runtime (``_runtime/_pydantic.py``)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import GENERATED

PACKAGES = sorted(path.name for path in GENERATED.glob("*/*_client"))

# Imports the package, its _runtime, every runtime module but _pydantic, and every module of
# the attrs client (api/*, models/*, client, types, errors, pagination), then says which
# pydantic modules got loaded; then the pydantic models, which must load it.
PROBE = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
importlib.import_module(sys.argv[1] + "._runtime")
pydantic_side = {"pydantic_models", "pydantic_types", "_runtime._pydantic"}
names = sorted(
    info.name
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
    if info.name.removeprefix(package.__name__ + ".") not in pydantic_side
)
for name in names:
    importlib.import_module(name)
print(len(names), sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "pydantic_core")))
importlib.import_module(sys.argv[1] + ".pydantic_models")
print("pydantic" in sys.modules, sys.modules[sys.argv[1] + ".pydantic_types"].WireModel.__module__)
"""


@pytest.mark.parametrize("package", PACKAGES)
def test_the_attrs_client_imports_no_pydantic(package: str) -> None:
    project = GENERATED / package.removesuffix("_client")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, package],
        cwd=project,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},  # nothing written into generated/
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    attrs_side, pydantic_side = done.stdout.splitlines()
    count, loaded = attrs_side.split(" ", 1)
    assert int(count) > 10 and loaded == "[]", attrs_side  # > 10: it did walk the package
    assert pydantic_side == f"True {package}._runtime._pydantic"
