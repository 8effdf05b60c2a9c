"""generate fails on a generated module that binds a name twice (generator/emit/fmt.py):
ruff's fix pass would otherwise "fix" the shadowing by deleting the first import, and the
client would fail at run time with exit 0 at generation."""

from __future__ import annotations

from pathlib import Path

from generator.emit.fmt import format_tree

SHADOWED = """\
from .models.response import Response
from .types import Response


def parse(data: dict[str, object]) -> object:
    return Response.from_dict(data)
"""
HARMLESS = """\
from .types import UNSET, Unset
from .types import UNSET, Unset


def unset(value: object) -> bool:
    return value is UNSET or isinstance(value, Unset)
"""
LOOP = """\
from .models import thing


def names(things: list[str]) -> list[str]:
    return [thing for thing in things]


for thing in range(3):
    print(thing)
"""


def _stage(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / "vendor" / "vendor_client" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_name_imported_twice_from_different_modules_fails_generate_at_its_line(tmp_path: Path) -> None:
    _stage(tmp_path, {"api.py": SHADOWED, "models_use.py": HARMLESS})
    problems = format_tree(tmp_path, "generated")
    assert [(p.file, p.line, p.rule) for p in problems] == [("generated/vendor/vendor_client/api.py", 2, "F811")]
    assert "`Response`" in problems[0].message and "line 1" in problems[0].message
    assert problems[0].fix, "the problem says how to fix it"
    # Nothing was fixed or formatted: the fix pass would have deleted line 1 and hidden the bug.
    assert (tmp_path / "vendor" / "vendor_client" / "api.py").read_text(encoding="utf-8") == SHADOWED


def test_an_import_shadowed_by_a_loop_variable_fails_generate(tmp_path: Path) -> None:
    _stage(tmp_path, {"loop.py": LOOP})
    problems = format_tree(tmp_path, "generated")
    assert [(p.file, p.line, p.rule) for p in problems] == [("generated/vendor/vendor_client/loop.py", 8, "F402")]


def test_the_same_import_repeated_is_left_to_the_fix_pass(tmp_path: Path) -> None:
    _stage(tmp_path, {"models_use.py": HARMLESS})
    assert format_tree(tmp_path, "generated") == []
    fixed = (tmp_path / "vendor" / "vendor_client" / "models_use.py").read_text(encoding="utf-8")
    assert fixed.count("from .types import UNSET, Unset") == 1


def test_a_parameter_shadowing_an_unused_import_is_the_functions_own(tmp_path: Path) -> None:
    # A query parameter named ``cast`` beside ``from typing import cast``: the function binds
    # its own name, the module's is unused and removed by the fix pass.
    _stage(
        tmp_path, {"things.py": "from typing import cast\n\n\ndef list_things(cast: str) -> str:\n    return cast\n"}
    )
    assert format_tree(tmp_path, "generated") == []
    assert "import" not in (tmp_path / "vendor" / "vendor_client" / "things.py").read_text(encoding="utf-8")
