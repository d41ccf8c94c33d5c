"""Text folding for search: case- and accent-insensitive Latin, CJK as overlapping bigrams."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

_CJK_RANGES = (
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x3134F),  # Extensions B–G
)


def is_cjk(char: str) -> bool:
    """True for Chinese, Japanese and Korean characters that are written without spaces."""
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def fold_char(char: str) -> str:
    """One character case-folded with its accents removed (may be empty or several chars)."""
    decomposed = unicodedata.normalize("NFKD", char)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def index_text(text: str | None) -> str:
    """The form stored in the full-text index: each run of CJK becomes its bigrams."""
    if not text:
        return ""
    out: list[str] = []
    run: list[str] = []
    for char in text:
        if is_cjk(char):
            run.append(char)
            continue
        if run:
            out.append(_cjk_tokens(run))
            run = []
        out.append(char)
    if run:
        out.append(_cjk_tokens(run))
    return "".join(out)


def _cjk_tokens(run: list[str]) -> str:
    if len(run) == 1:
        return f" {run[0]} "
    return " " + " ".join(a + b for a, b in itertools.pairwise(run)) + " "


@dataclass(frozen=True)
class Term:
    """One piece of a user query: a word or phrase, possibly excluded or a prefix."""

    text: str
    exclude: bool = False
    prefix: bool = False


# Bounds on a query, so a pasted megabyte cannot freeze the search box: FTS5 time grows with
# terms x phrase length x matches (a 170-word query against 1 MB texts took 37 s).
MAX_QUERY_CHARS = 1_000
MAX_TERMS = 12
MAX_TERM_CHARS = 64
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


MIN_PREFIX_CHARS = 1
"""Typed prefixes this long already match as prefixes: the index keeps one- and two-letter
prefixes (``prefix = '1 2'``), so even ``b`` costs milliseconds on a large case."""


def parse_query(query: str, prefix_last: bool = False) -> tuple[list[Term], bool]:
    """Split a user query into terms; return (terms, any_or) — ``OR`` joins alternatives.

    Quotes make a phrase, a leading ``-`` or ``NOT`` excludes, ``AND`` is implied between
    terms. Nothing the user types is passed to FTS5 as syntax.
    """
    terms: list[Term] = []
    any_or = False
    negate_next = False
    query = query[:MAX_QUERY_CHARS]  # a pasted megabyte must not freeze the search box
    for match in _TOKEN.finditer(query):
        if match.group(2) is not None:
            text, exclude, quoted = match.group(2), bool(match.group(1)), True
        else:
            word = match.group(3)
            if word == "AND":
                continue
            if word == "OR":
                any_or = True
                continue
            if word == "NOT":
                negate_next = True
                continue
            exclude = word.startswith("-") and len(word) > 1
            text, quoted = (word[1:] if exclude else word), False
        words = _words(text[:MAX_TERM_CHARS])
        term = Term(" ".join(words), exclude or negate_next, prefix=not quoted)
        negate_next = False
        if words and term not in terms:  # a repeated word adds nothing but work
            terms.append(term)
        if len(terms) >= MAX_TERMS:
            break
    if terms and prefix_last is False:
        terms = [Term(t.text, t.exclude, False) for t in terms]
    elif terms:
        last = terms[-1]
        # Shorter than MIN_PREFIX_CHARS, a typed prefix is taken as a whole word.
        short = len(last.text) < MIN_PREFIX_CHARS and not any(is_cjk(c) for c in last.text)
        last = Term(last.text, last.exclude, last.prefix and not short)
        terms = [Term(t.text, t.exclude, False) for t in terms[:-1]] + [last]
    return terms, any_or


def _words(text: str) -> list[str]:
    """Letters and digits of a query piece, with punctuation dropped as the tokenizer does."""
    text = unicodedata.normalize("NFC", text)  # "Mu\u0308ller" (from PDFs, macOS) is "Müller"
    cleaned = "".join(c if (c.isalnum() or is_cjk(c) or _is_mark(c)) else " " for c in text)
    return cleaned.split()


def _is_mark(char: str) -> bool:
    """Combining marks belong to the word they sit on, as in the tokenizer."""
    return unicodedata.category(char).startswith("M")


def fts_expression(terms: list[Term], any_or: bool) -> str | None:
    """A safe FTS5 MATCH expression: every term is a quoted string, operators are ours."""
    positive = [t for t in terms if not t.exclude]
    negative = [t for t in terms if t.exclude]
    if not positive:
        return None
    joiner = " OR " if any_or else " AND "
    expr = joiner.join(_fts_term(t) for t in positive)
    if any_or and len(positive) > 1:
        expr = f"({expr})"
    for term in negative:
        expr += f" NOT {_fts_term(term)}"
    return expr


def _fts_term(term: Term) -> str:
    indexed = index_text(term.text).split()
    if not indexed:
        return '""'
    # A single CJK character matches the bigrams that start with it.
    single_cjk = len(term.text) == 1 and is_cjk(term.text)
    phrase = " ".join(indexed)
    quoted = '"' + phrase.replace('"', '""') + '"'
    if term.prefix or single_cjk:
        quoted += " *"
    return quoted


@dataclass(frozen=True)
class Fragment:
    """A piece of text around a hit, with the matched spans (start, end) inside it."""

    text: str
    spans: tuple[tuple[int, int], ...]


def fragment(text: str, terms: list[Term], width: int = 160) -> Fragment:
    """The part of ``text`` around the first match of any term, with every match marked."""
    folded, origin = _fold_with_map(text)
    needles = [fold for t in terms if not t.exclude for fold in [_fold(t.text)] if fold]
    found: list[tuple[int, int]] = []
    for needle in needles:
        for part in _needle_variants(needle):
            start = folded.find(part)
            while start != -1 and len(found) < 200:
                found.append((origin[start], origin[start + len(part) - 1] + 1))
                start = folded.find(part, start + len(part))
    found.sort()
    first = found[0][0] if found else 0
    begin = max(0, first - width // 3)
    end = min(len(text), begin + width)
    begin = max(0, min(begin, end - width))
    piece = text[begin:end]
    spans = tuple((s - begin, e - begin) for s, e in found if s >= begin and e <= end)
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(text) else ""
    shifted = tuple((s + len(prefix), e + len(prefix)) for s, e in _merge(spans))
    return Fragment(prefix + piece + suffix, shifted)


def _needle_variants(needle: str) -> list[str]:
    words = needle.split()
    return [needle] if len(words) > 1 and " ".join(words) == needle else words or [needle]


def _merge(spans: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _fold(text: str) -> str:
    return "".join(fold_char(c) for c in text)


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char) if char.isalpha() or char.isdigit() else char
        for piece in folded or "":
            out.append(piece)
            origin.append(index)
    return "".join(out), origin
