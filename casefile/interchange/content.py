"""Every record of a case, read out by the caller, as the exporters take it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from casefile.core.model import (
    CaseInfo,
    Claim,
    Entity,
    Kind,
    Record,
    Relationship,
    Snippet,
    Source,
)


class RecordReader(Protocol):
    """What reading a whole case needs (``case.store`` of an open case has it)."""

    def all(self, kind: Kind) -> Iterator[Record]: ...


OriginalBytes = Callable[[str], bytes | None]


@dataclass(frozen=True)
class CaseRecords:
    """The case details and every record, grouped by kind, in storage order."""

    info: CaseInfo
    entities: tuple[Entity, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    sources: tuple[Source, ...] = ()
    snippets: tuple[Snippet, ...] = ()
    claims: tuple[Claim, ...] = ()

    @classmethod
    def read(cls, info: CaseInfo, store: RecordReader) -> CaseRecords:
        """Read every record from a store."""
        return cls(
            info,
            tuple(r for r in store.all("entity") if isinstance(r, Entity)),
            tuple(r for r in store.all("relationship") if isinstance(r, Relationship)),
            tuple(r for r in store.all("source") if isinstance(r, Source)),
            tuple(r for r in store.all("snippet") if isinstance(r, Snippet)),
            tuple(r for r in store.all("claim") if isinstance(r, Claim)),
        )
