"""A resource of django-import-export that imports at bulk speed.

The records a file's columns name (``NamedForeignKeyWidget.preload``) and the
file's own records (``RecordLoader``) are read once per file; foreign keys so read
are not asked again row by row in validation; unchanged rows are recognised without
a query; rows are written a thousand at a time by ``registry.interchange.bulk`` (with
their history, derived columns, many-to-many rows, public versions and cached
figures); a row the database refuses in a batch is found and reported on its line.
"""

import uuid

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    ValidationError,
)
from django.db import DatabaseError, transaction
from import_export import exceptions, instance_loaders, resources, widgets

from registry.interchange import bulk


class Rehearsal(Exception):
    """Rolls back a row written only to find the one the database refuses."""


def chunks(values, size=2000):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


class NamedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key whose unknown value is a clear row error, not a crash.

    ``preload(values)`` reads the records a whole column names at once, under the
    foreign key's own limits (``limit_choices_to``), so that validation need not ask
    for each row again (``CuratedResource.validate_instance``)."""

    found = None

    def key(self, value):
        return str(value).strip()

    def preload(self, values, limits=None):
        keys = {self.key(value) for value in values if value not in (None, "")}
        keys.discard(None)
        queryset = self.get_queryset(None, None)
        if limits:
            queryset = queryset.complex_filter(limits)
        self.found = {}
        for part in chunks(keys):
            for record in queryset.filter(**{f"{self.field}__in": part}):
                self.found[self.key(getattr(record, self.field))] = record

    def clean(self, value, row=None, **kwargs):
        if self.found is not None and value not in (None, ""):
            record = self.found.get(self.key(value))
            if record is not None:
                return record
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist as error:
            raise ValueError(
                f"unknown {self.model._meta.verbose_name} {value!r}"
            ) from error
        except (ValueError, TypeError) as error:
            raise ValueError(f"not a valid reference: {value!r}") from error


class PublicIdWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return uuid.UUID(str(value).strip())
        except ValueError as error:
            raise ValueError(f"not a public identifier: {value!r}") from error

    def render(self, value, obj=None, **kwargs):
        return str(value) if value else ""


class RecordLoader(instance_loaders.ModelInstanceLoader):
    """The file's existing records, read at once by their identifiers (a row whose
    identifier is not one is refused on its line)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widget = PublicIdWidget()
        ids = set()
        for value in self.dataset["id"] if "id" in (self.dataset.headers or ()) else ():
            try:
                ids.add(widget.clean(value))
            except ValueError:
                continue
        ids.discard(None)
        self.records = {}
        for part in chunks(ids):
            for record in self.resource.records_to_update().filter(public_id__in=part):
                self.records[record.public_id] = record

    def get_instance(self, row):
        public_id = PublicIdWidget().clean(row.get("id"))
        return self.records.get(public_id)


class Unshown:
    """No before and after of each row (``diffs=False``): the command line reports
    counts, the admin's preview shows the differences."""

    def __init__(self, resource, instance, new):
        pass

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


class BatchedResource(resources.ModelResource):
    """A model resource whose rows are validated and written a batch at a time
    (its ``Meta`` sets ``use_bulk``, ``batch_size`` and ``RecordLoader``)."""

    def __init__(self, *, diffs=True, **kwargs):
        super().__init__(**kwargs)
        self.diffs = diffs

    def get_diff_class(self):
        return super().get_diff_class() if self.diffs else Unshown

    def relations(self):
        """(foreign keys, many-to-many fields) among the columns."""
        model = self._meta.model
        joined, prefetched = [], []
        for field in self.fields.values():
            try:
                model_field = model._meta.get_field(field.attribute or "")
            except FieldDoesNotExist:
                continue
            if model_field.many_to_many:
                prefetched.append(model_field.name)
            elif model_field.is_relation and model_field.concrete:
                joined.append(model_field.name)
        return joined, prefetched

    def get_queryset(self):
        """The records with the related records their columns show (an export):
        one query per relation, not per record."""
        joined, prefetched = self.relations()
        return (
            super().get_queryset().select_related(*joined).prefetch_related(*prefetched)
        )

    def records_to_update(self):
        """The records a file names, with their many-to-many values (compared by
        ``skip_row``); their foreign keys are compared as keys, not read."""
        return super().get_queryset().prefetch_related(*self.relations()[1])

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """import-export's rule (a row that changes nothing is skipped), comparing
        foreign keys by key and many-to-many values with those read with the
        record, rather than a query or two per row."""
        if (
            not self._meta.skip_unchanged
            or self._meta.skip_diff
            or import_validation_errors
        ):
            return False
        model = self._meta.model
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                if field.column_name not in row:
                    continue
                # The record's own values are not written before the batch: read
                # from the record (a copy loses what was read with it).
                new = sorted(item.pk for item in field.clean(row))
                old = (
                    sorted(item.pk for item in getattr(instance, field.attribute).all())
                    if instance.pk is not None
                    else []
                )
                if new != old:
                    return False
                continue
            try:
                model_field = model._meta.get_field(field.attribute or "")
            except FieldDoesNotExist:
                model_field = None
            if model_field is not None and model_field.many_to_one:
                name = model_field.attname
                if getattr(instance, name) != getattr(original, name):
                    return False
            elif field.get_value(instance) != field.get_value(original):
                return False
        return True

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.user = kwargs.get("user")
        self.lines = {}  # id(record) -> (row number, row): a refusal's line
        self.changed = []  # keys of the existing records the file changes
        self.pending_m2m = []  # (record, field, related records) to write
        headers = dataset.headers or ()
        model = self._meta.model
        for field in self.get_import_fields():
            widget = field.widget
            if not isinstance(widget, NamedForeignKeyWidget):
                if hasattr(widget, "preload"):
                    widget.preload()  # a vocabulary's terms
            elif field.column_name in headers:
                relation = model._meta.get_field(field.attribute)
                widget.preload(
                    dataset[field.column_name], relation.get_limit_choices_to()
                )

    def related_read(self, instance):
        """The foreign keys whose record a widget read by ``preload`` (so exists,
        within the key's limits): validation does not ask for each again."""
        names = set()
        for field in self.get_import_fields():
            found = getattr(field.widget, "found", None)
            if found is None or not isinstance(field.widget, NamedForeignKeyWidget):
                continue
            value = getattr(instance, field.attribute, None)
            if (
                value is not None
                and found.get(field.widget.key(getattr(value, field.widget.field)))
                is value
            ):
                names.add(field.attribute)
        return names

    def validate_instance(
        self, instance, import_validation_errors=None, validate_unique=True
    ):
        """``full_clean()``, less the one query per foreign key whose record was read
        with the file's column (``related_read``): the fields, ``clean()``, unique
        fields and the constraints (in Python where they can be: see
        ``registry.models.validation``)."""
        errors = dict(import_validation_errors or {})
        steps = [
            lambda: instance.clean_fields(
                exclude=set(errors) | self.related_read(instance)
            ),
            instance.clean,
        ]
        if validate_unique:
            # Not the public identifier: the one the record was found by, or a
            # new random one (the database's index would refuse a collision, on
            # its line).
            steps.append(
                lambda: instance.validate_unique(
                    exclude=self.refused(errors) | {"public_id"}
                )
            )
        steps.append(
            lambda: instance.validate_constraints(exclude=self.refused(errors))
        )
        for step in steps:
            try:
                step()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def refused(errors):
        return {name for name in errors if name != NON_FIELD_ERRORS}

    def save_m2m(self, instance, row, **kwargs):
        # Written with the batch, once the new records have their keys.
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and (
                field.column_name in row
            ):
                self.pending_m2m.append((instance, field, list(field.clean(row))))

    def write_related(self, records):
        """The many-to-many rows of ``records`` (written in bulk, then their
        history): each set as the file gives it."""
        written = {id(record) for record in records}
        pending = [item for item in self.pending_m2m if id(item[0]) in written]
        self.pending_m2m = [
            item for item in self.pending_m2m if id(item[0]) not in written
        ]
        by_field = {}
        for record, field, related in pending:
            by_field.setdefault(field.attribute, []).append((record, related))
        model = self._meta.model
        for name, pairs in by_field.items():
            through = getattr(model, name).through
            relation = model._meta.get_field(name)
            source = relation.m2m_field_name() + "_id"
            target = relation.m2m_reverse_field_name() + "_id"
            through._default_manager.filter(
                **{f"{source}__in": [record.pk for record, _related in pairs]}
            ).delete()
            through._default_manager.bulk_create(
                [
                    through(**{source: record.pk, target: item.pk})
                    for record, related in pairs
                    for item in dict.fromkeys(related)
                ],
                batch_size=1000,
            )

    def save_instance(self, instance, is_create, row, **kwargs):
        self.lines[id(instance)] = (kwargs.get("row_number"), row)
        super().save_instance(instance, is_create, row, **kwargs)

    def write_batch(self, write, records, result, raise_errors):
        """``write(records)`` in a savepoint of its own. A row the database refuses
        (past every validation) is then looked for, one row at a time, and
        reported on its line; the import is rolled back in any case."""
        try:
            with transaction.atomic():
                write(records)
        except DatabaseError as error:
            for record in records:
                try:
                    with transaction.atomic():
                        write([record])
                        raise Rehearsal
                except Rehearsal:
                    continue
                except DatabaseError as refusal:
                    number, row = self.lines[id(record)]
                    if result is not None:  # an error of the file, with its line
                        result.append_base_error(
                            self.get_error_result_class()(refusal, row, number)
                        )
                    if raise_errors:
                        raise exceptions.ImportError(
                            refusal, number=number, row=row
                        ) from error
                    return
            self.handle_import_error(result, error, raise_errors)
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)

    def bulk_create(
        self, using_transactions, dry_run, raise_errors, batch_size=None, result=None
    ):
        if self.create_instances and (using_transactions or not dry_run):
            model = self._meta.model
            try:
                self.write_batch(
                    lambda records: bulk.create(
                        model, records, user=self.user, then=self.write_related
                    ),
                    list(self.create_instances),
                    result,
                    raise_errors,
                )
            finally:
                self.create_instances.clear()

    def bulk_update(
        self, using_transactions, dry_run, raise_errors, batch_size=None, result=None
    ):
        if self.update_instances and (using_transactions or not dry_run):
            model = self._meta.model
            fields = [
                field.attribute
                for field in self.get_import_fields()
                if field.attribute
                and field.attribute != "public_id"
                and not isinstance(field.widget, widgets.ManyToManyWidget)
            ]
            try:
                self.write_batch(
                    lambda records: bulk.update(
                        model, records, fields, user=self.user, then=self.write_related
                    ),
                    list(self.update_instances),
                    result,
                    raise_errors,
                )
                self.changed += [record.pk for record in self.update_instances]
            finally:
                self.update_instances.clear()

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if result.totals.get("new") or result.totals.get("update"):
            # A file that changed nothing leaves every cached figure valid.
            bulk.finish(self._meta.model, self.changed, user=self.user)
        for field in self.get_import_fields():
            if hasattr(field.widget, "found"):
                field.widget.found = None
