"""Generators of hostile capture files, one family each: nesting depth, counts, inflation,
encodings and names. ``scale`` 1 gives the sizes found in the wild (issue 21); the torture
tests run them larger under ``-m slow``. Nothing here is committed as a file."""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


def _n(base: int, scale: float) -> int:
    return max(1, int(base * scale))


# --- nesting depth ---------------------------------------------------------------------


def eml_nested_messages(scale: float = 1) -> bytes:
    """An e-mail holding a message holding a message … 1,000 deep (52 KB)."""
    depth = _n(1_000, scale)
    head = b"From: a@example.org\r\nSubject: layer\r\nContent-Type: message/rfc822\r\n\r\n"
    tail = b"From: core@example.org\r\nSubject: core\r\n\r\nThe innermost words.\r\n"
    return head * depth + tail


def eml_nested_multiparts(scale: float = 1) -> bytes:
    """Multiparts nested 10,000 deep, each boundary new."""
    depth = _n(10_000, scale)
    parts = [b"From: a@example.org\r\nSubject: deep\r\nMIME-Version: 1.0\r\n"]
    for level in range(depth):
        parts.append(
            b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (level, level)
        )
    parts.append(b"Content-Type: text/plain\r\n\r\nDeep inside.\r\n")
    parts.extend(b"--b%d--\r\n" % level for level in reversed(range(depth)))
    return b"".join(parts)


def eml_nested_comments(scale: float = 1) -> bytes:
    """A From: with 50,000 nested comment parentheses."""
    depth = _n(50_000, scale)
    sender = b"(" * depth + b"x" + b")" * depth + b" a@example.org"
    return b"From: " + sender + b"\r\nTo: b@example.org\r\nSubject: comments\r\n\r\nBody.\r\n"


def html_nested_inline(scale: float = 1) -> bytes:
    """180 KB of inline tags nested inside each other, with words at every level."""
    depth = _n(15_000, scale)
    return b"<pre>" + b"<b>a\n  b" * depth + b"</b>" * depth + b"</pre>"


def html_nested_divs(scale: float = 1) -> bytes:
    """100,000 nested <div>s."""
    depth = _n(100_000, scale)
    return b"<div>" * depth + b"deep" + b"</div>" * depth


# --- counts ------------------------------------------------------------------------------


def eml_many_recipients(scale: float = 1) -> bytes:
    """100,000 addresses in To: (2 MB)."""
    count = _n(100_000, scale)
    to = b",\r\n ".join(b"person%d@example.org" % i for i in range(count))
    return b"From: a@example.org\r\nTo: " + to + b"\r\nSubject: many\r\n\r\nHello all.\r\n"


def eml_many_attachments(scale: float = 1) -> bytes:
    """50,000 small attachments (5.3 MB)."""
    count = _n(50_000, scale)
    parts = [b"From: a@example.org\r\nSubject: parts\r\nMIME-Version: 1.0\r\n"
             b'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n--XX\r\n'
             b"Content-Type: text/plain\r\n\r\nSee attached.\r\n"]  # fmt: skip
    for i in range(count):
        parts.append(b"--XX\r\nContent-Type: application/octet-stream\r\n"
                     b'Content-Disposition: attachment; filename="f%d.bin"\r\n'
                     b"Content-Transfer-Encoding: base64\r\n\r\nAAAA\r\n" % i)  # fmt: skip
    parts.append(b"--XX--\r\n")
    return b"".join(parts)


def html_spaced_spans(scale: float = 1) -> bytes:
    """<span> </span> 40,000 times."""
    return b"<p>a" + b"<span> </span>" * _n(40_000, scale) + b"b</p>"


def docx_empty_paragraphs(scale: float = 1) -> bytes:
    """A Word file with 1,000,000 empty paragraphs (135 KB)."""
    body = b"<w:p/>" * _n(1_000_000, scale) + b"<w:p><w:r><w:t>The end.</w:t></w:r></w:p>"
    return _docx_with_body(body)


# --- inflation ---------------------------------------------------------------------------


def docx_bomb(scale: float = 1, lie: bool = False) -> bytes:
    """A 1.5 MB .docx whose word/document.xml inflates to 1.5 GB (``lie``: it declares 1 KB)."""
    size = _n(1536 * MB, scale)
    template = _docx_template()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info))
        member = zipfile.ZipInfo("word/document.xml")
        member.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(member, "w", force_zip64=True) as stream:
            chunk = b" " * (4 * MB)
            stream._compressor = _RepeatingDeflate(chunk)  # type: ignore[attr-defined]
            for _ in range(size // len(chunk)):
                stream.write(chunk)
    data = out.getvalue()
    if lie:  # the central directory and the local header both claim 1 KB unpacked
        data = _claim_small(data, b"word/document.xml")
    return data


class _RepeatingDeflate:
    """Deflates the same chunk again and again at no cost: after a full flush a deflate
    stream forgets what came before, so each repeat is the same compressed bytes."""

    def __init__(self, chunk: bytes) -> None:
        import zlib

        first = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.chunk = chunk
        self.block = first.compress(chunk) + first.flush(zlib.Z_FULL_FLUSH)
        self.end = zlib.compressobj(9, zlib.DEFLATED, -15).flush()

    def compress(self, data: bytes) -> bytes:
        assert data == self.chunk
        return self.block

    def flush(self) -> bytes:
        return self.end


def _claim_small(data: bytes, name: str | bytes) -> bytes:
    import struct

    name = name.encode() if isinstance(name, str) else name
    buffer = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        info = package.getinfo(name.decode())
    start = info.header_offset
    # local header: uncompressed size at +22 (0xFFFFFFFF with zip64: then in the extra field)
    extra_len = struct.unpack_from("<H", buffer, start + 28)[0]
    extra_at = start + 30 + len(name)
    _rewrite_sizes(buffer, start + 22, extra_at, extra_len)
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) >= 0:
        name_len, extra_len = struct.unpack_from("<HH", buffer, position + 28)
        if bytes(buffer[position + 46 : position + 46 + name_len]) == name:
            _rewrite_sizes(buffer, position + 24, position + 46 + name_len, extra_len)
        position += 4
    return bytes(buffer)


def _rewrite_sizes(buffer: bytearray, size_at: int, extra_at: int, extra_len: int) -> None:
    import struct

    if struct.unpack_from("<I", buffer, size_at)[0] != 0xFFFFFFFF:
        struct.pack_into("<I", buffer, size_at, 1024)
        return
    end = extra_at + extra_len
    while extra_at < end:
        tag, length = struct.unpack_from("<HH", buffer, extra_at)
        if tag == 1:  # zip64: uncompressed size first
            struct.pack_into("<Q", buffer, extra_at + 4, 1024)
            return
        extra_at += 4 + length


def eml_big_attachment(scale: float = 1) -> bytes:
    """A 150 MB message carrying a 110 MB attachment in base64."""
    raw = _n(110 * MB, scale) // 57 * 57
    line = base64.b64encode(bytes(range(57)))  # 76 characters
    body = (line + b"\r\n") * (raw // 57)
    return (b"From: a@example.org\r\nSubject: big\r\nMIME-Version: 1.0\r\n"
            b'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n--XX\r\n'
            b"Content-Type: text/plain\r\n\r\nThe footage.\r\n--XX\r\n"
            b"Content-Type: video/mp4\r\nContent-Disposition: attachment; filename=\"cam.mp4\"\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n" + body + b"--XX--\r\n")  # fmt: skip


# --- encodings ---------------------------------------------------------------------------


def text_utf8_bad_byte(scale: float = 1) -> bytes:
    """UTF-8 text with one byte that is not UTF-8."""
    words = "Свидетель видел лодку у причала. " * _n(100, scale)
    return words.encode() + b"\xff" + words.encode()


def text_utf16_odd_byte(scale: float = 1) -> bytes:
    """UTF-16 text (with BOM) cut to an odd number of bytes."""
    return ("\ufeff" + "Zeugenaussage über den Vorfall. " * _n(100, scale)).encode(
        "utf-16-le"
    ) + b"\x00"


def pdf_encrypted(user_password: str = "", pages: int = 2) -> bytes:
    """An AES-256 encrypted PDF; with an empty user password any viewer opens it."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(_text_pdf(pages)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_flaws() -> bytes:
    """A readable PDF whose content stream lost its /Length (pypdf warns and reads on)."""
    return _text_pdf(1).replace(b"/Length", b"/Lenxth", 1)


def _text_pdf(pages: int) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, invariant=1)
    for number in range(pages):
        pdf.drawString(72, 720, f"Page {number + 1}: the harbour ledger.")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


# --- names -------------------------------------------------------------------------------

HOSTILE_NAMES: tuple[bytes, ...] = (
    b"r\xe9sum\xe9.txt",  # Latin-1 from an old zip
    b"\xff\xfe\xfd.txt",
    b"evil\x1b]0;pwned\x07\x1b[2J.txt",  # terminal title and clear-screen escapes
    b"\xe2\x80\xaetxt.exe",  # right-to-left override
    b"tab\there\nline.txt",
    b"\x9b31mred.txt",  # a one-byte CSI (C1) as Latin-1
)


def random_names(count: int, seed: int = 21) -> list[bytes]:
    """``count`` different file names of random bytes (anything but ``/`` and NUL)."""
    import random

    rng = random.Random(seed)
    alphabet = bytes(b for b in range(1, 256) if b != ord("/"))
    names: dict[bytes, None] = {}
    while len(names) < count:
        name = bytes(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        if name not in (b".", b".."):
            names[name] = None
    return list(names)


def write_named(folder: Path, raw: bytes, data: bytes) -> Path:
    """A file whose name is exactly ``raw`` (bytes, whatever they are)."""
    path = os.path.join(os.fsencode(folder), raw)
    with open(path, "wb") as handle:
        handle.write(data)
    return Path(os.fsdecode(path))


# --- helpers -----------------------------------------------------------------------------

_DOCX: list[bytes] = []


def _docx_template() -> bytes:
    if not _DOCX:
        import docx

        out = io.BytesIO()
        docx.Document().save(out)
        _DOCX.append(out.getvalue())
    return _DOCX[0]


def _docx_with_body(body: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx_template())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                start = data.index(b"<w:body>") + len(b"<w:body>")
                data = data[:start] + body + data[start:]
            dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


@dataclass(frozen=True)
class Outcome:
    """How one ``casefile add`` went in the child: status, output, CPU, memory, sources."""

    status: int
    out: str
    err: str
    cpu_seconds: float
    peak_mb: float  # the child's peak resident memory so far (an upper bound for this add)
    sources: int


_CHILD = """
import contextlib, io, json, resource, sys
from casefile.cli import main
def peak_mb():  # VmHWM: this process's own high-water mark (ru_maxrss keeps the parent's)
    with open("/proc/self/status") as status:
        line = next(l for l in status if l.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024
from casefile.storage import open_case
for args in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    before = resource.getrusage(resource.RUSAGE_SELF)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["add", *args])
    after = resource.getrusage(resource.RUSAGE_SELF)
    with open_case(args[0]) as case:  # a writable open: the add released the case
        sources = case.count("source")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    row = [status, out.getvalue(), err.getvalue(), cpu, peak_mb(), sources]
    print(json.dumps(row), flush=True)
"""


def add_in_child(jobs: list[tuple[Path, list[Path]]], timeout: float = 300) -> list[Outcome]:
    """Run ``casefile add CASE FILES`` for each job, in order, in one fresh process, and
    measure each (CPU time of the add, the process's peak resident memory so far)."""
    args = [[os.fsdecode(case), *(os.fsdecode(f) for f in files)] for case, files in jobs]
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", _CHILD, json.dumps(args)],
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    rows = [json.loads(line) for line in done.stdout.decode().splitlines() if line]
    assert len(rows) == len(jobs), done.stderr.decode("utf-8", "backslashreplace")[-3000:]
    return [Outcome(*row) for row in rows]


def new_case(path: Path) -> Path:
    """An empty case file on disk."""
    from casefile.storage import create_case

    create_case(path, "Hostile files").close()
    return path


FAMILIES: dict[str, tuple[Callable[..., bytes], str]] = {
    "eml-nested-messages": (eml_nested_messages, "m.eml"),
    "eml-nested-multiparts": (eml_nested_multiparts, "mp.eml"),
    "eml-nested-comments": (eml_nested_comments, "c.eml"),
    "html-nested-inline": (html_nested_inline, "i.html"),
    "html-nested-divs": (html_nested_divs, "d.html"),
    "eml-many-recipients": (eml_many_recipients, "to.eml"),
    "eml-many-attachments": (eml_many_attachments, "att.eml"),
    "html-spaced-spans": (html_spaced_spans, "s.html"),
    "docx-empty-paragraphs": (docx_empty_paragraphs, "p.docx"),
    "docx-bomb": (docx_bomb, "bomb.docx"),
    "docx-bomb-lying": (lambda scale=1: docx_bomb(scale, lie=True), "lie.docx"),
    "eml-big-attachment": (eml_big_attachment, "big.eml"),
    "text-utf8-bad-byte": (text_utf8_bad_byte, "u8.txt"),
    "text-utf16-odd-byte": (text_utf16_odd_byte, "u16.txt"),
    "pdf-aes-no-password": (lambda scale=1: pdf_encrypted("", _n(2, scale)), "aes.pdf"),
    "pdf-needs-password": (lambda scale=1: pdf_encrypted("s3cret", _n(2, scale)), "locked.pdf"),
    "pdf-with-flaws": (lambda scale=1: pdf_with_flaws(), "flawed.pdf"),
}


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
    family: str,
    outcome: Outcome,
    captured: bool,
    words: tuple[str, ...],
    files: int = 1,
    cpu: float = CPU_SECONDS,
) -> None:
    """The limits every hostile file is held to, and what the user must be told."""
    said = outcome.out + outcome.err
    assert "Traceback" not in said and "unexpected problem" not in said, said
    assert outcome.cpu_seconds <= cpu, f"{family}: {outcome.cpu_seconds:.1f} s CPU"
    assert outcome.peak_mb <= PEAK_MB, f"{family}: {outcome.peak_mb:.0f} MB peak"
    if captured:
        assert outcome.status == 0 and outcome.sources == files, said
    else:
        assert outcome.status == 1 and outcome.sources == 0, said
        assert outcome.err.startswith("casefile: error: ") and outcome.err.count("\n") == 1
    for word in words:
        assert word in said, f"{family}: {word!r} not in {said!r}"
