"""Partial dates (``2025``, ``2025-04``, ``2025-04-17``) and UTC timestamps."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

from casefile.core.errors import ValidationError

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@functools.lru_cache(maxsize=65536)  # a case repeats its dates: 200,000 quotes, some 5,000 days
def parse_partial(text: str) -> tuple[int, int | None, int | None]:
    """Split a partial date into (year, month, day); raise ``ValidationError`` if invalid."""
    match = _PARTIAL.match(text.strip())
    if not match:
        raise ValidationError(f"'{text}' is not a date: write 2025, 2025-04 or 2025-04-17.")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if month is not None and not 1 <= month <= 12:
        raise ValidationError(f"'{text}' has no month {month}: months run from 01 to 12.")
    if day is not None and month is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValidationError(f"'{text}' is not a day of that month (it has {last} days).")
    if year < 1:
        raise ValidationError(f"'{text}' is not a date: the year must be 0001 or later.")
    return year, month, day


def normalise_partial(text: str | None) -> str | None:
    """A validated partial date in canonical form, or None for empty input."""
    if text is None or not text.strip():
        return None
    year, month, day = parse_partial(text)
    out = f"{year:04d}"
    if month is not None:
        out += f"-{month:02d}"
        if day is not None:
            out += f"-{day:02d}"
    return out


def is_partial_prefix(text: str) -> bool:
    """True when ``text`` could still become a valid partial date as the user types."""
    return re.fullmatch(r"\d{0,4}|\d{4}-\d{0,2}|\d{4}-\d{2}-\d{0,2}", text) is not None


@functools.lru_cache(maxsize=65536)
def span(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day a partial date covers (``2025-04`` covers all of April)."""
    year, month, day = parse_partial(text)
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if day is None:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day), dt.date(year, month, day)


@functools.lru_cache(maxsize=65536)
def sort_key(text: str | None) -> tuple[int, int, int, int]:
    """Order partial dates by their start; a less precise date sorts before a precise one."""
    if not text:
        return (99999, 99, 99, 9)
    year, month, day = parse_partial(text)
    precision = 0 if month is None else (1 if day is None else 2)
    return (year, month or 0, day or 0, precision)


def display(text: str | None) -> str:
    """A readable form: ``2025``, ``April 2025``, ``17 April 2025``."""
    if not text:
        return ""
    year, month, day = parse_partial(text)
    if month is None:
        return f"{year}"
    if day is None:
        return f"{_MONTHS[month - 1]} {year}"
    return f"{day} {_MONTHS[month - 1]} {year}"


def utc_now() -> str:
    """The current time as an ISO 8601 UTC timestamp with seconds, e.g. ``2025-04-17T09:30:00Z``."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return now.strftime("%Y-%m-%dT%H:%M:%SZ")


def normalise_timestamp(text: str | None) -> str | None:
    """A validated ISO 8601 timestamp converted to UTC ``…Z`` form, or None for empty input."""
    if text is None or not text.strip():
        return None
    raw = text.strip()
    try:
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValidationError(
            f"'{text}' is not a timestamp: write it as 2025-04-17T09:30:00Z."
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    try:
        value = value.astimezone(dt.UTC).replace(microsecond=0)
    except OverflowError:
        raise ValidationError(
            f"'{text}' lies outside the years 1 to 9999 once converted to UTC."
        ) from None
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value:%H:%M:%S}Z"
