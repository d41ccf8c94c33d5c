"""Signatures of a brief: PAdES baseline signing and checking with pyHanko (``casefile[sign]``).

Signing uses the investigator's own certificate and key from a PKCS#12 file; the passphrase
is asked for by the caller and never stored. Nothing goes over the network: no timestamp
server and no revocation look-ups, unless the user names a timestamp server explicitly.
Checking says who signed, the signing time the signature claims, and whether the document
changed after signing (bytes inside the signed range, or content appended later). It does not
say whether to trust the certificate: casefile knows no trust list, so it prints the
certificate's SHA-256 fingerprint for the reader to compare with the signer's.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from casefile.core.errors import CaseError

INSTALL_HINT = "signing needs the optional part casefile[sign]: pip install 'casefile[sign]'"


def _pyhanko() -> Any:
    try:
        import pyhanko.sign
    except ImportError:
        raise CaseError(f"Briefs cannot be signed here: {INSTALL_HINT}.") from None
    import pyhanko

    return pyhanko


def load_signer(key_file: Path, passphrase: bytes) -> Any:
    """The signer in a PKCS#12 file (checked before any brief is written)."""
    _pyhanko()
    from pyhanko.sign import signers

    if not key_file.is_file():
        raise CaseError(f"The key file {key_file} does not exist.")
    try:
        signer = signers.SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]
            pfx_file=str(key_file), passphrase=passphrase
        )
    except (ValueError, OSError, TypeError) as err:
        raise CaseError(f"The key file {key_file.name} could not be opened ({err}).") from None
    if signer is None:
        raise CaseError(
            f"The key file {key_file.name} could not be opened: wrong passphrase, or not a "
            "PKCS#12 (.p12/.pfx) file with a certificate and its private key."
        )
    return signer


def signer_name(signer: Any) -> str:
    return _name(signer.signing_cert)


def sign_file(path: Path, signer: Any, timestamp_url: str | None = None) -> str:
    """Sign the PDF at ``path`` in place (atomically); return the signer's name."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    timestamper = None
    if timestamp_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(timestamp_url)  # the user named it: the one network use
    meta = signers.PdfSignatureMetadata(
        field_name="casefile-signature",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        embed_validation_info=False,
        use_pades_lta=False,
    )
    data = path.read_bytes()
    out = io.BytesIO()
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        signers.sign_pdf(writer, meta, signer=signer, timestamper=timestamper, output=out)
    except Exception as err:  # pyHanko raises several kinds: say what failed, in words
        raise CaseError(f"The brief could not be signed ({type(err).__name__}: {err}).") from None
    handle, temp = tempfile.mkstemp(prefix=".signed-", suffix=".pdf", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(out.getvalue())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return _name(signer.signing_cert)


def _name(cert: Any) -> str:
    try:
        return str(cert.subject.human_friendly)
    except (AttributeError, ValueError):
        return "unknown signer"


def report_signatures(report: Any, data: bytes) -> None:
    """Add each signature's signer, claimed time and integrity to a verify report."""
    if b"/ByteRange" not in data:
        report.add("signature", None, "the brief is not signed")
        return
    try:
        _pyhanko()
    except CaseError:
        report.add("signature", False, f"the brief is signed but cannot be checked here: "
                   f"{INSTALL_HINT}")  # fmt: skip
        return
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception as err:
        report.add("signature", False, f"the signature data cannot be read ({err})")
        return
    if not signatures:
        report.add("signature", False, "the brief has signature data but no readable signature")
    for sig in signatures:
        _one(report, sig)


def _one(report: Any, sig: Any) -> None:
    import hashlib

    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    cert = sig.signer_cert
    who = _name(cert)
    fingerprint = hashlib.sha256(cert.dump()).hexdigest()
    try:
        # The signer's own certificate as the only trust root, nothing fetched: this checks
        # the signature and the signed bytes, not whether anyone vouches for the certificate.
        context = ValidationContext(trust_roots=[cert], allow_fetching=False)
        status = validate_pdf_signature(sig, context)
    except Exception as err:
        report.add(f"signature by {who}", False, f"cannot be checked ({err})")
        return
    claimed = status.signer_reported_dt
    when = claimed.isoformat(timespec="seconds") if claimed is not None else "not stated"
    report.add(f"signature by {who}", None,
               f"signing time claimed {when}; certificate SHA-256 {fingerprint} (casefile "
               "knows no trust list: compare it with the signer's)")  # fmt: skip
    intact = bool(status.intact and status.valid)
    report.add("signed bytes unchanged", intact,
               "the signature matches the signed bytes" if intact
               else "the document was changed after signing (the signed bytes differ)")  # fmt: skip
    whole = str(getattr(status.coverage, "name", "")) == "ENTIRE_FILE"
    report.add("nothing added after signing", whole,
               "the signature covers the whole file" if whole
               else "content was appended to the file after it was signed")  # fmt: skip


__all__ = ["load_signer", "report_signatures", "sign_file", "signer_name"]
