"""Reading a one-line quick entry: "Name; alias; alias" for a person or organisation."""

from __future__ import annotations

from casefile.core.errors import ValidationError


def name_and_aliases(line: str) -> tuple[str, tuple[str, ...]]:
    """The name and the aliases (distinct, in order, none equal to the name) of a line such
    as ``Zhang Wei; 张伟; Chang Wei``; raises ``ValidationError`` when no name is given."""
    parts = [" ".join(part.split()) for part in line.split(";")]
    if not parts or not parts[0]:
        raise ValidationError("Write the name first, then any aliases: Name; alias; alias.")
    name = parts[0]
    aliases = tuple(dict.fromkeys(p for p in parts[1:] if p and p != name))
    return name, aliases


__all__ = ["name_and_aliases"]
