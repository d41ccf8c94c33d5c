"""Signed briefs: PAdES with a throwaway certificate; verify shows the signer and any change."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path

import pytest
from proof_helpers import DATE

from casefile.brief.verify import verify
from casefile.cli import main

pytest.importorskip("pyhanko.sign", reason="signing needs casefile[sign]")

PASSPHRASE = "correct horse battery staple"


def make_p12(path: Path, name: str = "Test Investigator") -> Path:
    """A throwaway self-signed certificate and key in a PKCS#12 file, made in the test."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Newsroom")])  # fmt: skip
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"investigator", key, cert, None,
        serialization.BestAvailableEncryption(PASSPHRASE.encode()),
    )  # fmt: skip
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("signed")
    case = folder / "sample.casefile"
    assert main(["demo", str(case)]) == 0
    key = make_p12(folder / "me.p12")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(getpass, "getpass", lambda prompt="": PASSPHRASE)
        out = folder / "signed.pdf"
        assert main(["brief", str(case), "-o", str(out), "--date", DATE, "--sign", str(key)]) == 0
    return case, out


def test_a_signed_brief_verifies_and_names_the_signer(
    signed: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """verify passes on a fresh signed brief and shows the signer and the claimed time."""
    capsys.readouterr()
    assert main(["verify", str(signed[1])]) == 0
    out = capsys.readouterr().out
    assert "signature by" in out and "Test Investigator" in out
    assert "signing time claimed" in out
    assert "OK     signed bytes unchanged" in out and "OK     nothing added after signing" in out


def test_a_byte_changed_after_signing_is_reported(
    signed: tuple[Path, Path], tmp_path: Path
) -> None:
    """One byte changed inside the signed range: verify fails saying the document changed."""
    data = bytearray(signed[1].read_bytes())
    at = data.index(b"/Producer") + 3  # inside the signed range, the PDF still parses
    data[at] ^= 0x01
    path = tmp_path / "changed.pdf"
    path.write_bytes(bytes(data))
    report = verify(path)
    assert not report.ok
    assert ("signed bytes unchanged", False) in [(w, ok) for w, ok, _ in report.failures]


def test_content_appended_after_signing_is_reported(
    signed: tuple[Path, Path], tmp_path: Path
) -> None:
    """An update appended after signing (as a PDF editor saves) is reported."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter(signed[1], incremental=True)
    writer.add_metadata({"/Title": "Changed"})
    out = io.BytesIO()
    writer.write(out)
    path = tmp_path / "appended.pdf"
    path.write_bytes(out.getvalue())
    report = verify(path)
    assert not report.ok
    assert "nothing added after signing" in [w for w, _, _ in report.failures]


def test_a_wrong_passphrase_writes_nothing(
    signed: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """A wrong passphrase is refused in words before the brief is written."""
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "wrong")
    out = tmp_path / "x.pdf"
    key = make_p12(tmp_path / "k.p12")
    assert main(["brief", str(signed[0]), "-o", str(out), "--sign", str(key)]) == 1
    assert "wrong passphrase" in capsys.readouterr().err
    assert not out.exists()
