"""Hostile web archives are refused quickly, within memory, leaving the case unchanged."""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib

from archive_samples import make_warc
from budget import assert_refused, capture_in_child


def _gzip_member_of_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * (1 << 20)
    parts = [packer.compress(chunk) for _ in range(size >> 20)]
    return b"".join([*parts, packer.flush()])


def test_warc_gzip_bomb_is_refused(write) -> None:
    """A 1 MB .warc.gz that unpacks to 2 GB is refused as a compression bomb."""
    head = gzip.compress(
        b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://x.example/\r\n"
        b"Content-Type: image/png\r\nContent-Length: 2147483648\r\n\r\n"
    )
    member = _gzip_member_of_zeros(64 << 20)
    path = write("bomb.warc.gz", head + member * 32)
    assert_refused(capture_in_child(path), r"bomb\.warc\.gz unpacks to more than .*bomb")


def test_wacz_zip_bomb_is_refused(write) -> None:
    """A WACZ whose entries say they unpack to 3 GB is refused before unpacking."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("archive/data.warc", b"\0" * 1000)
        archive.filelist[0].file_size = 3 << 30  # what the directory claims
    assert_refused(capture_in_child(write("bomb.wacz", out.getvalue())), r"unpacks to more than")


def test_warc_with_huge_record_count_is_refused(write) -> None:
    """An archive of 60,000 tiny records is refused, naming the record limit."""
    record = b"WARC/1.0\r\nWARC-Type: metadata\r\nContent-Length: 2\r\n\r\nhi\r\n\r\n"
    path = write("many.warc.gz", gzip.compress(record * 60_000))
    assert_refused(capture_in_child(path), r"more than 50,000 records")


def test_warc_with_too_many_pages_is_refused(write) -> None:
    """An archive of 2,500 HTML pages is refused, naming the limit of sources per file."""
    pages = tuple(
        (f"https://x.example/{i}", "2025-01-01T00:00:00Z", f"<p>page {i}</p>") for i in range(2500)
    )
    path = write("site.warc", make_warc(pages, gzip=False, extra=False))
    assert_refused(capture_in_child(path), r"more than 2,000 pages, sheets or attachments")


def test_damaged_warc_is_refused(write) -> None:
    """Random bytes named .warc, and a truncated .warc.gz, get a 'damaged' message."""
    junk = write("junk.warc", bytes(range(256)) * 100)
    assert_refused(capture_in_child(junk), r"junk\.warc is damaged or not a WARC")
    cut = write("cut.warc.gz", make_warc()[:-40])
    assert_refused(capture_in_child(cut), r"cut\.warc\.gz is damaged")


def test_wacz_that_is_not_a_zip_is_refused(write) -> None:
    """A .wacz that is not a zip, or a zip without WARCs, is refused in the user's words."""
    assert_refused(capture_in_child(write("x.wacz", b"PK\3\4 nope")), r"not really a WACZ")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("datapackage.json", "{}")
    assert_refused(capture_in_child(write("y.wacz", out.getvalue())), r"holds no WARC files")


def test_deeply_nested_mhtml_is_refused(write) -> None:
    """An MHTML file of 5,000 nested multiparts is refused instead of crashing."""
    head, tail = [], []
    for depth in range(5000):
        head.append(f'Content-Type: multipart/related; boundary="b{depth}"\r\n\r\n--b{depth}\r\n')
        tail.append(f"\r\n--b{depth}--\r\n")
    body = "".join(head) + "Content-Type: text/html\r\n\r\n<p>deep</p>" + "".join(reversed(tail))
    outcome = capture_in_child(write("deep.mhtml", "MIME-Version: 1.0\r\n" + body))
    assert_refused(outcome, r"deep\.mhtml is nested too deeply|deep\.mhtml holds no web page")


def test_mhtml_with_broken_charset_is_read(write, case) -> None:
    """A saved page naming a charset that does not exist is still read, not refused."""
    from casefile.capture import read_file

    data = (
        b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=x-no-such\r\n"
        b"Content-Location: https://x.example/\r\n\r\n<p>caf\xc3\xa9 cr\xc3\xa8me</p>"
    )
    item = read_file(write("odd.mht", data))
    assert item.content.text == "café crème"
