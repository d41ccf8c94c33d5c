"""Outlook messages (.msg, read with extract-msg): headers, body and attachments as sources.

The message is one source (From, To, Cc, Date, Subject, then the body, then the list of
attachments); each attached file becomes its own source, holding its own bytes as its
original, with a note naming the message it came with. An attached message is read the same
way, to a limited depth.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from casefile.capture.filetext import FileText
from casefile.capture.htmltext import html_to_text
from casefile.capture.limits import CaptureError, human_size
from casefile.capture.more_formats import media_type_of
from casefile.capture.parts import MAX_PARTS, Part, TextBudget, TooDeep, nested, own_original
from casefile.core.inert import inert
from casefile.core.model import Original

MAX_RTF = 2 * 1024 * 1024  # a body kept only as compressed RTF is read up to this size
_ATTACH_PREFIX = "__attach_version1.0_#"


class Item(Protocol):
    """One file read by the dispatcher: its original bytes and what it says."""

    @property
    def original(self) -> Original: ...

    @property
    def content(self) -> FileText: ...


Extract = Callable[[str, bytes], Item]
"""The dispatcher that reads a file of any kind by its name (``files.extract``)."""


def msg_file(data: bytes, name: str, extract: Extract) -> FileText:
    """An Outlook .msg file: the message as text, its attachments (read by ``extract``) as
    parts."""
    with nested(name):
        _check_directory(data, name)
        message = _open(data, name)
        try:
            return _message_text(message, name, extract)
        finally:
            message.close()


def _check_directory(data: bytes, name: str) -> None:
    """Count the attachments in the compound file before extract-msg reads any of them."""
    import olefile

    if not data.startswith(olefile.MAGIC) or len(data) < olefile.MINIMAL_OLEFILE_SIZE:
        raise CaptureError(f"{name} is not an Outlook message (not a compound file).")
    try:
        ole = olefile.OleFileIO(data)
    except Exception:  # olefile raises several kinds of error on a damaged directory
        raise CaptureError(f"{name} is damaged; its directory cannot be read.") from None
    try:
        top = {entry[0] for entry in ole.listdir(streams=True, storages=True)}
    finally:
        ole.close()
    if sum(1 for entry in top if entry.startswith(_ATTACH_PREFIX)) > MAX_PARTS:
        raise CaptureError(
            f"{name} has more than {MAX_PARTS:,} attachments; casefile takes up to "
            f"{MAX_PARTS:,} from one message."
        )


def _open(data: bytes, name: str) -> Any:
    import extract_msg

    try:
        return extract_msg.openMsg(data, strict=False)
    except RecursionError:
        raise CaptureError(f"{name} is nested too deeply to read; it was not added.") from None
    except Exception as err:  # extract-msg raises many kinds of error on a damaged file
        raise CaptureError(
            f"{name} is damaged or not an Outlook message ({_short(err)})."
        ) from None


def _message_text(message: Any, name: str, extract: Extract) -> FileText:
    subject = _clean(_safe(lambda: message.subject))
    sender = _clean(_safe(lambda: message.sender))
    sent = _safe(lambda: message.date)
    header_lines = [
        f"{label}: {value}"
        for label, value in (
            ("From", sender),
            ("To", _clean(_safe(lambda: message.to))),
            ("Cc", _clean(_safe(lambda: message.cc))),
            ("Date", _when(sent)),
            ("Subject", subject),
        )
        if value
    ]
    budget = TextBudget(name)
    about = f"Attachment of the Outlook message '{inert(subject or name)}' ({inert(name)})"
    parts: list[Part] = []
    lines: list[str] = []
    for attachment in _safe(lambda: list(message.attachments)) or []:
        line, found = _attachment(attachment, about, extract)
        lines.append(line)
        for part in found:
            budget.take(part.content.text)
            parts.append(part)
    sections = ["\n".join(header_lines), _body(message)]
    if lines:
        sections.append("Attachments:\n" + "\n".join(lines))
    text = "\n\n".join(s for s in sections if s)
    budget.take(text)
    published = (
        sent.astimezone(dt.UTC).date().isoformat() if isinstance(sent, dt.datetime) else None
    )
    return FileText(text, title=subject, author=sender, published=published, parts=tuple(parts))


def _body(message: Any) -> str:
    """The plain-text body; else the HTML body as text; else a small RTF body as text."""
    plain = _safe(lambda: message.getStringStream("__substg1.0_1000"))
    if isinstance(plain, str) and plain.strip():
        return plain.replace("\r\n", "\n").rstrip("\0")
    html = _safe(lambda: message.getStream("__substg1.0_10130102"))
    if isinstance(html, bytes) and html.strip():
        return html_to_text(html).text
    rtf = _safe(lambda: message.compressedRtf)
    if isinstance(rtf, bytes) and len(rtf) >= 16 and int.from_bytes(rtf[4:8], "little") <= MAX_RTF:
        body = _safe(lambda: message.body)
        if isinstance(body, str):
            return body.replace("\r\n", "\n")
    return ""


def _attachment(attachment: Any, about: str, extract: Extract) -> tuple[str, list[Part]]:
    """The attachment's line in the message text, and the sources it gives."""
    label = _attachment_name(attachment)
    data = _safe(lambda: attachment.data)
    if data is not None and not isinstance(data, bytes):  # an attached message
        data = _safe(lambda: data.exportBytes(allowBadEmbed=True))
        label = label if label.lower().endswith(".msg") else f"{label}.msg"
    if not isinstance(data, bytes):
        return f"- {label} (not stored: a link or a kind casefile cannot read)", []
    try:
        item = extract(label, data)
    except TooDeep:
        raise
    except CaptureError as err:
        note = f"{about}. Its text could not be read: {err}"
        kept = Part(label, FileText(None, title=label, note=note),
                    own_original(data, media_type_of(label, data)), label)  # fmt: skip
        return f"- {label} ({human_size(len(data))}, stored without text)", [kept]
    note = about + "." + (f" {item.content.note}" if item.content.note else "")
    own = replace(item.content, note=note, parts=())
    found = (
        [Part(label, own, item.original, label)]
        if own.text is not None or not item.content.parts
        else []
    )
    for inner in item.content.parts:  # a message or archive attached: its parts come along
        found.append(replace(inner, original=inner.original or item.original,
                             file_name=inner.file_name or label))  # fmt: skip
    return f"- {label} ({item.original.media_type}, {human_size(len(data))})", found


def _attachment_name(attachment: Any) -> str:
    for attribute in ("longFilename", "shortFilename", "displayName", "name"):
        value = _clean(_safe(lambda a=attribute: getattr(attachment, a, None)))
        if value:
            return value.replace("/", "_").replace("\\", "_")
    return "attachment"


def _safe(read: Any) -> Any:
    """A property extract-msg computes on demand; None when the file makes it fail."""
    try:
        return read()
    except (TooDeep, RecursionError, MemoryError):
        raise
    except Exception:
        return None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.replace("\0", "").strip()
    return text or None


def _when(value: object) -> str | None:
    if not isinstance(value, dt.datetime):
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.strftime("%Y-%m-%d %H:%M UTC")


def _short(err: Exception) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 120 else text[:119] + "…"


__all__ = ["msg_file"]
