"""Outlook .msg files: the message as a source, each attachment as its own source."""

from __future__ import annotations

import hashlib
import io

from budget import assert_refused, capture_in_child
from msg_samples import make_msg

from casefile.capture import capture_files, read_file
from casefile.core.model import Source


def _by_name(case) -> dict[str, Source]:
    return {s.file_name: s for s in case.store.all("source")}


def test_message_gives_headers_body_and_attachment_list(write) -> None:
    """A .msg reads as From, To, Date, Subject, the body and the list of attachments."""
    item = read_file(write("shipment.msg", make_msg()))
    assert item.content.text == (
        "From: Piet de Vries <piet@shipping.example>\n"
        "To: Ana Lima <ana@ngo.example>\n"
        "Date: 2025-04-17 09:30 UTC\n"
        "Subject: Shipment from Rotterdam\n\n"
        "The container ΚΛΜ-442 left on 17 April.\nRegards, Piet\n\n"
        "Attachments:\n- manifest.txt (text/plain, 19 bytes)"
    )
    assert item.content.title == "Shipment from Rotterdam"
    assert item.content.author == "Piet de Vries <piet@shipping.example>"
    assert item.content.published == "2025-04-17"


def test_attachments_become_linked_sources_with_their_own_hash(write, case) -> None:
    """The message and each attachment are sources; the attachment keeps its own bytes and
    SHA-256 and names the message it came with; both are found by search."""
    data = make_msg()
    case.execute(capture_files([write("shipment.msg", data)], case).command)
    sources = _by_name(case)
    message, manifest = sources["shipment.msg"], sources["manifest.txt"]
    assert message.sha256 == hashlib.sha256(data).hexdigest()
    assert case.store.original(message.sha256).data == data
    assert manifest.sha256 == hashlib.sha256(b"Manifest: 12 crates").hexdigest()
    assert case.store.original(manifest.sha256).data == b"Manifest: 12 crates"
    assert manifest.text == "Manifest: 12 crates"
    assert "Attachment of the Outlook message 'Shipment from Rotterdam'" in (manifest.notes or "")
    assert [h.kind for h in case.search("ΚΛΜ-442")] == ["source"]
    assert case.search("crates")


def test_attached_message_and_its_attachments_come_along(write, case) -> None:
    """A forwarded message attached to a message is a source too, with its own attachment."""
    outer = make_msg(subject="Fwd: shipment", attachments=(), embedded=make_msg())
    case.execute(capture_files([write("fwd.msg", outer)], case).command)
    sources = _by_name(case)
    assert set(sources) == {"fwd.msg", "forwarded.msg", "manifest.txt"}
    assert "Subject: Shipment from Rotterdam" in (sources["forwarded.msg"].text or "")
    assert "(forwarded.msg)" in (sources["manifest.txt"].notes or "")


def test_attachment_already_in_the_case_is_not_copied(write, case) -> None:
    """An attachment whose bytes are already stored is reused, and said so."""
    case.execute(capture_files([write("manifest.txt", b"Manifest: 12 crates")], case).command)
    capture = capture_files([write("shipment.msg", make_msg())], case)
    case.execute(capture.command)
    assert case.count("source") == 2
    assert any("already in the case" in m for m in capture.messages)


def test_damaged_attachment_is_kept_without_text(write, case) -> None:
    """An attachment that cannot be read is still stored, with a note saying why."""
    data = make_msg(attachments=(("scan.pdf", b"%PDF-1.4 cut short"),))
    case.execute(capture_files([write("m.msg", data)], case).command)
    scan = _by_name(case)["scan.pdf"]
    assert scan.text is None
    assert scan.media_type == "application/pdf"
    assert "could not be read" in (scan.notes or "")


def test_not_a_message_is_refused(write) -> None:
    """Random bytes named .msg, and a truncated message, are refused in the user's words."""
    assert_refused(capture_in_child(write("x.msg", b"hello" * 100)), r"x\.msg is not an Outlook")
    cut = write("cut.msg", make_msg()[:3000])
    assert_refused(capture_in_child(cut), r"cut\.msg is damaged")


def test_messages_nested_too_deeply_are_refused(write) -> None:
    """A message inside a message… six deep is refused, naming the file that was added."""
    data = make_msg()
    for level in range(6):
        data = make_msg(subject=f"level {level}", attachments=(), embedded=data)
    assert_refused(capture_in_child(write("deep.msg", data)), r"deep\.msg holds files nested")


def test_message_with_too_many_attachments_is_refused(write) -> None:
    """A message claiming 2,001 attachments is refused before any is read."""
    from extract_msg.ole_writer import OleWriter

    writer = OleWriter()
    writer.addEntry(["__substg1.0_001A001F"], "IPM.Note".encode("utf-16-le"))
    for index in range(2001):
        writer.addEntry([f"__attach_version1.0_#{index:08X}"], storage=True)
    out = io.BytesIO()
    writer.write(out)
    outcome = capture_in_child(write("many.msg", out.getvalue()))
    assert_refused(outcome, r"more than 2,000 attachments")


def test_rtf_body_claiming_a_gigabyte_is_not_unpacked(write, case) -> None:
    """A body kept only as compressed RTF that claims to unpack to 1 GB is skipped quickly."""
    from extract_msg.ole_writer import OleWriter

    writer = OleWriter()
    writer.addEntry(["__properties_version1.0"], b"\0" * 32)
    writer.addEntry(["__substg1.0_001A001F"], "IPM.Note".encode("utf-16-le"))
    writer.addEntry(["__substg1.0_0037001F"], "Bomb".encode("utf-16-le"))
    rtf = (16 + 8).to_bytes(4, "little") + (1 << 30).to_bytes(4, "little") + b"LZFu" + b"\0" * 12
    writer.addEntry(["__substg1.0_10090102"], rtf)
    out = io.BytesIO()
    writer.write(out)
    outcome = capture_in_child(write("rtf.msg", out.getvalue()))
    assert outcome.message is None and outcome.sources == 1
    assert outcome.seconds < 5 and outcome.peak_mb < 500
