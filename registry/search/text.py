"""Normalisation of names for search: one function, ``fold``, used everywhere.

Any spelling of a name should find the record, so names and queries are both folded
to a common form before they are compared:

- Arabic: alef variants (أ إ آ ٱ) become ا, ta marbuta ة becomes ه, alef maqsura ى
  becomes ي, hamza on a seat (ؤ ئ) becomes its seat, a lone hamza and tatweel go,
  tashkeel (short vowels, shadda, sukun…) goes, Arabic-Indic digits become 0-9, and
  the article ال at the start of a word goes.
- Characters that are not seen go (soft hyphens, joiners, direction marks); a
  zero-width space separates words.
- Latin: case and diacritics go, as do apostrophes and the marks used for ʿayn and
  hamza; hyphens become spaces; the article (al-, el-, and the assimilated forms
  such as ez-, ash-) at the start of a word goes.
- Cyrillic is written in Latin letters as Ukraine's official transliteration writes
  it (Пимоненко is pymonenko, Херсон kherson, Ялта yalta), so that a Ukrainian
  name typed in Cyrillic finds the record that lists it transliterated, and the
  other way round; Russian's own letters (ы, э, ъ) and other languages' (ў, ј, қ…)
  as usual. Then it is Latin. A word that mixes the two alphabets (look-alike
  letters typed from the other keyboard) is read in the one its letters say:
  Pocнatok is pochatok, Кaрта karta.
"""

import re
import unicodedata
from functools import lru_cache

_ARABIC_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ی": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ء": "",
        "ـ": "",  # tatweel
        "ک": "ك",
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended (Persian) digits
    }
)

# Ukraine's transliteration (2010), after case went. At the start of a word є, ї,
# й, ю and я are ye, yi, y, yu and ya.
_CYRILLIC = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "h",
        "ґ": "g",
        "д": "d",
        "е": "e",
        "є": "ie",
        "ж": "zh",
        "з": "z",
        "и": "y",
        "і": "i",
        "ї": "i",
        "й": "i",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ь": "",
        "ю": "iu",
        "я": "ia",
        "ы": "y",
        "э": "e",
        "ё": "e",
        "ъ": "",
        # Belarusian, Serbian and Macedonian letters.
        "ў": "u",
        "ђ": "dj",
        "ћ": "c",
        "љ": "lj",
        "њ": "nj",
        "џ": "dz",
        "ј": "j",
        "ѓ": "gj",
        "ќ": "kj",
        "ѕ": "dz",
        # Letters of Central Asian and Caucasian languages written in Cyrillic.
        "ә": "a",
        "ғ": "gh",
        "қ": "q",
        "ң": "ng",
        "ө": "o",
        "ұ": "u",
        "ү": "u",
        "һ": "h",
        "ҳ": "h",
        "ҷ": "j",
        "ҙ": "z",
        "ҫ": "s",
    }
)
_CYRILLIC_INITIAL = re.compile(r"(?<!\w)([єїйюя])")
_CYRILLIC_INITIALS = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_ANY_CYRILLIC = re.compile("[\u0400-\u04ff]")
# A word that mixes the two alphabets was typed with a keyboard's look-alikes. A
# word with a Latin letter that looks like no Cyrillic one is Latin (Pocнatok,
# Аfrykanskyi, ХVІІІ: 459 such letters in a real list of 2,287 stolen objects), its
# Cyrillic letters the Latin ones they look like (н is h there); a word with a
# Cyrillic letter that looks like no Latin one is Cyrillic (Пимонeнко with a Latin
# e); a word of look-alikes only is the alphabet most of its letters are in (Кaрта).
_LATIN_LOOKS = "aeopcyxikmhtbjs"
_CYRILLIC_LOOKS = "аеорсухікмнтвјѕ"
_AS_LATIN = str.maketrans(_CYRILLIC_LOOKS, _LATIN_LOOKS)
_AS_CYRILLIC = str.maketrans(_LATIN_LOOKS, _CYRILLIC_LOOKS)
_MIXED_WORD = re.compile(r"\w*(?:[a-z]\w*[\u0400-\u04ff]|[\u0400-\u04ff]\w*[a-z])\w*")
_LATIN_ONLY = re.compile("[dfglnqruvwz]")
_CYRILLIC_ONLY = re.compile(f"[^\\W{_CYRILLIC_LOOKS}a-z0-9_]")


def _one_alphabet(match):
    word = match[0]
    if _LATIN_ONLY.search(word):
        return word.translate(_AS_LATIN)
    if _CYRILLIC_ONLY.search(word):
        return word.translate(_AS_CYRILLIC)
    latin = sum(letter in _LATIN_LOOKS for letter in word)
    return word.translate(_AS_CYRILLIC if len(word) > 2 * latin else _AS_LATIN)


# Characters that are not seen: a soft hyphen (in 133 places of UNESCO's 2024
# export: "Lí­nea de ferrocarril de Semmering"), joiners and non-joiners, the marks
# that set a text's direction (copied with an Arabic name from a web page), a
# byte-order mark. A zero-width space (the GUR list's titles have them) separates
# words.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)

# Tashkeel and Quranic marks: fathatan … sukun, superscript alef, small high marks.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
# Apostrophes and the letters used to write ʿayn and hamza in transliteration.
_APOSTROPHES = re.compile("['\u2018\u2019\u02bb\u02bc\u02be\u02bf\u02b9\u0060\u00b4]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_/.,;:()\[\]\"«»]+")
# Latin article: al-/el- (also written without the hyphen when glued: "alasaad" is
# left alone, it is too ambiguous) and the assimilated forms before sun letters.
_LATIN_ARTICLE = re.compile(
    r"^(?:a|e)(?:l|d|dh|n|r|s|sh|t|th|z|zh)$",
)
_GLUED_ASSIMILATED = re.compile(r"^(?:a|e)(d|n|r|s|t|z)\1(?=[a-z]{2})")
# The article, once or (a typo) repeated, so that folding twice changes nothing more.
_ARABIC_ARTICLE = re.compile(r"^(?:ال)+(?=\w{2})")


def _strip_latin_diacritics(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Names and queries this long or shorter are folded once per process: the same ones
# come back (a page's names, a query's words on every page).
REMEMBERED = 200


def fold(text):
    """Fold ``text`` (a name or a query) to the form the search compares.

    >>> fold("Khaled al-Asa'ad") == fold("khaled al asaad") == "khaled asaad"
    True
    """
    if not text:
        return ""
    text = str(text)
    if len(text) <= REMEMBERED:
        return _remembered_fold(text)
    return _fold(text)


@lru_cache(maxsize=1 << 14)
def _remembered_fold(text):
    return _fold(text)


def _fold(text):
    text = unicodedata.normalize("NFKC", text)  # presentation forms → letters
    text = _INVISIBLE.sub("", text.replace("\u200b", " "))
    text = _ARABIC_MARKS.sub("", text)
    text = text.translate(_ARABIC_LETTERS)
    text = _APOSTROPHES.sub("", text)
    if _ANY_CYRILLIC.search(text):
        text = _MIXED_WORD.sub(_one_alphabet, text.casefold())
        text = _CYRILLIC_INITIAL.sub(
            lambda match: _CYRILLIC_INITIALS[match[1]], text
        ).translate(_CYRILLIC)
        if _ANY_CYRILLIC.search(text):  # accented (ӓ, ӣ), or old (ѣ, ѳ)
            # Accented letters are written as their letter; what is still left
            # (old letters, signs) is dropped, so that no Cyrillic stays.
            text = unicodedata.normalize("NFKD", text).translate(_CYRILLIC)
            text = _ANY_CYRILLIC.sub("", text)
    text = _strip_latin_diacritics(text).casefold()
    words, articles = [], []
    for word in _SEPARATORS.split(text):
        if not word:
            continue
        # Until nothing changes: one article gone may uncover another ("الal").
        stripped = None
        while stripped != word:
            stripped = word
            word = _ARABIC_ARTICLE.sub("", _GLUED_ASSIMILATED.sub(r"\1", word))
        if _LATIN_ARTICLE.match(word):
            articles.append(word)
            continue
        words.append(word)
    # A name that is nothing but articles ("Al", "el-") keeps them, as words: its
    # hyphens and other separators go like everyone's.
    return " ".join(words or articles)
