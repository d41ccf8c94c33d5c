"""The built-in sample case: a fictional investigation written for this project."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

from casefile.core.commands import Composite, PutRecords
from casefile.core.errors import CaseError
from casefile.core.model import (
    CaseInfo,
    Citation,
    Claim,
    Entity,
    EvidenceLink,
    Kind,
    Original,
    Relationship,
    Section,
    Snippet,
    Source,
)
from casefile.storage import faults
from casefile.storage.case import Case, create_case, remove_unfinished

INFO = CaseInfo(
    title="Operation Harbour Light",
    reference="HL-2024-017",
    marking="OFFICIAL-SENSITIVE",
    summary=(
        "Whether Meridian Bulk Logistics, a small bulk carrier registered in Keldby, is "
        "controlled through Dovecote Holdings by the rare-earth trader Huaxin, and whether its "
        "ships moved undeclared rare-earth concentrate through Keldby in early 2024. "
        "All people, companies and places in this case are fictional."
    ),
)

E = {
    "meridian": Entity("e-meridian", "Meridian Bulk Logistics Ltd", "organisation",
                       ("Meridian Bulk", "MBL"), "Bulk carrier with four vessels, registered in Keldby.",
                       tags=("shipping",)),
    "petrovic": Entity("e-petrovic", "Anja Petrović", "person", ("Anja Petrovic", "A. Petrović"),
                       "Managing director of Meridian Bulk Logistics since 2019."),
    "liao": Entity("e-liao", "Liao Chunsheng", "person", ("廖春生", "Chunsheng Liao"),
                   "Chairman of Huaxin Rare Earth Trading."),
    "huaxin": Entity("e-huaxin", "Huaxin Rare Earth Trading Co.", "organisation",
                     ("华鑫稀土贸易有限公司", "Huaxin Trading"),
                     "Trader in rare-earth concentrates and oxides.", tags=("rare earths",)),
    "dovecote": Entity("e-dovecote", "Dovecote Holdings S.A.", "organisation", ("Dovecote",),
                       "Holding company with nominee directors; no published accounts."),
    "greaves": Entity("e-greaves", "Tomas Greaves", "person", ("Tom Greaves",),
                      "Operations manager at Meridian until January 2024; interviewed for this case."),
    "marchetti": Entity("e-marchetti", "Sofia Marchetti", "person", (),
                        "Corporate services provider; nominee director of several companies."),
    "keldby": Entity("e-keldby", "Port of Keldby Authority", "organisation", ("Keldby Port",),
                     "Harbour authority that publishes manifest extracts."),
    "baltic": Entity("e-baltic", "Baltic Crest Shipping", "organisation", (),
                     "Charterer operating in the Baltic and North Sea."),
}  # fmt: skip


def _source_text(name: str) -> str:
    """The text of one of the sample's sources, shipped in resources/sample (exact bytes)."""
    return (resources.files("casefile.resources") / "sample" / name).read_bytes().decode("utf-8")


REGISTRY_TEXT = _source_text("registry-annual-return-2023.txt")
MANIFEST_TEXT = _source_text("keldby-manifest-2024-03.txt")
INTERVIEW_TEXT = _source_text("interview-greaves-2024-05-06.txt")
ARTICLE_TEXT = _source_text("northern-ledger-2024-04-02.txt")

MANIFEST_BYTES = MANIFEST_TEXT.encode("utf-8")
MANIFEST_SHA = hashlib.sha256(MANIFEST_BYTES).hexdigest()

SOURCES = [
    Source("s-registry", "Meridian Bulk Logistics — annual return 2023", "record",
           url="https://registry.keldby.example/companies/04417/returns/2023",
           publisher="Companies Register of Keldby", published="2023-03-14",
           retrieved="2024-04-03T10:12:00Z", reliability="A", text=REGISTRY_TEXT),
    Source("s-manifest", "Keldby manifest extract, March 2024", "file",
           publisher="Port of Keldby Authority", published="2024-04",
           retrieved="2024-04-05T08:40:00Z", reliability="B", text=MANIFEST_TEXT,
           sha256=MANIFEST_SHA, file_name="keldby-manifest-2024-03.txt",
           media_type="text/plain", size=len(MANIFEST_BYTES)),
    Source("s-interview", "Interview with Tomas Greaves", "interview", author="Case team",
           published="2024-05-06", retrieved="2024-05-06T16:00:00Z", reliability="C",
           text=INTERVIEW_TEXT, notes="Notes agreed by the witness on 7 May 2024."),
    Source("s-article", "Rare earths take the long way round", "web",
           url="https://northernledger.example/2024/04/02/rare-earths-long-way-round",
           author="M. Okafor", publisher="The Northern Ledger", published="2024-04-02",
           retrieved="2024-04-02T19:25:31Z", reliability="B", text=ARTICLE_TEXT),
]  # fmt: skip
_TEXTS = {s.id: s.text or "" for s in SOURCES}

# (id, source, quote, credibility, event date, mentions, tags)
_SNIPPETS = [
    ("n01", "s-registry", "Directors: Anja Petrović (appointed 2 March 2019).", 1, "2019-03-02", ("petrovic", "meridian"), ("ownership",)),
    ("n02", "s-registry", "Dovecote Holdings S.A. holds 7,400 ordinary shares (74%).", 1, "2023-03-14", ("dovecote", "meridian"), ("ownership",)),
    ("n03", "s-registry", "The remaining 2,600 shares are held by Anja Petrović.", 1, "2023-03-14", ("petrovic",), ("ownership",)),
    ("n04", "s-registry", "Registered fleet: MV Kestrel, MV Tern, MV Shearwater and MV Fulmar.", 1, "2023-03-14", ("meridian",), ("fleet",)),
    ("n05", "s-registry", "Dovecote Holdings S.A. lists its director as Sofia Marchetti, of Marchetti Corporate Services.", 1, "2023-03", ("dovecote", "marchetti"), ("ownership",)),
    ("n06", "s-manifest", "09 Mar 2024  MV Kestrel  inbound  cargo declared: ilmenite sand, 3,100 t.", 2, "2024-03-09", ("meridian", "keldby"), ("cargo",)),
    ("n07", "s-manifest", "11 Mar 2024  MV Kestrel  customs note: sampled cargo shows monazite content inconsistent with declaration.", 2, "2024-03-11", ("keldby",), ("cargo",)),
    ("n08", "s-manifest", "17 Mar 2024  MV Tern  inbound  cargo declared: ilmenite sand, 2,950 t.", 2, "2024-03-17", ("meridian",), ("cargo",)),
    ("n09", "s-manifest", "18 Mar 2024  MV Tern  charter party: Meridian Bulk Logistics to Halvorsen Metals AS.", 2, "2024-03-18", ("meridian",), ("charter",)),
    ("n10", "s-manifest", "22 Mar 2024  MV Shearwater  charter party: Meridian Bulk Logistics to Baltic Crest Shipping.", 2, "2024-03-22", ("meridian", "baltic"), ("charter",)),
    ("n11", "s-interview", "The instructions came by e-mail from Dovecote, not from Anja.", 3, "2024-03", ("dovecote", "petrovic"), ("control",)),
    ("n12", "s-interview", "She forwarded them without comment.", 3, "2024-03", ("petrovic",), ("control",)),
    ("n13", "s-interview", "The dock crew said the dust was heavier than any ilmenite they had handled.", 4, "2024-03", ("meridian",), ("cargo",)),
    ("n14", "s-interview", "I heard that Mr Liao was in Keldby in March, but I did not see him.", 5, "2024-03", ("liao",), ("visit",)),
    ("n15", "s-interview", "I honestly do not know what Anja knew.", 6, None, ("petrovic",), ("knowledge",)),
    ("n16", "s-interview", "She stopped attending the cargo meetings in February.", 3, "2024-02", ("petrovic",), ("knowledge",)),
    ("n17", "s-article", "declined to say whether it had lent money to Dovecote Holdings.", 2, "2024-04-02", ("huaxin", "dovecote"), ("funding",)),
    ("n18", "s-article", "“华鑫稀土贸易与Dovecote没有任何资金往来。”", 3, "2024-04-02", ("huaxin", "dovecote"), ("funding",)),
    ("n19", "s-article", "a loan from a Hong Kong affiliate of Huaxin paid for Dovecote's purchase of its Meridian shares in 2020.", 3, "2020", ("huaxin", "dovecote", "meridian"), ("funding",)),
    ("n20", "s-article", "Baltic Crest Shipping confirmed it chartered one Meridian vessel in March 2024 and said the others worked for other charterers.", 2, "2024-03", ("baltic", "meridian"), ("charter",)),
]  # fmt: skip


def _snippet(row: tuple) -> Snippet:  # type: ignore[type-arg]
    ident, source, quote, cred, date, mentions, tags = row
    start = _TEXTS[source].index(quote)
    return Snippet(
        f"n-{ident}", quote, source, None, (start, start + len(quote)), cred, date,
        tuple(E[m].id for m in mentions), tags, captured="2024-05-07T09:00:00Z",
    )  # fmt: skip


def _links(*pairs: tuple[str, str], note: str | None = None) -> tuple[EvidenceLink, ...]:
    return tuple(EvidenceLink(f"n-{n}", stance, note) for n, stance in pairs)


CLAIMS = [
    Claim("c-owner", "Dovecote Holdings owns a majority of Meridian Bulk Logistics.", "supported",
          "almost certain", "Companies Register of Keldby", (E["dovecote"].id, E["meridian"].id),
          _links(("n02", "supports"), ("n03", "context"), ("n05", "context"))),
    Claim("c-funding", "Huaxin Rare Earth Trading funded Dovecote's purchase of Meridian.", "disputed",
          "roughly even chance", "Former Dovecote employees (via The Northern Ledger)",
          (E["huaxin"].id, E["dovecote"].id),
          _links(("n19", "supports"), ("n18", "refutes"), ("n17", "context"))),
    Claim("c-cargo", "Meridian vessels carried undeclared rare-earth concentrate through Keldby in March 2024.",
          "supported", "likely", None, (E["meridian"].id,),
          _links(("n07", "supports"), ("n13", "supports"), ("n06", "context"), ("n08", "context"))),
    Claim("c-knew", "Anja Petrović knew the Keldby cargoes were not ilmenite.", "unverified", None,
          None, (E["petrovic"].id,),
          _links(("n12", "supports"), ("n15", "context"), ("n16", "refutes"))),
    Claim("c-charter", "All Meridian vessels were chartered to Baltic Crest Shipping in March 2024.", "refuted",
          "very unlikely", "Anonymous tip, 28 April 2024", (E["meridian"].id, E["baltic"].id),
          _links(("n09", "refutes"), ("n20", "refutes"), ("n10", "context"))),
    Claim("c-visit", "Liao Chunsheng visited Keldby in March 2024.", "unverified", "unlikely", None,
          (E["liao"].id,), _links(("n14", "supports"))),
]  # fmt: skip

RELATIONSHIPS = [
    Relationship("r-1", E["petrovic"].id, E["meridian"].id, "managing director of", "2019-03-02", evidence=("n-n01",)),
    Relationship("r-2", E["dovecote"].id, E["meridian"].id, "majority shareholder of", "2020", evidence=("n-n02",)),
    Relationship("r-3", E["marchetti"].id, E["dovecote"].id, "nominee director of", "2018-11", evidence=("n-n05",)),
    Relationship("r-4", E["liao"].id, E["huaxin"].id, "chairman of", "2015"),
    Relationship("r-5", E["greaves"].id, E["meridian"].id, "operations manager at", "2017-06", "2024-01"),
    Relationship("r-6", E["baltic"].id, E["meridian"].id, "charterer of", "2024-03", "2024-03", evidence=("n-n10",)),
    Relationship("r-7", E["huaxin"].id, E["dovecote"].id, "alleged lender to", "2020", notes="Disputed; see claim on funding."),
]  # fmt: skip


def _cited(key: str, kind: Kind, target: str, status: str | None = None) -> Citation:
    return Citation(key, kind, target, status)


NARRATIVE = [
    Section("a-bottom-line", "Bottom line", (
        "Meridian Bulk Logistics is controlled by **Dovecote Holdings** [C1], not by its "
        "managing director. Its vessels very likely carried undeclared rare-earth concentrate "
        "through Keldby in March 2024 [E1] [E2]; who paid for Dovecote's control of the "
        "company is disputed [C2]."), 0,
        (_cited("C1", "claim", "c-owner", "supported"), _cited("E1", "snippet", "n-n07"),
         _cited("E2", "snippet", "n-n13"), _cited("C2", "claim", "c-funding", "disputed"))),
    Section("a-assessment", "Assessment", (
        "## Ownership and control\n\n"
        "Dovecote holds 74% of the shares [E3] and is run by a nominee director [E4]. A former "
        "manager says instructions came from Dovecote, *not* from Anja Petrović [E5].\n\n"
        "## Funding\n\n"
        "The Northern Ledger reports a loan from a Hong Kong affiliate of Huaxin [E6]; Huaxin "
        "denies it: 华鑫稀土贸易与Dovecote没有任何资金往来 [E7].\n\n"
        "## What would change this assessment\n\n"
        "- the loan agreement itself;\n"
        "- the customs laboratory report on the MV Kestrel's cargo [S1]."), 1,
        (_cited("E3", "snippet", "n-n02"), _cited("E4", "snippet", "n-n05"),
         _cited("E5", "snippet", "n-n11"), _cited("E6", "snippet", "n-n19"),
         _cited("E7", "snippet", "n-n18"), _cited("S1", "source", "s-manifest"))),
]  # fmt: skip


def write_sample(path: Path | str) -> None:
    """Write the sample case to a new file (refuses to overwrite an existing file)."""
    path = Path(path)
    if path.exists():
        raise CaseError(f"{path.name} already exists; choose another name for the sample case.")
    with create_case(path, INFO.title) as case:
        try:
            fill_sample(case)
        except BaseException as err:
            case.close()
            remove_unfinished(path)  # no half-written sample case is left behind
            if faults.caused_by_full_disk(err):
                raise faults.not_created(path) from None
            raise


def fill_sample(case: Case) -> None:
    """Add the sample records to an open, empty case as one undoable step."""
    original = Original(MANIFEST_SHA, "text/plain", MANIFEST_BYTES)
    parts = [
        PutRecords("Set case details", [INFO]),
        PutRecords("Add people and organisations", list(E.values())),
        PutRecords("Add sources", SOURCES, originals=[original]),
        PutRecords("Add snippets", [_snippet(row) for row in _SNIPPETS]),
        PutRecords("Add relationships", RELATIONSHIPS),
        PutRecords("Add claims", CLAIMS),
        PutRecords("Write the assessment", NARRATIVE),
    ]
    case.execute(Composite("Add sample case", parts))
