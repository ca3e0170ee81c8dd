"""The codes of the API's fields and filters, with their English and Arabic labels:
the fixed scales (certainty, condition…) and the curated vocabularies (site types…)."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from registry.models import (
    ActorKind,
    AdminDivision,
    Attribution,
    CauseCategory,
    Certainty,
    Condition,
    CustodyKind,
    DateMode,
    DatePrecision,
    DesignationKind,
    Extent,
    HarmKind,
    HeritageSite,
    IdentifierScheme,
    LocationCertainty,
    LootingKind,
    MediaKind,
    NameKind,
    ObjectStatus,
    RedListCategory,
    ReferenceKind,
    SourceKind,
    Term,
    UnescoRegion,
    Verification,
    Visibility,
    Vocabulary,
    WorldHeritageCategory,
)

SCALES = {
    "status": (_("Object status"), ObjectStatus),
    "date_mode": (_("Date mode"), DateMode),
    "date_precision": (_("Date precision"), DatePrecision),
    "cause_category": (_("Cause category"), CauseCategory),
    "extent": (_("Extent"), Extent),
    "condition": (_("Condition"), Condition),
    "attribution": (_("Attribution"), Attribution),
    "certainty": (_("Certainty"), Certainty),
    "verification": (_("Verification"), Verification),
    "location_certainty": (_("Location certainty"), LocationCertainty),
    "location_precision": (_("Location precision"), None),
    "visibility": (_("Visibility"), Visibility),
    "name_kind": (_("Name kind"), NameKind),
    "designation": (_("Designation"), DesignationKind),
    "region": (_("UNESCO region"), UnescoRegion),
    "category": (_("World Heritage category"), WorldHeritageCategory),
    "identifier_scheme": (_("Identifier scheme"), IdentifierScheme),
    "looting_kind": (_("Looting kind"), LootingKind),
    "red_list_category": (_("ICOM Red List category"), RedListCategory),
    "reference_kind": (_("Reference kind"), ReferenceKind),
    "custody_kind": (_("Custody kind"), CustodyKind),
    "harm": (_("Harm"), HarmKind),
    "actor_kind": (_("Actor kind"), ActorKind),
    "source_kind": (_("Source kind"), SourceKind),
    "media_kind": (_("Media kind"), MediaKind),
}
LOCATION_PRECISION = [
    ("exact", _("Exact point")),
    ("generalised", _("Generalised to a coarse cell")),
    ("withheld", _("Withheld")),
    ("not_recorded", _("Location not recorded")),
]


def bilingual(label):
    """``label`` in English and in Arabic."""
    with translation.override("en"):
        english = str(label)
    with translation.override("ar"):
        arabic = str(label)
    return english, arabic


def scale(name, label, choices):
    """A fixed scale, shaped as a vocabulary whose terms are its choices."""
    label_en, label_ar = bilingual(label)
    terms = []
    for code, label in choices:
        english, arabic = bilingual(label)
        terms.append(
            {
                "code": code,
                "label_en": english,
                "label_ar": arabic,
                "broader": None,
                "aat_uri": "",
            }
        )
    return {
        "name": name,
        "label_en": label_en,
        "label_ar": label_ar,
        "kind": "scale",
        "terms": terms,
    }


def vocabularies():
    """Every code the API uses, with its English and Arabic label."""
    result = []
    for name, (label, enum) in SCALES.items():
        result.append(scale(name, label, enum.choices if enum else LOCATION_PRECISION))
    terms = Term.objects.select_related("parent").order_by(
        "vocabulary", "sort_order", "pk"
    )
    by_vocabulary = {}
    for term in terms:
        by_vocabulary.setdefault(term.vocabulary, []).append(
            {
                "code": term.code,
                "label_en": term.label_en,
                "label_ar": term.label_ar,
                "broader": term.parent.code if term.parent else None,
                "aat_uri": term.aat_uri,
            }
        )
    for name, label in Vocabulary.choices:
        english, arabic = bilingual(label)
        result.append(
            {
                "name": name,
                "label_en": english,
                "label_ar": arabic,
                "kind": "vocabulary",
                "terms": by_vocabulary.get(name, []),
            }
        )
    result.append(admin_divisions())
    return result


def admin_divisions():
    """The governorates, provinces and oblasts of the published sites (ISO 3166-2),
    the codes the ``admin_division`` filters find records by; ``broader`` is the
    country. (The registry knows every country's divisions; a filter by one that
    no public site lies in finds nothing.)"""
    english, arabic = bilingual(_("Administrative divisions"))
    divisions = (
        AdminDivision.objects.exclude(code="")
        .filter(pk__in=HeritageSite.objects.published().values("admin_division"))
        .order_by("code")
    )
    return {
        "name": "admin_division",
        "label_en": english,
        "label_ar": arabic,
        "kind": "vocabulary",
        "terms": [
            {
                "code": division.code,
                "label_en": division.name,
                "label_ar": division.name_ar,
                "broader": division.country.code or None,
                "aat_uri": "",
            }
            for division in divisions
        ],
    }
