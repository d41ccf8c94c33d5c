"""Outlook .msg files made in the test: MAPI properties written with extract-msg's OLE writer."""

from __future__ import annotations

import datetime as dt
import io
import struct

_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)


def _filetime(when: dt.datetime) -> int:
    return int((when - _EPOCH).total_seconds() * 10_000_000)


def _props(fixed: list[tuple[int, int, bytes]], header: bytes) -> bytes:
    """A property stream: the header, then 16 bytes per property (tag, flags, value)."""
    out = bytearray(header)
    for prop_id, prop_type, value in fixed:
        out += struct.pack("<II", (prop_id << 16) | prop_type, 6) + value.ljust(8, b"\0")
    return bytes(out)


def _text(writer: object, path: list[str], prop_id: int, value: str) -> tuple[int, int, bytes]:
    data = value.encode("utf-16-le")  # the stream has no terminator; the size counts one
    writer.addEntry([*path, f"__substg1.0_{prop_id:04X}001F"], data)  # type: ignore[attr-defined]
    return (prop_id, 0x001F, struct.pack("<I", len(data) + 2))


def make_msg(
    subject: str = "Shipment from Rotterdam",
    body: str = "The container ΚΛΜ-442 left on 17 April.\r\nRegards, Piet",
    attachments: tuple[tuple[str, bytes], ...] = (("manifest.txt", b"Manifest: 12 crates"),),
    sent: dt.datetime = dt.datetime(2025, 4, 17, 9, 30, tzinfo=dt.UTC),
    embedded: bytes | None = None,
) -> bytes:
    """An Outlook message: sender, one recipient, subject, date, body and attachments."""
    from extract_msg.ole_writer import OleWriter

    writer = OleWriter()
    fixed = [
        _text(writer, [], 0x001A, "IPM.Note"),
        _text(writer, [], 0x0037, subject),
        _text(writer, [], 0x1000, body),
        _text(writer, [], 0x0C1A, "Piet de Vries"),
        _text(writer, [], 0x0C1F, "piet@shipping.example"),
        _text(writer, [], 0x5D01, "piet@shipping.example"),
        _text(writer, [], 0x0065, "piet@shipping.example"),
        _text(writer, [], 0x0E04, "Ana Lima"),
        (0x0039, 0x0040, struct.pack("<Q", _filetime(sent))),
        (0x0E06, 0x0040, struct.pack("<Q", _filetime(sent))),
    ]
    writer.addEntry(["__nameid_version1.0"], storage=True)
    for stream in ("00020102", "00030102", "00040102"):
        writer.addEntry(["__nameid_version1.0", f"__substg1.0_{stream}"], b"")
    recip = ["__recip_version1.0_#00000000"]
    writer.addEntry(recip, storage=True)
    recip_props = [
        _text(writer, recip, 0x3001, "Ana Lima"),
        _text(writer, recip, 0x3003, "ana@ngo.example"),
        (0x0C15, 0x0003, struct.pack("<I", 1)),
    ]
    writer.addEntry([*recip, "__properties_version1.0"], _props(recip_props, b"\0" * 8))
    items = list(attachments)
    for index, (name, data) in enumerate(items):
        path = [f"__attach_version1.0_#{index:08X}"]
        writer.addEntry(path, storage=True)
        props = [
            _text(writer, path, 0x3707, name),
            _text(writer, path, 0x3704, name[:12]),
            (0x3705, 0x0003, struct.pack("<I", 1)),
            (0x3701, 0x0102, struct.pack("<I", len(data))),
        ]
        writer.addEntry([*path, "__substg1.0_37010102"], data)
        writer.addEntry([*path, "__properties_version1.0"], _props(props, b"\0" * 8))
    count = len(items)
    if embedded is not None:
        count += 1
        _embed(writer, f"__attach_version1.0_#{len(items):08X}", embedded)
    header = struct.pack("<8xIIII8x", 1, count, 1, count)
    writer.addEntry(["__properties_version1.0"], _props(fixed, header))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _embed(writer: object, storage: str, message: bytes) -> None:
    """An attached Outlook message (attach method 5): its storage copied under ``storage``."""
    import olefile

    writer.addEntry([storage], storage=True)  # type: ignore[attr-defined]
    props = [(0x3705, 0x0003, struct.pack("<I", 5))]
    props.append(_text(writer, [storage], 0x3001, "forwarded"))
    inner = olefile.OleFileIO(message)
    try:
        writer.addEntry([storage, "__substg1.0_3701000D"], storage=True)  # type: ignore[attr-defined]
        for entry in inner.listdir(streams=True, storages=True):
            if entry[0] == "__nameid_version1.0":  # only the outermost message names properties
                continue
            target = [storage, "__substg1.0_3701000D", *entry]
            if inner.get_type(entry) == olefile.STGTY_STORAGE:
                writer.addEntry(target, storage=True)  # type: ignore[attr-defined]
            else:
                data = inner.openstream(entry).read()
                if entry == ["__properties_version1.0"]:
                    data = data[:24] + data[32:]  # an embedded message's header is 24 bytes
                writer.addEntry(target, data)  # type: ignore[attr-defined]
    finally:
        inner.close()
    writer.addEntry([storage, "__properties_version1.0"], _props(props, b"\0" * 8))  # type: ignore[attr-defined]
