"""An enum-typed field's default in the pydantic models is a member of the enum (a bare string
fails ``mypy --strict`` and is not what the attribute is typed as)."""

from __future__ import annotations

import enum
import importlib
import inspect
import typing
from pathlib import Path

import pydantic
import pytest
from pydantic_core import PydanticUndefined

GENERATED = Path(__file__).resolve().parents[2] / "generated"
PACKAGES = sorted(p.name for p in GENERATED.glob("*/*_client"))


def enum_members(annotation: object) -> list[type[enum.Enum]]:
    found = [annotation, *typing.get_args(annotation)]
    return [a for a in found if inspect.isclass(a) and issubclass(a, enum.Enum)]


@pytest.mark.parametrize("package", PACKAGES)
def test_enum_field_defaults_are_members(package: str) -> None:
    module = importlib.import_module(f"{package}.pydantic_models")
    checked = 0
    for model in vars(module).values():
        if not (inspect.isclass(model) and issubclass(model, pydantic.BaseModel)):
            continue
        for name, info in model.model_fields.items():
            enums = enum_members(info.annotation)
            if not enums or info.default is None or info.default is PydanticUndefined:
                continue
            checked += 1
            assert any(isinstance(info.default, e) for e in enums), (
                f"{model.__name__}.{name}: default {info.default!r} is not a member of {enums}"
            )
    assert checked or package != "formance_client", "formance declares an enum default: it must be checked"
