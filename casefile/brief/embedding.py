"""What a brief PDF embeds besides its pages: all originals, up to a budget, or hashes only
(light: the dialog builds it on the GUI thread without loading the renderer)."""

from __future__ import annotations

from dataclasses import dataclass

from casefile.core.errors import CaseError

EMBED_MODES = ("all", "budget", "hashes")
DEFAULT_BUDGET = 50 * 1024 * 1024


@dataclass(frozen=True)
class Embedding:
    """What the PDF carries besides its pages: all originals, up to a budget, or hashes only."""

    mode: str = "budget"
    budget: int = DEFAULT_BUDGET

    def __post_init__(self) -> None:
        if self.mode not in EMBED_MODES:
            raise CaseError(f"Embed must be one of {', '.join(EMBED_MODES)}, not {self.mode!r}.")
        if self.budget < 0:
            raise CaseError("The size budget for embedded originals cannot be negative.")


__all__ = ["DEFAULT_BUDGET", "EMBED_MODES", "Embedding"]
