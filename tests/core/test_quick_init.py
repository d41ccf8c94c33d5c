"""The quick __init__ of frozen dataclasses makes the same records as the generated one."""

from __future__ import annotations

import dataclasses

import pytest

from casefile.core.gaps import Gap
from casefile.core.quick_init import quick_init


@dataclasses.dataclass(frozen=True)
class Plain:
    """The reference: an untouched frozen dataclass."""

    a: str
    b: int
    c: str | None = None
    d: tuple[str, ...] = ()


Quick = quick_init(dataclasses.make_dataclass(
    "Quick", [("a", str), ("b", int), ("c", str | None, None), ("d", tuple, ())], frozen=True
))  # fmt: skip


def test_same_fields_defaults_equality_and_immutability() -> None:
    """Positional, keyword and default arguments give the fields the generated init gives."""
    for args, kwargs in (
        ((), {"a": "x", "b": 1}),
        (("x", 1, "y"), {}),
        (("x",), {"b": 2, "d": ("t",)}),
    ):
        made, reference = Quick(*args, **kwargs), Plain(*args, **kwargs)
        assert dataclasses.asdict(made) == dataclasses.asdict(reference)
        assert made == Quick(*args, **kwargs) and hash(made) == hash(Quick(*args, **kwargs))
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.a = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Quick("x")  # b is missing
    with pytest.raises(TypeError):
        Quick("x", 1, e=3)  # no such field


def test_hot_record_classes_keep_their_values() -> None:
    """A gap made by the quick init reads back what it was given, and compares by value."""
    gap = Gap("snippet-unused", "snippet", "n1")
    assert (gap.check, gap.kind, gap.ident, gap.title) == (
        "snippet-unused", "snippet", "n1", "Evidence not weighed against any claim"
    )  # fmt: skip
    assert gap == Gap(check="snippet-unused", kind="snippet", ident="n1")
    assert repr(gap) == "Gap(check='snippet-unused', kind='snippet', ident='n1')"


def test_refuses_classes_it_cannot_copy() -> None:
    """Mutable defaults made by a factory, or a __post_init__ hook, are refused loudly."""
    factory = dataclasses.make_dataclass(
        "F", [("a", list, dataclasses.field(default_factory=list))], frozen=True
    )
    with pytest.raises(TypeError):
        quick_init(factory)
    with pytest.raises(TypeError):
        quick_init(dataclasses.make_dataclass("M", [("a", int)]))  # not frozen
