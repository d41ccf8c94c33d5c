"""Word (.docx) text with python-docx, after the zip is checked: no bombs, bounded work."""

from __future__ import annotations

import io
import zipfile

from casefile.capture.filetext import FileText, short_error
from casefile.capture.limits import MB, CaptureError, checkpoint, human_size
from casefile.capture.proposals import from_docx
from casefile.core.inert import inert

MAX_MEMBERS = 10_000  # parts in one package (a real document has dozens)
MAX_PART = 64 * MB  # unpacked size of any one part: word/document.xml of a 1,000-page report
MAX_TOTAL = 256 * MB  # unpacked size of all parts together (pictures included)
_CHUNK = MB
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _R, _LINK = f"{_W}p", f"{_W}tbl", f"{_W}r", f"{_W}hyperlink"


def docx_file(data: bytes, name: str) -> FileText:
    """A Word document: the text of its paragraphs and tables, in order.

    Before python-docx parses anything, every part's declared and actual unpacked size is
    checked against the limits (python-docx would inflate whatever it is given). Paragraphs
    without runs cost nothing, and the walk stops at once when the capture is cancelled.
    """
    check_package(data, name)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for count, block in enumerate(document.element.body.iterchildren()):
            if not count % 10_000:
                checkpoint()
            if block.tag == _P:
                empty = block.find(_R) is None and block.find(_LINK) is None
                lines.append("" if empty else block.text)
            elif block.tag == _TBL:
                table = Table(block, document)
                lines.extend("\t".join(cell.text for cell in row.cells) for row in table.rows)
        props = document.core_properties
        title, author = (props.title or "").strip(), (props.author or "").strip()
        proposal = from_docx(props.title, props.author, props.created)
    except CaptureError:
        raise
    except Exception as err:  # a damaged zip or XML raises many kinds of error
        message = f"{name} is damaged or not really a Word document ({short_error(err)})."
        raise CaptureError(message) from None
    text = "\n".join(lines)
    return FileText(text, title=title or None, author=author or None, proposal=proposal)


def check_package(data: bytes, name: str) -> None:
    """Refuse a zip whose parts are too many, or unpack (as declared or in fact) too large."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            if len(members) > MAX_MEMBERS:
                raise CaptureError(
                    f"{name} holds {len(members):,} parts; a Word document has far fewer. "
                    "It was not added (a crafted file?)."
                )
            declared = 0
            for member in members:
                _check_size(name, member.filename, member.file_size, "declares")
                declared += member.file_size
                if declared > MAX_TOTAL:
                    raise CaptureError(_too_big(name, "declares", declared, MAX_TOTAL))
            actual = 0
            for member in members:
                actual += _unpacked_size(package, member, name, MAX_TOTAL - actual)
    except CaptureError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as err:
        message = f"{name} is damaged or not really a Word document ({err})."
        raise CaptureError(message) from None
    except (EOFError, ValueError, RuntimeError) as err:  # zlib and zipfile on broken data
        message = f"{name} is damaged or not really a Word document ({err})."
        raise CaptureError(message) from None


def _unpacked_size(package: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, room: int) -> int:
    """Inflate one part in chunks, counting; refuse as soon as it passes a limit."""
    size = 0
    limit = min(MAX_PART, room)
    part = inert(member.filename)
    with package.open(member) as stream:
        while True:
            try:
                chunk = stream.read(_CHUNK)
            except zipfile.BadZipFile as err:  # zipfile stops at the declared size: CRC fails
                raise CaptureError(
                    f"{name} is refused: its part {part} does not unpack to what it declares "
                    f"({short_error(err)}): damaged, or a zip bomb. Nothing was added."
                ) from None
            if not chunk:
                return size
            checkpoint()
            size += len(chunk)
            if size > limit:
                what = "unpacks" if limit == MAX_PART else "together with the other parts unpacks"
                raise CaptureError(
                    f"{name} is refused: its part {part} {what} to more than "
                    f"{human_size(limit)} (a zip bomb?). Nothing was added."
                )


def _check_size(name: str, part: str, size: int, how: str) -> None:
    if size > MAX_PART:
        raise CaptureError(
            f"{name} is refused: its part {inert(part)} {how} {human_size(size)} unpacked, more than "
            f"the {human_size(MAX_PART)} casefile reads from one part (a zip bomb?). "
            "Nothing was added."
        )


def _too_big(name: str, how: str, size: int, limit: int) -> str:
    return (
        f"{name} is refused: its parts {how} {human_size(size)} unpacked, more than the "
        f"{human_size(limit)} casefile reads from one document (a zip bomb?). Nothing was added."
    )


__all__ = ["MAX_MEMBERS", "MAX_PART", "MAX_TOTAL", "check_package", "docx_file"]
