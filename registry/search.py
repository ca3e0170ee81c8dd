"""Search by any spelling: one implementation for the API's ``q`` and the catalogue.

Records carry ``search_text``: their names folded by ``registry.text.fold``. A query
is folded the same way and split into words; a record matches when its own text
contains every word, or when a record it belongs to matches (an event is found by
its site's names, its perpetrator's aliases; a site by its governorate's names).

- PostgreSQL: substring matching uses the trigram index; close spellings match too
  (trigram word similarity, so "Palmira" finds Palmyra); results are ranked by
  full-text rank and similarity over the folded text.
- SQLite: substring matching only (still on folded text, so every folding rule holds);
  ranked by whether the record's own name matched and whether it starts with the query.

Related records count only when they are public: a draft actor's aliases find nothing.
"""

from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When

from registry import models as m
from registry.text import fold

# For each searchable model: the relations whose match also finds it, and how much
# such a match weighs against a match of the record's own names (2.0). A site in the
# governorate asked for is nearly a direct hit; an event at a site found is a good one.
RELATED = {
    m.HeritageSite: [("admin_division", m.AdminDivision, 1.9)],
    m.Structure: [("site", m.HeritageSite, 1.5)],
    m.DamageEvent: [("site", m.HeritageSite, 1.5), ("perpetrator", m.Actor, 1.5)],
    m.LootingIncident: [("site", m.HeritageSite, 1.5), ("perpetrator", m.Actor, 1.5)],
    m.CulturalObject: [("origin_site", m.HeritageSite, 1.4)],
    m.Person: [],
    m.Actor: [],
    m.Source: [("publisher", m.Actor, 1.2)],
    m.AdminDivision: [],
}


def query_words(query):
    return fold(query).split()


def is_postgresql():
    return connection.vendor == "postgresql"


def own_match_q(words, prefix=""):
    """The record's own folded text holds every word (or, on PostgreSQL, the
    query is spelt closely enough)."""
    field = f"{prefix}search_text"
    q = Q()
    for word in words:
        q &= Q(**{f"{field}__contains": word})
    if is_postgresql() and words:
        q |= Q(**{f"{field}__trigram_word_similar": " ".join(words)})
    return q


def _candidates(model):
    manager = model._default_manager
    return manager.published() if hasattr(manager, "published") else manager.all()


# Related matches up to this many are passed to the database as a list of keys.
KEYS_AS_LIST = 1000


def related_q(field, queryset):
    """``field`` is one of the records of ``queryset``: a ``Q``, or None for none.

    A few keys go in as a literal list, so that PostgreSQL can combine the trigram
    index of the record's own text with the index of ``field`` (a subquery inside
    the OR made it scan the whole table: 460 ms for a site search at 100k sites);
    many keys stay a subquery.
    """
    keys = list(queryset.values_list("pk", flat=True)[: KEYS_AS_LIST + 1])
    if not keys:
        return None
    if len(keys) > KEYS_AS_LIST:
        return Q(**{f"{field}__in": queryset.values("pk")})
    return Q(**{f"{field}__in": keys})


def matching(model, words, depth=1):
    """Public records of ``model`` found by ``words``, directly or through relations."""
    q = own_match_q(words)
    if depth:
        for field, related, _weight in RELATED.get(model, []):
            found = related_q(field, matching(related, words, depth - 1))
            if found is not None:
                q |= found
    return _candidates(model).filter(q)


def search(queryset, query, also=None):
    """``queryset`` narrowed to what ``query`` finds, annotated with ``search_rank``.

    ``also``: a further ``Q`` that counts as a direct match (an object's exact
    reference number, say).
    """
    words = query_words(query)
    if not words:
        # Nothing to search for ("?q=-" folds to nothing): no result, but ranked
        # like any search, so that ordering by the rank still works.
        return queryset.none().annotate(
            search_rank=Value(0.0, output_field=FloatField())
        )
    model = queryset.model
    own = own_match_q(words)
    if also is not None:
        own |= also
    related = []
    for field, related_model, weight in RELATED.get(model, []):
        found = related_q(field, matching(related_model, words, depth=1))
        if found is not None:
            related.append((found, weight))
    condition = own
    for q, _weight in related:
        condition |= q
    return queryset.filter(condition).annotate(search_rank=rank(words, own, related))


def rank(words, own, related=()):
    """Own-name matches first, then matches through related records by their weight;
    then how closely the names fit the query."""
    base = Case(
        When(own, then=Value(2.0)),
        *(When(q, then=Value(weight)) for q, weight in related),
        default=Value(1.0),
        output_field=FloatField(),
    )
    phrase = " ".join(words)
    if is_postgresql():
        from django.contrib.postgres.search import (
            SearchQuery,
            SearchRank,
            SearchVector,
            TrigramWordSimilarity,
        )

        vector = SearchVector("search_text", config="simple")
        return (
            base
            + TrigramWordSimilarity(phrase, "search_text")
            + SearchRank(vector, SearchQuery(phrase, config="simple"))
        )
    # A name that is the query, or starts with it, or holds it as a whole word.
    fit = Case(
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
    return base + fit


def ordered(queryset):
    """Best matches first, with a stable tiebreaker."""
    return queryset.order_by(F("search_rank").desc(), "pk")
