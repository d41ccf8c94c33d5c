"""A snippet as text for other applications: the exact quote with a short citation."""

from __future__ import annotations

from collections.abc import Sequence

from casefile.core.model import Snippet, Source


def short_citation(snippet: Snippet, source: Source | None) -> str:
    """``Title, p. 4, https://…, retrieved 2025-04-17`` (the parts that are known)."""
    parts: list[str] = []
    if source is not None:
        parts.append(source.title)
    if snippet.location:
        parts.append(snippet.location)
    if source is not None:
        if source.url:
            parts.append(source.url)
        elif source.file_name and source.file_name != source.title:
            parts.append(source.file_name)
        if source.retrieved:
            parts.append(f"retrieved {source.retrieved[:10]}")
    return ", ".join(parts) or "source unknown"


def quote_with_citation(snippet: Snippet, source: Source | None) -> str:
    """The snippet's words, unaltered, in quotation marks, then a line with its citation."""
    return f"“{snippet.text}”\n— {short_citation(snippet, source)}"


def quotes_with_citations(pairs: Sequence[tuple[Snippet, Source | None]]) -> str:
    """Several quotes with citations, separated by blank lines."""
    return "\n\n".join(quote_with_citation(snippet, source) for snippet, source in pairs)


__all__ = ["quote_with_citation", "quotes_with_citations", "short_citation"]
