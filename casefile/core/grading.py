"""Grading scales investigators use: Admiralty reliability/credibility, ICD 203 likelihood."""

from __future__ import annotations

from typing import Final

RELIABILITY: Final[dict[str, str]] = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}

CREDIBILITY: Final[dict[int, str]] = {
    1: "Confirmed by other sources",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}

# ICD 203 expressions of likelihood with their percentage bands.
LIKELIHOOD: Final[dict[str, tuple[int, int]]] = {
    "almost no chance": (1, 5),
    "very unlikely": (5, 20),
    "unlikely": (20, 45),
    "roughly even chance": (45, 55),
    "likely": (55, 80),
    "very likely": (80, 95),
    "almost certain": (95, 99),
}

STATUSES: Final[tuple[str, ...]] = ("unverified", "supported", "disputed", "refuted")
STANCES: Final[tuple[str, ...]] = ("supports", "refutes", "context")
ENTITY_KINDS: Final[tuple[str, ...]] = ("person", "organisation", "other")
SOURCE_KINDS: Final[tuple[str, ...]] = (
    "web",
    "document",
    "file",
    "interview",
    "record",
    "other",
)


def grade(reliability: str | None, credibility: int | None) -> str:
    """The combined Admiralty grade such as ``B2``; ``?`` stands for a missing half."""
    if reliability is None and credibility is None:
        return ""
    left = reliability if reliability else "?"
    right = str(credibility) if credibility is not None else "?"
    return f"{left}{right}"


def likelihood_band(word: str | None) -> str:
    """The percentage band of an ICD 203 word, e.g. ``55–80%``; empty when not set."""
    if not word or word not in LIKELIHOOD:
        return ""
    low, high = LIKELIHOOD[word]
    return f"{low}–{high}%"


def reliability_weight(reliability: str | None) -> float:
    """How much a source's reliability should weigh (A=1.0 … E=0.2; F or none=0.4)."""
    weights = {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.4, "E": 0.2, "F": 0.4}
    return weights.get(reliability or "F", 0.4)


def credibility_weight(credibility: int | None) -> float:
    """How much a snippet's credibility should weigh (1=1.0 … 5=0.2; 6 or none=0.4)."""
    weights = {1: 1.0, 2: 0.8, 3: 0.6, 4: 0.4, 5: 0.2, 6: 0.4}
    return weights.get(credibility if credibility is not None else 6, 0.4)
