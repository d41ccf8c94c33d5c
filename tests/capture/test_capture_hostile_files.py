"""Hostile capture files: each is captured or refused in words within 5 s of CPU and 500 MB,
with the case unchanged when refused and its lock released (measured in a child process)."""

from __future__ import annotations

import pytest
from hostile_files import FAMILIES, HOSTILE_NAMES, Outcome, add_in_child, new_case, write_named

# family -> (scale in the normal suite, captured?, words the user is told)
EXPECTED: dict[str, tuple[float, bool, tuple[str, ...]]] = {
    "eml-nested-messages": (1, True, ("added m.eml: 'layer'",)),
    "eml-nested-multiparts": (1, True, ("Parts nested more than 50 levels deep were not read",)),
    "eml-nested-comments": (1, True, ("added c.eml: 'comments'",)),
    "html-nested-inline": (1, True, ("added i.html",)),
    "html-nested-divs": (1, True, ("added d.html: 'd.html' (4 characters)",)),
    "eml-many-recipients": (1, True, ("added to.eml: 'many'",)),
    "eml-many-attachments": (1, True, ("Only the first 10,000 parts were read",)),
    "html-spaced-spans": (1, True, ("added s.html: 's.html' (3 characters)",)),
    "docx-empty-paragraphs": (1, True, ("added p.docx",)),
    "docx-bomb": (1, False, ("word/document.xml declares 1.5 GB unpacked", "zip bomb")),
    "docx-bomb-lying": (1, False, ("word/document.xml does not unpack to what it declares",)),
    "eml-big-attachment": (0.1, True, ("added big.eml: 'big'",)),
    "text-utf8-bad-byte": (1, True, ("One byte sequence could not be read as UTF-8",)),
    "text-utf16-odd-byte": (1, True, ("One byte sequence could not be read as UTF-16",)),
    "pdf-aes-no-password": (1, True, ("2 pages)",)),
    "pdf-needs-password": (1, True, ("needs a password to be opened: it is stored as it is",)),
    "pdf-with-flaws": (1, True, ("The PDF has flaws that were worked around (Stream length",)),
}
CPU_SECONDS = 5.0
PEAK_MB = 500.0


def check_outcome(
    family: str, outcome: Outcome, captured: bool, words: tuple[str, ...], files: int = 1
) -> None:
    """The limits every hostile file is held to, and what the user must be told."""
    said = outcome.out + outcome.err
    assert "Traceback" not in said and "unexpected problem" not in said, said
    assert outcome.cpu_seconds <= CPU_SECONDS, f"{family}: {outcome.cpu_seconds:.1f} s CPU"
    assert outcome.peak_mb <= PEAK_MB, f"{family}: {outcome.peak_mb:.0f} MB peak"
    if captured:
        assert outcome.status == 0 and outcome.sources == files, said
    else:
        assert outcome.status == 1 and outcome.sources == 0, said
        assert outcome.err.startswith("casefile: error: ") and outcome.err.count("\n") == 1
    for word in words:
        assert word in said, f"{family}: {word!r} not in {said!r}"


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every family added once, each to its own new case, in one child process."""
    folder = tmp_path_factory.mktemp("hostile")
    jobs = []
    for family, (scale, _captured, _words) in EXPECTED.items():
        generate, name = FAMILIES[family]
        path = folder / family / name
        path.parent.mkdir()
        path.write_bytes(generate(scale))
        jobs.append((new_case(folder / family / "case.casefile"), [path]))
    names = folder / "names"
    names.mkdir()
    files = [write_named(names, raw, b"words " + raw) for raw in HOSTILE_NAMES]
    jobs.append((new_case(names / "case.casefile"), files))
    results = add_in_child(jobs)
    return dict(zip([*EXPECTED, "names"], results, strict=True))


@pytest.mark.parametrize("family", sorted(EXPECTED))
def test_hostile_file_is_taken_or_refused_in_words_within_limits(
    family: str, outcomes: dict[str, Outcome]
) -> None:
    """Each hostile file: captured or refused with a clear message, ≤ 5 s CPU, ≤ 500 MB."""
    _scale, captured, words = EXPECTED[family]
    check_outcome(family, outcomes[family], captured, words)


def test_hostile_names_are_all_taken_and_none_is_echoed_raw(outcomes: dict[str, Outcome]) -> None:
    """Names that are not UTF-8 or carry escapes: all stored, none printed raw."""
    outcome = outcomes["names"]
    check_outcome("names", outcome, True, (), files=len(HOSTILE_NAMES))
    said = outcome.out + outcome.err
    for raw in ("\x1b", "\x07", "\u202e", "\x9b", "\t", "\udce9"):
        assert raw not in said
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J.txt" in said and "r\\xe9sum\\xe9.txt" in said
    assert said.count("not UTF-8") == 3  # résumé, \xff\xfe\xfd and the Latin-1 CSI
