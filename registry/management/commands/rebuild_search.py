from django.apps import apps
from django.core.management.base import BaseCommand

from registry.models.base import Searchable
from registry.publishing.cache import bump
from registry.search.phonetic import search_keys_of


class Command(BaseCommand):
    help = (
        "Rebuild the folded search text and phonetic keys of every record (after a "
        "bulk import or a change to the folding or key rules). Records are not "
        "otherwise changed."
    )

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_app_config("registry").get_models():
            if not issubclass(model, Searchable):
                continue
            for record in model._default_manager.prefetch_related(
                *(["names"] if hasattr(model, "names") else [])
            ).iterator(chunk_size=1000):
                text = record.build_search_text()
                keys = search_keys_of(text)
                if text != record.search_text or keys != record.search_keys:
                    model._default_manager.filter(pk=record.pk).update(
                        search_text=text, search_keys=keys
                    )
                    total += 1
        if total:
            bump()  # search results and their counts may differ now
        self.stdout.write(
            self.style.SUCCESS(f"Search text rebuilt for {total} records.")
        )
