"""A case as FollowTheMoney entities (JSON lines), made and checked with the library itself.

People → ``Person``; organisations → ``Company`` (a legal form in the name, a ``company``
tag, or owned by someone in the case) else ``Organization``; other actors → ``LegalEntity``;
relationships → ``Family``/``Directorship``/``Ownership``/``Employment``/``Membership``/
``Associate``, else ``UnknownLink``, keeping the casefile type in ``role``/``relationship``;
sources → ``Document`` or the subtype its file is (``Pages``, ``HyperText``, ``PlainText``,
``Image``, ``Email``); snippets and claims → ``Note`` on the entities they name; each
evidence link → ``Documentation`` of the claim by the snippet's source. Every id is
``cf.<case reference>.<casefile id>``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import IO, Any

from casefile.core import grading
from casefile.core.model import Claim, Entity, Relationship, Snippet, Source
from casefile.core.names import COMPANY_FORMS, tokens
from casefile.interchange import ftm
from casefile.interchange.content import CaseRecords, OriginalBytes


def entities(records: CaseRecords, originals: OriginalBytes | None = None) -> list[Any]:
    """Every record of the case as FtM entity proxies, sorted by id."""
    exporter = _Exporter(records, originals)
    proxies = list(exporter.all())
    proxies.sort(key=lambda proxy: proxy.id)
    return proxies


def write_lines(records: CaseRecords, handle: IO[str], originals: OriginalBytes | None) -> int:
    """Write the case as FtM JSON lines; return how many entities were written."""
    count = 0
    for proxy in entities(records, originals):
        handle.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


def company_ids(records: CaseRecords) -> set[str]:
    """Organisations exported as ``Company``: a legal form, a ``company`` tag, or owned."""
    found = set()
    for entity in records.entities:
        if entity.kind != "organisation":
            continue
        words = set(tokens(entity.name))
        if words & COMPANY_FORMS or "company" in {t.casefold() for t in entity.tags}:
            found.add(entity.id)
    kinds = {e.id: e.kind for e in records.entities}
    for rel in records.relationships:
        link = _link(rel, kinds)
        if link.schema == "Ownership":
            found.add(rel.source if ftm.is_passive(rel.type) else rel.target)
    return found


def _link(rel: Relationship, kinds: dict[str, str]) -> ftm.LinkSchema:
    return ftm.link_schema(rel.type, kinds.get(rel.source, "other"), kinds.get(rel.target, "other"))


class _Exporter:
    def __init__(self, records: CaseRecords, originals: OriginalBytes | None) -> None:
        self.records = records
        self.model = ftm.model()
        self.key = ftm.case_key(records.info.reference, records.info.title)
        self.originals = originals
        self.companies = company_ids(records)
        self.kinds = {e.id: e.kind for e in records.entities}
        self.sources = {s.id: s for s in records.sources}
        self.snippets = {s.id: s for s in records.snippets}

    def id(self, ident: str) -> str:
        return ftm.ftm_id(self.key, ident)

    def make(self, schema: str, ident: str, **values: Any) -> Any:
        proxy = self.model.make_entity(schema)
        proxy.id = self.id(ident)
        for prop, value in values.items():
            if value is None or value == () or value == "":
                continue
            proxy.add(prop, list(value) if isinstance(value, tuple | list) else value)
        return proxy

    def all(self) -> Iterator[Any]:
        for entity in self.records.entities:
            yield self.entity(entity)
        for rel in self.records.relationships:
            yield self.relationship(rel)
        for source in self.records.sources:
            yield self.source(source)
        for snippet in self.records.snippets:
            yield self.snippet(snippet)
        for claim in self.records.claims:
            yield self.claim(claim)
            yield from self.evidence(claim)

    def entity(self, entity: Entity) -> Any:
        if entity.kind == "person":
            schema = "Person"
        elif entity.kind == "organisation":
            schema = "Company" if entity.id in self.companies else "Organization"
        else:
            schema = "LegalEntity"
        return self.make(
            schema,
            entity.id,
            name=entity.name,
            alias=entity.aliases,
            description=entity.description,
            notes=entity.notes,
            keywords=entity.tags,
        )

    def relationship(self, rel: Relationship) -> Any:
        link = _link(rel, self.kinds)
        schema = self.model.get(link.schema)
        first, second = (
            (rel.target, rel.source) if ftm.is_passive(rel.type) else (rel.source, rel.target)
        )
        if link.schema == "UnknownLink":
            first, second = rel.source, rel.target
        values: dict[str, Any] = {
            schema.edge_source: self.id(first),
            schema.edge_target: self.id(second),
            link.type_property: rel.type,
            "startDate": rel.start,
            "endDate": rel.end,
            "description": rel.notes,
            "proof": self._proofs(rel.evidence),
        }
        proxy = self.make(link.schema, rel.id)
        for prop, value in values.items():
            if value:
                proxy.add(prop, value)
        return proxy

    def _proofs(self, snippet_ids: tuple[str, ...]) -> list[str]:
        found = [self.snippets[s].source for s in snippet_ids if s in self.snippets]
        return [self.id(s) for s in dict.fromkeys(found) if s is not None]

    def source(self, source: Source) -> Any:
        summary = []
        if source.reliability:
            summary.append(
                f"Reliability {source.reliability} ({grading.RELIABILITY[source.reliability]})."
            )
        if source.sha256:
            summary.append(f"SHA-256 of the captured original: {source.sha256}.")
        return self.make(
            document_schema(source),
            source.id,
            title=source.title,
            fileName=source.file_name or source.title,
            sourceUrl=source.url,
            author=source.author,
            publisher=source.publisher,
            publishedAt=source.published,
            retrievedAt=source.retrieved,
            mimeType=source.media_type,
            fileSize=str(source.size) if source.size is not None else None,
            contentHash=self._sha1(source.sha256),
            bodyText=source.text,
            notes=source.notes,
            summary=" ".join(summary),
        )

    def _sha1(self, sha256: str | None) -> str | None:
        """Aleph addresses files by SHA-1: the hash of the same original bytes."""
        if sha256 is None or self.originals is None:
            return None
        data = self.originals(sha256)
        return hashlib.sha1(data).hexdigest() if data is not None else None

    def snippet(self, snippet: Snippet) -> Any:
        source = self.sources.get(snippet.source or "")
        parts = []
        if snippet.credibility is not None or (source and source.reliability):
            grade = grading.grade(source.reliability if source else None, snippet.credibility)
            parts.append(f"Grade {grade}.")
        if snippet.date:
            parts.append(f"Reports on {snippet.date}.")
        if snippet.location:
            parts.append(f"Location: {snippet.location}.")
        if source is not None:
            parts.append(f"Quoted from: {source.title}.")
        return self.make(
            "Note",
            snippet.id,
            name=_short(snippet.text),
            description=snippet.text,
            entity=[self.id(e) for e in snippet.entities],
            proof=self.id(source.id) if source else None,
            sourceUrl=source.url if source else None,
            retrievedAt=snippet.captured,
            summary=" ".join(parts),
            notes=snippet.notes,
            keywords=snippet.tags,
        )

    def claim(self, claim: Claim) -> Any:
        parts = [f"Claim, status {claim.status}."]
        if claim.likelihood:
            low, high = grading.LIKELIHOOD[claim.likelihood]
            parts.append(f"Likelihood: {claim.likelihood} ({low}–{high} %).")
        if claim.claimant:
            parts.append(f"Claimant: {claim.claimant}.")
        for stance in grading.STANCES:
            count = sum(1 for link in claim.evidence if link.stance == stance)
            if count:
                parts.append(f"Evidence {stance}: {count}.")
        proofs = self._proofs(tuple(link.snippet for link in claim.evidence))
        return self.make(
            "Note",
            claim.id,
            name=_short(claim.statement),
            description=claim.statement,
            entity=[self.id(e) for e in claim.subjects],
            proof=proofs,
            summary=" ".join(parts),
            notes=claim.notes,
            keywords=claim.tags,
        )

    def evidence(self, claim: Claim) -> Iterator[Any]:
        for link in claim.evidence:
            snippet = self.snippets.get(link.snippet)
            if snippet is None:
                continue
            ident = f"{claim.id}.evidence.{snippet.id}"
            description = f"{link.stance}: {snippet.text}"
            if snippet.source is not None:
                yield self.make(
                    "Documentation",
                    ident,
                    document=self.id(snippet.source),
                    entity=self.id(claim.id),
                    role=link.stance,
                    description=description,
                    summary=link.note,
                )
            else:
                yield self.make(
                    "UnknownLink",
                    ident,
                    subject=self.id(snippet.id),
                    object=self.id(claim.id),
                    role=link.stance,
                    description=description,
                    summary=link.note,
                )


def document_schema(source: Source) -> str:
    """The FtM document schema that fits a source's captured file (or its kind)."""
    media = (source.media_type or "").lower()
    if media == "application/pdf":
        return "Pages"
    if media.startswith("text/html") or media == "application/xhtml+xml":
        return "HyperText"
    if media.startswith("text/"):
        return "PlainText"
    if media.startswith("image/"):
        return "Image"
    if media == "message/rfc822":
        return "Email"
    return "HyperText" if source.kind == "web" and not media else "Document"


def _short(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
