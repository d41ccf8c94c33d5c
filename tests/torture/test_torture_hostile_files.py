"""The hostile capture files at larger sizes (``-m slow``): each family still ends in a
capture or a refusal in words, within 500 MB, in CPU time growing no faster than its size.

The sizes found in the wild (scale 1) run in the normal suite, in
``tests/capture/test_capture_hostile_files.py``; this is the long setting of the same corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_files import (
    CPU_SECONDS,
    EXPECTED,
    FAMILIES,
    add_in_child,
    check_outcome,
    new_case,
    random_names,
    write_named,
)
from torture_util import require_slow

# family -> scale of the long setting (how many times the size found in the wild)
SLOW_SCALES = {
    "eml-nested-messages": 10,
    "eml-nested-multiparts": 5,
    "eml-nested-comments": 10,
    "html-nested-inline": 4,
    "html-nested-divs": 3,
    "eml-many-recipients": 5,
    "eml-many-attachments": 4,
    "html-spaced-spans": 5,
    "docx-empty-paragraphs": 2,
    "docx-bomb": 2,
    "docx-bomb-lying": 2,
    "eml-big-attachment": 1.2,  # 190 MB: just under the 200 MB default file limit
    "text-utf8-bad-byte": 1_000,
    "text-utf16-odd-byte": 1_000,
    "pdf-aes-no-password": 50,
    "pdf-needs-password": 50,
    "pdf-with-flaws": 1,
}
_LARGER_WORDS = {  # what the user is told changes with the size for these
    "pdf-aes-no-password": ("100 pages)",),
    "docx-bomb": ("word/document.xml declares 3.0 GB unpacked",),
    "html-nested-divs": ("added d.html",),
    "html-spaced-spans": ("added s.html",),
}


@pytest.mark.slow
@pytest.mark.parametrize("family", sorted(SLOW_SCALES))
def test_hostile_family_at_larger_sizes(family: str, tmp_path: Path, request) -> None:
    """A hostile family several times larger: same outcome, ≤ 500 MB, CPU within scale."""
    require_slow(request)
    _base, captured, words = EXPECTED[family]
    scale = SLOW_SCALES[family]
    generate, name = FAMILIES[family]
    path = tmp_path / name
    path.write_bytes(generate(scale))
    (outcome,) = add_in_child([(new_case(tmp_path / "case.casefile"), [path])], timeout=900)
    limit = CPU_SECONDS * max(1.0, scale if scale < 20 else 1.0)
    check_outcome(family, outcome, captured, _LARGER_WORDS.get(family, words), cpu=limit)


@pytest.mark.slow
def test_two_hundred_random_byte_names(tmp_path: Path, request) -> None:
    """200 names of random bytes: all taken in one step, none echoed raw, none lost."""
    require_slow(request)
    names = random_names(200)
    files = [write_named(tmp_path, raw, b"note %d" % i) for i, raw in enumerate(names)]
    (outcome,) = add_in_child([(new_case(tmp_path / "case.casefile"), files)], timeout=900)
    check_outcome("random names", outcome, True, (), files=len(names))
    said = outcome.out + outcome.err
    assert not any(ch in said for ch in "\x1b\x07\x9b\u202e\udce9")
