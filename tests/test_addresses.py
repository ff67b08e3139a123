"""Address comparison by parts (detector.matching.addresses): street words, numbers, locality."""

from __future__ import annotations

import pytest

from detector.blocking import blocking_keys, is_blocking
from detector.matching.addresses import HOME_LEVELS, address_feature_level, numbers_mistyped, street_words_agree
from detector.matching.scoring import score_pair
from detector.matching.weights import weight
from detector.profile import SuspectProfile
from tests.test_features import SATURATE, case, conduct, names_of, person


def suspect(full: str | None, city: str | None = "Lyon", postcode: str | None = "69001", ref: str = "A",
            state: str = "DE") -> SuspectProfile:
    address = {k: v for k, v in (("full", full), ("city", city), ("postcode", postcode)) if v}
    return case(state, ref, suspects=[person("Jade Quast", addresses=[address])]).suspects[0]


def level(a: SuspectProfile, b: SuspectProfile) -> str | None:
    got = address_feature_level(a, b)
    assert got == address_feature_level(b, a), "the comparison must not depend on the order"
    return None if got is None else got[0]


@pytest.mark.parametrize(("a", "b"), [
    # a flat or villa number beside the house number, the house number missing on one side
    ("38 Tindale Street, Villa 2", "Tindale Street, Villa 2"),
    # words glued on one side, lines in another order, a typo
    ("100 Garaheh Waldockstreet", "100 Waldock Street Garaweh"),
    # a building name that only one file has, with a typo in the other
    ("4 Hodgkinson Street Raworth Cottage Medical Practice", "4 Raworth Cottage Meedical Practice"),
    ("07 Mill Lane", "7 Mill Lane"),
    ("Hauptstraße 12", "12 Hauptstrasse"),
])
def test_one_home_written_two_ways(a, b):
    assert level(suspect(a), suspect(b, ref="B", state="FR")) == "address.full"


def test_street_type_words_alone_do_not_make_one_street():
    folded = suspect("12 High Street").streets[0].street, suspect("12 Station Street").streets[0].street
    assert street_words_agree(*folded) == 0.0
    other_town = suspect("12 Station Street", city="Lille", postcode="59000", ref="B", state="FR")
    assert level(suspect("12 High Street"), other_town) is None


def test_same_number_in_the_same_postcode_when_the_street_line_is_garbled():
    """Scantlebury Crescent ~ Slight Place: the street line was replaced, number and postcode agree."""
    a = suspect("28 Scantlebury Crescent, Alice Downs", postcode="5096")
    b = suspect("28 Slight Place", city="Toowoon Bay", postcode="5096", ref="B", state="FR")
    assert level(a, b) == "address.number_locality"
    elsewhere = suspect("28 Slight Place", city="Perth", postcode="6000", ref="B", state="FR")
    assert level(a, elsewhere) is None
    assert weight("address.street") < weight("address.number_locality") < weight("address.full")


def test_a_town_with_a_typo_and_the_same_postcode_is_one_locality():
    a = suspect(None, city="Blackburn North", postcode="6275")
    b = suspect(None, city="Blackburt North", postcode="6275", ref="B", state="FR")
    assert level(a, b) == "address.locality"
    assert level(a, suspect(None, city="Blackburn North", postcode=None, ref="B", state="FR")) == "address.same"
    short = suspect(None, city="Ryde", postcode="6275"), suspect(None, city="Rye", postcode="1111", ref="B")
    assert level(*short) is None  # short town names one letter apart are other towns


def test_different_streets_in_one_town_are_not_one_locality():
    a = suspect("Mill Lane")
    b = suspect("3 Oak Road", ref="B", state="FR")
    assert level(a, b) == "address.same"


def test_same_name_postcode_and_town_confirm_a_person_unless_something_disagrees():
    """Nothing but a name and where the person lives: alerted when nothing on file disagrees."""
    home = [{"city": "Cromer Heights", "postcode": "4125"}]
    a = case("DE", "A", suspects=[person("Hayden Stapley", addresses=home)], conduct=conduct())
    b = case("FR", "B", suspects=[person("Hayden Stapley", addresses=home)], conduct=conduct())
    s = score_pair(a, b, {}, SATURATE)
    assert "address.locality" in names_of(s.features)
    assert s.corroborated and s.probability >= 0.85
    town_only = [{"city": "Cromer Heights"}]
    c = case("FR", "E", suspects=[person("Hayden Stapley", addresses=town_only)], conduct=conduct())
    assert not score_pair(a, c, {}, SATURATE).corroborated
    other_gender = case("FR", "F", suspects=[person("Hayden Stapley", addresses=home, gender="female")],
                        conduct=conduct())
    male = case("DE", "G", suspects=[person("Hayden Stapley", addresses=home, gender="male")], conduct=conduct())
    assert not score_pair(male, other_gender, {}, SATURATE).corroborated


def test_a_conflicting_birth_date_in_one_postcode_and_town_is_weighed_not_a_veto():
    """One name in one postcode and town with birth dates that differ: a wrong date on one file or
    a namesake nearby. A name that agrees fully outweighs the conflict; one with a typo does not."""
    home = [{"city": "Cromer Heights", "postcode": "4125"}]
    a = case("DE", "A", suspects=[person("Hayden Stapley", "1950-03-02", addresses=home)], conduct=conduct())
    b = case("FR", "B", suspects=[person("Hayden Stapley", "1988-11-20", addresses=home)], conduct=conduct())
    exact = score_pair(a, b, {}, SATURATE)
    assert {"birth_date.conflict", "address.locality"} <= names_of(exact.features)
    assert exact.corroborated and exact.probability >= 0.85
    typo = case("FR", "C", suspects=[person("Hayden Stapely", "1988-11-20", addresses=home)], conduct=conduct())
    assert score_pair(a, typo, {}, SATURATE).probability < 0.85
    far = case("FR", "D", suspects=[person("Hayden Stapley", "1988-11-20",
                                           addresses=[{"city": "Perth", "postcode": "6000"}])], conduct=conduct())
    assert score_pair(a, far, {}, SATURATE).probability < 0.5


@pytest.mark.parametrize(("a", "b", "mistyped"), [
    ("15", "51", True), ("3169", "3196", True), ("78", "18", True), ("214", "204", True),
    ("1", "19", False), ("2", "3", False), ("15", "62", False), ("123", "321", False), (None, "12", False),
])
def test_house_numbers_one_clerical_slip_apart(a, b, mistyped):
    assert numbers_mistyped(a, b) is mistyped
    assert numbers_mistyped(b, a) is mistyped


def test_a_swapped_house_number_on_the_same_street_is_still_that_street():
    assert level(suspect("15 Hensman Street"), suspect("51 Hensman Street", ref="B", state="FR")) == \
        "address.street_locality"


def test_another_house_number_on_the_same_street_in_one_town():
    """A move along the street, a misread number or a neighbour: more than the town alone would
    say, less than one home."""
    a, b = suspect("9 Ellenborough Street"), suspect("20 Ellenborough Street", ref="B", state="FR")
    assert level(a, b) == "address.street_other_number"
    assert weight("address.locality") <= weight("address.street_other_number") < weight("address.full")
    # each level that adds a street or a number to postcode and town weighs at least as much
    assert weight("address.locality") <= min(weight("address.number_locality"), weight("address.street_locality"))
    elsewhere = suspect("20 Ellenborough Street", city="Dijon", postcode="21000", ref="B", state="FR")
    assert level(a, elsewhere) not in HOME_LEVELS | {"address.street_other_number"}


def test_same_name_on_the_same_street_confirms_a_person():
    street = [{"full": "9 Ellenborough Street", "city": "Bayswater North", "postcode": "3126"}]
    other = [{"full": "20 Ellenborough Street", "city": "Bayswater North", "postcode": "3126"}]
    a = case("DE", "A", suspects=[person("Noah Reetz", addresses=street)], conduct=conduct())
    b = case("FR", "B", suspects=[person("Noah Reetz", addresses=other)], conduct=conduct())
    s = score_pair(a, b, {}, SATURATE)
    assert "address.street_other_number" in names_of(s.features)
    assert s.corroborated and s.probability >= 0.85


def test_one_home_meets_through_any_distinctive_street_word():
    """A typo or a glued word spoils the longest street word on one side; the others still make
    the two cases candidates, and a missing house number still meets through street and town."""
    a = case("DE", "A", suspects=[person("Nicholas Donaldson", addresses=[
        {"full": "8 Stobie Place Heritage Manor Est", "city": "Newcomb", "postcode": "4104"}])])
    b = case("FR", "B", suspects=[person("Tayla Donalfson", addresses=[
        {"full": "8 Stobiemplace Heritage Manor Est", "city": "Newomb", "postcode": "4104"}])])
    shared = {k for k in blocking_keys(a) & blocking_keys(b) if is_blocking(k)}
    assert len({k for k in shared if k.startswith("ad:8|")}) >= 2
    c = case("FR", "C", suspects=[person("Webxb", addresses=[
        {"full": "Anukana McLachlan Street", "city": "Eastwood", "postcode": "2121"}])])
    d = case("DE", "D", suspects=[person("Webb", addresses=[
        {"full": "3 Anukana McLachla Nstreet", "city": "Eastwood", "postcode": "2112"}])])
    assert any(k.startswith("as:") for k in blocking_keys(c) & blocking_keys(d))


def test_a_one_word_name_at_one_home_weighs_like_one_name_part_there():
    """Given name missing in one file (Millar ~ Amelia Millar), dates a generation apart: no less
    than a given name that differs (a relative or the same person at that home)."""
    home = [{"full": "12 Mill Lane", "city": "Lyon", "postcode": "69001"}]
    a = case("DE", "A", suspects=[person("Amelia Millar", "1936-12-18", addresses=home)], conduct=conduct())
    b = case("FR", "B", suspects=[person("Millar", "1959-10-21", addresses=home)], conduct=conduct())
    s = score_pair(a, b, {}, SATURATE)
    assert "address.shared_home" in names_of(s.features) and "birth_date.conflict" not in names_of(s.features)
    assert s.corroborated and s.probability >= 0.85
    elsewhere = case("FR", "C", suspects=[person("Millar", "1959-10-21", addresses=[{"city": "Lyon"}])],
                     conduct=conduct())
    assert not score_pair(a, elsewhere, {}, SATURATE).corroborated


def test_a_name_with_spelling_differences_at_one_home_weighs_no_less_than_one_name_part_there():
    """Victoria Fitzpatrick ~ Victqorka Fitzpatrick at one home, dates that differ: the same
    person or a relative, as for one name part in common; never weaker than that."""
    home = [{"full": "19 Clermont Street", "city": "Lake Tyers", "postcode": "4570"}]
    a = case("DE", "A", suspects=[person("Victoria Fitzpatrick", "1981-04-11", addresses=home)], conduct=conduct())
    b = case("FR", "B", suspects=[person("Victqorka Fitzpatrik", "1922-08-18", addresses=home)], conduct=conduct())
    close = score_pair(a, b, {}, SATURATE)
    assert "address.shared_home" in names_of(close.features)
    assert "birth_date.conflict" not in names_of(close.features)
    part = case("FR", "C", suspects=[person("Maria Fitzpatrick", "1922-08-18", addresses=home)], conduct=conduct())
    assert close.probability >= score_pair(a, part, {}, SATURATE).probability
    assert close.corroborated and close.probability >= 0.85
