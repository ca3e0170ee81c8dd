"""Which of a record's names a query matched, and how well: for the reader ("matched
«حلب»", "matched Tadmur, a spelling of Palmyra") and for the reconciliation
service's scores.

The rules are the search's (``registry.search.matching``), name by name: a query
word matches a word of the name as folded (whole, its start, or — Latin only —
inside it), by its whole phonetic key (``registry.search.phonetic``), or by a
key one letter away. A phonetic match spelt closely in Latin letters too (Tadmor,
Tadmur) counts nearly as much as the spelling itself.
"""

from dataclasses import dataclass
from functools import lru_cache

from registry.search.phonetic import fine_key, query_keys, word_keys
from registry.search.text import fold

# What each way of matching a word is worth (a whole folded word is 1).
WHOLE, START, INSIDE = 1.0, 0.9, 0.6
KEY, KEY_TYPO, FINE, NEAR = 0.8, 0.55, 0.1, 0.7


@dataclass(frozen=True)
class NameMatch:
    """``name`` as the record spells it; ``score`` from 0 (no match) to 100 (the
    name is the query, folded); ``how``: exact, spelling, phonetic or typo."""

    name: str
    score: float
    how: str


def _is_arabic(word):
    return any("\u0600" <= char <= "\u06ff" for char in word)


def one_letter_apart(a, b):
    """Whether keys ``a`` and ``b`` differ by one letter added, dropped, changed or
    two neighbours swapped (three letters or more; a dropped letter from four)."""
    if a == b or min(len(a), len(b)) < 3:
        return False
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        if len(a) < 4:
            return False
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long = sorted((a, b), key=len)
    if len(short) < 3:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def edit_distance(a, b, limit=2):
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` when further."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(
                min(
                    previous[j] + 1,
                    current[j - 1] + 1,
                    previous[j - 1] + (char != other),
                )
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@lru_cache(maxsize=1 << 16)
def near_spelling(word, other):
    """``other`` is ``word`` (both folded) with a typo: one letter off, two in a
    word of seven letters or more (a word under four letters has no typo: too
    many words are one letter from it)."""
    if len(word) < 4:
        return False
    return edit_distance(word, other) <= (2 if len(word) >= 7 else 1)


def _word_credit(word, keys, name_words):
    """How well one query word is matched by some word of a name (0: not)."""
    best, how = 0.0, ""
    fine = fine_key(word)
    for other in name_words:
        if other == word:
            return WHOLE, "spelling"
        if other.startswith(word) and best < START:
            best, how = START, "spelling"
        elif word in other and not _is_arabic(word) and best < INSIDE:
            best, how = INSIDE, "spelling"
        other_keys = word_keys(other)
        for key in keys:
            for other_key in other_keys:
                if other_key == key:
                    # Spelt closely in Latin letters too (Nouri, Nuri): nearer.
                    credit = KEY + (FINE if fine and fine == fine_key(other) else 0)
                elif one_letter_apart(key, other_key):
                    credit = KEY_TYPO
                else:
                    continue
                if credit > best:
                    best, how = credit, "phonetic" if credit > KEY_TYPO else "typo"
        # A typo of the spelling itself (Bostra, Bosra): nearer than one of sound.
        if best < NEAR and near_spelling(word, other):
            best, how = NEAR, "typo"
    return best, how


def name_match(name, query):
    """How ``query`` matches one ``name`` (a ``NameMatch``; score 0 for none)."""
    words = fold(query).split()
    return _name_match(name, words, query_keys(words))


def _name_match(name, words, keys):
    """``name_match`` for a query already folded into ``words``, with their keys."""
    name_words = fold(name).split()
    if not words or not name_words:
        return NameMatch(name, 0.0, "")
    if words == name_words:
        return NameMatch(name, 100.0, "exact")
    credits, ways = [], []
    for word, word_keys_ in zip(words, keys, strict=True):
        credit, how = _word_credit(word, word_keys_, name_words)
        if not credit:
            return NameMatch(name, 0.0, "")
        credits.append(credit)
        ways.append(how)
    # The share of the name the query covers, a little: "Aleppo" is less of
    # "Ancient City of Aleppo" than "Haleb" is of "Halab", but UNESCO's names
    # are long ("Site of Palmyra") and a reader's short.
    coverage = min(len(words), len(name_words)) / len(name_words)
    score = 100 * (sum(credits) / len(credits)) * (0.9 + 0.1 * coverage)
    how = next((way for way in ("typo", "phonetic") if way in ways), "spelling")
    return NameMatch(name, round(min(score, 99.0), 1), how)


def best_name(names, query):
    """The best ``NameMatch`` of ``query`` among ``names`` (None when none matches);
    the first name wins a tie."""
    best = None
    words = fold(query).split()
    keys = query_keys(words)
    for name in names:
        if not name:
            continue
        found = _name_match(name, words, keys)
        if found.score and (best is None or found.score > best.score):
            best = found
    return best


def matched_names(names, query):
    """What a reader is told ``query`` matched among a record's ``names``: its best
    name (``best_name``) or, when the words are found in different names (a maker
    and a title: "Pymonenko Palm Sunday"), the best name of each word in the query's
    order, once each, joined by " · "; None when a word matches none of them."""
    names = list(names)  # (a record's search_terms() is a generator)
    best = best_name(names, query)
    if best is not None:
        return best.name
    folded = [(name, fold(name).split()) for name in names if name]
    words = fold(query).split()
    found = []
    for word, keys in zip(words, query_keys(words), strict=True):
        credit, name = 0, None
        for candidate, name_words in folded:
            candidate_credit = _word_credit(word, keys, name_words)[0]
            if candidate_credit > credit:
                credit, name = candidate_credit, candidate
        if name is None:
            return None
        found.append(name)
    return " · ".join(dict.fromkeys(found)) or None
