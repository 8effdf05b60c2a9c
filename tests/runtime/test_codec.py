"""The decoding helpers generated models call for lists, unions and consts
(generator/runtime/_codec.py): errors keep their JSON pointer, unions keep the first-match
rules the models always had (open object branches: the best match), a discriminated union dispatches by tag."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from generator.runtime import _codec
from generator.runtime._datetime import parse_datetime
from generator.runtime._parsing import FieldError


def test_a_bad_list_item_is_reported_at_its_index() -> None:
    with pytest.raises(FieldError) as caught:
        _codec.decode_list(["2026-01-01T00:00:00Z", "not a date"], parse_datetime)
    assert caught.value.path == [1]
    nested = _codec.list_of(_codec.list_of(int))
    with pytest.raises(FieldError) as inner:
        nested([["1"], ["2", "x"]])
    assert inner.value.pointer == "/1/1"


def test_a_list_that_is_not_an_array_is_refused() -> None:
    with pytest.raises(FieldError, match="expected a JSON array, got"):
        _codec.decode_list({"a": 1}, _codec.as_is)


DATE_OR_INT: tuple[tuple[type, Any, str], ...] = ((str, parse_datetime, "datetime.datetime"),)


def test_a_closed_union_reports_what_its_last_branch_expected() -> None:
    assert _codec.decode_union(None, DATE_OR_INT, open_=False, nullable=True) is None
    assert isinstance(_codec.decode_union("2026-01-01T00:00:00Z", DATE_OR_INT, False), datetime.datetime)
    with pytest.raises(TypeError, match=r"^expected datetime\.datetime, got int$"):
        _codec.decode_union(5, DATE_OR_INT, False)
    with pytest.raises(ValueError):
        _codec.decode_union("not a date", DATE_OR_INT, False)


def test_an_open_union_keeps_a_value_no_branch_reads() -> None:
    assert _codec.decode_union("not a date", DATE_OR_INT, open_=True) == "not a date"
    assert _codec.decode_union(5, DATE_OR_INT, open_=True) == 5


def test_branches_are_tried_in_order() -> None:
    branches: tuple[tuple[type, Any, str], ...] = ((str, int, "int"), (str, str.upper, "str"))
    assert _codec.decode_union("7", branches, False) == 7
    assert _codec.decode_union("x", branches, False) == "X"


class _Open:
    """An attrs-like open model: the keys it declares, the rest in additional_properties."""

    declared: tuple[str, ...] = ()

    def __init__(self, data: dict[str, Any]) -> None:
        self.additional_properties = {k: v for k, v in data.items() if k not in self.declared}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> _Open:
        return cls(data)


class _Send(_Open):
    declared = ("amount", "source")


class _Delay(_Open):
    declared = ("until", "duration")


class _Wait(_Open):
    declared = ("event",)

    def __init__(self, data: dict[str, Any]) -> None:
        if "event" not in data:
            raise KeyError("event")
        super().__init__(data)


OPEN_OBJECTS: tuple[tuple[type, Any, str], ...] = (
    (dict, _Send.from_dict, "Send"),
    (dict, _Delay.from_dict, "Delay"),
    (dict, _Wait.from_dict, "Wait"),
)


def test_open_object_branches_the_one_declaring_most_keys_wins() -> None:
    """Every open object branch reads any object: the first would take them all (issue 13)."""
    assert type(_codec.decode_union({"until": "x"}, OPEN_OBJECTS, False)) is _Delay
    assert type(_codec.decode_union({"event": "e"}, OPEN_OBJECTS, False)) is _Wait
    assert type(_codec.decode_union({"amount": 1, "source": {}}, OPEN_OBJECTS, False)) is _Send
    assert type(_codec.decode_union({"other": 1}, OPEN_OBJECTS, False)) is _Send  # a tie: the earliest
    assert type(_codec.decode_union({"amount": 1, "until": "x"}, OPEN_OBJECTS, False)) is _Send


def test_open_object_branches_none_reads_it() -> None:
    only_wait = OPEN_OBJECTS[2:] + OPEN_OBJECTS[2:]
    with pytest.raises(KeyError):
        _codec.decode_union({"until": "x"}, only_wait, False)
    assert _codec.decode_union({"until": "x"}, only_wait, True) == {"until": "x"}


def test_a_tag_picks_the_branch_and_an_unknown_tag_names_itself() -> None:
    decoders = {"a": lambda d: ("A", d["v"]), "b": lambda d: ("B", d["v"])}
    assert _codec.decode_tagged({"kind": "b", "v": 1}, "kind", decoders, "Thing") == ("B", 1)
    assert _codec.decode_tagged(None, "kind", decoders, "Thing", nullable=True) is None
    with pytest.raises(FieldError, match=r"Thing: unknown 'kind' tag 'c' \(expected one of 'a', 'b'\)"):
        _codec.decode_tagged({"kind": "c"}, "kind", decoders, "Thing")
    with pytest.raises(FieldError, match="discriminator 'kind' is missing"):
        _codec.decode_tagged({}, "kind", decoders, "Thing")
    with pytest.raises(FieldError, match="unknown 'kind' tag"):
        _codec.decode_tagged({"kind": ["a"]}, "kind", decoders, "Thing")


def test_a_const_mismatch_names_the_field() -> None:
    assert _codec.const("ACCOUNT", "ACCOUNT", "type") == "ACCOUNT"
    with pytest.raises(ValueError, match=r"^type must match const 'ACCOUNT', got 'WALLET'$"):
        _codec.const("WALLET", "ACCOUNT", "type")
