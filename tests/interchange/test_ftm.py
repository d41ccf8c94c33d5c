"""FollowTheMoney export and import: valid entities, stable round trips, foreign datasets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model

from casefile.core.model import Entity, Relationship
from casefile.interchange import ftm, ftm_export
from casefile.interchange.content import CaseRecords
from casefile.interchange.ftm_import import FtmImportError, read_file
from casefile.storage import open_case
from casefile.storage.case import memory_case
from casefile.storage.sample import write_sample
from tests.interchange.interchange_cases import rich_case

ROOT = Path(__file__).resolve().parents[2]


def validate_lines(lines: list[str]) -> dict[str, dict[str, Any]]:
    """Check each JSON line against the FtM model; return the entities by id."""
    found: dict[str, dict[str, Any]] = {}
    for line in lines:
        data = json.loads(line)
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data["schema"]
        assert schema.validate(data) is None, (data, schema.validate(data))
        for name, values in data["properties"].items():
            prop = schema.get(name)
            assert prop is not None, f"{schema.name} has no property {name}"
            for value in values:
                assert prop.type.validate(value), (schema.name, name, value)
        assert data["id"] not in found
        found[data["id"]] = data
    for data in found.values():  # every reference points at an entity of the right schema
        schema = model.get(data["schema"])
        for name, values in data["properties"].items():
            prop = schema.get(name)
            if prop.type.name == "entity":
                for value in values:
                    assert value in found, (data["id"], name, value)
                    assert model.get(found[value]["schema"]).is_a(prop.range), (name, value)
    return found


def export_lines(records: CaseRecords) -> list[str]:
    return [json.dumps(p.to_dict(), ensure_ascii=False) for p in ftm_export.entities(records)]


def round_trip(case_records: CaseRecords, tmp_path: Path) -> tuple[list[str], CaseRecords]:
    from casefile.cli.interchange_cmds import store_import

    lines = export_lines(case_records)
    path = tmp_path / "out.ftm.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = read_file(path)
    with memory_case() as fresh:
        store_import(fresh, plan)
        return lines, CaseRecords.read(fresh.info(), fresh.store)


def people(records: CaseRecords) -> dict[str, Entity]:
    return {e.id: e for e in records.entities}


def links(records: CaseRecords) -> dict[str, Relationship]:
    """Relationships as they come back: their evidence snippets stay behind (Notes are not read)."""
    from dataclasses import replace

    return {r.id: replace(r, evidence=()) for r in records.relationships}


def test_sample_case_exports_valid_entities_and_round_trips(tmp_path: Path) -> None:
    """The sample case → FtM validates with the library and comes back with the same ids."""
    write_sample(tmp_path / "s.casefile")
    with open_case(tmp_path / "s.casefile", read_only=True) as case:
        records = CaseRecords.read(case.info(), case.store)
    lines, back = round_trip(records, tmp_path)
    found = validate_lines(lines)
    assert len(found) == len(lines) > len(records.entities)
    assert people(back) == people(records)
    assert links(back) == links(records)


def test_cjk_aliases_and_dated_relationships_round_trip(tmp_path: Path) -> None:
    """CJK aliases, every relationship kind and partial dates survive casefile → FtM → casefile."""
    with rich_case() as case:
        records = CaseRecords.read(case.info(), case.store)
    lines, back = round_trip(records, tmp_path)
    found = validate_lines(lines)
    schemata = {k.rsplit(".", 1)[-1]: v["schema"] for k, v in found.items()}
    assert schemata["r1"] == "Directorship" and schemata["r2"] == "Ownership"
    assert schemata["r3"] == "Family" and schemata["r4"] == "Employment"
    assert schemata["r5"] == "Membership" and schemata["r6"] == "Associate"
    assert schemata["r7"] == "UnknownLink" and schemata["r8"] == "Ownership"
    assert schemata["o-rare"] == "Company" and schemata["o-union"] == "Organization"
    assert schemata["x-fund"] == "LegalEntity" and schemata["s1"] == "Document"
    owned = found["cf.HL-2025-07.r2"]["properties"]  # "owned by": the owner is the target
    assert owned["owner"] == ["cf.HL-2025-07.o-rare"]
    assert owned["asset"] == ["cf.HL-2025-07.o-kestrel"]
    assert found["cf.HL-2025-07.r1"]["properties"]["startDate"] == ["2019-03"]
    assert found["cf.HL-2025-07.p-li"]["properties"]["alias"] == ["李伟", "Wei Li"]
    assert people(back) == people(records)
    assert links(back) == links(records)
    assert [s.title for s in back.sources] == ["FollowTheMoney dataset: out"]


def test_source_keeps_hashes_and_grades(tmp_path: Path) -> None:
    """A captured source carries its SHA-256 in words and the SHA-1 Aleph files by."""
    import hashlib

    with rich_case() as case:
        records = CaseRecords.read(case.info(), case.store)
    data = b"ledger bytes"
    sha256 = hashlib.sha256(data).hexdigest()
    source = records.sources[0]
    from dataclasses import replace

    records = replace(
        records, sources=(replace(source, sha256=sha256, media_type="application/pdf"),)
    )
    proxies = {p.id: p for p in ftm_export.entities(records, {sha256: data}.get)}
    doc = proxies["cf.HL-2025-07.s1"]
    assert doc.schema.name == "Pages"
    assert doc.get("contentHash") == [hashlib.sha1(data).hexdigest()]
    assert sha256 in doc.first("summary") and "Reliability B" in doc.first("summary")
    note = proxies["cf.HL-2025-07.n1"]
    assert note.first("summary").startswith("Grade B2.")
    assert note.get("entity") == ["cf.HL-2025-07.p-li", "cf.HL-2025-07.o-kestrel"]


def foreign_lines() -> list[dict[str, Any]]:
    """An OpenSanctions-like export: names, weak aliases, facts, an ownership, a vessel."""
    return [
        {"id": "NK-a1", "schema": "Person", "datasets": ["us_ofac_sdn"],
         "properties": {"name": ["Viktor Petrov", "Виктор Петров"], "alias": ["V. Petrov"],
                        "weakAlias": ["Vitya"], "birthDate": ["1961-02-03"],
                        "nationality": ["ru"], "notes": ["Sanctioned 2022."]}},
        {"id": "NK-b2", "schema": "Company", "datasets": ["us_ofac_sdn"],
         "properties": {"name": ["Petrov Metals LLC"], "jurisdiction": ["cy"]}},
        {"id": "own1", "schema": "Ownership", "datasets": ["us_ofac_sdn"],
         "properties": {"owner": ["NK-a1"], "asset": ["NK-b2"], "startDate": ["2015-06"],
                        "percentage": ["51"]}},
        {"id": "ves1", "schema": "Vessel", "datasets": ["us_ofac_sdn"],
         "properties": {"name": ["Sea Star"]}},
        {"id": "own2", "schema": "Ownership", "datasets": ["us_ofac_sdn"],
         "properties": {"owner": ["NK-b2"], "asset": ["ves1"]}},
    ]  # fmt: skip


def test_foreign_dataset_imports_people_facts_and_relationships(tmp_path: Path) -> None:
    """An OpenSanctions-style file gives people, aliases, facts in notes and its ownership."""
    path = tmp_path / "sdn.ftm.json"
    path.write_text("\n".join(json.dumps(x) for x in foreign_lines()) + "\n\n", encoding="utf-8")
    plan = read_file(path)
    assert plan.dataset == "us_ofac_sdn"
    person, company = plan.entities
    assert person.id == "NK-a1" and person.name == "Viktor Petrov" and person.kind == "person"
    assert person.aliases == ("Виктор Петров", "V. Petrov", "Vitya")
    assert "Birth date: 1961-02-03" in (person.notes or "")
    assert "Nationality: ru (Russia)" in (person.notes or "")
    assert (person.notes or "").startswith("Sanctioned 2022.")
    assert company.kind == "organisation"
    (rel,) = plan.relationships
    assert (rel.source, rel.target, rel.type, rel.start) == (
        "NK-a1",
        "NK-b2",
        "owner of",
        "2015-06",
    )
    assert plan.skipped == {"Vessel": 1, "Ownership": 1}
    assert plan.counts() == {"people": 1, "organisations": 1, "other": 0, "relationships": 1}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"id": "a", "schema": "Person"}\nnot json\n', "line 2: not a JSON object"),
        (b'{"id": "a", "schema": "Spaceship", "properties": {}}\n', "line 1"),
        (b'{"schema": "Person"}\n', "needs an id and a schema"),
        (b"\n\n", "holds no FollowTheMoney entities"),
        (b'{"id": "a", "schema": "Person", "properties": {"name": ["\xff"]}}\n', "not UTF-8"),
    ],
)
def test_bad_files_are_refused_in_words(tmp_path: Path, content: bytes, message: str) -> None:
    """A damaged FtM file is refused with a message naming the problem (and the line)."""
    path = tmp_path / "bad.ftm.json"
    path.write_bytes(content)
    with pytest.raises(FtmImportError, match=message):
        read_file(path)


def test_missing_library_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the ftm extra, the message names the pip command that adds it."""
    monkeypatch.setitem(sys.modules, "followthemoney", None)
    with pytest.raises(ftm.FtmMissing, match=r"pip install 'casefile\[ftm\]'"):
        ftm.model()


def test_importing_followthemoney_touches_no_network() -> None:
    """Loading the library and exporting a case opens no socket at all."""
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise SystemExit('network access: ' + repr(a))\n"
        "socket.socket.connect = refuse\nsocket.socket.connect_ex = refuse\n"
        "socket.create_connection = refuse\nsocket.getaddrinfo = refuse\n"
        "from tests.interchange.interchange_cases import rich_records\n"
        "from casefile.interchange import ftm_export\n"
        "print(len(ftm_export.entities(rich_records())))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) == 21
