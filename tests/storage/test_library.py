"""The cross-case library: shared people across cases and scripts, unreadable cases listed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casefile.core.commands import PutRecords
from casefile.core.model import Entity, Snippet
from casefile.storage import create_case
from casefile.storage.library import Library, LibraryError, default_path


def make_case(path: Path, title: str, records: list[object]) -> None:
    with create_case(path, title) as case:
        case.execute(PutRecords("Fill", records))  # type: ignore[arg-type]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "cases"
    (root / "older").mkdir(parents=True)
    make_case(root / "harbour.casefile", "Harbour", [
        Entity("v1", "Viktor Petrov", "person", ("Виктор Петров",),
               notes="Passport number: 75 1234567"),
        Entity("k1", "Kestrel Shipping Ltd", "organisation"),
        Snippet("n1", "Petrov met the broker at 中国稀土集团 offices"),
    ])  # fmt: skip
    make_case(root / "older" / "mining.casefile", "Mining", [
        Entity("p9", "Виктор Петров", "person"),
        Entity("x1", "Someone Else", "person", ("V. Petrov",)),
    ])  # fmt: skip
    make_case(root / "older" / "grain.casefile", "Grain", [
        Entity("g1", "Anna Novak", "person", ("Viktor Petrov",), notes="ID number: 751234567"),
        Entity("g2", "Viktor Petrovsky", "person"),
    ])  # fmt: skip
    (root / "broken.casefile").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    return root


def test_person_shared_by_two_of_three_cases_by_name_and_alias(folder: Path) -> None:
    """'Where else?' finds the person in another script in one case, by alias in another."""
    before = {p: (p.read_bytes(), p.stat().st_mtime) for p in folder.rglob("*.casefile")}
    with Library(folder.parent / "lib.sqlite") as library:
        statuses = library.add_folders([folder])
        assert sorted(s.status for s in statuses) == ["ok", "ok", "ok", "unreadable"]
        hits = library.where(folder / "harbour.casefile", "v1")
    found = {(Path(h.case_path).name, h.entity_id): h for h in hits}
    assert set(found) == {
        ("mining.casefile", "p9"), ("grain.casefile", "g1"), ("grain.casefile", "g2"),
    }  # fmt: skip
    variant = found[("grain.casefile", "g2")]  # a close variant, scored, ranked last
    assert hits[-1] == variant and 85 <= variant.score < 95 and "% alike" in variant.why
    assert found[("mining.casefile", "p9")].why.startswith("name “Виктор Петров” (same name")
    assert found[("grain.casefile", "g1")].why.startswith("alias “Viktor Petrov”")
    after = {p: (p.read_bytes(), p.stat().st_mtime) for p in folder.rglob("*.casefile")}
    assert after == before  # the cases are never written to
    assert not list(folder.rglob("*.sqlite"))  # the index is not beside them


def test_damaged_case_is_listed_as_unreadable(folder: Path) -> None:
    """A damaged file is listed with the reason, never skipped in silence."""
    with Library(folder.parent / "lib.sqlite") as library:
        library.add_folders([folder])
        bad = [s for s in library.cases() if s.status != "ok"]
    assert [Path(s.path).name for s in bad] == ["broken.casefile"]
    assert bad[0].problem


def test_search_by_name_identifier_and_text(folder: Path) -> None:
    """Search meets names in any script, identifiers however spaced, and snippet text (CJK)."""
    with Library(folder.parent / "lib.sqlite") as library:
        library.add_folders([folder])
        by_name = {(Path(h.case_path).name, h.entity_id) for h in library.search("VIKTOR PETROV")}
        by_id = library.search("751234567")
        by_text = library.search("稀土")
    assert by_name == {
        ("harbour.casefile", "v1"), ("mining.casefile", "p9"), ("grain.casefile", "g1"),
        ("grain.casefile", "g2"),
    }  # fmt: skip
    assert {(Path(h.case_path).name, h.entity_id) for h in by_id} == {
        ("harbour.casefile", "v1"), ("grain.casefile", "g1"),
    }  # fmt: skip
    assert [(Path(h.case_path).name, h.entity_id) for h in by_text] == [("harbour.casefile", None)]


def test_update_follows_changes_and_removals(folder: Path) -> None:
    """A changed case is re-indexed, a removed one forgotten, an unchanged one left alone."""
    with Library(folder.parent / "lib.sqlite") as library:
        library.add_folders([folder])
        with create_case(folder / "new.casefile", "New") as case:
            case.execute(PutRecords("Add", [Entity("z", "Viktor Petrov", "person")]))
        (folder / "older" / "grain.casefile").unlink()
        library.update()
        names = {Path(h.case_path).name for h in library.where(folder / "harbour.casefile", "v1")}
    assert names == {"mining.casefile", "new.casefile"}


def test_index_lives_in_the_user_data_folder(tmp_path: Path) -> None:
    """By default the index is library.sqlite in the user data folder (XDG_DATA_HOME)."""
    assert default_path() == Path(os.environ["XDG_DATA_HOME"]) / "casefile" / "library.sqlite"
    with pytest.raises(LibraryError, match="is not a folder"), Library() as library:
        library.add_folders([tmp_path / "missing"])
