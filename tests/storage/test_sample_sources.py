"""The sample case's sources come from resources/sample, byte for byte."""

from __future__ import annotations

import hashlib
from importlib import resources

from casefile.storage import sample

# The quotes of the sample case are offsets into these texts: a changed byte moves them.
SHIPPED = {
    "registry-annual-return-2023.txt": "2700593ebb57c13d23e77e2ac5e2baec4b40682ef6a85731e6f731918603a5cb",
    "keldby-manifest-2024-03.txt": "337dd29b0db99061decca9f159c4d2a8397fda787a964c9627dcc1c624a553d6",
    "interview-greaves-2024-05-06.txt": "6abaf62693b6901bc12cc77b37c5884018edc5ac2350362f41ca0c96a1527c77",
    "northern-ledger-2024-04-02.txt": "86960038b337de95c8cd42ae6cda3a24ed409d8a4662ac5a95600851cb6131f6",
}


def test_sample_source_texts_are_the_shipped_files_unchanged() -> None:
    """Each shipped source text has its recorded SHA-256, and the sample's sources hold it."""
    folder = resources.files("casefile.resources") / "sample"
    texts = {source.text for source in sample.SOURCES}
    for name, digest in SHIPPED.items():
        data = (folder / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name
        assert data.decode("utf-8") in texts
    manifest = next(s for s in sample.SOURCES if s.id == "s-manifest")
    assert manifest.sha256 == SHIPPED[manifest.file_name or ""]


def test_every_sample_quote_is_found_at_its_offsets() -> None:
    """The sample's snippets quote their source texts exactly where their offsets say."""
    texts = {source.id: source.text or "" for source in sample.SOURCES}
    for snippet in map(sample._snippet, sample._SNIPPETS):
        assert snippet.offset is not None
        start, end = snippet.offset
        assert texts[snippet.source or ""][start:end] == snippet.text
