"""A file whose bytes match a source's recorded SHA-256 becomes that source's original."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from casefile.core.model import Source
from casefile.storage import open_case

ARTICLE = b"<html><body><h1>Harbour</h1><p>The harbour master signed.</p></body></html>"


def _package(tmp_path: Path) -> Path:
    """A package with the article's hash and text, but not the file's bytes."""
    data = {
        "format": "casefile-package",
        "version": 1,
        "case": {"title": "Harbour"},
        "sources": [
            {"id": "s-article", "kind": "web", "title": "Harbour article",
             "text": "Harbour\n\nThe harbour master signed.",
             "sha256": hashlib.sha256(ARTICLE).hexdigest()},
        ],
        "snippets": [{"id": "n1", "source": "s-article", "text": "harbour master",
                      "offset": [13, 27]}],
    }  # fmt: skip
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "casefile", *args], capture_output=True, text=True)


def test_adding_the_article_file_stores_it_as_the_sources_original(tmp_path: Path) -> None:
    """casefile add of the very file: stored on s-article, said so, logged, check passes."""
    case = tmp_path / "c.casefile"
    assert run("import", str(case), str(_package(tmp_path))).returncode == 0
    article = tmp_path / "article.html"
    article.write_bytes(ARTICLE)
    out = run("add", str(case), str(article))
    assert out.returncode == 0, out.stderr
    assert "now kept as that source's original" in out.stdout
    with open_case(case, read_only=True) as opened:
        assert opened.count("source") == 1
        original = opened.store.original(hashlib.sha256(ARTICLE).hexdigest())
        assert original is not None and original.data == ARTICLE
        source = opened.get("source", "s-article")
        assert isinstance(source, Source)
        assert (source.file_name, source.size) == ("article.html", len(ARTICLE))
        assert source.text == "Harbour\n\nThe harbour master signed."  # kept as it was
        assert opened.history(limit=1)[0].action == "Add file"
    assert run("check", str(case)).returncode == 0
    again = run("add", str(case), str(article))
    assert "already in the case" in again.stdout


def test_attaching_is_one_undo_step(tmp_path: Path, new_case) -> None:  # type: ignore[no-untyped-def]
    """Undo takes the attached original's details off the source again."""
    from casefile.capture.stream import FileStream
    from casefile.storage.package import import_package, read_package

    import_package(new_case, read_package(_package(tmp_path)))
    before = new_case.get("source", "s-article")
    article = tmp_path / "article.html"
    article.write_bytes(ARTICLE)
    stream = FileStream([article], new_case)
    try:
        change = new_case.execute(stream.command())
    finally:
        stream.close()
    assert new_case.has_original(hashlib.sha256(ARTICLE).hexdigest())
    new_case.revert(change)
    assert new_case.get("source", "s-article") == before
