"""Hostile capture files: each is captured or refused in words within 5 s of CPU and 500 MB,
with the case unchanged when refused and its lock released (measured in a child process)."""

from __future__ import annotations

import pytest
from hostile_files import (
    EXPECTED,
    FAMILIES,
    HOSTILE_NAMES,
    Outcome,
    add_in_child,
    check_outcome,
    new_case,
    write_named,
)


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
