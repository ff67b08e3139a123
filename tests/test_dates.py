"""Partial birth dates and how two of them relate."""

from __future__ import annotations

from datetime import date

import pytest

from detector.normalize.dates import DateRelation, PartialDate, compare_birth_dates

R = DateRelation


def rel(a: str | None, b: str | None) -> DateRelation:
    return compare_birth_dates(PartialDate.parse(a), PartialDate.parse(b))


# ------------------------------------------------------------------------------------ parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1991", PartialDate(1991)),
        ("1991-04", PartialDate(1991, 4)),
        ("1991-04-17", PartialDate(1991, 4, 17)),
        ("0999-01-02", PartialDate(999, 1, 2)),
    ],
)
def test_parse(text, expected):
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize("text", [None, ""])
def test_parse_absent_is_none(text):
    assert PartialDate.parse(text) is None


@pytest.mark.parametrize("text", ["1991", "1991-04", "1991-04-17", "2001-12-01"])
def test_str_round_trip(text):
    assert str(PartialDate.parse(text)) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1991-04-17", date(1991, 4, 17)),
        ("1991-04", None),
        ("1991", None),
        ("1991-02-30", None),  # not a calendar date
        ("1991-13-04", None),  # month/day written the US way
    ],
)
def test_as_date(text, expected):
    assert PartialDate.parse(text).as_date() == expected


# ------------------------------------------------------------------------------------ relations

CASES = [
    # exact
    ("1991-04-17", "1991-04-17", R.EXACT),
    ("2000-02-29", "2000-02-29", R.EXACT),
    ("1991-04-04", "1991-04-04", R.EXACT),  # day == month: not "swapped"
    # partial agreement: only a precision both sides have can conflict
    ("1991", "1991-04-17", R.SAME_YEAR),
    ("1991", "1991-04", R.SAME_YEAR),
    ("1991", "1991", R.SAME_YEAR),
    ("1991-04", "1991-04-17", R.SAME_MONTH),
    ("1991-04", "1991-04", R.SAME_MONTH),
    # day and month transposed
    ("1991-04-07", "1991-07-04", R.SWAPPED),
    ("1991-04-12", "1991-12-04", R.SWAPPED),
    ("1991-04-13", "1991-13-04", R.SWAPPED),  # the swapped side is not even a calendar date
    ("1991-04", "1991-07-04", R.SWAPPED),  # partial: the full side's day is the partial side's month
    ("1991-04-07", "1991-07", R.SWAPPED),
    # one day apart (also across month and year boundaries)
    ("1991-04-17", "1991-04-18", R.NEAR),
    ("1991-04-30", "1991-05-01", R.NEAR),
    ("1991-12-31", "1992-01-01", R.NEAR),
    ("2000-02-28", "2000-02-29", R.NEAR),
    # one year digit off, day and month equal
    ("1991-04-17", "1981-04-17", R.NEAR),
    ("1991-04-17", "1992-04-17", R.NEAR),
    ("1991-04-17", "1990-04-17", R.NEAR),
    ("1991-04-17", "2991-04-17", R.NEAR),
    # missing on either side
    ("1991-04-17", None, R.MISSING),
    (None, "1991", R.MISSING),
    (None, None, R.MISSING),
    # real conflicts
    ("1991", "1992", R.CONFLICT),
    ("1991", "1985-04-17", R.CONFLICT),
    ("1991-04", "1992-04", R.CONFLICT),  # different year
    ("1991-04", "1991-05", R.CONFLICT),  # same year, different month, both have months
    ("1991-04", "1991-05-17", R.CONFLICT),
    ("1991-04-17", "1991-05-17", R.TYPO),  # one keystroke in the month
    ("1991-04-17", "1991-06-17", R.TYPO),
    ("1991-04-17", "1991-04-19", R.TYPO),  # two days apart but one digit
    ("1984-08-03", "1984-07-03", R.TYPO),
    ("1964-04-09", "1946-04-09", R.TYPO),  # adjacent digits swapped
    ("1901-11-01", "1901-10-11", R.TYPO),
    ("1991-04-17", "1991-04-26", R.CONFLICT),  # two digits differ
    ("1991-04-17", "1991-07-14", R.CONFLICT),
    ("1991-04-17", "1989-04-17", R.CONFLICT),  # two year digits differ
    ("1991-04-07", "1992-07-04", R.CONFLICT),  # swapped but a different year
    ("1985-03-02", "1990-11-20", R.CONFLICT),
]


@pytest.mark.parametrize(("a", "b", "expected"), CASES)
def test_compare_birth_dates(a, b, expected):
    assert rel(a, b) is expected


@pytest.mark.parametrize(("a", "b", "expected"), CASES)
def test_compare_birth_dates_is_symmetric(a, b, expected):
    assert rel(b, a) is expected


@pytest.mark.parametrize(
    ("partial", "full"),
    [("1991", "1991-01-01"), ("1991", "1991-12-31"), ("1991-04", "1991-04-01"), ("1991-04", "1991-04-30")],
)
def test_partial_never_conflicts_with_a_full_date_it_contains(partial, full):
    assert rel(partial, full) is not R.CONFLICT


def test_relation_values_are_feature_suffixes():
    # features.birth_date_feature builds "birth_date.<value>" weight names from these
    from detector.matching.weights import WEIGHTS

    for r in DateRelation:
        if r is not R.MISSING:
            assert f"birth_date.{r.value}" in WEIGHTS


def test_conflict_weighs_against_and_agreement_for():
    from detector.matching.weights import weight

    assert weight("birth_date.conflict") < 0
    for r in (R.EXACT, R.SAME_MONTH, R.SAME_YEAR, R.SWAPPED, R.NEAR):
        assert weight(f"birth_date.{r.value}") > 0
    assert weight("birth_date.exact") > weight("birth_date.same_month") > weight("birth_date.same_year")


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("1961-05-02", "1988-11-19", True),   # a father and son
    ("1961-05-02", "1976-05-02", True),   # exactly fifteen years
    ("1961-05-02", "1968-11-19", False),  # siblings do not share a full name: an error, not a son
    ("1961", "1990-03", True),
    (None, "1990-03-04", False),
])
def test_a_generation_apart(a, b, expected):
    from detector.normalize.dates import a_generation_apart

    assert a_generation_apart(PartialDate.parse(a), PartialDate.parse(b)) is expected
