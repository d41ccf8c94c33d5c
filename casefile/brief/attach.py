"""Files embedded in the brief PDF (associated files, as PDF/A-3 does): package, originals.

Each file is an ``/EmbeddedFile`` stream (compressed, with its size and MD5 checksum as PDF
asks), named in the document's ``/EmbeddedFiles`` name tree and listed in the catalog's
``/AF`` array with its relationship (``Source`` for originals, ``Data`` for the package and the
manifest). Any PDF reader's attachments panel shows them; ``casefile verify`` reads them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFString,
    PDFZCompress,
)

MANIFEST = "casefile-brief.json"
PACKAGE = "case-package.json"


@dataclass(frozen=True)
class Attachment:
    """One embedded file: its name in the PDF, bytes, media type and what it is."""

    name: str
    data: bytes = field(repr=False)
    media_type: str = "application/octet-stream"
    description: str = ""
    relationship: str = "Data"  # or "Source" for an original
    source: str = ""
    """For an original: the id of its source record."""


def embed(canvas: Any, files: Sequence[Attachment]) -> None:
    """Add the files to the document the canvas writes (call before ``save``)."""
    if not files:
        return
    doc = canvas._doc
    names: list[Any] = []
    specs: list[Any] = []
    for item in sorted(files, key=lambda f: f.name):
        stream = _EmbeddedFile(
            PDFDictionary(
                {
                    "Type": PDFName("EmbeddedFile"),
                    "Subtype": _name(item.media_type),
                    "Params": PDFDictionary(
                        {
                            "Size": len(item.data),
                            "CheckSum": PDFString(hashlib.md5(item.data).digest(), escape=1),
                        }
                    ),
                }
            ),
            item.data,
        )
        ref = doc.Reference(stream)
        spec = PDFDictionary({
            "Type": PDFName("Filespec"),
            "F": PDFString(item.name),
            "UF": PDFString(item.name),
            "Desc": PDFString(item.description or item.name),
            "AFRelationship": PDFName(item.relationship),
            "EF": PDFDictionary({"F": ref, "UF": ref}),
        })  # fmt: skip
        spec_ref = doc.Reference(spec)
        names += [PDFString(item.name), spec_ref]
        specs.append(spec_ref)
    catalog = doc.Catalog
    catalog.Names = PDFDictionary({"EmbeddedFiles": PDFDictionary({"Names": PDFArray(names)})})
    catalog.AF = PDFArray(specs)
    catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "AF"]


class _EmbeddedFile(PDFStream):  # type: ignore[misc]
    """A compressed stream written as reportlab writes it (the same bytes), joined rather than
    added up: ``a + b`` on a 100 MB package copies it in one step of the interpreter, during
    which no other thread runs (the window froze up to half a second at 1M quotes), where
    ``bytes.join`` lets other threads run while it copies (and ``zlib`` while it compresses)."""

    def format(self, document: Any) -> bytes:
        dictionary = PDFDictionary(self.dictionary.dict.copy())
        content = PDFZCompress.encode(self.content)
        dictionary["Filter"] = PDFArray([PDFName(PDFZCompress.pdfname)])
        content = document.encrypt.encode(content)
        dictionary["Length"] = len(content)
        head = pdfdoc.format(dictionary, document)
        return b"".join((head, b"\nstream\n", pdfdoc.format(content, document), b"endstream\n"))


def _indirect_object(self: Any, document: Any) -> bytes:
    """``PDFIndirectObject.format`` with one join (see ``_EmbeddedFile``): the same bytes."""
    n, v = document.idToObjectNumberAndVersion[self.name]
    document.encrypt.register(n, v)
    content = pdfdoc.format(self.content, document, toplevel=1)
    end = b"endobj\n" if content.endswith(b"\n") else b"\nendobj\n"
    return b"".join((pdfdoc.pdfdocEnc(f"{n} {v} obj\n"), content, end))


@contextmanager
def joined_objects() -> Iterator[None]:
    """While a brief is written, each object of the PDF (an embedded package among them) is
    put together with ``join``; reportlab's own method is put back after."""
    original = pdfdoc.PDFIndirectObject.format
    pdfdoc.PDFIndirectObject.format = _indirect_object
    try:
        yield
    finally:
        pdfdoc.PDFIndirectObject.format = original


def _name(text: str) -> str:
    """A PDF name object for any ASCII text (``/`` and delimiters written as ``#xx``)."""
    return "/" + "".join(
        c if "!" <= c <= "~" and c not in "%()<>{}[]#/" else f"#{ord(c):02X}"
        for c in text.encode("ascii", "replace").decode()
    )


def safe_name(text: str) -> str:
    """A file name that is safe in any reader's attachments panel and on any disk."""
    kept = "".join(c if c.isalnum() or c in "._-+" else "_" for c in text)
    return kept.strip("._")[:120] or "original"


__all__ = ["MANIFEST", "PACKAGE", "Attachment", "embed", "joined_objects", "safe_name"]
