"""Partial birth dates (YYYY, YYYY-MM, YYYY-MM-DD) and how two of them relate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum


@dataclass(frozen=True, slots=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str | None) -> PartialDate | None:
        """Parse the contract's partial_date; None when absent."""
        if not text:
            return None
        parts = [int(p) for p in text.split("-")]
        return cls(*parts)  # type: ignore[arg-type]

    def __str__(self) -> str:
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
        if self.day:
            out += f"-{self.day:02d}"
        return out

    def as_date(self) -> date | None:
        if self.month and self.day:
            try:
                return date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None


class DateRelation(str, Enum):
    """How two birth dates relate, strongest agreement first."""

    EXACT = "exact"  # both full, equal
    SAME_MONTH = "same_month"  # agree to the month, at least one lacks the day
    SAME_YEAR = "same_year"  # agree on the year, at least one has only the year
    SWAPPED = "swapped"  # day and month transposed (04-07 vs 07-04)
    NEAR = "near"  # one day apart, or one digit of the year off with day and month equal
    TYPO = "typo"  # one digit changed, or two adjacent digits swapped, anywhere in YYYYMMDD
    CONFLICT = "conflict"  # a real disagreement: evidence that these are two people
    MISSING = "missing"


def compare_birth_dates(a: PartialDate | None, b: PartialDate | None) -> DateRelation:
    """Relate two partial birth dates; only a precision both sides have can conflict."""
    if a is None or b is None:
        return DateRelation.MISSING
    da, db = a.as_date(), b.as_date()
    if da and db:
        if da == db:
            return DateRelation.EXACT
        if a.year == b.year and a.month == b.day and a.day == b.month:
            return DateRelation.SWAPPED
        if abs((da - db).days) == 1:
            return DateRelation.NEAR
        if a.month == b.month and a.day == b.day and _one_digit_apart(a.year, b.year):
            return DateRelation.NEAR
        if keystroke_apart(da.strftime("%Y%m%d"), db.strftime("%Y%m%d")):
            return DateRelation.TYPO
        return DateRelation.CONFLICT
    if a.year != b.year:
        return DateRelation.CONFLICT
    if a.month and b.month:
        if a.month == b.month:
            return DateRelation.SAME_MONTH
        # A partial date with a swapped month cannot be told from a conflict unless the other
        # side's day equals this month: 1991-04 vs 1991-07-04.
        full = a if a.day else b if b.day else None
        part = b if full is a else a
        if full is not None and full.day == part.month:
            return DateRelation.SWAPPED
        return DateRelation.CONFLICT
    return DateRelation.SAME_YEAR


# Parents and children are rarely born less than this many years apart.
GENERATION_YEARS = 15


def a_generation_apart(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Birth years far enough apart for a parent and child (who may share a name and a home)."""
    return a is not None and b is not None and abs(a.year - b.year) >= GENERATION_YEARS


def _one_digit_apart(x: int, y: int) -> bool:
    sx, sy = f"{x:04d}", f"{y:04d}"
    return sum(1 for p, q in zip(sx, sy) if p != q) == 1


def keystroke_apart(x: str, y: str) -> bool:
    """Two digit strings of one length one slip apart: one digit changed, or two adjacent digits
    swapped (19840803 ~ 19840703, 19640409 ~ 19460409; house numbers 78 ~ 18, 15 ~ 51)."""
    diff = [i for i, (p, q) in enumerate(zip(x, y)) if p != q]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]]
