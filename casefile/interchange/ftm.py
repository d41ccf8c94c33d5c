"""FollowTheMoney basics: loading the optional library, ids, and relationship schemata.

``followthemoney`` is an optional extra (``pip install 'casefile[ftm]'``): it brings
pydantic, rdflib, SQLAlchemy, PyICU and requests, far more than the rest of casefile needs.
Importing it touches no network (a test proves it); only this module imports it.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from typing import Any

from casefile.core.errors import CaseError

INSTALL_HINT = "pip install 'casefile[ftm]'"
PREFIX = "cf"
LEGAL_ENTITY_SCHEMATA = ("Person", "Organization", "Company", "PublicBody", "LegalEntity")


class FtmMissing(CaseError):
    """The FollowTheMoney library is not installed."""


def available() -> bool:
    """Whether the optional FollowTheMoney library can be imported."""
    return importlib.util.find_spec("followthemoney") is not None


def model() -> Any:
    """The FollowTheMoney model, or a clear message saying how to install it."""
    try:
        from followthemoney import model as ftm_model
    except ImportError:
        raise FtmMissing(
            "FollowTheMoney support is not installed; install it with " + INSTALL_HINT
        ) from None
    return ftm_model


# --- ids ----------------------------------------------------------------------------------


def case_key(reference: str | None, title: str) -> str:
    """The case's reference (or title) as an id-safe word: ``OP/2025-17`` → ``OP-2025-17``."""
    word = re.sub(r"[^0-9A-Za-z_-]+", "-", reference or title or "").strip("-")
    return word[:60] or "case"


def ftm_id(key: str, ident: str) -> str:
    """The FtM id of a casefile record: ``cf.<case reference>.<casefile id>``."""
    return f"{PREFIX}.{key}.{ident}"


def casefile_id(ident: str) -> str:
    """The casefile id behind an FtM id (our own ids give back the record's id)."""
    parts = ident.split(".", 2)
    if len(parts) == 3 and parts[0] == PREFIX and parts[2]:
        return parts[2]
    return ident


# --- relationships ------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkSchema:
    """An FtM interval schema for a relationship; what its ends must be; its type property."""

    schema: str
    words: re.Pattern[str]
    source_kinds: tuple[str, ...]
    target_kinds: tuple[str, ...]
    type_property: str
    default_type: str


def _words(*words: str) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(words) + r")", re.IGNORECASE)


_ANY = ("person", "organisation", "other")
_ORG = ("organisation",)
_PERSON = ("person",)

LINK_SCHEMATA: tuple[LinkSchema, ...] = (
    LinkSchema(
        "Family",
        _words(
            "father",
            "mother",
            "son\\b",
            "daughter",
            "brother",
            "sister",
            "sibling",
            "spouse",
            "wife",
            "husband",
            "married",
            "child",
            "parent",
            "cousin",
            "uncle",
            "aunt",
            "niece",
            "nephew",
            "grand",
            "relative",
            "in-law",
            "family",
        ),
        _PERSON,
        _PERSON,
        "relationship",
        "family of",
    ),
    LinkSchema(
        "Directorship",
        _words(
            "director",
            "board",
            "chair",
            "ceo",
            "chief exec",
            "managing",
            "president",
            "secretary of",
            "officer",
        ),
        _ANY,
        _ORG,
        "role",
        "director of",
    ),
    LinkSchema(
        "Ownership",
        _words("own", "shareholder", "stake", "beneficial", "holds shares", "parent company"),
        _ANY,
        _ORG,
        "role",
        "owner of",
    ),
    LinkSchema(
        "Employment",
        _words("employ", "works for", "worked for", "works at", "worked at", "staff"),
        _PERSON,
        _ORG,
        "role",
        "employee of",
    ),
    LinkSchema("Membership", _words("member"), _ANY, _ORG, "role", "member of"),
    LinkSchema(
        "Associate",
        _words(
            "associate",
            "partner",
            "friend",
            "knows",
            "acquaint",
            "colleague",
            "advis",
            "lawyer",
            "accountant",
        ),
        _PERSON,
        _PERSON,
        "relationship",
        "associate of",
    ),
)
UNKNOWN_LINK = LinkSchema("UnknownLink", _words("$^"), _ANY, _ANY, "role", "linked to")
DEFAULT_TYPES = {link.schema: link.default_type for link in (*LINK_SCHEMATA, UNKNOWN_LINK)}
TYPE_PROPERTIES = {link.schema: link.type_property for link in (*LINK_SCHEMATA, UNKNOWN_LINK)}


_PASSIVE = re.compile(r"\b\w+(ed|eld|wned) by\b", re.IGNORECASE)


def is_passive(rel_type: str) -> bool:
    """``owned by``, ``employed by``: the relationship's target is the FtM edge's source."""
    return _PASSIVE.search(rel_type) is not None


def link_schema(rel_type: str, source_kind: str, target_kind: str) -> LinkSchema:
    """The FtM schema for a relationship of this type between entities of these kinds.

    For a passive type (``owned by``) the kinds are checked the other way round, as the
    FtM edge runs from the owner to what is owned.
    """
    if is_passive(rel_type):
        source_kind, target_kind = target_kind, source_kind
    for link in LINK_SCHEMATA:
        if (
            link.words.search(rel_type)
            and source_kind in link.source_kinds
            and target_kind in link.target_kinds
        ):
            return link
    return UNKNOWN_LINK
