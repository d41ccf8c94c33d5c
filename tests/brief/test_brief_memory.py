"""A written brief lets go of its model at once: no garbage cycle keeps the case's records."""

from __future__ import annotations

import gc
import io
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from brief_helpers import DATE, content_of, sample_case

from casefile.brief.build import build
from casefile.brief.export import export_model
from casefile.brief.model import BriefOptions, Custody
from casefile.brief.render import BriefRenderer


@pytest.fixture
def no_collector() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def test_rendered_model_is_freed_without_the_cycle_collector(no_collector: None) -> None:
    """Once the PDF is written, dropping the model frees it (and every quote it holds) by
    reference counting: the cycle collector, which runs on the GUI thread, would otherwise
    walk the whole case's records afterwards and stall the window."""
    model = build(content_of(sample_case()), BriefOptions(issue_date=DATE), Custody())
    quote = model.claims[0].evidence["supports"][0].snippet  # a view is a tuple: no weakref
    gone = weakref.ref(model), weakref.ref(quote)
    BriefRenderer(model).render(io.BytesIO())
    del model, quote
    assert [ref() for ref in gone] == [None, None]


def test_exported_model_is_freed_without_the_cycle_collector(
    no_collector: None, tmp_path: Path
) -> None:
    """The same for the export path the dialog and the command line use (file written)."""
    model = build(content_of(sample_case()), BriefOptions(issue_date=DATE), Custody())
    gone = weakref.ref(model)
    result = export_model(model, tmp_path / "brief.pdf")
    del model
    assert result.pages > 1
    assert gone() is None
