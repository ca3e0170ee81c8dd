"""Phonetic keys: one spelling-blind form of a name, in either script.

Arabic names reach readers in many Latin renderings (Tadmur, Tadmor; Busra, Bosra;
Deir ez-Zor, Dayr az-Zawr; Nuri, Nouri) and in Arabic script, which leaves short
vowels unwritten. What they share is their consonants, so a word's *key* is its
consonant skeleton, each consonant reduced to a class that every common scheme
(ALA-LC, DIN, French, English press spellings) and the Arabic letter agree on:

======  ========================================  ======================
class   Latin (after ``fold``)                    Arabic
======  ========================================  ======================
``b``   b, p                                      ب
``t``   t, th                                     ت ط ث; ة (see below)
``g``   g, gh, j, dj                              ج غ
``h``   h                                         ح ه
``x``   kh, x                                     خ
``d``   d, dh                                     د ذ ض
``z``   z, zh                                     ز ظ
``s``   s, sh, ch, sch                            س ش ص
``k``   k, q, c, ck                               ك ق
``f``   f, ph, v                                  ف
``l``   l                                         ل
``m``   m                                         م
``n``   n                                         ن
``r``   r                                         ر
(none)  vowels a e i o u, and w, y                ا و ي ى ع ء (long vowels,
                                                  ʿayn and hamza)
======  ========================================  ======================

- The word is folded first (``registry.search.text.fold``): case, diacritics,
  tashkeel, hamza seats, the article (al-, el-, ez-…, ال) are gone already.
- Digraphs are read before single letters; a doubled consonant (Raqqa, shadda
  already gone) counts once; a Latin ``h`` closing a word after a vowel is a ta
  marbuta or a long vowel (Raqqah, Jableh) and is dropped, as is a final ه.
- A word ending in ة (ta marbuta) also gets the key with ``t``, its spelling in
  construct (Qal'at): قلعة gives ``kl`` and ``klt``.
- A word holding a digit has no key: numbers are matched as typed; nor has a
  word longer than ``MAX_WORD`` letters.

ح and خ stay apart (Halab is not خلابة, "beautiful", in a UNESCO name), as do
ك/ق and خ. So Tadmur, Tadmor and تدمر are all ``tdmr``; Halab and حلب ``hlb``;
Krak and Crac ``krk``; Nuri, Nouri and النوري ``nr``; Busra, Bosra and بصرى
``bsr``.
"""

import re
from functools import lru_cache

from registry.search.text import fold

_LATIN_DIGRAPHS = [
    ("sch", "s"),
    ("kh", "x"),
    ("gh", "g"),
    ("dj", "g"),
    ("sh", "s"),
    ("ch", "s"),
    ("th", "t"),
    ("dh", "d"),
    ("zh", "z"),
    ("ph", "f"),
    ("ck", "k"),
]
_LATIN = {
    "b": "b",
    "p": "b",
    "t": "t",
    "g": "g",
    "j": "g",
    "h": "h",
    "x": "x",
    "d": "d",
    "z": "z",
    "s": "s",
    "k": "k",
    "q": "k",
    "c": "k",
    "f": "f",
    "v": "f",
    "l": "l",
    "m": "m",
    "n": "n",
    "r": "r",
}
_ARABIC = {
    "ب": "b",
    "پ": "b",
    "ت": "t",
    "ط": "t",
    "ث": "t",
    "ج": "g",
    "غ": "g",
    "ح": "h",
    "ه": "h",
    "خ": "x",
    "د": "d",
    "ذ": "d",
    "ض": "d",
    "ز": "z",
    "ظ": "z",
    "س": "s",
    "ش": "s",
    "ص": "s",
    "ك": "k",
    "ق": "k",
    "ف": "f",
    "ڤ": "f",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ر": "r",
}
# The Arabic letters of each consonant class, Arabic's own (not پ and ڤ).
_ARABIC_OF = {}
for _letter, _class in _ARABIC.items():
    if _letter not in "پڤ":
        _ARABIC_OF.setdefault(_class, []).append(_letter)
# The most spellings ``consonant_spellings`` gives (a key of ت ط ث, د ذ ض and two
# letters of one spelling each, tdmr, has 9).
MOST_SPELLINGS = 12


def consonant_spellings(key):
    """The words in Arabic letters spelt with ``key``'s consonants alone, as
    ``fold`` writes them: «حلب» and «هلب» for ``hlb``. An Arabic word writes its
    long vowels (ا و ي) and ʿayn, which a key leaves out; one that writes none is
    spelt by its consonants whole. None when the key has a letter Arabic does not
    write or more than ``MOST_SPELLINGS`` spellings."""
    words = [""]
    for letter in key:
        letters = _ARABIC_OF.get(letter)
        if letters is None:
            return None
        words = [word + arabic for word in words for arabic in letters]
        if len(words) > MOST_SPELLINGS:
            return None
    return words


# A longer "word" is not a name's (a pasted hash, a line of x): no key.
MAX_WORD = 40
_VOWELS = set("aeiouyw") | set("اويىعءئؤأإآ")
_DIGRAPH = re.compile("|".join(source for source, _target in _LATIN_DIGRAPHS))
_DIGRAPH_TARGET = dict(_LATIN_DIGRAPHS)


def _classes(word, vowels=False):
    """The consonant classes of ``word`` (folded), in order, doubles counted once;
    with ``vowels``, each run of vowels as one ``a``."""
    if word.endswith("ه") or (
        len(word) > 2 and word.endswith("h") and word[-2] in "aeiou"
    ):
        word = word[:-1]
    word = _DIGRAPH.sub(lambda match: _DIGRAPH_TARGET[match.group()], word)
    key = []
    for letter in word:
        if letter in _VOWELS:
            if vowels and (not key or key[-1] != "a"):
                key.append("a")
            continue
        target = _LATIN.get(letter) or _ARABIC.get(letter)
        if target is None:
            # Another script's letter (Greek, Cyrillic…) stands for itself; marks
            # and punctuation that survived folding stand for nothing.
            target = letter if letter.isalpha() else ""
        for char in target:
            if not key or key[-1] != char:
                key.append(char)
    return "".join(key)


def word_keys(word):
    """The keys of one folded word: usually one, two for a word ending in ة, none
    for a word with a digit or no consonant."""
    return list(_word_keys(word))


@lru_cache(maxsize=1 << 16)
def _word_keys(word):
    # Remembered: the words of names come back (every "tell", every "jebel").
    if len(word) > MAX_WORD or any(char.isdigit() for char in word):
        return ()
    keys = []
    key = _classes(word)
    if key:
        keys.append(key)
    if word.endswith("ه") and len(word) > 1:
        # fold() wrote ة as ه: the construct form (Qal'at) ends in t.
        construct = _classes(word[:-1]) + "t"
        if construct not in keys:
            keys.append(construct)
    return tuple(keys)


@lru_cache(maxsize=1 << 16)
def fine_key(word):
    """A Latin word's key with its vowels kept as one class (``a``), or None for a
    word in another script: Nouri and Nuri share ``nara``, Mosul and Mawsil
    ``masal``, where نواعير (``nr`` too) has none. It ranks, never finds: a Latin
    spelling close to the query's comes before a cross-script one."""
    if not word or not word.isascii() or not word.isalpha() or len(word) > MAX_WORD:
        return None
    return _classes(word, vowels=True) or None


def phonetic_key(text):
    """The key of a name or query: one key a word, variants side by side.

    >>> phonetic_key("Tadmur") == phonetic_key("تدمر") == "tdmr"
    True
    """
    return " ".join(key for word in fold(text).split() for key in word_keys(word))


def query_keys(words):
    """The keys of each folded query word: a list a word, empty for a word that has
    none (a number), two for a word ending in ة (either may match)."""
    return [word_keys(word) for word in words]


def search_keys_of(search_text):
    """The ``search_keys`` column of a record whose ``search_text`` is given.

    Each name's keys between bars, every key between spaces, so that a search can
    ask for a whole key (``' tdmr '``) or a name's start (``'| tdmr'``):
    ``"| blmr =balmara | tdmr =tadmar | kl klt hsn |"``.
    After a name's keys come its Latin words' fine keys, marked ``=`` (ranking
    only).
    """
    names = []
    for name in search_text.split(" | ") if search_text else []:
        words = name.split()
        keys = [key for word in words for key in word_keys(word)]
        keys += [f"={fine}" for fine in map(fine_key, words) if fine]
        if keys:
            names.append(" ".join(dict.fromkeys(keys)))
    if not names:
        return ""
    return "| " + " | ".join(dict.fromkeys(names)) + " |"
