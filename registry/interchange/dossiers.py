"""Dossiers: records at their cited versions and their evidence in one ZIP file,
with a MANIFEST of SHA-256 sums (``sha256sum -c MANIFEST`` checks every file;
its first lines, comments, give the registry's data version and the moment of
the data).

A dossier is of one record (a site, an event, an object… at one of its versions,
from the record's page; of its current version, with the public records that
belong to it: a site's damage events and looting incidents, an incident's
objects) or of a catalogue search (the public records it finds, at
their current versions, at most ``DOSSIER_SEARCH_LIMIT``: the README, the
MANIFEST and ``search.json`` say when the search found more). A **public**
dossier holds what the public may read, through today's protection rules:

- ``records/<kind>-<id>-v<n>.json``: each version's public document
  (``registry.publishing.documents``), every version up to the one cited, and
  ``records/<kind>-<id>-versions.json`` the record's public history;
- ``records/<kind>-<id>-v<n>.jsonld``: the cited version in Linked Art JSON-LD
  (``registry.interchange.linked_art``) when its kind has a Linked Art shape: as
  the API serves it for the current version, from the public document above for
  an earlier one;
- ``report/report-en.html``, ``report-ar.html``, ``report-en.pdf``,
  ``report-ar.pdf``: the same as a readable report, every claim with its sources,
  quotes, locators, certainty and attribution, in English and in Arabic;
- ``sources.json``: the sources cited, as the public may know them, with the
  SHA-256 and moment of every copy the registry captured of them, and under
  ``captures/`` the copies an editor made public;
- ``photos/``: the published photographs as served (re-encoded, no metadata),
  described in ``photos.json``.

Files are named after their content (``photos/<SHA-256 prefix>-<kind>.jpg``) or
their record and version, so that two files of the same original name never
overwrite each other. The same records at the same versions give the same bytes
(fixed dates inside the ZIP and the PDFs), so a dossier downloaded twice — or by
a court and by a defendant — can be compared by its MANIFEST alone.

An **investigator** dossier (``download_investigator_dossier`` permission, every
download logged in ``DossierAccess`` with its purpose and its MANIFEST's SHA-256)
adds, under ``investigator/``, what the public never sees: the versions' raw
content (exact locations, real names), the record's full edit history without
curators' notes, the originals of its photographs with their metadata and the
SHA-256 recorded at upload (checked), every cited source in full — confidential
ones too — and every copy captured of them.
"""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import UTC

from django.conf import settings
from django.core import serializers
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from registry.catalogue.layout import Row, bilingual, layout
from registry.interchange.captures import copy_of, extension_of
from registry.interchange.dossier_pdf import dossier_pdf
from registry.interchange.registry_json import LosslessEncoder
from registry.models import (
    CulturalObject,
    DamageEvent,
    DossierAccess,
    HeritageSite,
    LootingIncident,
    Media,
    Person,
    Source,
    SourceCapture,
    Visibility,
)
from registry.publishing.cache import data_version
from registry.publishing.documents import KIND_BY_MODEL, Today, document
from registry.publishing.versions import PRIVATE, entries_of, note_of

MANIFEST = "MANIFEST"
LANGUAGES = ("en", "ar")


@dataclass
class Dossier:
    name: str  # the folder inside the ZIP, and the ZIP's file name
    moment: object  # the date written on every file: the data's
    files: dict = field(default_factory=dict)  # path -> bytes
    data_version: int = 0
    notes: list = field(default_factory=list)  # MANIFEST comments (a limit reached)

    def add_json(self, path, value):
        self.files[path] = (
            json.dumps(
                value, indent=2, ensure_ascii=False, sort_keys=True, cls=LosslessEncoder
            )
            + "\n"
        ).encode()

    def manifest(self):
        """Comments (the registry, its data version, the moment of the data), then
        ``sha256sum`` lines of every file, sorted by path."""
        header = [
            f"# Heritage damage registry dossier {self.name}",
            f"# data version: {self.data_version}",
            f"# data as of: {self.moment.astimezone(UTC).isoformat()}",
            *(f"# {note}" for note in self.notes),
        ]
        return (
            "".join(f"{line}\n" for line in header)
            + "".join(
                f"{hashlib.sha256(data).hexdigest()}  {path}\n"
                for path, data in sorted(self.files.items())
            )
        ).encode()

    def zip(self):
        """The ZIP, the same bytes for the same files: fixed dates and order."""
        files = {**self.files, MANIFEST: self.manifest()}
        stamp = self.moment.astimezone(UTC).timetuple()[:6]
        stamp = (max(stamp[0], 1980), *stamp[1:])
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(files):
                info = zipfile.ZipInfo(f"{self.name}/{path}", date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, files[path])
        return buffer.getvalue()


@dataclass
class Cited:
    """One record of a dossier at the version it cites."""

    kind: object
    record: object  # as it is now
    version: object  # the PublicVersion cited
    entries: list  # its versions and withdrawals, oldest first

    @property
    def stem(self):
        return f"records/{self.kind.code}-{self.version.public_id}"

    def path(self, number, extension="json"):
        return f"{self.stem}-v{number}.{extension}"


def content_path(folder, data, name, extension):
    """``folder/<16 hex of the SHA-256 of data>-<name as a slug><extension>``."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    slug = slugify(stem)[:40] or "file"
    return f"{folder}/{hashlib.sha256(data).hexdigest()[:16]}-{slug}{extension}"


def citation_text(title, public_id, number, published):
    """How to cite a version, its address aside (a PDF lays an address out left
    to right on its own line) and without an access date."""
    return _(
        "“%(title)s”. Heritage damage registry, record %(id)s, version %(number)s "
        "(published %(published)s)."
    ) % {
        "title": title,
        "id": public_id,
        "number": number,
        "published": published.date().isoformat(),
    }


def _title(doc):
    """The record's name or title as the version held it, in the language."""
    values = doc["record"]
    for english, arabic in (("name", "name_ar"), ("title", "title_ar")):
        if values.get(english) or values.get(arabic):
            return bilingual(values.get(english), values.get(arabic))
    return doc["id"]


def _up_to(entries, version):
    return [entry for entry in entries if entry.pk <= version.pk]


def _absolute(rows, base_url):
    """Rows whose links point at the registry from a file read anywhere."""
    return [
        Row(
            row.label,
            row.text,
            lang=row.lang,
            href=base_url + row.href if row.href.startswith("/") else row.href,
            items=[_absolute(item, base_url) for item in row.items]
            if row.items
            else row.items,
        )
        for row in rows
    ]


def public_files(dossier, cited, base_url, *, request=None, summary=None):
    """The public part of a dossier of ``cited`` (see the module's docstring)."""
    with translation.override("en"):  # the same files whatever the page's language
        return _public_files(dossier, cited, base_url, request, summary)


def _public_files(dossier, cited, base_url, request, summary):
    from registry.api.linked_art_records import linked_art_of, linked_art_of_version

    today = Today()
    dossier.data_version = data_version()
    sections, snapshots, photographs = [], [], []
    for item in cited:
        record, version = item.record, item.version
        history = _up_to(item.entries, version)
        for entry in history:
            if entry.number is None:
                continue
            doc = document(entry, latest=version.number, live=record, today=today)
            dossier.add_json(item.path(entry.number), doc)
            if entry.pk == version.pk:
                current = doc
        dossier.add_json(
            f"{item.stem}-versions.json",
            [
                {
                    "version": entry.number,
                    "action": entry.action,
                    "at": entry.recorded_at,
                    "note": str(note_of(entry)),
                }
                for entry in history
            ],
        )
        latest = max(entry.number for entry in item.entries if entry.number)
        if request is not None:
            linked = (
                linked_art_of(record, request)
                if version.number == latest
                else linked_art_of_version(record, current, request)
            )
            if linked is not None:
                dossier.add_json(item.path(version.number, "jsonld"), linked)
        sections.append((item, current))
        snapshots.append(version.snapshot)
        photographs += _photographs(dossier, item)
    dossier.add_json("photos.json", photographs)
    dossier.add_json("sources.json", public_sources(snapshots, today, dossier))
    _report(dossier, sections, base_url, summary)
    return sections


def _photographs(dossier, item):
    described = []
    for media in public_photographs(item.record):
        with media.file.storage.open(media.renditions["large"]) as stream:
            data = stream.read()
        # Named by what it shows (before, after…), never by its original file
        # name, which may say where it was taken.
        path = content_path("photos", data, media.kind or "photo", ".jpg")
        dossier.files[path] = data
        described.append(
            {
                "file": path,
                "id": str(media.public_id),
                "of": {"type": item.kind.code, "id": str(item.version.public_id)},
                "kind": media.kind,
                "caption": media.caption,
                "caption_ar": media.caption_ar,
                "credit": media.credit,
                "licence": media.licence,
                "taken_on": media.taken_on,
            }
        )
    return described


def _report(dossier, sections, base_url, summary):
    """``report/report-<language>.html`` and ``.pdf``, in English and Arabic;
    ``summary``: what a search found ({query, held, total}), or None."""
    for language in LANGUAGES:
        with translation.override(language):
            said = ""
            if summary:
                said = (
                    _("Search “%(query)s”: %(held)s of the %(total)s records it finds.")
                    % summary
                )
            parts = []
            for item, doc in sections:
                title = _title(doc)
                parts.append(
                    {
                        "document": doc,
                        "kind": item.kind,
                        "title": title,
                        "note": str(note_of(item.version)),
                        "cite": citation_text(
                            title,
                            item.version.public_id,
                            item.version.number,
                            item.version.recorded_at,
                        ),
                        "url": base_url
                        + item.kind.page(item.version.public_id, item.version.number),
                        "moment": item.version.recorded_at,
                        "rows": _absolute(layout(doc), base_url),
                    }
                )
            html = render_to_string(
                "registry/dossier_report.html",
                {
                    "parts": parts,
                    "summary": said,
                    "language": language,
                    "data_version": dossier.data_version,
                    "moment": dossier.moment,
                },
            )
            dossier.files[f"report/report-{language}.html"] = html.encode()
            dossier.files[f"report/report-{language}.pdf"] = dossier_pdf(
                parts, language=language, moment=dossier.moment, summary=said
            )


def _cited_sources(snapshot):
    """Every source a version's snapshot cites (its own citations and those of the
    rows it owns), by key, in order."""
    keys = []

    def walk(value):
        if isinstance(value, dict):
            if "source_id" in value:
                keys.append(value["source_id"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(snapshot)
    return list(dict.fromkeys(keys))


def _capture(capture):
    """A capture as investigators see it (everything known of it)."""
    return {
        "captured_at": capture.captured_at,
        "how": capture.method,
        "url": capture.url,
        "final_url": capture.final_url,
        "http_status": capture.http_status,
        "content_type": capture.content_type,
        "size": capture.size,
        "sha256": capture.sha256,
        "captured_by": capture.captured_by.get_username()
        if capture.captured_by
        else None,
    }


def public_sources(snapshots, today, dossier=None):
    """The sources cited by ``snapshots`` as the public may know them, with their
    captures as the public sees them (``SourceCapture.public_view``: a SHA-256 and
    a moment; the copy itself, put in ``dossier``, when it is public). A
    confidential source is only that, an unpublished one absent."""
    keys = []
    for snapshot in snapshots:
        keys += _cited_sources(snapshot)
    result = []
    for source in Source.objects.filter(Source.citable_q(), pk__in=keys).order_by("pk"):
        if source.confidential:
            continue  # cited as "confidential source" in the records
        captures = []
        for capture in source.captures.order_by("captured_at", "pk"):
            view = capture.public_view()
            if view["download"] and dossier is not None:
                data = copy_of(capture)
                name = f"{source.title}{extension_of(capture.content_type)}"
                view["file"] = content_path(
                    "captures", data, name, extension_of(capture.content_type)
                )
                dossier.files[view["file"]] = data
            captures.append(view)
        result.append(
            {
                "id": str(source.public_id),
                "title": source.title,
                "kind": source.kind,
                "author": source.author,
                "url": source.url,
                "archive_url": source.archive_url,
                "published_on": source.published_on,
                "captures": captures,
            }
        )
    return result


def public_photographs(record):
    """The photographs the public may see of ``record`` (as the media view)."""
    if isinstance(record, Person) and record.visibility != Visibility.PUBLIC:
        return []  # a photograph would identify a pseudonymous person
    return [
        media
        for media in Media.objects.published()
        .filter(
            content_type__app_label="registry",
            content_type__model=record._meta.model_name,
            object_id=record.pk,
        )
        .order_by("pk")
        if "large" in media.renditions
    ]


def dossier_name(kind, public_id, number, investigator=False):
    suffix = "-investigator" if investigator else ""
    return f"dossier-{kind.code}-{public_id}-v{number}{suffix}"


def related_records(record):
    """The public records a record's dossier holds besides it: a site's damage
    events and looting incidents, a looting incident's objects (at most
    ``DOSSIER_SEARCH_LIMIT``, oldest first)."""
    limit = settings.DOSSIER_SEARCH_LIMIT
    if isinstance(record, HeritageSite):
        return [
            *DamageEvent.objects.published().filter(site=record).order_by("pk"),
            *LootingIncident.objects.published().filter(site=record).order_by("pk"),
        ][:limit]
    if isinstance(record, LootingIncident):
        objects = CulturalObject.objects.published().filter(looting_incident=record)
        return list(objects.order_by("pk")[:limit])
    return []


def cited_now(record):
    """``record`` (public) at its current version, or None (none kept yet)."""
    kind = KIND_BY_MODEL[type(record)]
    entries = entries_of(kind.model, record.public_id)
    numbered = [entry for entry in entries if entry.number is not None]
    if not numbered:
        return None
    return Cited(kind, record, max(numbered, key=lambda e: e.number), entries)


def public_dossier(record, version, entries, base_url, request=None):
    """The public dossier of ``version`` of ``record`` (a public record); of its
    current version, with the public records that belong to it (``related_records``)
    at their current versions."""
    kind = KIND_BY_MODEL[type(record)]
    dossier = Dossier(
        dossier_name(kind, record.public_id, version.number), version.recorded_at
    )
    cited = [Cited(kind, record, version, entries)]
    latest = max(entry.number for entry in entries if entry.number)
    if version.number == latest:
        related = [cited_now(other) for other in related_records(record)]
        cited += [item for item in related if item is not None]
        dossier.moment = max(item.version.recorded_at for item in cited)
    public_files(dossier, cited, base_url, request=request)
    dossier.files["README.txt"] = readme(
        f"Record: {kind.code} {record.public_id}, version {version.number} "
        f"(public since {version.recorded_at.isoformat()})."
    ).encode()
    return dossier


def search_dossier(cited, *, query, total, base_url, request=None):
    """The public dossier of a catalogue search: ``cited`` the public records it
    found (the first ones, ``total`` in all), each at its current version.
    ``query``: the search's query string, as the catalogue's address has it."""
    moment = max((item.version.recorded_at for item in cited), default=timezone.now())
    digest = hashlib.sha256(query.encode()).hexdigest()[:12]
    dossier = Dossier(f"dossier-search-{digest}", moment)
    held = len(cited)
    summary = {"query": query or "*", "held": held, "total": total}
    if held < total:
        dossier.notes.append(
            f"truncated: {held} of {total} records (DOSSIER_SEARCH_LIMIT)"
        )
    public_files(dossier, cited, base_url, request=request, summary=summary)
    dossier.add_json(
        "search.json",
        {
            "query": query,
            "address": f"{base_url}/search/?{query}"
            if query
            else f"{base_url}/search/",
            "found": total,
            "held": held,
            "truncated": held < total,
            "records": [
                {
                    "type": item.kind.code,
                    "id": str(item.version.public_id),
                    "version": item.version.number,
                    "file": item.path(item.version.number),
                }
                for item in cited
            ],
        },
    )
    dossier.files["README.txt"] = readme(
        f"Search “{query or '*'}”: {held} of the {total} public records it finds, "
        "each at its current version."
    ).encode()
    return dossier


def readme(what, investigator=None):
    lines = [
        "Heritage damage registry — dossier",
        "",
        what,
        "",
        "records/<kind>-<id>-v<n>.json    each record at its version as the public",
        "                  may read it today, and every earlier version (its",
        "                  `sha256` is that of its `record`, as canonical JSON)",
        "records/<kind>-<id>-v<n>.jsonld  the cited version in Linked Art JSON-LD",
        "                  (sites, damage events, looting incidents, objects,",
        "                  people, condition assessments)",
        "records/<kind>-<id>-versions.json  the record's public history",
        "report/           the records as a readable report, in English and in",
        "                  Arabic, as HTML and PDF",
        "sources.json      the sources cited, with the SHA-256 of every copy the",
        "                  registry captured of them; captures/ the copies public",
        "photos/           the published photographs as served (no metadata),",
        "                  named by their SHA-256; photos.json describes them",
        "MANIFEST          the SHA-256 of every other file:  sha256sum -c MANIFEST",
        "                  (its first lines: the registry's data version and time)",
        "",
        "Every version is shown through the registry's protection rules of the day",
        "the dossier was made: a location, a person's name or a source protected",
        "since the version was published is left out of it too.",
    ]
    if investigator is not None:
        lines += [
            "",
            "INVESTIGATOR DOSSIER — protected information, handle accordingly.",
            f"Made for {investigator['user']} at {investigator['at']} UTC.",
            f"Purpose: {investigator['purpose']}",
            "investigator/ holds the raw content of every version (exact locations,",
            "real names), the record's edit history (curators' notes left out), the",
            "originals of its photographs with their metadata, every cited source in",
            "full (confidential ones too) and every copy captured of them. The",
            "registry logged this dossier with the SHA-256 of its MANIFEST.",
        ]
    return "\n".join(lines) + "\n"


# Investigators --------------------------------------------------------------------


def _without_private(row):
    return {key: value for key, value in row.items() if key not in PRIVATE}


def investigator_files(dossier, kind, record, version, entries):
    history = _up_to(entries, version)
    dossier.add_json(
        "investigator/versions-raw.json",
        [
            {
                "version": entry.number,
                "action": entry.action,
                "at": entry.recorded_at,
                "note": entry.note,
                "made_public_by": entry.user.get_username() if entry.user else None,
                "content": entry.snapshot,
            }
            for entry in history
        ],
    )
    model = kind.model
    rows = model.history.filter(public_id=version.public_id).order_by(
        "history_date", "history_id"
    )
    dossier.add_json(
        "investigator/history.json",
        [
            {
                "at": row.history_date,
                "type": {"+": "created", "~": "changed", "-": "deleted"}[
                    row.history_type
                ],
                "by": row.history_user.get_username() if row.history_user else None,
                "reason": row.history_change_reason or "",
                "fields": _without_private(data["fields"]),
            }
            for row, data in zip(
                rows,
                serializers.serialize("python", rows),
                strict=True,
            )
        ],
    )
    originals = []
    if record is not None:
        for media in Media.objects.filter(
            content_type__app_label="registry",
            content_type__model=model._meta.model_name,
            object_id=record.pk,
        ).order_by("pk"):
            with media.file.open("rb") as stream:
                data = stream.read()
            name = media.file.name.rsplit("/", 1)[-1]
            extension = f".{name.rsplit('.', 1)[-1].lower()}" if "." in name else ""
            path = content_path("investigator/photos", data, name, extension)
            dossier.files[path] = data
            originals.append(
                {
                    "file": path,
                    "id": str(media.public_id),
                    "status": media.status,
                    "kind": media.kind,
                    "caption": media.caption,
                    "credit": media.credit,
                    "taken_on": media.taken_on,
                    "sha256_recorded": media.sha256,
                    "sha256_matches": hashlib.sha256(data).hexdigest() == media.sha256,
                    "format": media.format,
                    "width": media.width,
                    "height": media.height,
                    "metadata": media.metadata,
                }
            )
    dossier.add_json("investigator/photographs.json", originals)
    sources = []
    for source in Source.objects.filter(
        pk__in=_cited_sources(version.snapshot)
    ).order_by("pk"):
        captures = []
        for capture in SourceCapture.objects.filter(source=source).order_by(
            "captured_at", "pk"
        ):
            data = copy_of(capture)
            path = content_path(
                "investigator/captures",
                data,
                source.title,
                extension_of(capture.content_type),
            )
            dossier.files[path] = data
            captures.append({**_capture(capture), "file": path, "note": capture.note})
        sources.append(
            {
                "id": str(source.public_id),
                "status": source.status,
                "confidential": source.confidential,
                **{
                    name: getattr(source, name)
                    for name in (
                        "title",
                        "kind",
                        "author",
                        "url",
                        "archive_url",
                        "published_on",
                        "accessed_on",
                        "language",
                        "imagery_platform",
                        "imagery_acquired_on",
                        "description",
                    )
                },
                "captures": captures,
            }
        )
    dossier.add_json("investigator/sources.json", sources)


def investigator_dossier(
    kind, record, version, entries, *, user, purpose, address, base_url, request=None
):
    """An investigator's dossier of ``version``; logged (``DossierAccess``).
    ``record`` is the record as it is now (None if deleted)."""
    now = timezone.now()
    dossier = Dossier(
        dossier_name(kind, version.public_id, version.number, investigator=True), now
    )
    if record is not None:
        item = Cited(kind, record, version, entries)
        public_files(dossier, [item], base_url, request=request)
    dossier.data_version = data_version()
    investigator_files(dossier, kind, record, version, entries)
    dossier.files["README.txt"] = readme(
        f"Record: {kind.code} {version.public_id}, version {version.number} "
        f"(public since {version.recorded_at.isoformat()}).",
        investigator={
            "user": user.get_username(),
            "at": now.isoformat(),
            "purpose": purpose,
        },
    ).encode()
    DossierAccess.objects.create(
        user=user,
        content_type_id=version.content_type_id,
        public_id=version.public_id,
        version=version.number,
        purpose=purpose,
        manifest_sha256=hashlib.sha256(dossier.manifest()).hexdigest(),
        files=len(dossier.files) + 1,
        address=address,
    )
    return dossier
