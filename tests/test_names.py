"""Name normalisation and comparison across scripts, romanisations, orders, nicknames and typos.

Thresholds (from the matcher's levels in detector/matching/features.py):
  >= 0.93  strong  (same person up to romanisation / order / variant spelling)
  >= 0.86  close   (genuinely fuzzy: one typo)
  <  0.86  must not reach a strong match (different people)
"""

from __future__ import annotations

import pytest

from detector.matching.names import NameMatch, are_nicknames, compare_names, token_similarity
from detector.normalize.names import (
    fold_token,
    name_key_forms,
    normalize_name,
    skeleton_key_forms,
    skeleton_token,
)

STRONG = 0.93
CLOSE = 0.86


def sim(a: str, b: str) -> float:
    return compare_names(normalize_name(a), normalize_name(b)).similarity


def xfail(reason: str):
    return pytest.mark.xfail(reason=reason, strict=True) if reason.startswith("OPEN:") else pytest.mark.fixed_defect


# ------------------------------------------------------------------------------------ positives

STRONG_PAIRS = [
    # Ukrainian Cyrillic vs ICAO / BGN-PCGN / older spellings
    ("Олександр Коваленко", "Oleksandr Kovalenko"),
    ("Олександр Коваленко", "Olexandr Kovalenko"),
    ("Oleksandr Kovalenko", "Olexandr Kovalenko"),
    ("Олексій Кравчук", "Oleksii Kravchuk"),
    ("Юлія Ткачук", "Yuliia Tkachuk"),
    ("Андрій Шевчук", "Andriy Shevchuk"),
    ("Андрій Шевчук", "Andrii Shevchuk"),
    ("Андрій Мельник", "Andrii Melnyk"),
    ("Микола Мельник", "Mykola Melnyk"),
    ("Олег Гончаренко", "Oleh Honcharenko"),
    ("Дмитро Гнатюк", "Dmytro Hnatiuk"),
    ("Юрій Щербак", "Yurii Shcherbak"),
    ("Юрій Щербак", "Jurij Ščerbak"),
    # Russian Cyrillic vs ICAO / BGN-PCGN / GOST 7.79 / scientific
    ("Юрий Жуков", "Yuriy Zhukov"),
    ("Юрий Жуков", "Iurii Zhukov"),
    ("Юрий Жуков", "Jurij Žukov"),
    ("Юрий Жуков", "Yury Zhukov"),
    ("Yuriy Zhukov", "Jurij Žukov"),
    ("Yuriy Zhukov", "Iurii Zhukov"),
    ("Юрий Щербак", "Yuriy Shcherbak"),
    ("Юрий Щербак", "Yuriy Scerbak"),
    ("Yurii Shcherbak", "Iurii Scerbak"),
    ("Щербак", "Shcherbak"),
    ("Щербак", "Ščerbak"),
    ("Щербак", "Scerbak"),
    ("Жуков", "Zhukov"),
    ("Жуков", "Žukov"),
    ("Хуссейн", "Hussein"),
    ("Хуссейн", "Khussein"),
    ("Хуссейн", "Husseyn"),
    ("Хуссейн Жуков", "Hussein Zhukov"),
    ("Николай Щукин", "Nikolay Shchukin"),
    ("Николай Щукин", "Nikolaj Ščukin"),
    ("Дмитрий Хабаров", "Dmitriy Khabarov"),
    ("Александр Коваленко", "Aleksandr Kovalenko"),
    ("Сергей Ткаченко", "Sergey Tkachenko"),
    # Greek vs Latin
    ("Γεώργιος Παπαδόπουλος", "Georgios Papadopoulos"),
    ("Χρήστος Οικονόμου", "Christos Oikonomou"),
    ("Δημήτριος Αλεξίου", "Dimitrios Alexiou"),
    ("Γιάννης Παπαδάκης", "Giannis Papadakis"),
    # Arabic script vs Latin
    ("محمد عبد الله", "Mohammed Abdullah"),
    ("محمد عبد الله", "Muhammad Abd Allah"),
    ("محمد عبد الله", "Abdullah Mohammed"),
    ("محمد عبدالله", "Mohammed Abdullah"),
    ("حسين المصري", "Hussein al-Masri"),
    ("حسين المصري", "Husain El Masri"),
    ("حسين المصري", "Hussain Masri"),
    ("حسين المصري", "Masri Hussein"),
    ("أحمد الحسن", "Ahmed Al-Hassan"),
    ("خالد سعيد", "Khaled Saeed"),
    ("خالد سعيد", "Khalid Said"),
    ("قاسم علي", "Qasim Ali"),
    ("محمد", "Mohamed"),
    # Mohammed / Muhammad / Mohamed, Latin vs Latin
    ("Mohammed Abdullah", "Muhammad Abdullah"),
    ("Mohamed Abdullah", "Mohammed Abdullah"),
    ("Mohamed Salah", "Mohammed Salah"),
    ("Mohamed Salah", "Muhammad Salah"),
    ("Mohammed Hassan", "Mohamed Hasan"),
    # Han vs pinyin, order and syllable spacing
    ("王小明", "Wang Xiaoming"),
    ("王小明", "Xiao-Ming Wang"),
    ("王小明", "Wang Xiao Ming"),
    ("王小明", "Xiaoming WANG"),
    ("Wang Xiaoming", "Xiao-Ming Wang"),
    ("Wang Xiaoming", "Xiaoming WANG"),
    ("WANG Xiaoming", "Xiaoming Wang"),
    ("Wang Wei", "Wei Wang"),
    # Vietnamese with/without diacritics, reversed order
    ("Nguyễn Văn Hùng", "Nguyen Van Hung"),
    ("Nguyễn Văn Hùng", "Hung Van Nguyen"),
    ("Nguyễn Văn Hùng", "Hung Nguyen Van"),
    ("Nguyễn Thị Minh Khai", "Nguyen Thi Minh Khai"),
    ("Nguyễn Thị Minh Khai", "Minh Khai Nguyen Thi"),
    ("Trần Hưng Đạo", "Tran Hung Dao"),
    ("Đặng Văn Lâm", "Lam Dang Van"),
    # Turkish
    ("Şükrü Öztürk", "Sukru Ozturk"),
    ("Şükrü Öztürk", "Suekrue Oeztuerk"),
    ("Sukru Ozturk", "Suekrue Oeztuerk"),
    ("Ömer Çelik", "Omer Celik"),
    ("Ğülşen Yıldız", "Gulsen Yildiz"),
    ("İsmail Ağaoğlu", "Ismail Agaoglu"),
    # German
    ("Hans Müller", "Hans Mueller"),
    ("Hans Müller", "Hans Muller"),
    ("Hans Mueller", "Hans Muller"),
    ("Johann Strauß", "Johann Strauss"),
    ("Jürgen Weiß", "Juergen Weiss"),
    ("Jürgen Weiß", "Jurgen Weiss"),
    # "FAMILY, Given" and family-first orders
    ("KOVALENKO, Oleksandr", "Oleksandr Kovalenko"),
    ("Kovalenko, Oleksandr", "Oleksandr Kovalenko"),
    ("SMITH, John", "John Smith"),
    ("Smith John", "John SMITH"),
    # patronymic present vs absent
    ("Коваленко Олександр Петрович", "Oleksandr Kovalenko"),
    ("Kovalenko Oleksandr Petrovych", "Oleksandr Kovalenko"),
    ("Иванов Иван Иванович", "Ivan Ivanov"),
    ("Sergey Ivanovich Petrov", "Sergey Petrov"),
    ("Ivan Petrovich Sidorov", "Ivan Sidorov"),
    # nicknames
    ("Bill Gates", "William Gates"),
    ("Bill Smith", "William Smith"),
    ("Bob Dylan", "Robert Dylan"),
    ("Robert Brown", "Bob Brown"),
    ("Liz Taylor", "Elizabeth Taylor"),
    ("Dick Grayson", "Richard Grayson"),
    # hyphenated / joined given names, spelling doubles
    ("Jean-Pierre Dupont", "Jean Pierre Dupont"),
    ("Jean-Pierre Dupont", "Jeanpierre Dupont"),
    ("Ana Maria Lopez", "Anamaria Lopez"),
    ("José García", "Jose Garcia"),
    ("Ali Hassan", "Ali Hasan"),
    ("Ali Hassan", "Hassan Ali"),
]

# Positives the matcher should reach as strong, but does not (see reasons).
_UK_H = xfail("Ukrainian г is romanised 'h' (ICAO/KMU 2010) but anyascii gives 'g' and fold_token has no g~h "
              "rule: the Ukrainian passport spelling does not reach a strong match")
_MOH = xfail("token_similarity caps a same-skeleton variant (Mohamed~Muhammad, Abdullah~Abdallah) at 0.92, so a name "
             "whose every token is a variant spelling stays at 0.92 ('close', not 'strong')")
_GREEK = xfail("Greek γγ->ng and ευ->ev (ELOT 743 / passports) are not applied: anyascii gives 'eyaggelos'")
_FOLD_IYE = xfail("fold_token is order dependent: 'aliyev' -> 'aliiev' -> 'aliev' but 'aliev' -> 'alev' "
                  "(ie->e applied once), so Алиев (anyascii 'Aliev') and BGN 'Aliyev' fold apart")
_QAF = xfail("Arabic ق is transliterated 'q' and skeleton_token keeps q, while Latin spellings use k "
             "(Kassem, Farouk): skeletons 'qsm' vs 'ksm' never meet")

STRONG_XFAIL = [
    pytest.param("Григорій Шевченко", "Hryhorii Shevchenko", marks=_UK_H, id="uk-Hryhorii"),
    pytest.param("Ігор Бондаренко", "Ihor Bondarenko", marks=_UK_H, id="uk-Ihor"),
    pytest.param("Сергій Ткаченко", "Serhii Tkachenko", marks=_UK_H, id="uk-Serhii"),
    pytest.param("Євген Коваль", "Yevhen Koval", marks=_UK_H, id="uk-Yevhen"),
    pytest.param("Mohamed Abdullah", "Muhammad Abdallah", marks=_MOH, id="moh-abdallah"),
    pytest.param("Muhammad Ahmed", "Mohamed Ahmad", marks=_MOH, id="moh-ahmad"),
    pytest.param("Ευάγγελος Θεοδωρόπουλος", "Evangelos Theodoropoulos", marks=_GREEK, id="greek-Evangelos"),
    pytest.param("Юрий Жуков", "Juri Schukow", id="german-Schukow"),
    pytest.param("Хуссейн", "Chussejn", id="german-Chussejn"),
    pytest.param("Жуков", "Joukov", id="french-Joukov"),
    pytest.param("Алиев", "Aliyev", marks=_FOLD_IYE, id="fold-Aliyev"),
    pytest.param("Kassem Ali", "قاسم علي", marks=_QAF, id="arabic-Kassem"),
    pytest.param("Farouk Ali", "فاروق علي", marks=_QAF, id="arabic-Farouk"),
    pytest.param("Omar al-Farouk", "عمر الفاروق", marks=_QAF, id="arabic-al-Farouk"),
]


@pytest.mark.parametrize(("a", "b"), STRONG_PAIRS + STRONG_XFAIL)
def test_same_person_reaches_strong_match(a, b):
    assert sim(a, b) >= STRONG


FUZZY_PAIRS = [
    ("Oleksandr Kovalenko", "Oleksandr Kovalenka"),  # typo in the family name
    ("Oleksandr Kovalenko", "Oleksnadr Kovalenko"),  # transposed letters
    ("Oleksandr Kovalenko", "Oleksander Kovalenko"),
    ("Хусейн Алиев", "Husein Aliyev"),
    ("Дмитрий Хабаров", "Dmitrij Chabarow"),
    ("Χρήστος Οικονόμου", "Christos Ikonomou"),
    ("Γιάννης Παπαδάκης", "Yiannis Papadakis"),
    ("حسين المصري", "Hussein Almasri"),  # article glued on
    ("Bob Brown", "Robert Browne"),
    ("Ivan Petrov", "Ivan Petrova"),
    # a letter dropped that the sound folds turn into two (broke ~ bro): judged as typed too
    ("Brooke Burford", "Brooe Burford"),
    ("Ella Faull", "Elbla Faull"),
]

ONE_SYLLABLE_TWO_SCHEMES = [("Cho Min", "Jo Min"), ("Zhang Wei", "Chang Wei"), ("Deng Hui", "Teng Hui"),
                            ("Gao Lei", "Kao Lei")]


@pytest.mark.parametrize(("a", "b"), ONE_SYLLABLE_TWO_SCHEMES)
def test_one_syllable_in_two_romanisation_schemes_is_a_close_match(a, b):
    """Pinyin/Revised Romanization g, d, b, j, zh are Wade-Giles/McCune-Reischauer k, t, p, ch."""
    assert CLOSE <= sim(a, b) < 0.999  # ambiguous (the apostrophe of aspiration is dropped): never exact


GREEK_GI = [("Giannis Vasiliou", "VASILEIOU, Yannis"), ("Panagiotis Georgiou", "Panayiotis Yeoryiou")]


@pytest.mark.parametrize(("a", "b"), GREEK_GI)
def test_greek_gamma_iota_as_gi_or_y_is_one_name(a, b):
    assert sim(a, b) >= STRONG


@pytest.mark.parametrize(("a", "b"), FUZZY_PAIRS)
def test_typos_and_fuzzy_variants_reach_close_match(a, b):
    assert sim(a, b) >= CLOSE


# ------------------------------------------------------------------------------------ negatives

DIFFERENT_PEOPLE = [
    ("Ivan Petrov", "Ivan Sidorov"),
    ("John Smith", "Jane Smith"),
    ("Wang Wei", "Wang Wen"),
    ("Mohamed Ali", "Ali Hassan"),
    ("Mohamed Ali", "Mohamed Salah"),
    ("Li Wei", "Li Wen"),
    ("Ivan Petrov", "Petr Ivanov"),
    ("Oleksandr Kovalenko", "Olena Kovalenko"),
    ("Oleksandr Kovalenko", "Oleksandr Kovalchuk"),
    ("Hussein al-Masri", "Hussein al-Amiri"),
    ("Roman Abramovich", "Roman Arkadyevich Rotenberg"),
    ("Ana Petrović", "Ana Jovanović"),
    ("Xu Ming", "Wu Ming"),
    ("Wang Xiaoming", "Wang Xiao"),
]

_JY = xfail("fold_token maps both j->i and y->i, so the distinct pinyin initials j and y collapse "
            "(Jiang 江/蒋 and Yang 杨 both fold to 'iang')")
_OU = xfail("fold_token maps zh->z and ou->u, so the distinct Chinese surnames Zhou 周, Zhu 朱 and Zou 邹 "
            "all fold to 'zu'")
_GLUE = xfail("glued units fold 'kimmin'->'kimin' (double letter collapsed) and 'kimjin'->'kimiin'->'kimin', "
              "so two different Korean given names align as one glued unit")
_PATRONYMIC = xfail("_PATRONYMIC_RE (-ovic/-evic) marks South Slavic FAMILY names optional in any 3-token name, "
                    "so two different family names are ignored and the match is perfect")
_SH = xfail("fold_token maps sh->s, merging distinct pinyin syllables shi 石/史 and si 司")

DIFFERENT_PEOPLE_XFAIL = [
    pytest.param("Jiang Wei", "Yang Wei", marks=_JY, id="pinyin-Jiang-Yang"),
    pytest.param("Wang Jin", "Wang Yin", marks=_JY, id="pinyin-Jin-Yin"),
    pytest.param("Wang Jun", "Wang Yun", marks=_JY, id="pinyin-Jun-Yun"),
    pytest.param("Zhou Wei", "Zhu Wei", marks=_OU, id="pinyin-Zhou-Zhu"),
    pytest.param("Zhou Wei", "Zou Wei", marks=_OU, id="pinyin-Zhou-Zou"),
    pytest.param("Shi Lei", "Si Lei", marks=_SH, id="pinyin-Shi-Si"),
    pytest.param("Kim Min", "Kim Jin", marks=_GLUE, id="korean-Min-Jin"),
    pytest.param("Marko Nikola Petrović", "Marko Nikola Jovanović", marks=_PATRONYMIC, id="serbian-ovic"),
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT_PEOPLE + DIFFERENT_PEOPLE_XFAIL)
def test_different_people_do_not_reach_strong_match(a, b):
    assert sim(a, b) < CLOSE


@pytest.mark.parametrize(("a", "b"), STRONG_PAIRS + FUZZY_PAIRS + DIFFERENT_PEOPLE)
def test_compare_names_is_symmetric(a, b):
    fa, fb = normalize_name(a), normalize_name(b)
    assert compare_names(fa, fb).similarity == compare_names(fb, fa).similarity


@pytest.mark.parametrize(("a", "b"), STRONG_PAIRS + FUZZY_PAIRS + DIFFERENT_PEOPLE)
def test_similarity_is_in_unit_interval(a, b):
    assert 0.0 <= sim(a, b) <= 1.0


_ABJAD_EXACT = xfail("token_similarity's abjad branch returns 0.95 for equal skeletons without checking equal "
                     "tokens first, so a name written identically in Arabic script never reaches 'exact'")


@pytest.mark.parametrize(
    "name", ["Oleksandr Kovalenko", "Коваленко Олександр Петрович", "王小明", "Şükrü Öztürk",
             pytest.param("محمد عبد الله", marks=_ABJAD_EXACT, id="arabic-identical"),
             pytest.param("حسين المصري", marks=_ABJAD_EXACT, id="arabic-identical-2")]
)
def test_identical_name_is_exact(name):
    assert sim(name, name) == 1.0


def test_single_shared_family_name_is_capped():
    # one shared token (a family name) out of two on each side is not the person
    m = compare_names(normalize_name("John Smith"), normalize_name("Jane Smith"))
    assert m.similarity <= 0.6
    assert m.matched_tokens == 1


def test_empty_name_gives_zero():
    m = compare_names(normalize_name("---"), normalize_name("John Smith"))
    assert m == NameMatch(0.0, 0, "no comparable name tokens")


def test_no_common_token_gives_zero():
    m = compare_names(normalize_name("Ivan Petrov"), normalize_name("Zhang Lei"))
    assert m.similarity == 0.0
    assert m.detail == "no token in common"


def test_detail_names_aligned_tokens():
    m = compare_names(normalize_name("Bill Gates"), normalize_name("William Gates"))
    assert "bill~william" in m.detail
    assert "gates~gates" in m.detail
    assert m.matched_tokens == 2


# ------------------------------------------------------------------------------------ normalize_name


@pytest.mark.parametrize(
    ("full", "plain"),
    [
        ("Олександр Коваленко", ("oleksandr", "kovalenko")),
        ("KOVALENKO, Oleksandr", ("kovalenko", "oleksandr")),
        ("Xiao-Ming Wang", ("xiao", "ming", "wang")),
        ("王小明", ("wang", "xiao", "ming")),
        ("Şükrü Öztürk", ("sukru", "ozturk")),
        ("Γεώργιος Παπαδόπουλος", ("georgios", "papadopoulos")),
        ("Hussein al-Masri", ("hussein", "al", "masri")),
        ("Agent 007 Smith", ("agent", "smith")),
    ],
)
def test_normalize_name_plain_tokens(full, plain):
    assert normalize_name(full).plain == plain


@pytest.mark.parametrize(
    ("full", "optional"),
    [
        ("Коваленко Олександр Петрович", (False, False, True)),
        ("Oleksandr Petrovych Kovalenko", (False, True, False)),
        ("Olena Petrivna Kovalenko", (False, True, False)),
        ("Иванова Мария Ивановна", (False, False, True)),
        ("Hussein al-Masri", (False, True, False)),
        ("Ludwig van Beethoven", (False, True, False)),
        ("Oleksandr Kovalenko", (False, False)),
        ("Al Masri", (False, False)),  # with only two tokens the particle is not dropped
    ],
)
def test_patronymics_and_particles_are_optional(full, optional):
    assert normalize_name(full).optional == optional


@pytest.mark.parametrize(
    ("full", "core"),
    [
        ("ACME Holdings Ltd", ("acme", "holdings")),
        ("ООО Ромашка", ("romaska",)),
        ("Evil Corp GmbH", ("evil",)),
    ],
)
def test_organization_legal_forms_are_optional(full, core):
    assert normalize_name(full, "organization").core_fold == core


@pytest.mark.parametrize(("full", "abjad"), [("محمد عبد الله", True), ("Mohammed Abdullah", False),
                                             ("王小明", False), ("Олександр", False)])
def test_abjad_flag(full, abjad):
    assert normalize_name(full).abjad is abjad


def test_arabic_article_is_stripped_in_script():
    form = normalize_name("حسين المصري")
    assert len(form.plain) == 2
    assert form.skeleton[1] == skeleton_token("masri")


# ------------------------------------------------------------------------------------ fold / skeleton


@pytest.mark.parametrize(
    "spellings",
    [
        ["oleksandr", "olexandr"],
        ["yuriy", "iurii", "jurij", "yury", "yurij"],
        ["shcherbak", "scerbak", "shtsherbak"],
        ["zhukov", "zukov"],
        ["mueller", "muller"],
        ["strauss", "straus"],
        ["ozturk", "oezturk", "oeztuerk"],
        ["hussein", "husein", "husseyn", "khussein"],
        ["grigoriev", "grigoryev"],
        ["sergeev", "sergeyev"],
        ["mariya", "maria", "mariia"],
        ["tatiana", "tatyana", "tatjana"],
        pytest.param(["andrienko", "andriienko"], marks=_FOLD_IYE, id="andrienko-andriienko"),
        pytest.param(["aliev", "aliyev"], marks=_FOLD_IYE, id="aliev-aliyev"),
        pytest.param(["dmitriev", "dmitriyev"], marks=_FOLD_IYE, id="dmitriev-dmitriyev"),
    ],
)
def test_fold_token_merges_romanisations(spellings):
    assert len({fold_token(s) for s in spellings}) == 1


@pytest.mark.parametrize("token", ["oleksandr", "yuriy", "shcherbak", "mueller", "ksiaoming", "hussein",
                                   pytest.param("aliyev", marks=_FOLD_IYE, id="aliyev"),
                                   pytest.param("dmitriyev", marks=_FOLD_IYE, id="dmitriyev")])
def test_fold_token_is_idempotent(token):
    once = fold_token(token)
    assert fold_token(once) == once


@pytest.mark.parametrize(("a", "b"), [("kovalenko", "kovalchuk"), ("petrov", "sidorov"), ("smith", "smyth1")])
def test_fold_token_keeps_different_names_apart(a, b):
    assert fold_token(a) != fold_token(b)


@pytest.mark.parametrize("token", ["muhammad", "mohamed", "mohammed", "mohammad", "muhamed", "mhmd"])
def test_skeleton_of_mohammed_variants(token):
    assert skeleton_token(token) == "mhmd"


def test_skeleton_matches_arabic_script():
    assert normalize_name("محمد").skeleton == ("mhmd",)
    assert normalize_name("Muhammad").skeleton == ("mhmd",)


# ------------------------------------------------------------------------------------ key forms


@pytest.mark.parametrize(
    "names",
    [
        ["王小明", "Wang Xiaoming", "Xiao-Ming Wang", "Wang Xiao Ming", "Xiaoming WANG"],
        ["Олександр Коваленко", "Oleksandr Kovalenko", "KOVALENKO, Oleksandr", "Коваленко Олександр Петрович"],
        ["Nguyễn Văn Hùng", "Hung Van Nguyen"],
        ["Şükrü Öztürk", "Oeztuerk Suekrue"],
    ],
)
def test_name_key_forms_shared_across_spellings(names):
    forms = [name_key_forms(normalize_name(n)) for n in names]
    assert set.intersection(*forms)


@pytest.mark.parametrize(("arabic", "latin"), [("محمد عبد الله", "Mohammed Abdullah"),
                                               ("حسين المصري", "Hussein al-Masri"),
                                               ("حسين المصري", "Husain El Masri")])
def test_skeleton_key_forms_bridge_arabic_and_latin(arabic, latin):
    assert skeleton_key_forms(normalize_name(arabic)) & skeleton_key_forms(normalize_name(latin))


def test_name_key_forms_empty_for_abjad_and_long_names():
    assert name_key_forms(normalize_name("محمد عبد الله")) == set()
    assert name_key_forms(normalize_name("A Bb Cc Dd Ee")) == set()


def test_name_key_forms_differ_for_different_people():
    assert not name_key_forms(normalize_name("Ivan Petrov")) & name_key_forms(normalize_name("Ivan Sidorov"))


# ------------------------------------------------------------------------------------ tokens, nicknames


@pytest.mark.parametrize(("a", "b"), [("bil", "viliam"), ("bob", "robert"), ("liz", "elizabet"),
                                      ("dik", "ricard"), ("pegi", "margaret")])
def test_are_nicknames_known_pairs_both_directions(a, b):
    assert are_nicknames(a, b)
    assert are_nicknames(b, a)


@pytest.mark.parametrize(("a", "b"), [("ivan", "oleg"), ("bob", "viliam"), ("oleksandr", "olena")])
def test_are_nicknames_rejects_unrelated(a, b):
    assert not are_nicknames(a, b)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("kovalenko", "kovalenko", 1.0),
        ("o", "oleksandr", 0.8),  # an initial
        ("p", "oleksandr", 0.0),
        ("bil", "viliam", 0.93),
    ],
)
def test_token_similarity_levels(a, b, expected):
    assert token_similarity(fold_token(a), skeleton_token(a), fold_token(b), skeleton_token(b), False) == expected


def test_token_similarity_short_tokens_one_letter_apart_are_not_similar():
    assert token_similarity("vei", "v", "ven", "vn", False) < 0.78


def test_token_similarity_abjad_uses_skeleton():
    assert token_similarity("mhmd", "mhmd", "mohamed", "mhmd", True) == 0.96
    assert token_similarity("x", "", "mohamed", "mhmd", True) == 0.0


@pytest.mark.parametrize(("a", "b"), [
    ("Lee Min Jun", "Yi Min-Jun"), ("Rhee Min Jun", "Lee Minjun"), ("Im Yeon Jun", "Lim Yeon-Jun"),
    ("Park Ji Hoon", "Bak Ji-Hoon"), ("Roh Sung Ho", "Noh Sung-Ho"), ("Choi Jae Won", "Choe Jae-Won"),
    ("이민준", "Lee Min-Jun"), ("이민준", "Yi Minjun"), ("박지훈", "Park Ji-Hun"), ("임연준", "Lim Yeon-Jun"),
])
def test_korean_surnames_in_their_romanisations_are_one_name(a, b):
    """No sound fold joins Lee and Yi or Lim and Im: the forms in use are listed per surname."""
    assert sim(a, b) >= 0.9


@pytest.mark.parametrize(("a", "b"), [("Lee Min Jun", "Kim Min-Jun"), ("Park Ji Hoon", "Pang Ji-Hoon"),
                                      ("Lim Yeon Jun", "Min Yeon-Jun")])
def test_other_korean_surnames_stay_apart(a, b):
    assert sim(a, b) < 0.85


def test_korean_surname_romanisations_meet_in_blocking():
    from detector.blocking import blocking_keys, is_blocking
    from tests.test_features import case, person

    a = case("DE", "A", suspects=[person("Rhee Minjun")])
    b = case("FR", "B", suspects=[person("Yi Minjun")])
    assert {k for k in blocking_keys(a) & blocking_keys(b) if is_blocking(k)}
