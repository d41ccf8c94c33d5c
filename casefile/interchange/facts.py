"""Facts about a case's person or organisation that screening weighs: birth date, countries.

casefile keeps no birth-date field; these facts are read from lines of the entity's notes
(or description) such as ``Birth date: 1961-02-03`` or ``Nationality: ru`` — the form an
FtM import writes them in, and the form an investigator can type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from casefile.core.model import Entity

_LINE = re.compile(
    r"^\s*(birth ?date|date of birth|dob|born|nationality|citizenship|country|jurisdiction)"
    r"\s*:\s*(.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class Facts:
    """The entity's name, birth date (partial, if known) and country codes."""

    name: str
    birth: str | None = None
    countries: frozenset[str] = frozenset()


def case_facts(entity: Entity) -> Facts:
    """Read the facts an entity's notes and description state."""
    birth = None
    countries: set[str] = set()
    for text in (entity.notes, entity.description):
        for label, value in _LINE.findall(text or ""):
            label = label.lower()
            if label in ("birth date", "birthdate", "date of birth", "dob", "born"):
                found = _DATE.search(value)
                if found and birth is None:
                    birth = found.group(0)
            else:
                code = country_code(value)
                if code:
                    countries.add(code)
    return Facts(entity.name, birth, frozenset(countries))


def country_code(value: str) -> str | None:
    """``ru``, ``ru (Russia)``, ``Russia`` or ``Russian Federation`` → ``ru``."""
    from followthemoney.types import registry

    head = value.split("(")[0].strip()
    cleaned = registry.country.clean(head)
    return str(cleaned) if cleaned else None


def dates_agree(ours: str, theirs: str) -> bool:
    """Whether two dates can be the same day: one is a prefix of the other (``1961``)."""
    theirs = theirs[:10]
    return theirs.startswith(ours) or ours.startswith(theirs)
