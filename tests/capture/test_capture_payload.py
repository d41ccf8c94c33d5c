"""What drops and pastes carry: text, HTML with its page, links, files, Mozilla and Windows forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.capture import CaptureError, Link, read_payload


def test_plain_text_without_address_needs_a_source() -> None:
    """Words with no page address are kept exactly, and the user must choose their source."""
    dropped = read_payload({"text/plain": b"  The ship left at 6.\n"})
    assert dropped.text == "  The ship left at 6.\n"
    assert dropped.needs_source


def test_html_is_converted_and_kept_with_firefox_page_address() -> None:
    """An HTML selection becomes clean text; Firefox's page address names its source."""
    html = b"<p>Crew of <b>12</b>&amp; master.</p><script>x()</script><p>Held.</p>"
    page = "https://news.example/port\n".encode("utf-16-le")
    dropped = read_payload({"text/html": html, "text/x-moz-url-priv": page})
    assert dropped.text == "Crew of 12& master.\n\nHeld."
    assert dropped.html == html
    assert dropped.url == "https://news.example/port"
    assert not dropped.needs_source


def test_plain_text_wins_over_html_when_both_come() -> None:
    """When the application gives plain text too, those exact words are the snippet."""
    dropped = read_payload({"text/plain": b"Crew of 12", "text/html": b"<p>Crew <i>of</i> 12</p>"})
    assert dropped.text == "Crew of 12"
    assert dropped.html == b"<p>Crew <i>of</i> 12</p>"


def test_firefox_utf16_html_is_read() -> None:
    """Firefox's UTF-16 HTML (no BOM) is decoded, not shown as gibberish."""
    html = "<p>Zoë said: «no»</p>".encode("utf-16-le")
    assert read_payload({"text/html": html}).text == "Zoë said: «no»"


def test_windows_cf_html_gives_fragment_and_source_url() -> None:
    """A Windows "HTML Format" payload gives the selected fragment and its SourceURL."""
    body = b"<html><body><!--StartFragment--><p>Held at dawn.</p><!--EndFragment--></body></html>"
    head_len = 0
    for _ in range(2):
        start_html = head_len
        start_frag = start_html + body.index(b"<p>")
        end_frag = start_html + body.index(b"<!--EndFragment")
        header = (
            f"Version:0.9\r\nStartHTML:{start_html:010}\r\nEndHTML:{start_html + len(body):010}\r\n"
            f"StartFragment:{start_frag:010}\r\nEndFragment:{end_frag:010}\r\n"
            "SourceURL:https://port.example/a\r\n"
        ).encode()
        head_len = len(header)
    dropped = read_payload({'application/x-qt-windows-mime;value="HTML Format"': header + body})
    assert dropped.text == "Held at dawn."
    assert dropped.url == "https://port.example/a"
    assert dropped.html == b"<p>Held at dawn.</p>"


def test_link_drop_gives_links_with_titles() -> None:
    """A dragged link (uri-list + Mozilla URL with title) becomes a titled web link."""
    moz = "https://a.example/x\nHarbour story".encode("utf-16-le")
    dropped = read_payload(
        {
            "text/uri-list": b"https://a.example/x\r\n",
            "text/x-moz-url": moz,
            "text/plain": b"https://a.example/x",
        }
    )
    assert dropped.links == (Link("https://a.example/x", "Harbour story"),)
    assert dropped.text is None


def test_uri_list_with_several_links_and_comments() -> None:
    """A uri-list of several addresses (with # comments) gives one link each."""
    data = b"# from a browser\r\nhttps://a.example/1\r\nhttp://b.example/2\r\n"
    dropped = read_payload({"text/uri-list": data})
    assert [link.url for link in dropped.links] == ["https://a.example/1", "http://b.example/2"]


def test_netscape_url_gives_a_link() -> None:
    """An old-style _NETSCAPE_URL (url, newline, title) is understood."""
    dropped = read_payload({"_NETSCAPE_URL": b"https://c.example/\nC page"})
    assert dropped.links == (Link("https://c.example/", "C page"),)


def test_text_with_page_address_in_uri_list() -> None:
    """Words dragged together with a different page address keep that page as source."""
    dropped = read_payload(
        {"text/plain": b"Held at dawn.", "text/uri-list": b"https://port.example/a"}
    )
    assert dropped.text == "Held at dawn."
    assert dropped.url == "https://port.example/a"


def test_file_urls_become_paths() -> None:
    """file:// URLs (with escapes) become local paths."""
    data = b"file:///tmp/My%20Report.pdf\r\nfile://localhost/tmp/b.txt\r\n"
    dropped = read_payload({"text/uri-list": data, "text/plain": b"/tmp/My Report.pdf"})
    assert dropped.files == (Path("/tmp/My Report.pdf"), Path("/tmp/b.txt"))


@pytest.mark.parametrize("data", [{}, {"text/plain": b""}, {"text/plain": b"  \n "}])
def test_empty_drop_is_refused(data: dict[str, bytes]) -> None:
    """A drop with nothing in it gets a 'nothing to add' message."""
    with pytest.raises(CaptureError, match="Nothing to add"):
        read_payload(data)


def test_invalid_utf8_text_is_decoded_not_mangled() -> None:
    """Plain text that is not UTF-8 (Windows-1252) is decoded, its words intact."""
    dropped = read_payload({"text/plain": "Café crème 5€".encode("cp1252")})
    assert dropped.text == "Café crème 5€"


def test_binary_text_payload_is_refused() -> None:
    """Binary bytes posing as text/plain get a clear 'not readable text' message."""
    with pytest.raises(CaptureError, match="not readable text"):
        read_payload({"text/plain": bytes(range(256)) * 4})
