"""What an import works with: what the database already holds for the file's
properties, read at once, and the rows to create, written in bulk at the end."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from simple_history.utils import bulk_create_with_history

from registry.interchange.whc.parsing import NEW_TERMS
from registry.models import (
    Designation,
    DesignationKind,
    ExternalIdentifier,
    HeritageSite,
    IdentifierScheme,
    Name,
    Term,
    Vocabulary,
)
from registry.publishing import versions
from registry.search.phonetic import search_keys_of


class ImportState:
    """What the database already holds for the file's properties, read at once, and
    the rows to create, written in bulk at the end."""

    def __init__(self, rows, reason, batch, user):
        self.reason = reason[:100]
        self.batch = batch
        self.user = user
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
        # Created at the end, in bulk: (row, site) and rows that hang off a site.
        self.new_sites = []
        self.new_children = defaultdict(list)  # model -> [(site, record)]
        self.touched = set()  # sites whose search text must be rebuilt

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
        record._public_note = versions.FROM_UNESCO
        if self.user is not None:
            record._history_user = self.user
        record.save()

    def add(self, site, record):
        """``record`` (unsaved) is created with the others at the end."""
        self.new_children[type(record)].append((site, record))

    def create_all(self):
        """Every queued site, then every queued row of a site, in bulk."""
        sites = [site for _row, site in self.new_sites]
        self._bulk(HeritageSite, sites)
        for model, pairs in self.new_children.items():
            for site, record in pairs:
                if model is Name:
                    record.object_id = site.pk
                else:
                    record.site = site
            self._bulk(model, [record for _site, record in pairs])
        # Their search text was written with them (``set_search_text``).

    def _bulk(self, model, records):
        if records:
            bulk_create_with_history(
                records,
                model,
                batch_size=500,
                default_user=self.user,
                default_change_reason=self.reason,
            )

    @staticmethod
    def set_search_text(site, names):
        """``Searchable``'s rule for ``site``, whose names are ``names`` (``Name``
        rows, or their texts in the rows' order)."""
        if names and isinstance(names[0], Name):
            order = [field.lstrip("-") for field in Name._meta.ordering]
            order.remove("pk")  # a new site's names have none yet (all distinct)
            names = sorted(
                names, key=lambda name: [getattr(name, field) for field in order]
            )
            names = [name.name for name in names]
        texts = [getattr(site, name) for name in site.search_fields]
        site.search_text = site.search_text_of([*texts, *names])
        site.search_keys = search_keys_of(site.search_text)

    def refresh_search_text(self):
        """The search text of every site whose names changed (``Searchable``'s rule;
        bulk creation does not run ``save``)."""
        if not self.touched:
            return
        names = defaultdict(list)
        for object_id, name in (
            Name.objects.filter(
                content_type=self.content_type, object_id__in=self.touched
            )
            .order_by("kind", "language", "name", "pk")
            .values_list("object_id", "name")
        ):
            names[object_id].append(name)
        sites = list(
            HeritageSite.objects.filter(pk__in=self.touched).only(
                "pk", *HeritageSite.search_fields, "search_text", "search_keys"
            )
        )
        for site in sites:
            self.set_search_text(site, names[site.pk])
        HeritageSite.objects.bulk_update(
            sites, ["search_text", "search_keys"], batch_size=500
        )
