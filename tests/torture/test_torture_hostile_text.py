"""Hostile text (markup, controls, RTL, CJK, emoji, 1 MB, surrogates) through storage paths."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hostile_strings import HOSTILE, HUGE, LONE_SURROGATES, SMALL_NON_EMPTY, STORABLE

from casefile.core.commands import Create, Edit
from casefile.core.errors import CaseError
from casefile.core.model import Claim, Entity, EvidenceLink, Record, Snippet, Source
from casefile.storage import create_case, open_case
from casefile.storage.check import check_case


def _or_x(text: str) -> str:
    return text if text.strip() else "x"


def _records(key: str, text: str) -> list[Record]:
    if key in HUGE:  # 1 MB goes into the long fields only (indexing 1 MB of CJK takes ~2 s)
        return _huge_records(key, text)
    source = Source(f"s-{key}", _or_x(text), text=text, notes=text, author=text)
    offset = (0, len(text)) if text.strip() else None
    snippet = Snippet(f"n-{key}", _or_x(text), source.id if offset else None, offset=offset,
                      notes=text, location=text, tags=(_or_x(text),))  # fmt: skip
    entity = Entity(f"e-{key}", _or_x(text), aliases=(_or_x(text),), description=text,
                    notes=text, tags=(_or_x(text),))  # fmt: skip
    claim = Claim(f"c-{key}", _or_x(text), subjects=(entity.id,), claimant=text, notes=text,
                  evidence=(EvidenceLink(snippet.id, "supports", text),))  # fmt: skip
    return [source, snippet, entity, claim]


def _huge_records(key: str, text: str) -> list[Record]:
    source = Source(f"s-{key}", "Huge source", text=text)
    snippet = Snippet(f"n-{key}", text, source.id, offset=(0, len(text)))
    if not text.strip():
        snippet = Snippet(f"n-{key}", "x", notes=text)
    entity = Entity(f"e-{key}", "Huge", notes=text)
    claim = Claim(f"c-{key}", "Huge claim", evidence=(EvidenceLink(snippet.id, "context"),))
    return [source, snippet, entity, claim]


@pytest.fixture(scope="module")
def hostile_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Record]]:
    path = tmp_path_factory.mktemp("hostile") / "hostile.casefile"
    stored: list[Record] = []
    with create_case(path, "Hostile text") as case:
        for key, text in STORABLE.items():
            for record in _records(key, text):
                case.execute(Create(record))
                stored.append(record)
    return path, stored


def test_every_hostile_string_survives_store_and_reload(hostile_case) -> None:
    """Whatever text is typed or pasted comes back exactly as it was after reopening."""
    path, stored = hostile_case
    with open_case(path, read_only=True) as case:
        for record in stored:
            assert case.get(record.KIND, record.id) == record, record.id
        assert check_case(case) == []


@pytest.mark.parametrize("key", list(HOSTILE))
def test_searching_hostile_text_never_fails(hostile_case, key: str) -> None:
    """Any text typed into the search box gives results or none, never an error."""
    path, _ = hostile_case
    with open_case(path, read_only=True) as case:
        for prefix in (False, True):
            try:
                hits = case.search(HOSTILE[key], limit=5, prefix_last=prefix)
            except CaseError:
                assert key in LONE_SURROGATES
                continue
            assert isinstance(hits, list)
            for hit in hits:
                assert isinstance(hit.fragment.text, str)


FINDABLE = ("cjk_chinese", "cjk_japanese", "cjk_korean", "arabic", "hebrew", "cyrillic",
            "precomposed", "decomposed", "entity_amp", "html_bold", "greek_turkish",
            "mixed_rtl", "devanagari", "unclosed_tag")  # fmt: skip


@pytest.mark.parametrize("key", FINDABLE)
def test_hostile_text_is_found_by_its_own_words(hostile_case, key: str) -> None:
    """A name in any script is found by searching for it."""
    path, _ = hostile_case
    with open_case(path, read_only=True) as case:
        ids = {h.id for h in case.search(HOSTILE[key], limit=50)}
    assert f"e-{key}" in ids or f"c-{key}" in ids, ids


@pytest.mark.parametrize("key", list(LONE_SURROGATES))
def test_lone_surrogates_are_refused_and_nothing_is_stored(new_case, key: str) -> None:
    """Broken text from bad input is refused with a message; the case is left as it was."""
    before = new_case.conn.execute("SELECT count(*) FROM history").fetchone()[0]
    text = LONE_SURROGATES[key]
    messages = []
    for record in _records(key, text):
        with pytest.raises(CaseError) as refused:
            new_case.execute(Create(record))
        messages.append(str(refused.value))
    assert "broken characters" in messages[0]
    new_case.execute(Create(Entity("ok", "fine")))
    with pytest.raises(CaseError):
        new_case.execute(Edit("entity", "ok", {"notes": text}))
    after = new_case.conn.execute("SELECT count(*) FROM history").fetchone()[0]
    assert after == before + 1
    assert new_case.get("entity", "ok").notes is None  # type: ignore[union-attr]


def test_hostile_text_json_round_trip(hostile_case, tmp_path: Path) -> None:
    """Export, import into a new case, export again: identical JSON, identical records."""
    from casefile.storage.package import dump_package, import_package, parse_package

    path, stored = hostile_case
    first = io.StringIO()
    with open_case(path, read_only=True) as case:
        dump_package(case, first)
    with create_case(tmp_path / "copy.casefile", "Copy") as copy:
        import_package(copy, parse_package(first.getvalue().encode("utf-8")))
        second = io.StringIO()
        dump_package(copy, second)
        for record in stored:
            assert copy.get(record.KIND, record.id) == record, record.id
    assert second.getvalue() == first.getvalue()


def test_small_hostile_strings_as_case_details(new_case) -> None:
    """Title, reference and marking keep any text, including markup and RTL overrides."""
    for text in SMALL_NON_EMPTY.values():
        new_case.execute(Edit("case", "case", {"title": text, "marking": text}))
        assert new_case.info().title == text
