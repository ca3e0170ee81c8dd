"""Parsed rows written in one transaction, as one import batch: sites, identifiers,
designations and names created (in bulk, with their history) or updated where they
differ, curators' edits kept, designations ended for properties the export no
longer lists."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from registry.interchange.whc.parsing import (
    export_year,
    parse_file,
)
from registry.interchange.whc.reading import ImportRefused, sha256_of
from registry.interchange.whc.state import ImportState
from registry.interchange.whc.summary import Summary
from registry.models import (
    Designation,
    DesignationKind,
    ExternalIdentifier,
    HeritageSite,
    IdentifierScheme,
    ImportBatch,
    LocationCertainty,
    LocationSensitivity,
    Name,
    NameKind,
    PublicationStatus,
)
from registry.publishing import cache, versions
from registry.publishing.workflow import mark_status, publish_in_bulk
from registry.search.text import fold

# The note an import writes on a designation it ends, and reads to reopen one.
ENDED = "Not in UNESCO's export of {year}."
MERGED = "Merged into {id_no} in UNESCO's export of {year}."
ENDED_PREFIXES = ("Not in UNESCO's export of ", "Merged into ")
NO_STATE = "UNESCO lists this property under no State Party ({states})."


def _write(record, values):
    """Set ``values`` on ``record``; the names of the fields that changed."""
    changed = []
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed.append(name)
    return changed


def _site_values(row, registry, site=None):
    """The site's fields the importer owns, as this row gives them.

    Its names are UNESCO's on a site the importer creates; on an existing site they
    follow UNESCO only while they are still a name UNESCO gave (a curator's choice
    is never overwritten; UNESCO's names are kept as variants in any case).
    """
    values = {"unesco_category": row.category, "unesco_regions": ",".join(row.regions)}
    official = registry.names[site.pk] if site is not None else set()
    for field_name, language, value in (
        ("name", "en", row.name),
        ("name_ar", "ar", row.name_ar),
    ):
        current = getattr(site, field_name) if site is not None else ""
        if value and (site is None or not current or (current, language) in official):
            values[field_name] = value
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
        if site is not None:  # compare like with like
            if current == values["country"]:
                del values["country"]
            if (
                sorted(c.code for c in site.other_countries)
                == values["other_countries"]
            ):
                del values["other_countries"]
    return values


def _new_site(row, registry, summary):
    """A site for ``row``, validated and queued for creation."""
    site = HeritageSite(
        site_type=registry.site_type(row.site_type, summary),
        location_certainty=LocationCertainty.APPROXIMATE,
        location_sensitivity=LocationSensitivity.PUBLIC,
        import_batch=registry.batch,
        **_site_values(row, registry),
    )
    mark_status(site, PublicationStatus.DRAFT, previous=PublicationStatus.DRAFT)
    # The fields, the site's own rules and its constraints (evaluated on the site,
    # without a query). Not asked again: its site type and batch, records this
    # import has just read or written, and its countries, which parsing checked
    # against the same ISO 3166-1 list (each check walks the 250 countries).
    site.full_clean(
        exclude=["site_type", "import_batch", "country", "other_countries"],
        validate_unique=False,
    )
    registry.new_sites.append((row, site))
    registry.sites[row.id_no] = site
    registry.add(
        site,
        ExternalIdentifier(
            scheme=IdentifierScheme.UNESCO_WHC, value=row.id_no, url=row.url
        ),
    )
    registry.add(site, Designation(kind=DesignationKind.WORLD_HERITAGE, **_whc(row)))
    for period in row.danger:
        registry.add(
            site,
            Designation(
                kind=DesignationKind.IN_DANGER,
                reference=row.id_no,
                year_from=period.year_from,
                year_to=period.year_to,
            ),
        )
    names = [_name(registry, name, language) for language, name in row.names]
    for name in names:
        registry.add(site, name)
    registry.set_search_text(site, names)


def _name(registry, name, language):
    record = Name(
        content_type=registry.content_type,
        name=name,
        language=language,
        kind=NameKind.OFFICIAL,
    )
    record.normalised = fold(name)
    return record


def _whc(row):
    """The World Heritage designation as the row gives it (listed: no end year)."""
    note = "" if row.countries else NO_STATE.format(states=row.states or "none given")
    return {
        "reference": row.id_no,
        "criteria": row.criteria,
        "year_from": row.year_inscribed,
        "year_to": None,
        "note": note,
    }


def _sync_site(row, registry, summary):
    site = registry.sites[row.id_no]
    changes = _write(site, _site_values(row, registry, site))
    if changes:
        registry.touched.add(site.pk)
    return site, changes


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
    values = _whc(row)
    if designation is None:
        designation = Designation(
            site=site, kind=DesignationKind.WORLD_HERITAGE, **values
        )
        registry.save(designation)
        designations.append(designation)
        return ["World Heritage designation"]
    if designation.note and not designation.note.startswith(
        (*ENDED_PREFIXES, NO_STATE[:20])
    ):
        values["note"] = designation.note  # a curator's note stays
    changed = _write(designation, values)
    if changed:
        registry.save(designation)
        return [f"World Heritage {name}" for name in changed]
    return []


def _sync_danger(site, row, registry, designations, summary):
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
            changes.append(f"in danger {period}")
            if period.year_to is None:
                summary.entered_danger.append(row.id_no)
            continue
        was_open = designation.year_to is None
        values = {"reference": row.id_no, "year_to": period.year_to}
        if designation.note.startswith(ENDED_PREFIXES):
            values["note"] = ""
        if _write(designation, values):
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
        record = _name(registry, name, language)
        record.object_id = site.pk
        registry.add(site, record)
        existing.add((name, language))
        added.append(language)
    if added:
        registry.touched.add(site.pk)
    return [f"names ({', '.join(added)})"] if added else []


def apply_row(row, registry, summary):
    """Bring the registry in line with one row, recording the outcome in ``summary``."""
    if not row.countries:
        summary.no_state_party.append(row.id_no)
    if row.id_no not in registry.sites:
        _new_site(row, registry, summary)
        summary.created.append(row.id_no)
        return
    site, changes = _sync_site(row, registry, summary)
    designations = registry.designations[site.pk]
    changes += _sync_identifier(site, row, registry)
    changes += _sync_world_heritage(site, row, registry, designations)
    changes += _sync_danger(site, row, registry, designations, summary)
    changes += _sync_names(site, row, registry)
    if changes:
        site.import_batch = registry.batch
        registry.save(site)
        summary.updated.append(row.id_no)
        summary.changes[row.id_no] = changes
    else:
        summary.unchanged.append(row.id_no)


def end_unlisted(rows, registry, summary, year):
    """End the designations of properties the export no longer lists: merged into
    another (UNESCO's ``rev_bis`` "-894" says so), or simply absent."""
    in_file = {row.id_no for row in rows}
    merged_into = {old: row.id_no for row in rows for old in row.absorbs}
    summary.no_longer_listed = sorted(
        (value for value in registry.identifiers if value not in in_file),
        key=lambda value: (len(value), value),
    )
    for value in summary.no_longer_listed:
        site = registry.identifiers[value].site
        why = (
            MERGED.format(id_no=merged_into[value], year=year)
            if value in merged_into
            else ENDED.format(year=year)
        )
        ended = False
        for designation in registry.designations[site.pk]:
            if designation.year_to is None and designation.reference in (value, ""):
                designation.year_to = max(year, designation.year_from or year)
                designation.note = why
                registry.save(designation)
                ended = True
        if ended:
            summary.ended[value] = why
            site.import_batch = registry.batch
            registry.save(site, validate=False)


def apply_rows(
    rows,
    *,
    dry_run=False,
    source="",
    sha256="",
    user=None,
    publish=False,
    progress=None,
):
    """Write validated ``rows`` in one transaction, as one ``ImportBatch``; return
    the ``Summary``.

    Any exception rolls back everything; a validation error of the models comes out
    as ImportRefused with the row's line. ``progress(done, total)`` is called after
    each row. With ``publish`` every draft or in-review site of the file is
    published (a withdrawn one stays withdrawn: that was an editor's decision).
    With ``dry_run`` the transaction is rolled back at the end.
    """
    year = export_year(rows)
    summary = Summary(rows=len(rows), dry_run=dry_run, export_year=year)
    with transaction.atomic():
        batch = summary.batch = ImportBatch.objects.create(
            kind="whc", file_name=source, sha256=sha256, user=user, export_year=year
        )
        registry = ImportState(rows, f"import_whc {source}".strip(), batch, user)
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
        registry.create_all()
        registry.refresh_search_text()
        # The names and designations just created in bulk are part of the public
        # versions of the published sites they belong to.
        versions.refresh(
            HeritageSite,
            [registry.sites[row.id_no].pk for row in rows],
            note=versions.FROM_UNESCO,
            user=user,
        )
        end_unlisted(rows, registry, summary, year)
        if publish:
            in_file = [registry.sites[row.id_no].pk for row in rows]
            summary.published = publish_in_bulk(
                HeritageSite.objects.filter(
                    pk__in=in_file,
                    status__in=[PublicationStatus.DRAFT, PublicationStatus.REVIEW],
                ),
                user=user,
                reason=registry.reason,
                public_note=versions.FROM_UNESCO,
                batch=batch,
            )
        batch.rows = summary.rows
        batch.created = len(summary.created)
        batch.updated = len(summary.updated)
        batch.unchanged = len(summary.unchanged)
        batch.ended = len(summary.ended)
        batch.summary = "\n".join(summary.lines())
        batch.save()
        # Bulk writes send no signals: the cached figures are stale now.
        cache.bump()
        if dry_run:
            transaction.set_rollback(True)
    return summary


def import_file(path, *, dry_run=False, user=None, publish=False, progress=None):
    """Read, validate and import one UNESCO export; return the ``Summary``.

    Raises ImportRefused, with nothing written, if any row is wrong.
    """
    rows = parse_file(path)
    return apply_rows(
        rows,
        dry_run=dry_run,
        source=Path(path).name,
        sha256=sha256_of(path),
        user=user,
        publish=publish,
        progress=progress,
    )
