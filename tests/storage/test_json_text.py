"""Package JSON text: the same bytes as the standard library's indented JSON, no garbage cycles."""

from __future__ import annotations

import gc
import io
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile.core.model import CaseInfo, Snippet
from casefile.core.serial import to_dict
from casefile.storage.json_text import indented
from casefile.storage.package_export import dump_records

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
_KEYS = (
    st.text()
    | st.integers()
    | st.booleans()
    | st.none()
    | st.floats(allow_nan=False, allow_infinity=False)
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(_KEYS, inner, max_size=4)
    ),
    max_leaves=25,
)


def stdlib(value: Any, level: int = 0) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)
    return text.replace("\n", "\n" + " " * level)


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.integers(min_value=0, max_value=6))
def test_indented_text_is_the_standard_librarys(value: Any, level: int) -> None:
    """A package's text is byte for byte what json.dumps(indent=2) wrote before."""
    assert indented(value, level) == stdlib(value, level)


def test_indented_text_refuses_what_json_refuses() -> None:
    """Values JSON cannot hold are refused as the standard library refuses them."""
    for bad in (math.nan, {"x": [math.inf]}, {math.nan: 1}):
        with pytest.raises(ValueError):
            stdlib(bad)
        with pytest.raises(ValueError):
            indented(bad)
    for bad_type in (b"bytes", {"x": {1, 2}}, {(1, 2): "tuple key"}):
        with pytest.raises(TypeError):
            stdlib(bad_type)
        with pytest.raises(TypeError):
            indented(bad_type)


def test_writing_a_package_leaves_no_garbage_cycles() -> None:
    """A package of many records is freed as it is written, without the cycle collector
    (whose pass over such garbage stalled the window while a brief was exported)."""
    snippets = [
        Snippet(f"n{i}", f"Quote {i} «中国» \"x\"\n", credibility=i % 6, offset=(i, i + 3),
                entities=("e1",), tags=("t",))
        for i in range(300)
    ]  # fmt: skip
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        out = io.StringIO()
        dump_records(CaseInfo("Case"), snippets, out)
        assert gc.collect() < 50
    finally:
        if was_enabled:
            gc.enable()
    data = json.loads(out.getvalue())
    assert data["snippets"] == [to_dict(s) for s in sorted(snippets, key=lambda s: s.id)]
