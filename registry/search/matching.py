"""Search by any spelling: one implementation for the API's ``q`` and the catalogue.

Records carry ``search_text``: their names folded by ``registry.search.text.fold``.
A query
is folded the same way and split into words; a record matches when its own text
contains every word, or when a record it belongs to matches (an event is found by
its site's names, its perpetrator's aliases; a site by its governorate's names).

- PostgreSQL: substring matching uses the trigram index; close spellings match too
  (trigram word similarity, so "Palmira" finds Palmyra); results are ranked by
  full-text rank and similarity over the folded text. A query whose spelling as
  typed finds more than ``KEYS_AS_LIST`` records of a kind keeps to those exact
  matches, ranked by the cheap fit below (see ``own_q``).
- SQLite: substring matching only (still on folded text, so every folding rule holds);
  ranked by whether the record's own name matched and whether it starts with the query.

Any spelling, either script, on either database: records also carry ``search_keys``,
the phonetic keys of their names (``registry.search.phonetic``), so a query word
matches when the folded text holds it *or* a name holds a word with its whole
key (Halab finds حلب, Bosra finds Busra, Krak finds Crac). When neither finds
anything, a key one letter away does (Bostra finds Bosra): a typo that changes a
consonant.
Ranking keeps the tiers apart: a folded match first, then a phonetic one, then a
close spelling (PostgreSQL's trigrams) or a key one letter away, then matches
through related records.

A query word in Arabic script matches whole words or their start only, never the
middle of an unrelated word (حلب does not find محلبية).

Related records count only when they are public: a draft actor's aliases find nothing.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    FloatField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, Length

from registry.models import (
    Actor,
    AdminDivision,
    CulturalObject,
    DamageEvent,
    HeritageSite,
    LootingIncident,
    Person,
    Source,
    Structure,
)
from registry.publishing.cache import cached_rows, keyed_by
from registry.search.conditions import (
    among_q,
    exact_q,
    keys_like,
    spelling_q,
    spelt_in_arabic_consonants,
    typo_candidates_q,
    typo_q,
)
from registry.search.explain import near_spelling
from registry.search.phonetic import fine_key, query_keys
from registry.search.text import fold

# For each searchable model: the relations whose match also finds it, and how much
# such a match weighs against a match of the record's own names (2.0). A site in the
# governorate asked for is nearly a direct hit; an event at a site found is a good one.
RELATED = {
    HeritageSite: [("admin_division", AdminDivision, 1.9)],
    Structure: [("site", HeritageSite, 1.5)],
    DamageEvent: [("site", HeritageSite, 1.5), ("perpetrator", Actor, 1.5)],
    LootingIncident: [("site", HeritageSite, 1.5), ("perpetrator", Actor, 1.5)],
    CulturalObject: [("origin_site", HeritageSite, 1.4)],
    Person: [],
    Actor: [],
    Source: [("publisher", Actor, 1.2)],
    AdminDivision: [],
}


# The kinds whose records are names (a site, a person), where a typo in a consonant
# is worth a second look when nothing else matched. Events, objects and sources are
# titled in prose, and many: a second scan of their titles for keys one letter away
# cost 3x the search at 100k events, for little; they are found through their site.
NAMED = {HeritageSite, Structure, Person, Actor, AdminDivision}


def query_words(query):
    return fold(query).split()


def is_postgresql():
    return connection.vendor == "postgresql"


def fuzzy_q(words):
    """On PostgreSQL, the query is spelt closely enough (trigram word similarity);
    None elsewhere."""
    if not is_postgresql():
        return None
    return Q(search_text__trigram_word_similar=" ".join(words))


def own_match_q(words):
    """The record's own names match: every word, in any spelling, or a close one."""
    fuzzy = fuzzy_q(words)
    return spelling_q(words) | fuzzy if fuzzy is not None else spelling_q(words)


def _candidates(model):
    manager = model._default_manager
    return manager.published() if hasattr(manager, "published") else manager.all()


# Matches up to this many are passed to the database as a list of keys.
KEYS_AS_LIST = 1000
# A name in the titles of more records than that: their keys are read once, up to
# this many, and the count, the page and the facets look those keys up.
MANY = 100_000


# Set while index_scans is in force: a lookup inside the catalogue's search needs
# no transaction of its own.
_scanning = ContextVar("registry_index_scans", default=False)


@contextmanager
def index_scans():
    """On PostgreSQL, the queries run inside prefer the indexes.

    The planner prices the trigram operators at one CPU operation a row, where each
    costs microseconds, so it preferred to read a whole table and test every row
    (0.7 s at 100k events) to the trigram index (33 ms). Search's key lookups and
    the catalogue's search run inside this; the setting lasts for this transaction
    only, and is put back when there is an outer one.
    """
    if not is_postgresql() or _scanning.get():
        yield
        return
    outer = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), "
            "set_config('enable_seqscan', 'off', true)"
        )
        previous = cursor.fetchone()[0]
        token = _scanning.set(True)
        try:
            yield
        finally:
            _scanning.reset(token)
        if outer:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])


def _with_index_scans(queryset):
    with index_scans():
        return list(queryset)


def _keys(queryset, limit=KEYS_AS_LIST):
    """Up to ``limit + 1`` primary keys of ``queryset``, cached by data
    version (the catalogue asks the same question for every kind and facet), and
    by the question ``queryset`` was marked with (``asked``) when it was: making a
    key of the lookup's SQL cost more than the lookup itself on a warm cache.

    In no order: they are a set (all of them, or more than the list takes). In
    the list's order, PostgreSQL walked the newest-first index testing each event's
    trigrams (3.4 s for "Jebel Dabsurad" at 1M events) instead of combining the
    trigram indexes (0.35 s)."""
    keys = queryset.order_by().values_list("pk", flat=True)[: limit + 1]
    question = getattr(queryset, "_registry_question", None)
    if question is not None:
        keyed_by(keys, "keys", limit, *question, reads=queryset._registry_reads)
    return cached_rows(keys, evaluate=_with_index_scans)


def reads(model, depth=2):
    """The tables a search of ``model`` reads: its own and, ``depth`` relations
    deep, those of the records it is found through (``RELATED``), whose keys go
    into its query as a literal list."""
    tables = {model._meta.db_table}
    if depth:
        for _field, related, _weight in RELATED.get(model, []):
            tables |= reads(related, depth - 1)
    return tables


def asked(queryset, *question, depth=0):
    """``queryset`` marked as the answer to a search ``question`` (``keyed_by``),
    of its model; ``depth``: how many relations deep it found records."""
    model = queryset.model
    return keyed_by(queryset, model._meta.label, *question, reads=reads(model, depth))


def related_q(field, queryset):
    """``field`` is one of the records of ``queryset``: a ``Q``, or None for none.

    A few keys go in as a literal list, so that the database combines the indexes
    of the record's own keys and of ``field`` (a subquery inside the OR made
    PostgreSQL scan the whole table: 460 ms for a site search at 100k sites); many
    keys stay a subquery.
    """
    keys = _keys(queryset)
    if not keys:
        return None
    if len(keys) > KEYS_AS_LIST:
        return Q(**{f"{field}__in": queryset.values("pk")})
    return Q(**{f"{field}__in": keys})


@dataclass
class Own:
    """How a query matches records' own names: ``q`` (None for no record),
    whether those few are ranked by closeness (``close``) or by the cheap fit, and
    the conditions of the ranking's tiers: ``first`` (the folded text) and
    ``phonetic`` (a name's phonetic key); the rest are close spellings on
    PostgreSQL, or keys one letter away."""

    q: Q | None
    close: bool
    first: Q | None = None
    phonetic: Q | None = None
    near: Q | None = None  # of those one letter away, the nearly spelt
    keys: list | None = None  # the many matches' keys, when they were read
    # ... and the condition they were read by: the ranking tests it rather than
    # whether a row's key is in the list (the same answer for the rows found)
    read_by: Q | None = None


def own_q(model, words, also=None):
    """The records of ``model`` whose own names match ``words``.

    - Up to ``KEYS_AS_LIST`` matches (exact, phonetic or close spellings): their
      keys, found through the trigram index, ranked by closeness. The main query
      then tests a key per row, and computes closeness for those rows only.
    - More (a site's name is in the titles of its thousands of events): typo
      tolerance widens a search that finds little, not one that finds thousands.
      When the spelling as typed matches, only exact matches count; when it
      matches nothing, the phonetic matches, then the close spellings do. Either
      way they are ranked by the cheap fit, then by key: closeness costs
      microseconds a row, 0.3 s for the 30,000 events of a site at 1M events.
      On SQLite their keys are read once (``_read_once``).
    - None at all: keys one letter away (``typo_q``) on both databases, for the
      kinds in ``NAMED``.
    """
    exact, fuzzy, spelling = exact_q(words), fuzzy_q(words), spelling_q(words)
    if also is not None:
        exact |= also
        spelling |= also
    first = exact
    candidates = _candidates(model)
    spelt = (tuple(words), repr(also))
    if is_postgresql() and any(
        len(_keys(asked(candidates.filter(q), name, *spelt))) > KEYS_AS_LIST
        for name, q in (("exact", exact), ("spelling", spelling))
    ):
        # A name in the titles of thousands of records: when its exact spelling,
        # or its spellings, alone match more than the list takes, so do they with
        # the close ones, and the answer is the one below (``_many``). Looked up
        # first, they spare the lookup of close spellings (trigram word
        # similarity over every title: 0.2 s of the first search after a
        # publication at 1M events).
        return _many(candidates, exact, spelling, fuzzy, spelt)
    keys = _keys(
        asked(
            candidates.filter(spelling | fuzzy if fuzzy is not None else spelling),
            "spelt",
            *spelt,
        )
    )
    if not keys and model in NAMED:
        typo = typo_q(words)
        if typo is not None and not is_postgresql():
            # SQLite: candidates from the keys' trigram index, not a table scan.
            typo &= typo_candidates_q(model, words)
        if typo is not None:
            keys = _keys(asked(candidates.filter(typo), "typo", *spelt))
            if len(keys) > KEYS_AS_LIST:
                return Own(typo, close=False, first=exact, phonetic=spelling)
            near = _near(candidates, keys, words)
            q = Q(pk__in=keys) if keys else None
            return Own(q, close=True, first=first, phonetic=spelling, near=near)
    if len(keys) <= KEYS_AS_LIST:
        q = Q(pk__in=keys) if keys else None
        return Own(q, close=True, first=first, phonetic=spelling)
    if not is_postgresql():
        found = _read_once(candidates, exact, spelling, spelt)
        if found is not None:
            return found
    return _many(candidates, exact, spelling, fuzzy, spelt)


def _many(candidates, exact, spelling, fuzzy, spelt):
    """More matches than the list takes: the exact ones count when there are any,
    else the other spellings, else the close ones; ranked by the cheap fit."""
    for name, q in (("exact", exact), ("spelling", spelling)):
        if _keys(asked(candidates.filter(q), name, *spelt)):
            return Own(q, close=False, first=exact, phonetic=spelling)
    return Own(fuzzy, close=False, first=exact, phonetic=spelling)


def _read_once(candidates, exact, spelling, spelt):
    """SQLite: the many records spelt so, their keys read in one scan of the text
    (the exact matches are among them); None past ``MANY``. The count, the page
    and the facets then read those records by key, where each scanned the text
    again (SQLite reads a table in the order of its status index to test every
    title: 0.3 s at 100k events). PostgreSQL finds them through its trigram
    index either way, and reading by key cost it more than it saved."""
    many = _keys(asked(candidates.filter(spelling), "spelling", *spelt), MANY)
    if len(many) > MANY or not many:
        return None
    exact_keys = _keys(
        asked(candidates.filter(among_q(many) & exact), "exact of", *spelt), MANY
    )
    keys, read_by = (exact_keys, exact) if exact_keys else (many, spelling)
    return Own(among_q(keys), False, exact, spelling, keys=keys, read_by=read_by)


def _near(candidates, keys, words):
    """Of the few records found one letter away, those whose names also hold every
    query word spelt nearly so (``near_spelling``): a ``Q``, or None. Bostra's
    ``bstr`` is one letter from Bosra's ``bsr`` and from Petra's ``btr``; the
    spelling says which is meant. One query, on these keys only."""
    if not keys:
        return None
    near = [
        pk
        for pk, text in candidates.filter(pk__in=keys).values_list("pk", "search_text")
        if all(any(near_spelling(w, v) for v in text.split()) for w in words)
    ]
    return Q(pk__in=near) if near else None


def matching(model, words, depth=1):
    """Public records of ``model`` found by ``words``, directly or through relations."""
    q = own_match_q(words)
    if depth:
        for field, related, _weight in RELATED.get(model, []):
            found = related_q(field, matching(related, words, depth - 1))
            if found is not None:
                q |= found
    return asked(
        _candidates(model).filter(q), "matching", tuple(words), depth, depth=depth
    )


def search(queryset, query, also=None):
    """``queryset`` narrowed to what ``query`` finds, annotated with ``search_rank``.

    ``also``: a further ``Q`` that counts as a direct match (an object's exact
    reference number, say).

    What the words find is worked out when the query is first compiled
    (``Found``, ``Ranked``), not here: a list whose count and page of keys are
    cached by question never compiles it, and working it out (the key lookups,
    the conditions of every spelling, the ranking) was half of a repeated name
    search's time.
    """
    words = query_words(query)
    if not words:
        # Nothing to search for ("?q=-" folds to nothing): no result, but ranked
        # like any search, so that ordering by the rank still works.
        return queryset.none().annotate(
            search_rank=Value(0.0, output_field=FloatField())
        )
    found = Found(Searched(queryset.model, words, also))
    return queryset.filter(found).annotate(search_rank=Ranked(found.search))


class Searched:
    """What ``words`` find among the records of ``model``, worked out once, when
    first asked: the records' own matches (``own_q``), those through related
    records, and the condition that selects them all (None for none)."""

    def __init__(self, model, words, also):
        self.model, self.words, self.also = model, words, also

    @cached_property
    def parts(self):
        model, words, also = self.model, self.words, self.also
        own = own_q(model, words, also)
        related = []
        for field, related_model, weight in RELATED.get(model, []):
            found = related_q(field, matching(related_model, words, depth=1))
            if found is not None:
                related.append((found, weight))
        conditions = [q for q, _weight in related]
        if own.q is not None:
            conditions.insert(0, own.q)
        if not conditions:
            return own, related, None
        condition = conditions[0]
        for q in conditions[1:]:
            condition |= q
        if own.keys is not None:
            condition = _every_key(model, own.keys, related, words, also) or condition
        return own, related, condition

    @property
    def tables(self):
        """What it reads beyond the model's own table (``cache.query_tables``)."""
        return reads(self.model)


class _Deferred(Expression):
    """An expression built from a ``Searched`` when compiled, resolved against the
    query being compiled (its conditions name the model's own columns only)."""

    def __init__(self, search, output_field):
        super().__init__(output_field=output_field)
        self.search = search
        self.registry_tables = search.tables

    def resolve_expression(self, query=None, *args, **kwargs):
        return self

    def build(self):
        raise NotImplementedError

    def as_sql(self, compiler, connection):
        built = self.build()
        if built is None:
            raise EmptyResultSet
        resolved = built.resolve_expression(compiler.query, allow_joins=False)
        return compiler.compile(resolved)


class Found(_Deferred):
    """The records ``search`` finds (a condition: ``queryset.filter(Found(…))``)."""

    conditional = True

    def __init__(self, search):
        super().__init__(search, BooleanField())

    def build(self):
        return self.search.parts[2]


class Ranked(_Deferred):
    """How well each record found fits (``rank``)."""

    def __init__(self, search):
        super().__init__(search, FloatField())

    def build(self):
        own, related, condition = self.search.parts
        if condition is None:
            return Value(0.0, output_field=FloatField())
        return rank(self.search.words, own, related)


def _every_key(model, keys, related, words, also):
    """Every record found, by its own names (``keys``) or through a relation, as
    one list of keys (None when there are too many). SQLite reads a list of keys
    by key; an OR of a list and a relation made it read every record instead."""
    found = set(keys)
    for index, (q, _weight) in enumerate(related):
        through = _candidates(model).filter(q)
        more = _keys(asked(through, "through", index, words, repr(also), depth=2), MANY)
        if len(more) > MANY:
            return None
        found.update(more)
    return among_q(sorted(found))


def _closeness(phrase):
    """PostgreSQL: trigram word similarity plus full-text rank (microseconds a row)."""
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVector,
        TrigramWordSimilarity,
    )

    vector = SearchVector("search_text", config="simple")
    return TrigramWordSimilarity(phrase, "search_text") + SearchRank(
        vector, SearchQuery(phrase, config="simple")
    )


def _fit(phrase):
    """A name that is the query, or starts with it, or holds it as a whole word."""
    return Case(
        When(search_text=phrase, then=Value(0.9)),
        When(search_text__startswith=f"{phrase} |", then=Value(0.9)),
        When(search_text__contains=f"| {phrase} |", then=Value(0.8)),
        When(search_text__endswith=f"| {phrase}", then=Value(0.8)),
        When(search_text__startswith=phrase, then=Value(0.5)),
        When(search_text__contains=f"| {phrase}", then=Value(0.4)),
        When(search_text__contains=f" {phrase} ", then=Value(0.3)),
        default=Value(0.0),
        output_field=FloatField(),
    )


def rank(words, own, related=()):
    """Own-name matches first: folded ones by how well their names fit the query,
    then phonetic ones by whether a whole name's keys are the query's, then close
    spellings and keys one letter away; then matches through related records, by
    their weight (1.9 at most).

    The fit is computed for own matches only (a CASE evaluates one branch): a site
    found by name brings thousands of events with it, and scoring each of them
    against the query cost more than the rest of the search.
    """
    phrase = " ".join(words)
    fit = _closeness(phrase) if own.close and is_postgresql() else _fit(phrase)
    whens = [When(q, then=Value(weight)) for q, weight in related]
    if own.q is not None:
        # Of the records found, those of the keys read are those their condition
        # holds for: the same test, without a lookup in the list for every row.
        mine = own.q if own.read_by is None else own.read_by
        whens[:0] = [
            When(mine & own.first, then=Value(2.0) + fit),
            When(
                mine & own.phonetic,
                then=Value(1.91) + _phonetic_fit(words) + _brevity(0.009),
            ),
            # A close spelling (PostgreSQL) or a key one letter away: still above
            # a match through a related record (1.9 at most).
            When(mine, then=Value(1.9) + Value(0.002) * fit + _brevity(0.0009)),
        ]
        if own.near is not None:
            whens.insert(
                2,
                When(
                    mine & own.near,
                    then=Value(1.904) + Value(0.002) * fit + _brevity(0.0009),
                ),
            )
    return Case(*whens, default=Value(1.0), output_field=FloatField())


def _brevity(weight):
    """Up to ``weight`` for a record of few and short names: among records that
    match only by sound, "Ancient City of Bosra" before "Bassari Country: Bassari,
    Fula and Bedik Cultural Landscapes" (and its names in five languages)."""
    length = Cast(Length("search_text"), FloatField())
    return Value(weight) / (Value(1.0) + length / Value(60.0))


def _phonetic_fit(words):
    """A name whose keys are the query's, or start with them; and a name in Latin
    letters spelt closely, vowels and all (``fine_key``): Nuri before نواعير
    for "Nouri". At most 0.07, so a phonetic match stays below a folded one."""
    keys = [found[0] for found in query_keys(words) if found]
    if not keys:
        return Value(0.0)
    phrase = " ".join(keys)
    whole = Case(
        When(keys_like(f"%| {phrase} =%"), then=Value(0.03)),
        When(keys_like(f"%| {phrase} |%"), then=Value(0.03)),
        When(keys_like(f"%| {phrase} %"), then=Value(0.02)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    fines = [fine_key(word) for word in words]
    if not all(fines):
        return whole
    spelt = Q()
    for fine in fines:
        spelt &= keys_like(f"% ={fine} %")
    close = [When(spelt, then=Value(0.04))]
    # Arabic writes no short vowels: a word of consonants alone is spelt whole by a
    # Latin query of the same consonants, as closely as a Latin name can be.
    # "Halab" is «حلب» spelt whole, where the Russian "Голубые" (holubye) only
    # sounds alike, even first in its name; "Nouri" is not «نواعير».
    arabic = spelt_in_arabic_consonants(keys)
    if arabic is not None:
        close.append(When(arabic, then=Value(0.04)))
    return whole + Case(*close, default=Value(0.0), output_field=FloatField())


def ordered(queryset):
    """Best matches first, with a stable tiebreaker."""
    return queryset.order_by(F("search_rank").desc(), "pk")
