"""CSV, XLSX, GEXF and GraphML exports read back with their reference readers, value for value."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import networkx as nx
import openpyxl
import pytest

from casefile.interchange import graphs, writers
from casefile.interchange.content import CaseRecords
from casefile.interchange.tables import FILE_NAMES, tables
from tests.interchange.interchange_cases import rich_records


@pytest.fixture(scope="module")
def records() -> CaseRecords:
    return rich_records()


@pytest.mark.parametrize("bom", [False, True])
def test_csv_files_read_back_exactly(tmp_path: Path, records: CaseRecords, bom: bool) -> None:
    """Each register's CSV reads back with the csv module to the same text, BOM or not."""
    written = writers.write_csv(tmp_path / "out", tables(records), bom=bom)
    assert sorted(p.name for p in written) == sorted(FILE_NAMES.values())
    raw = (tmp_path / "out" / "entities.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == bom
    for table in tables(records):
        path = tmp_path / "out" / FILE_NAMES[table.name]
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == [c.header for c in table.columns]
        assert rows[1:] == [[writers.csv_text(v) for v in row] for row in table.rows]
    with (tmp_path / "out" / "entities.csv").open(encoding="utf-8-sig", newline="") as handle:
        li = next(r for r in csv.DictReader(handle) if r["ID"] == "p-li")
    assert li["Aliases"] == "李伟\nWei Li" and li["Tags"] == "pep"
    with (tmp_path / "out" / "relationships.csv").open(encoding="utf-8-sig", newline="") as handle:
        r1 = next(r for r in csv.DictReader(handle) if r["ID"] == "r1")
    assert (r1["From"], r1["Type"], r1["To"], r1["Start"], r1["End"]) == (
        "Li Wei", "director of", "Kestrel Shipping Ltd", "2019-03", "2024-01-15",
    )  # fmt: skip


def test_xlsx_has_one_sheet_per_register_with_typed_cells(
    tmp_path: Path, records: CaseRecords
) -> None:
    """openpyxl reads every value back: whole dates as dates, times as date-times, numbers."""
    out = tmp_path / "case.xlsx"
    assert writers.write_xlsx(out, tables(records), "Harbour") == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [t.name for t in tables(records)]
    for table in tables(records):
        rows = list(book[table.name].iter_rows(values_only=True))
        assert list(rows[0]) == [c.header for c in table.columns]
        expected = [
            tuple(writers.xlsx_value(v, c.type) for c, v in zip(table.columns, row, strict=True))
            for row in table.rows
        ]
        assert [tuple(r) for r in rows[1:]] == expected
    rels = {r[0]: r for r in book["relationships"].iter_rows(min_row=2, values_only=True)}
    assert rels["r1"][6] == "2019-03" and rels["r1"][7] == dt.datetime(2024, 1, 15)
    sources = list(book["sources"].iter_rows(min_row=2, values_only=True))
    assert sources[0][7] == dt.datetime(2024, 4, 1, 8, 0, 0)
    snippets = {r[0]: r for r in book["snippets"].iter_rows(min_row=2, values_only=True)}
    assert snippets["n1"][5:8] == (0, 13, 2) and snippets["n1"][8] == "B2"
    assert snippets["n2"][1] == '=HYPERLINK("x") said by a docker'  # text, never a formula
    assert book["snippets"]["B3"].data_type == "s"
    claims = list(book["claims"].iter_rows(min_row=2, values_only=True))
    assert claims[0][6:9] == (1, 0, 1)


def test_xlsx_cuts_only_what_excel_cannot_hold(tmp_path: Path, records: CaseRecords) -> None:
    """Control characters Excel refuses are dropped and an over-long cell is cut and counted."""
    from dataclasses import replace

    long_note = "x" * 40_000
    entity = replace(records.entities[0], notes=long_note, description="bell\x07 here")
    changed = replace(records, entities=(entity, *records.entities[1:]))
    out = tmp_path / "c.xlsx"
    assert writers.write_xlsx(out, tables(changed), "H") == 1
    row = next(
        openpyxl.load_workbook(out)["people and organisations"].iter_rows(
            min_row=2, values_only=True
        )
    )
    assert row[4] == "bell here" and len(row[5]) == writers.EXCEL_CELL_LIMIT


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_graphs_read_back_with_networkx(tmp_path: Path, records: CaseRecords, fmt: str) -> None:
    """GEXF and GraphML keep node kinds, names, relationship types, dates and ids exactly."""
    out = tmp_path / f"g.{fmt}"
    write = graphs.write_gexf if fmt == "gexf" else graphs.write_graphml
    made = write(records, out)
    back = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out, force_multigraph=True)
    assert back.is_directed()
    assert set(back.nodes) == {e.id for e in records.entities}
    for entity in records.entities:
        node = back.nodes[entity.id]
        assert node["label"] == entity.name and node["kind"] == entity.kind
        assert node.get("aliases", "") == "\n".join(entity.aliases)
    edges = {
        d["relationship_id"]: (u, v, d)
        for u, v, d in back.edges(data=True)
        if d["kind"] == "relationship"
    }
    assert set(edges) == {r.id for r in records.relationships}
    for rel in records.relationships:
        u, v, data = edges[rel.id]
        assert (u, v, data["label"]) == (rel.source, rel.target, rel.type)
        assert data.get("start_date") == rel.start and data.get("end_date") == rel.end
    co = [d for _, _, d in back.edges(data=True) if d["kind"] == "co-mention"]
    assert [(int(d["weight"]), d["label"]) for d in co] == [(1, "×1")]
    assert back.number_of_edges() == made.number_of_edges() == len(records.relationships) + 1


def test_graph_without_co_mentions_has_relationships_only(records: CaseRecords) -> None:
    """Asking for relationships only leaves co-mention edges out."""
    g = graphs.graph(records, co_mentions=False)
    assert {d["kind"] for _, _, d in g.edges(data=True)} == {"relationship"}


def test_hostile_strings_export_to_files_their_readers_open(tmp_path: Path) -> None:
    """Markup, controls, RTL and CJK names: CSV exact, XML formats exact but for what XML cannot hold."""
    from hostile_strings import SMALL, STORABLE

    from casefile.core.model import CaseInfo, Entity, Relationship

    texts = [v for k, v in STORABLE.items() if k in SMALL and v.strip()]
    ents = tuple(Entity(f"e{i}", t, "person", (t + " alias",), t, t) for i, t in enumerate(texts))
    rels = tuple(
        Relationship(f"r{i}", ents[i].id, ents[i + 1].id, texts[i]) for i in range(len(ents) - 1)
    )
    records = CaseRecords(CaseInfo("Hostile"), ents, rels)
    writers.write_csv(tmp_path / "csv", tables(records))
    with (tmp_path / "csv" / "entities.csv").open(encoding="utf-8", newline="") as handle:
        assert [row[1] for row in csv.reader(handle)][1:] == texts
    writers.write_xlsx(tmp_path / "h.xlsx", tables(records), "Hostile")
    sheet = openpyxl.load_workbook(tmp_path / "h.xlsx")["people and organisations"]
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        writers.xml_safe(t) or None for t in texts
    ]
    for name, read in (("h.gexf", nx.read_gexf), ("h.graphml", nx.read_graphml)):
        write = graphs.write_gexf if name.endswith("gexf") else graphs.write_graphml
        write(records, tmp_path / name)
        back = read(tmp_path / name)
        assert [back.nodes[e.id]["label"] for e in ents] == [writers.xml_safe(t) for t in texts]
