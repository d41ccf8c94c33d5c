"""Names made comparable, in one place: folded, split into words, legal forms known, and keys
for matching across scripts (latinised, blocked). Duplicate suggestions, the FtM export,
screening and the cross-case library all read names through this module.

Latin, Greek and Cyrillic names are transliterated by ICU (through ``normality``, part of
the ``ftm`` extra) when it is installed; Chinese becomes toneless pinyin (``中国稀土集团`` →
``zhong guo xi tu ji tuan``), so it meets a romanised spelling such as ``Zhongguo Xitu
Jituan`` through the name written without spaces. Without ICU, accents are folded and other
scripts are compared as written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import combinations
from typing import NamedTuple

from rapidfuzz import fuzz

COMPANY_FORMS = frozenset(
    [
        "ltd",
        "limited",
        "llc",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "plc",
        "sa",
        "ag",
        "gmbh",
        "bv",
        "nv",
        "srl",
        "spa",
        "oy",
        "ab",
        "kft",
        "sro",
        "pte",
        "pty",
        "lp",
        "llp",
        "sarl",
        "sas",
    ]
)
"""Legal forms that make an organisation a company (the FtM export's ``Company``)."""
LEGAL_FORMS = COMPANY_FORMS | frozenset(["co", "company", "as", "holdings", "group"])
"""Words left out when names are compared (``Keldby Shipping Ltd`` = ``Keldby Shipping``)."""
_ABBREVIATION_DOT = re.compile(r"(?<=\b\w)\.(?=\w\b)")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/.,;:()\[\]\"“”„'’`·・]+")
_WORD = re.compile(r"[^\W_]+")
_NO_NUMBERS: frozenset[str] = frozenset()
_STEM = 4


def _latinizer() -> object | None:
    try:
        from normality import latinize_text
    except ImportError:
        return None
    return latinize_text


_LATINIZE = _latinizer()


def fold(text: str) -> str:
    """Lower case without accents: ``Anja Petrović`` → ``anja petrovic``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped.replace("ß", "ss").replace("ø", "o"))


def tokens(text: str) -> tuple[str, ...]:
    """The words of a folded name; hyphens, dots and apostrophes separate or vanish."""
    squashed = _ABBREVIATION_DOT.sub("", fold(text).replace("'", "").replace("’", ""))
    return tuple(t for t in _SEPARATORS.split(squashed) if t)


@lru_cache(maxsize=200_000)
def latin(text: str) -> str:
    """Lower-case Latin letters without accents (transliterated where ICU is installed)."""
    if text.isascii():
        return text.lower()
    if _LATINIZE is not None:
        text = _LATINIZE(text) or text  # type: ignore[operator]
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class NameKey(NamedTuple):
    """A name ready to compare: its words without legal forms, numbers apart, joined form."""

    text: str
    words: tuple[str, ...]
    numbers: frozenset[str]
    compared: str
    joined: str


def name_key(text: str) -> NameKey | None:
    """The key of a name, or None for a name with no letters or digits."""
    flat = text.lower() if text.isascii() else latin(text)
    tokens = _WORD.findall(flat.replace("'", "").replace("’", ""))
    if not tokens:
        return None
    numbers = _NO_NUMBERS
    if any(t.isdigit() for t in tokens):
        numbers = frozenset(t for t in tokens if t.isdigit())
        tokens = [t for t in tokens if not t.isdigit()]
    core = tuple(t for t in tokens if t not in LEGAL_FORMS) or tuple(tokens)
    return NameKey(text, core, numbers, " ".join(core), "".join(core))


def blocking_keys(key: NameKey) -> list[str]:
    """Keys two names must share to be compared: word-stem pairs, the joined name."""
    stems = sorted({w[:_STEM] for w in key.words})
    keys = ["#" + key.joined]
    if len(stems) == 1:
        keys.append("=" + stems[0])
    elif len(stems) == 2:
        keys.append(stems[0] + "|" + stems[1])
    else:
        keys.extend(f"{a}|{b}" for a, b in combinations(stems, 2))
    return keys


def score(a: NameKey, b: NameKey) -> float:
    """How alike two names are, 0–100: word order and spacing do not matter."""
    if a.numbers != b.numbers:
        return 0.0
    if a.joined == b.joined:
        return 100.0
    sorted_score = fuzz.token_sort_ratio(a.compared, b.compared)
    joined_score = fuzz.ratio(a.joined, b.joined)
    return float(max(sorted_score, joined_score))
