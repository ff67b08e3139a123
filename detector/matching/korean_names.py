"""Korean family names as they are romanised in practice.

One Hangul surname reaches a file in several Latin forms: passport spellings (Lee, Park, Choi),
Revised Romanization (I, Bak, Choe), McCune-Reischauer (Yi, Pak, Ch'oe), and the initial r/l/n
that South Korea drops (Rhee ~ Lee ~ Yi, Lim ~ Im, Roh ~ Noh, Ryu ~ Yu). No sound fold joins
Lee and Yi, so the forms in use are listed per surname, by frequency: the first 60 cover about
95 % of Koreans. A form can belong to two surnames (Yun: 윤 or 연; Chun: 전 or 천); it is then a
twin of both, which is what a liaison officer would also have to assume.
"""

from __future__ import annotations

from functools import lru_cache

from anyascii import anyascii

from detector.normalize.names import fold_token

# Hangul, then the Latin forms seen on passports and in the literature. One-letter forms (I, O,
# U) are not listed: they reach comparison only as anyascii spells the Hangul (see below).
KOREAN_FAMILY_NAMES: tuple[tuple[str, str], ...] = (
    ("김", "kim gim"), ("이", "lee yi rhee ri rhie yee"), ("박", "park pak bak bark"),
    ("최", "choi choe chwe"), ("정", "jung jeong chung cheong joung"), ("강", "kang gang"),
    ("조", "cho jo joe"), ("윤", "yoon yun youn"), ("장", "jang chang"), ("임", "lim im rim yim"),
    ("한", "han"), ("오", "oh"), ("서", "seo suh so"), ("신", "shin sin"), ("권", "kwon gwon"),
    ("황", "hwang whang"), ("안", "ahn an"), ("송", "song"), ("류", "ryu yu yoo you rhyu lyu"),
    ("전", "jeon jun chun chon"), ("홍", "hong"), ("고", "ko go koh"), ("문", "moon mun"),
    ("양", "yang"), ("손", "son sohn"), ("배", "bae pae"), ("백", "baek paik paek baik"),
    ("허", "heo hur huh"), ("노", "noh roh no rho"), ("남", "nam"), ("하", "ha"),
    ("곽", "kwak gwak"), ("성", "sung seong"), ("차", "cha"), ("주", "joo ju chu choo"),
    ("우", "woo"), ("구", "koo gu ku"), ("민", "min"), ("나", "na ra la"), ("진", "jin chin"),
    ("지", "ji chi"), ("엄", "um eom"), ("채", "chae"), ("원", "won"), ("천", "cheon chun"),
    ("방", "bang pang"), ("공", "kong gong"), ("현", "hyun hyeon"), ("함", "ham"),
    ("변", "byun byeon pyun"), ("염", "yeom yum"), ("여", "yeo yuh"), ("추", "choo chu"),
    ("도", "do doh"), ("석", "seok suk"), ("선", "sun seon"), ("설", "seol sul"),
    ("길", "gil kil"), ("연", "yeon yun"), ("명", "myung myeong"),
)


@lru_cache(maxsize=2)
def korean_family_twins(folded: bool = False) -> dict[str, frozenset[str]]:
    """Lower-case Latin form -> the other forms of the same surname(s); ``folded``: both sides as
    detector.normalize.names.fold_token folds them (for blocking keys)."""
    twins: dict[str, set[str]] = {}
    for hangul, latin in KOREAN_FAMILY_NAMES:
        # the Hangul itself reaches comparison as anyascii spells it (박 -> bag, 이 -> i)
        written = set(latin.split()) | {anyascii(hangul).lower()}
        forms = {fold_token(f) for f in written} if folded else written
        for form in forms:
            twins.setdefault(form, set()).update(forms - {form})
    return {k: frozenset(v) for k, v in twins.items() if v}


def same_korean_family_name(a_plain: str, b_plain: str) -> bool:
    """True when two written forms can be one Korean surname (Lee ~ Yi ~ Rhee, Lim ~ Im)."""
    return b_plain in korean_family_twins().get(a_plain, ())
