"""What a query's words ask of a record's own names, as ``Q`` conditions: the folded
text (``exact_q``), the folded text or the phonetic keys (``spelling_q``), or keys one
letter away (``typo_q``). ``registry.search.matching`` combines and ranks them.
"""

import json

from django.db import connection
from django.db.models import F, Lookup, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from registry.search.phonetic import consonant_spellings, query_keys


def is_arabic(word):
    return any("\u0600" <= char <= "\u06ff" for char in word)


def word_q(word):
    """The record's folded text holds ``word``: anywhere for a Latin word, at the
    start of a word for an Arabic one (three letters are often inside another word)."""
    if is_arabic(word):
        return Q(search_text__startswith=word) | Q(search_text__contains=f" {word}")
    return Q(search_text__contains=word)


def exact_q(words):
    """The record's own folded text holds every word."""
    q = Q()
    for word in words:
        q &= word_q(word)
    return q


class Like(Lookup):
    """``lhs LIKE pattern`` with the pattern's ``_`` and ``%`` as wildcards (keys are
    letters only, so nothing needs escaping)."""

    lookup_name = "like"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} LIKE {rhs}", [*lhs_params, *rhs_params]


class Among(Lookup):
    """``lhs`` is one of the keys ``rhs``, passed as one parameter whatever their
    number: an array on PostgreSQL, a JSON list on SQLite. ``pk__in`` compiled a
    placeholder and a conversion per key: for the 8,000 events named after a site,
    more than the query took to run."""

    lookup_name = "among"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        keys = self.parameter(self.rhs, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, keys]
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*lhs_params, keys]

    @staticmethod
    def parameter(keys, connection):
        """The one parameter that carries ``keys``."""
        if connection.vendor == "postgresql":
            return list(keys)
        return json.dumps(list(keys))


def among_q(keys, column="pk"):
    """The record (or its ``column``: a key, a relation) is one of ``keys``. (A
    tuple: Django hashes conditions, and a list was made hashable key by key.)"""
    return Q(Among(F(column), tuple(keys)))


def keys_like(pattern):
    return Q(Like(F("search_keys"), Value(pattern)))


def spelt_in_arabic_consonants(keys):
    """A name holds, for each of ``keys`` (a query word's key each), a word in
    Arabic letters spelt with that key's consonants alone, no long vowel
    (``phonetic.consonant_spellings``): Halab's ``hlb`` is «حلب» spelt whole, where
    «نواعير» (``nr``, with و ا ع ي written) is not Nouri. None when a key has no
    such spelling or too many to ask for."""
    text = Concat(Value(" "), F("search_text"), Value(" "), output_field=TextField())
    q = Q()
    for key in keys:
        words = consonant_spellings(key)
        if not words:
            return None
        spelt = Q()
        for word in words:
            spelt |= Q(Like(text, Value(f"% {word} %")))
        q &= spelt
    return q


def key_q(key):
    """A name holds a word of this key (the whole key: a key's start would make
    Bostra's ``bstr`` find "pastoral")."""
    return keys_like(f"% {key} %")


# A query longer than this is a pasted text, not a name: its words are matched as
# typed (each word's alternatives add to the SQL, which SQLite caps in depth).
PHONETIC_WORDS = 8
TYPO_WORDS = 4


def spelling_q(words):
    """Every word is in the folded text or has its key among the record's keys."""
    if len(words) > PHONETIC_WORDS:
        return exact_q(words)
    q = Q()
    for word, keys in zip(words, query_keys(words), strict=True):
        alternatives = word_q(word)
        for key in keys:
            alternatives |= key_q(key)
        q &= alternatives
    return q


def one_letter_away(key):
    """LIKE patterns of the whole keys one letter away from ``key``: one more
    letter (Busra's ``bsr``, Bostra's ``bstr``); from four letters also one
    fewer, one other or two neighbours swapped. A key of three letters differs
    from too many others by one letter (Petra's ``btr``, Bosra's ``bsr``)."""
    patterns = [key[:i] + "_" + key[i:] for i in range(len(key) + 1)]
    if len(key) >= 4:
        for i in range(len(key)):
            patterns.append(key[:i] + "_" + key[i + 1 :])
            patterns.append(key[:i] + key[i + 1 :])
            if i + 1 < len(key):
                patterns.append(key[:i] + key[i + 1] + key[i] + key[i + 2 :])
    return [f"% {pattern} %" for pattern in dict.fromkeys(patterns)]


def typo_q(words):
    """Every word is in the folded text or a key one letter away from its own (for
    keys of three letters or more); None when no word has such a key."""
    if len(words) > TYPO_WORDS:
        return None
    q, any_typo = Q(), False
    for word, keys in zip(words, query_keys(words), strict=True):
        alternatives = word_q(word)
        for key in keys:
            if not 3 <= len(key) <= 12:
                alternatives |= key_q(key)
                continue
            any_typo = True
            for pattern in one_letter_away(key):
                alternatives |= keys_like(pattern)
        q &= alternatives
    return q if any_typo else None


def typo_candidates_q(model, words):
    """On SQLite: the records of ``model`` one of whose keys is one letter away
    from a query word's, read from the keys' trigram index (migration 0021)
    rather than by a scan of the table. ANDed with ``typo_q`` it changes no
    result: the typo pass runs only when the spelling pass found nothing, so a
    record it finds has at least one word matched one letter away. None when no
    word has such a key."""
    patterns = [
        pattern
        for keys in query_keys(words[:TYPO_WORDS])
        for key in keys
        if 3 <= len(key) <= 12
        for pattern in one_letter_away(key)
    ]
    if not patterns:
        return None
    index = f"{model._meta.db_table}_keys"
    # One SELECT a pattern: the index answers each LIKE, not an OR of them (which
    # SQLite reads by scanning the virtual table).
    union = " UNION ".join(
        [f"SELECT rowid FROM {index} WHERE search_keys LIKE %s"] * len(patterns)
    )
    sql = f"{union} LIMIT {TYPO_CANDIDATES + 1}"
    with connection.cursor() as cursor:
        cursor.execute(sql, patterns)
        ids = [row[0] for row in cursor.fetchall()]
    if len(ids) > TYPO_CANDIDATES:
        # Too many to list: the planner joins the index instead.
        return Q(pk__in=RawSQL(union, patterns))
    # A list of ids: the query then reads those rows by key, whatever order it
    # is asked for (with a subquery, SQLite preferred walking the name index).
    return Q(pk__in=ids)


TYPO_CANDIDATES = 2000
