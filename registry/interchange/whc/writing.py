"""Parsed rows written in one transaction: sites, identifiers, designations and
names created or updated where they differ, curators' edits kept."""

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from registry.interchange.whc.parsing import (
    NEW_TERMS,
    parse_file,
)
from registry.interchange.whc.reading import ImportRefused
from registry.models import (
    Designation,
    DesignationKind,
    ExternalIdentifier,
    HeritageSite,
    IdentifierScheme,
    LocationCertainty,
    LocationSensitivity,
    Name,
    NameKind,
    PublicationStatus,
    Term,
    Vocabulary,
)
from registry.publishing.workflow import mark_status


@dataclass
class Skipped:
    line: int
    id_no: str
    reason: str

    def __str__(self):
        return f"line {self.line}: {self.id_no}: {self.reason}"


@dataclass
class Summary:
    """What an import did (or, in a dry run, would have done)."""

    rows: int = 0
    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    no_longer_listed: list[str] = field(default_factory=list)
    entered_danger: list[str] = field(default_factory=list)
    left_danger: list[str] = field(default_factory=list)
    terms_created: list[str] = field(default_factory=list)
    # id_no -> what changed on an updated site
    changes: dict[str, list[str]] = field(default_factory=dict)

    def lines(self, verbose=False):
        """The summary as a reader should see it, one line each."""
        head = "Dry run, nothing written: " if self.dry_run else ""
        out = [
            f"{head}{self.rows} rows: {len(self.created)} created, "
            f"{len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.skipped)} skipped."
        ]
        out += [f"  skipped {skipped}" for skipped in self.skipped]
        if self.entered_danger:
            out.append(
                "Entered the List in Danger: " + ", ".join(self.entered_danger) + "."
            )
        if self.left_danger:
            out.append("Left the List in Danger: " + ", ".join(self.left_danger) + ".")
        if self.terms_created:
            out.append("Site types added: " + ", ".join(self.terms_created) + ".")
        if self.no_longer_listed:
            out.append(
                f"No longer in the file (kept, not deleted): "
                f"{len(self.no_longer_listed)}: "
                + ", ".join(self.no_longer_listed)
                + "."
            )
        if verbose:
            out += [
                f"  updated {id_no}: {', '.join(changes)}"
                for id_no, changes in self.changes.items()
            ]
        return out


# Reading ----------------------------------------------------------------------------


class _Registry:
    """What the database already holds for the file's properties, read at once."""

    def __init__(self, rows, reason):
        self.reason = reason[:100]
        self.content_type = ContentType.objects.get_for_model(HeritageSite)
        ids = [row.id_no for row in rows]
        self.identifiers = {
            identifier.value: identifier
            for identifier in ExternalIdentifier.objects.filter(
                scheme=IdentifierScheme.UNESCO_WHC
            ).select_related("site")
        }
        self.sites = {value: ident.site for value, ident in self.identifiers.items()}
        for designation in Designation.objects.filter(
            kind=DesignationKind.WORLD_HERITAGE, reference__in=ids
        ).select_related("site"):
            self.sites.setdefault(designation.reference, designation.site)
        site_ids = {site.pk for site in self.sites.values()}
        self.designations = defaultdict(list)
        for designation in Designation.objects.filter(
            site_id__in=site_ids,
            kind__in=[DesignationKind.WORLD_HERITAGE, DesignationKind.IN_DANGER],
        ).order_by("pk"):
            self.designations[designation.site_id].append(designation)
        self.names = defaultdict(set)
        for object_id, name, language in Name.objects.filter(
            content_type=self.content_type, object_id__in=site_ids
        ).values_list("object_id", "name", "language"):
            self.names[object_id].add((name, language))
        self.terms = {}

    def site_type(self, code, summary):
        if code not in self.terms:
            term = Term.objects.filter(
                vocabulary=Vocabulary.SITE_TYPE, code=code
            ).first()
            if term is None:
                label_en, label_ar = NEW_TERMS[code]
                term = Term(
                    vocabulary=Vocabulary.SITE_TYPE,
                    code=code,
                    label_en=label_en,
                    label_ar=label_ar,
                )
                self.save(term)
                summary.terms_created.append(code)
            self.terms[code] = term
        return self.terms[code]

    def save(self, record, validate=True):
        if validate:
            record.full_clean()
        record._change_reason = self.reason
        record.save()


def _write(record, values):
    """Set ``values`` on ``record``; the names of the fields that changed."""
    changed = []
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed.append(name)
    return changed


def _site_values(row, site=None):
    """The site's fields the importer owns, as this row gives them."""
    values = {"name": row.name}
    if row.name_ar:
        values["name_ar"] = row.name_ar
    if row.latitude is not None:
        values["latitude"] = row.latitude
        values["longitude"] = row.longitude
    if row.area_hectares is not None:
        values["area_hectares"] = row.area_hectares
    if row.countries:
        country = row.countries[0]
        current = site.country.code if site is not None and site.country else ""
        if current in row.countries:
            country = current  # an extension across a border keeps the first state
        values["country"] = country
        values["other_countries"] = sorted(set(row.countries) - {country})
    if site is not None and row.countries:  # compare like with like
        if current == values["country"]:
            del values["country"]
        if sorted(c.code for c in site.other_countries) == values["other_countries"]:
            del values["other_countries"]
    return values


def _sync_site(row, registry, summary):
    """The site of ``row``, created or brought up to date; (site, created, changes)."""
    site = registry.sites.get(row.id_no)
    if site is None:
        site = HeritageSite(
            site_type=registry.site_type(row.site_type, summary),
            location_certainty=LocationCertainty.APPROXIMATE,
            location_sensitivity=LocationSensitivity.PUBLIC,
            **_site_values(row),
        )
        mark_status(site, PublicationStatus.DRAFT, previous=PublicationStatus.DRAFT)
        registry.save(site)
        registry.sites[row.id_no] = site
        return site, True, []
    changes = _write(site, _site_values(row, site))
    if changes:
        registry.save(site)
    return site, False, changes


def _sync_identifier(site, row, registry):
    identifier = registry.identifiers.get(row.id_no)
    if identifier is None:
        identifier = ExternalIdentifier(
            site=site, scheme=IdentifierScheme.UNESCO_WHC, value=row.id_no, url=row.url
        )
        registry.save(identifier)
        registry.identifiers[row.id_no] = identifier
        return ["identifier"]
    if _write(identifier, {"url": row.url}):
        registry.save(identifier)
        return ["identifier URL"]
    return []


def _sync_world_heritage(site, row, registry, designations):
    listed = [d for d in designations if d.kind == DesignationKind.WORLD_HERITAGE]
    designation = next((d for d in listed if d.reference == row.id_no), None) or next(
        (d for d in listed if not d.reference), None
    )
    values = {
        "reference": row.id_no,
        "criteria": row.criteria,
        "year_from": row.year_inscribed,
    }
    if designation is None:
        designation = Designation(
            site=site, kind=DesignationKind.WORLD_HERITAGE, **values
        )
        registry.save(designation)
        designations.append(designation)
        return ["World Heritage designation"]
    changed = _write(designation, values)
    if changed:
        registry.save(designation)
        return [f"World Heritage {name}" for name in changed]
    return []


def _sync_danger(site, row, registry, designations, summary, created):
    by_start = {}
    for designation in designations:
        if designation.kind == DesignationKind.IN_DANGER:
            by_start.setdefault(designation.year_from, designation)
    changes = []
    for period in row.danger:
        designation = by_start.get(period.year_from)
        if designation is None:
            designation = Designation(
                site=site,
                kind=DesignationKind.IN_DANGER,
                reference=row.id_no,
                year_from=period.year_from,
                year_to=period.year_to,
            )
            registry.save(designation)
            designations.append(designation)
            if not created:
                changes.append(f"in danger {period}")
                if period.year_to is None:
                    summary.entered_danger.append(row.id_no)
            continue
        was_open = designation.year_to is None
        if _write(designation, {"reference": row.id_no, "year_to": period.year_to}):
            registry.save(designation)
            changes.append(f"in danger {period}")
            if was_open and period.year_to is not None:
                summary.left_danger.append(row.id_no)
            elif period.year_to is None:
                summary.entered_danger.append(row.id_no)
    return changes


def _sync_names(site, row, registry):
    existing = registry.names[site.pk]
    added = []
    for language, name in row.names:
        if (name, language) in existing:
            continue
        registry.save(
            Name(
                content_type=registry.content_type,
                object_id=site.pk,
                name=name,
                language=language,
                kind=NameKind.OFFICIAL,
            ),
            validate=False,  # unique per site and language: checked just above
        )
        existing.add((name, language))
        added.append(language)
    return [f"names ({', '.join(added)})"] if added else []


def apply_row(row, registry, summary):
    """Bring the registry in line with one row, recording the outcome in ``summary``."""
    site = registry.sites.get(row.id_no)
    if site is None and not row.countries:
        states = row.states or "none given"
        summary.skipped.append(
            Skipped(
                row.line,
                row.id_no,
                f"not in any country (States Parties: {states}); the registry does "
                "not assign one: record it by hand with its UNESCO identifier",
            )
        )
        return
    site, created, changes = _sync_site(row, registry, summary)
    designations = registry.designations[site.pk]
    changes += _sync_identifier(site, row, registry)
    changes += _sync_world_heritage(site, row, registry, designations)
    changes += _sync_danger(site, row, registry, designations, summary, created)
    changes += _sync_names(site, row, registry)
    if created:
        summary.created.append(row.id_no)
    elif changes:
        summary.updated.append(row.id_no)
        summary.changes[row.id_no] = changes
    else:
        summary.unchanged.append(row.id_no)


def apply_rows(rows, *, dry_run=False, source="", progress=None):
    """Write validated ``rows`` in one transaction; return the ``Summary``.

    Any exception rolls back everything; a validation error of the models comes out
    as ImportRefused with the row's line. ``progress(done, total)`` is called after
    each row. With ``dry_run`` the transaction is rolled back at the end.
    """
    summary = Summary(rows=len(rows), dry_run=dry_run)
    with transaction.atomic():
        registry = _Registry(rows, f"import_whc {source}".strip())
        for done, row in enumerate(rows, start=1):
            try:
                apply_row(row, registry, summary)
            except ValidationError as error:
                raise ImportRefused(
                    f"line {row.line}: {row.id_no}: {message}"
                    for message in error.messages
                ) from error
            if progress is not None:
                progress(done, len(rows))
        in_file = {row.id_no for row in rows}
        summary.no_longer_listed = sorted(
            (value for value in registry.identifiers if value not in in_file),
            key=lambda value: (len(value), value),
        )
        if dry_run:
            transaction.set_rollback(True)
    return summary


def import_file(path, *, dry_run=False, progress=None):
    """Read, validate and import one UNESCO export; return the ``Summary``.

    Raises ImportRefused, with nothing written, if any row is wrong.
    """
    rows = parse_file(path)
    return apply_rows(rows, dry_run=dry_run, source=Path(path).name, progress=progress)
