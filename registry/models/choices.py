"""The fixed scales of the registry.

Each is a ``TextChoices`` enforced by a ``CheckConstraint`` (see ``choice_check``).
Open-ended vocabularies that curators extend (site types, cause types, materials…)
are data: see ``Term``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DateMode(models.TextChoices):
    ON = "on", _("On (a known day, month or year)")
    BETWEEN = "between", _("Between two dates")
    BEFORE = "before", _("Before (terminus ante quem)")
    AFTER = "after", _("After (terminus post quem)")
    UNKNOWN = "unknown", _("Unknown")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class CauseCategory(models.TextChoices):
    """EAMENA's disturbance cause categories."""

    ARMED_CONFLICT = "armed_conflict", _("Military / armed conflict")
    LOOTING = "looting", _("Looting / illegal activities")
    VANDALISM = "vandalism", _("Vandalism")
    DELIBERATE = "deliberate", _("Deliberate destruction (ideological)")
    DEVELOPMENT = "development", _("Building and development")
    NATURAL = "natural", _("Natural")
    MANAGEMENT = "management", _("Management / institutional")
    UNKNOWN = "unknown", _("Unknown")


class Extent(models.TextChoices):
    """EAMENA's disturbance extent: the share of the site or structure damaged."""

    NONE_VISIBLE = "none", _("None visible")
    UP_TO_10 = "1-10", _("1–10%")
    UP_TO_30 = "11-30", _("11–30%")
    UP_TO_60 = "31-60", _("31–60%")
    UP_TO_90 = "61-90", _("61–90%")
    UP_TO_100 = "91-100", _("91–100%")
    UNKNOWN = "unknown", _("Unknown")


class Condition(models.TextChoices):
    """EAMENA's overall condition states."""

    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")
    VERY_BAD = "very_bad", _("Very bad")
    DESTROYED = "destroyed", _("Destroyed")
    UNKNOWN = "unknown", _("Unknown")


class Attribution(models.TextChoices):
    """How a perpetrator is known: never a bare name."""

    CLAIMED = "claimed", _("Claimed by the perpetrator")
    REPORTED = "reported", _("Reported")
    ALLEGED = "alleged", _("Alleged")
    CONFIRMED = "confirmed", _("Confirmed")


class Certainty(models.TextChoices):
    """EAMENA's certainty scale, in increasing order."""

    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    NEGLIGIBLE = "negligible", _("Negligible")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    DEFINITE = "definite", _("Definite")


class Verification(models.TextChoices):
    REPORTED = "reported", _("Reported")
    CORROBORATED = "corroborated", _("Corroborated")
    CONFIRMED = "confirmed", _("Confirmed")
    DISPUTED = "disputed", _("Disputed")
    RETRACTED = "retracted", _("Retracted")


class LocationCertainty(models.TextChoices):
    EXACT = "exact", _("Exact")
    APPROXIMATE = "approximate", _("Approximate")
    UNCERTAIN = "uncertain", _("Uncertain")


class LocationSensitivity(models.TextChoices):
    PUBLIC = "public", _("Public: the exact point is shown")
    GENERALISED = "generalised", _("Generalised: only a coarse cell is shown")
    RESTRICTED = "restricted", _("Restricted: no coordinates are shown")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: name shown")
    PSEUDONYMOUS = "pseudonymous", _("Pseudonymous: only the pseudonym is shown")
    CONFIDENTIAL = "confidential", _("Confidential: never shown publicly")


class NameKind(models.TextChoices):
    OFFICIAL = "official", _("Official")
    TOPONYM = "toponym", _("Local name / toponym")
    HISTORIC = "historic", _("Historic")
    TRANSLITERATION = "transliteration", _("Transliteration")
    PRESS = "press", _("Press spelling")
    ALIAS = "alias", _("Alias / other name")


class DesignationKind(models.TextChoices):
    WORLD_HERITAGE = "world_heritage", _("UNESCO World Heritage List")
    IN_DANGER = "in_danger", _("List of World Heritage in Danger")
    TENTATIVE = "tentative", _("UNESCO Tentative List")
    NATIONAL = "national", _("National register")
    OTHER = "other", _("Other protection")


class WorldHeritageCategory(models.TextChoices):
    """UNESCO's category of a World Heritage property."""

    CULTURAL = "cultural", _("Cultural")
    NATURAL = "natural", _("Natural")
    MIXED = "mixed", _("Mixed")


class UnescoRegion(models.TextChoices):
    """UNESCO's regions, as its World Heritage List names them."""

    AFRICA = "africa", _("Africa")
    ARAB_STATES = "arab_states", _("Arab States")
    ASIA_PACIFIC = "asia_pacific", _("Asia and the Pacific")
    EUROPE_NORTH_AMERICA = "europe_north_america", _("Europe and North America")
    LATIN_AMERICA_CARIBBEAN = (
        "latin_america_caribbean",
        _("Latin America and the Caribbean"),
    )


class IdentifierScheme(models.TextChoices):
    UNESCO_WHC = "unesco_whc", _("UNESCO World Heritage reference")
    WIKIDATA = "wikidata", _("Wikidata")
    PLEIADES = "pleiades", _("Pleiades")
    GETTY_TGN = "getty_tgn", _("Getty TGN")
    GEONAMES = "geonames", _("GeoNames")
    EAMENA = "eamena", _("EAMENA")
    OTHER = "other", _("Other")


class LootingKind(models.TextChoices):
    ILLEGAL_EXCAVATION = "illegal_excavation", _("Illegal excavation")
    THEFT_FROM_STORE = "theft_from_store", _("Theft from a museum or store")
    STRUCTURAL_ROBBING = "structural_robbing", _("Structural robbing")
    OTHER = "other", _("Other")


class RedListCategory(models.TextChoices):
    """ICOM Emergency Red List of Syrian Cultural Objects at Risk."""

    WRITING = "writing", _("Writing")
    FIGURAL_SCULPTURE = "figural_sculpture", _("Figural sculpture")
    VESSELS = "vessels", _("Vessels")
    ARCHITECTURAL = "architectural", _("Architectural elements")
    ACCESSORIES = "accessories", _("Accessories and instruments")
    SEALS = "seals", _("Stamps and cylinder seals")
    TESSERAE_COINS = "tesserae_coins", _("Tesserae and coins")


class ObjectStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    ON_MARKET = "on_market", _("On the market")
    SEIZED = "seized", _("Seized")
    RETURNED = "returned", _("Returned / repatriated")
    DESTROYED = "destroyed", _("Destroyed")
    UNKNOWN = "unknown", _("Unknown")


class ReferenceKind(models.TextChoices):
    INVENTORY = "inventory", _("Museum inventory number")
    INTERPOL = "interpol", _("INTERPOL Stolen Works of Art number")
    CASE = "case", _("Police or customs case number")
    AUCTION_LOT = "auction_lot", _("Auction lot")
    EXCAVATION = "excavation", _("Excavation number")
    OTHER = "other", _("Other")


class CustodyKind(models.TextChoices):
    LOOTED = "looted", _("Looted / stolen")
    SMUGGLED = "smuggled", _("Smuggled")
    OFFERED = "offered", _("Offered for sale")
    SOLD = "sold", _("Sold")
    SEIZED = "seized", _("Seized")
    RETURNED = "returned", _("Returned")


class HarmKind(models.TextChoices):
    KILLED = "killed", _("Killed / executed")
    INJURED = "injured", _("Injured")
    ABDUCTED = "abducted", _("Abducted")
    DETAINED = "detained", _("Detained")
    THREATENED = "threatened", _("Threatened")
    DISPLACED = "displaced", _("Displaced")
    MISSING = "missing", _("Missing")
    REMAINS_FOUND = "remains_found", _("Remains found")


class ActorKind(models.TextChoices):
    ARMED_GROUP = "armed_group", _("Armed group")
    STATE_FORCE = "state_force", _("State force")
    MILITIA = "militia", _("Militia")
    AUTHORITY = "authority", _("Authority")
    NGO = "ngo", _("NGO / monitor")
    MEDIA = "media", _("Media")
    INTERNATIONAL = "international", _("International body")
    ACADEMIC = "academic", _("Academic / research body")
    MUSEUM = "museum", _("Museum")
    DEALER = "dealer", _("Dealer / auction house")
    OTHER = "other", _("Other")


class SourceKind(models.TextChoices):
    NEWS = "news", _("News report")
    NGO_REPORT = "ngo_report", _("NGO / monitor report")
    OFFICIAL = "official", _("Official statement or record")
    ACADEMIC = "academic", _("Academic publication")
    IMAGERY = "imagery", _("Satellite imagery")
    EYEWITNESS = "eyewitness", _("Eyewitness / interview")
    SOCIAL_MEDIA = "social_media", _("Social media")
    PROPAGANDA = "propaganda", _("Perpetrator propaganda")


class MediaKind(models.TextChoices):
    BEFORE = "before", _("Before")
    AFTER = "after", _("After")
    EVIDENCE = "evidence", _("Evidence")
    OBJECT = "object", _("Object photograph")
    IMAGERY = "imagery", _("Satellite imagery")
    OTHER = "other", _("Other")


class Vocabulary(models.TextChoices):
    """The open-ended vocabularies that curators extend (rows of ``Term``)."""

    SITE_TYPE = "site_type", _("Site type")
    STRUCTURE_TYPE = "structure_type", _("Structure type")
    OBJECT_TYPE = "object_type", _("Object type")
    CAUSE_TYPE = "cause_type", _("Cause type")
    EFFECT_TYPE = "effect_type", _("Effect type")
    ROLE = "role", _("Role of a person")
    MATERIAL = "material", _("Material")
    TECHNIQUE = "technique", _("Technique")
    PERIOD = "period", _("Period")
    THREAT = "threat", _("Threat")
