"""casefile import: conflicting evidence refused whole, --as-new, --dry-run, no-op imports."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ARTICLE = (
    "Harbour Authority names new director. The appointment was described as a normal "
    "personnel arrangement by the ministry. Critics said the normal personnel arrangement "
    "hid a payment. " * 3
)
QUOTES = ("normal personnel arrangement", "Harbour Authority", "payment", "ministry")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "casefile", *args], capture_output=True, text=True)


def article_package() -> dict[str, Any]:
    """One news article (text and hash) with 14 quotes at exact offsets."""
    found = sorted(
        (start, words)
        for words in QUOTES
        for start in range(len(ARTICLE))
        if ARTICLE.startswith(words, start)
    )
    snippets = [
        {"id": f"n{number}", "source": "s1", "text": words, "offset": [start, start + len(words)]}
        for number, (start, words) in enumerate(found[:14])
    ]
    return {
        "format": "casefile-package",
        "version": 1,
        "case": {"title": "Harbour"},
        "sources": [
            {"id": "s1", "kind": "web", "title": "Harbour Authority names new director",
             "url": "https://news.example/harbour", "text": ARTICLE,
             "sha256": hashlib.sha256(ARTICLE.encode()).hexdigest()},
        ],
        "snippets": snippets,
        "claims": [
            {"id": "c1", "statement": "The director was paid.",
             "evidence": [{"snippet": "n2", "stance": "supports"}]},
        ],
    }  # fmt: skip


def other_package() -> dict[str, Any]:
    """A package made elsewhere whose first source also has the id s1 (no text)."""
    return {
        "format": "casefile-package",
        "version": 1,
        "case": {"title": "Elsewhere"},
        "sources": [
            {"id": "s1", "kind": "record", "title": "Company register extract",
             "text": None, "sha256": "ab" * 32},
        ],
        "snippets": [{"id": "x1", "source": "s1", "text": "Director since 2019"}],
    }  # fmt: skip


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def imported_case(tmp_path: Path) -> Path:
    case = tmp_path / "harbour.casefile"
    out = run("import", str(case), str(write(tmp_path / "article.json", article_package())))
    assert out.returncode == 0, out.stderr
    return case


def test_a_package_that_would_rewrite_a_source_is_refused_naming_id_and_fields(
    tmp_path: Path,
) -> None:
    """The reproduction: a second package reusing s1 is refused; the case file is untouched."""
    case = imported_case(tmp_path)
    before = case.read_bytes()
    out = run("import", str(case), str(write(tmp_path / "other.json", other_package())))
    assert out.returncode == 1
    assert "source s1: text, sha256" in out.stderr and "--as-new" in out.stderr
    assert case.read_bytes() == before
    assert run("check", str(case)).returncode == 0


def test_as_new_keeps_both_sources_and_the_case_passes_check(tmp_path: Path) -> None:
    """With --as-new the other source and its quote arrive under new ids; s1 is unchanged."""
    from casefile.core.model import Snippet, Source
    from casefile.storage import open_case

    case = imported_case(tmp_path)
    out = run("import", str(case), str(write(tmp_path / "o.json", other_package())), "--as-new")
    assert out.returncode == 0, out.stderr
    assert "under new ids" in out.stdout
    assert run("check", str(case)).returncode == 0
    with open_case(case, read_only=True) as opened:
        sources = {s.id: s for s in opened.store.all("source")}
        assert isinstance(sources["s1"], Source) and sources["s1"].text == ARTICLE
        (new_id,) = set(sources) - {"s1"}
        assert sources[new_id].title == "Company register extract"
        quote = opened.get("snippet", "x1")
        assert isinstance(quote, Snippet) and quote.source == new_id
        assert opened.count("snippet") == 15


def test_dry_run_previews_and_leaves_the_file_byte_for_byte(tmp_path: Path) -> None:
    """--dry-run names additions, field-by-field updates and conflicts, and writes nothing."""
    case = imported_case(tmp_path)
    before = case.read_bytes()
    changed = article_package()
    changed["sources"][0]["title"] = "Harbour Authority names a new director"
    changed["sources"].append(other_package()["sources"][0] | {"id": "s2"})
    out = run("import", str(case), str(write(tmp_path / "c.json", changed)), "--dry-run")
    assert out.returncode == 0, out.stderr
    assert "would add: 1 source" in out.stdout
    assert "source s1: title:" in out.stdout and "unchanged: 15 records" in out.stdout
    conflict = run("import", str(case), str(write(tmp_path / "o.json", other_package())),
                   "--dry-run")  # fmt: skip
    assert "conflicts: 1" in conflict.stdout and "source s1: text, sha256" in conflict.stdout
    assert case.read_bytes() == before


def test_reimporting_an_unchanged_package_writes_nothing(tmp_path: Path) -> None:
    """The same package again: no history entry, no growth, the file byte for byte as it was."""
    case = imported_case(tmp_path)
    before = case.read_bytes()
    for _ in range(3):
        out = run("import", str(case), str(tmp_path / "article.json"))
        assert out.returncode == 0 and out.stdout.startswith("nothing to import"), out.stderr
    assert case.read_bytes() == before


def test_every_changed_quote_is_named(tmp_path: Path) -> None:
    """A package changing the words of all 14 quotes names each of them."""
    case = imported_case(tmp_path)
    data = article_package()
    for snippet in data["snippets"]:
        snippet["text"] = snippet["text"].upper()
        snippet.pop("offset")
    out = run("import", str(case), str(write(tmp_path / "u.json", data)))
    assert out.returncode == 1 and "14 records have the id of evidence" in out.stderr
    assert out.stderr.count("snippet n") == 14
