"""The registry's models, one module per part of the domain, re-exported here."""

from .assessments import (
    AssessmentMethod,
    ConditionAssessment,
    Disturbance,
    Priority,
    Threat,
    ThreatProbability,
)
from .base import Curated, Dated, PublicationRule, PublicQuerySet
from .choices import *  # noqa: F403  (the scales are part of the models' vocabulary)
from .common import Actor, Citation, Media, Name, Source
from .events import DamageEvent, LootingIncident, StructureDamage
from .evidence import CaptureMethod, DossierAccess, SourceCapture
from .objects import CulturalObject, CustodyEvent, ObjectReference
from .people import HarmEvent, Person
from .review import ProposalState, ProposedChange, ReviewAction, ReviewStep
from .sites import Designation, ExternalIdentifier, HeritageSite, Structure
from .state import DataVersion, ImportBatch
from .subscriptions import SavedSearch
from .versions import PublicVersion, VersionAction
from .vocabulary import AdminDivision, Term

__all__ = [
    "Actor",
    "CaptureMethod",
    "DossierAccess",
    "PublicVersion",
    "SourceCapture",
    "VersionAction",
    "AdminDivision",
    "AssessmentMethod",
    "ConditionAssessment",
    "Disturbance",
    "Priority",
    "Threat",
    "ThreatProbability",
    "Citation",
    "CulturalObject",
    "Curated",
    "CustodyEvent",
    "DamageEvent",
    "DataVersion",
    "Dated",
    "Designation",
    "ExternalIdentifier",
    "HarmEvent",
    "HeritageSite",
    "ImportBatch",
    "LootingIncident",
    "Media",
    "Name",
    "ObjectReference",
    "Person",
    "ProposalState",
    "ProposedChange",
    "PublicQuerySet",
    "PublicationRule",
    "ReviewAction",
    "ReviewStep",
    "SavedSearch",
    "Source",
    "Structure",
    "StructureDamage",
    "Term",
]
