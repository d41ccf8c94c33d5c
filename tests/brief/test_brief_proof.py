"""A brief that proves itself: embedded package and originals, and `casefile verify`."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from brief_helpers import pypdf_pages
from proof_helpers import (
    DATE,
    PHRASES,
    brief_of,
    change_attachment,
    change_quote_on_page,
    mixed_case,
)
from pypdf import PdfReader

from casefile.brief.verify import verify
from casefile.cli import main
from casefile.storage import open_case
from casefile.storage.sample import fill_sample


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    folder = tmp_path_factory.mktemp("mixed")
    case = mixed_case(folder)
    return case, brief_of(case, folder / "brief.pdf").read_bytes()


def _verify(data: bytes, tmp_path: Path, name: str = "b.pdf"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(data)
    return verify(path)


def test_a_fresh_brief_of_pdf_docx_eml_and_text_sources_verifies(
    mixed: tuple[Path, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`casefile verify` passes (exit 0) and reports every quote and original as OK."""
    path = tmp_path / "b.pdf"
    path.write_bytes(mixed[1])
    assert main(["verify", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.count("OK     quote E") == len(PHRASES)
    assert out.count("OK     original source-") == len(PHRASES)
    assert "Result: verified" in out


def test_the_sample_case_brief_verifies(tmp_path: Path) -> None:
    """The built-in sample case's brief verifies too."""
    case = tmp_path / "sample.casefile"
    assert main(["demo", str(case)]) == 0
    report = verify(brief_of(case, tmp_path / "s.pdf"))
    assert report.ok, report.text()


def test_the_pdf_embeds_the_package_and_every_original(mixed: tuple[Path, bytes]) -> None:
    """Any PDF reader lists the package, the manifest and each original with its own bytes."""
    attachments = PdfReader(__import__("io").BytesIO(mixed[1])).attachments
    assert {"case-package.json", "casefile-brief.json"} <= set(attachments)
    with open_case(mixed[0], read_only=True) as case:
        for source in case.store.all("source"):
            original = case.store.original(source.sha256)  # type: ignore[union-attr]
            assert any(blobs[0] == original.data for blobs in attachments.values())  # type: ignore[union-attr]


def test_one_changed_byte_of_an_embedded_original_fails(
    mixed: tuple[Path, bytes], tmp_path: Path
) -> None:
    """Changing one byte of an embedded original makes verify fail naming that original."""
    name = next(n for n in PdfReader(__import__("io").BytesIO(mixed[1])).attachments
                if n.endswith("notes.txt"))  # fmt: skip
    tampered = change_attachment(mixed[1], name, lambda b: b[:5] + bytes([b[5] ^ 1]) + b[6:])
    report = _verify(tampered, tmp_path)
    assert not report.ok
    assert [f[0] for f in report.failures] == [f"original {name}"]


def test_one_changed_character_of_a_quote_on_the_page_fails(
    mixed: tuple[Path, bytes], tmp_path: Path
) -> None:
    """Editing a quote in a page's content stream makes verify fail naming that quote."""
    tampered = change_quote_on_page(mixed[1], PHRASES["notes.txt"], "harbour")
    report = _verify(tampered, tmp_path)
    assert not report.ok
    failed = [f for f in report.failures if f[0].startswith("quote E")]
    assert len(failed) == 1 and "differs" in failed[0][2], report.text()


def test_an_edited_embedded_package_fails(mixed: tuple[Path, bytes], tmp_path: Path) -> None:
    """Changing the embedded case package makes verify fail naming the package."""
    tampered = change_attachment(
        mixed[1], "case-package.json", lambda b: b.replace(b"Rotterdam", b"Rotterdan", 1)
    )
    report = _verify(tampered, tmp_path)
    assert not report.ok
    assert report.failures[0][0] == "embedded case package"
    assert main(["verify", str(tmp_path / "b.pdf")]) == 1


def test_the_same_case_and_date_give_the_same_bytes(
    mixed: tuple[Path, bytes], tmp_path: Path
) -> None:
    """Embedding keeps the brief byte-identical for the same case and date."""
    again = brief_of(mixed[0], tmp_path / "again.pdf").read_bytes()
    assert again == mixed[1]


def test_a_pdf_without_a_manifest_does_not_verify(tmp_path: Path) -> None:
    """Any other PDF is reported as not a casefile brief, with exit status 1."""
    from capture_samples import make_pdf

    path = tmp_path / "other.pdf"
    path.write_bytes(make_pdf(["hello"]))
    assert main(["verify", str(path)]) == 1
    assert not verify(path).ok


# --- never vouch for an unchecked hash ------------------------------------------------------


def _replace_original(case: Path, file_name: str) -> str:
    with open_case(case, read_only=True) as opened:
        source = next(s for s in opened.store.all("source") if s.file_name == file_name)  # type: ignore[union-attr]
    conn = sqlite3.connect(case)
    with conn:
        conn.execute("UPDATE originals SET data = ? WHERE sha256 = ?",
                     (b"replaced bytes", source.sha256))  # fmt: skip
    conn.close()
    return str(source.title)


def test_a_replaced_original_stops_the_brief_naming_the_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bytes replaced under an unchanged hash: the brief is refused, naming the source."""
    case = mixed_case(tmp_path)
    title = _replace_original(case, "notes.txt")
    out = tmp_path / "b.pdf"
    assert main(["brief", str(case), "-o", str(out), "--date", DATE]) == 1
    err = capsys.readouterr().err
    assert title in err and "does not match its recorded SHA-256" in err
    assert not out.exists()


def test_the_override_prints_a_replaced_originals_hash_as_failed(tmp_path: Path) -> None:
    """With the explicit override the brief is written and says FAILED beside that hash."""
    case = mixed_case(tmp_path)
    _replace_original(case, "notes.txt")
    out = brief_of(case, tmp_path / "b.pdf", "--accept-failed-hashes")
    text = " ".join(" ".join(pypdf_pages(out.read_bytes())).split())
    assert text.count("FAILED at export") == 1
    assert text.count("Checked at export: the stored original was hashed again and matches") == 3
    assert not any(n.endswith("notes.txt") for n in PdfReader(out).attachments)


# --- the content digest ---------------------------------------------------------------------


def test_the_digest_is_the_packages_sha256_open_or_closed_and_after_an_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`casefile digest` = SHA-256 of the exported package; a brief export does not change it."""
    case = tmp_path / "c.casefile"
    assert main(["demo", str(case)]) == 0
    assert main(["export", str(case), "--json", str(tmp_path / "p.json")]) == 0
    expected = hashlib.sha256((tmp_path / "p.json").read_bytes()).hexdigest()
    capsys.readouterr()
    assert main(["digest", str(case)]) == 0
    assert capsys.readouterr().out.split()[0] == expected
    brief_of(case, tmp_path / "b.pdf")
    capsys.readouterr()
    assert main(["digest", str(case)]) == 0
    assert capsys.readouterr().out.split()[0] == expected
    from casefile.storage.digest import content_digest

    with open_case(case) as opened:
        assert content_digest(opened) == expected
    text = "".join(" ".join(pypdf_pages((tmp_path / "b.pdf").read_bytes())).split())
    assert expected in text


def test_a_memory_case_digest_matches_its_package(tmp_path: Path) -> None:
    """The digest of a case never saved to a file is its package's SHA-256 too."""
    from casefile.storage.case import memory_case
    from casefile.storage.digest import content_digest
    from casefile.storage.package import write_package

    with memory_case() as case:
        fill_sample(case)
        write_package(case, tmp_path / "p.json")
        assert (
            content_digest(case) == hashlib.sha256((tmp_path / "p.json").read_bytes()).hexdigest()
        )


@pytest.mark.parametrize("content", [b"hello", b"%PDF-1.4\n1 0 obj\n<<", "truncated"])
def test_a_damaged_or_foreign_file_is_refused_in_one_line(
    content: bytes | str, mixed: tuple[Path, bytes], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """Not a PDF, or a cut-off brief: exit 1 with one line in words, no pypdf noise."""
    data = mixed[1][: len(mixed[1]) // 3] if content == "truncated" else content
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)  # type: ignore[arg-type]
    code = main(["verify", str(path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and err[0].startswith("casefile: error: bad.pdf"), err


def test_a_quote_longer_than_a_field_may_be_still_verifies(tmp_path: Path) -> None:
    """A quote cut at the field bound is checked by the part the brief prints, and says so."""
    from casefile.core.commands import PutRecords
    from casefile.core.model import Claim, EvidenceLink, Snippet, Source
    from casefile.storage import create_case

    quote = "lorem ipsum " * 13_000
    text = f"Start. {quote} End."
    with create_case(tmp_path / "c.casefile", "Long quote") as case:
        case.execute(PutRecords("long", [
            Source("s1", "S", text=text),
            Snippet("n1", quote, "s1", offset=(7, 7 + len(quote))),
            Claim("c1", "C", evidence=(EvidenceLink("n1"),)),
        ]))  # fmt: skip
    report = verify(brief_of(tmp_path / "c.casefile", tmp_path / "b.pdf"))
    assert report.ok, report.text()
    assert "prints only its beginning" in report.text()
