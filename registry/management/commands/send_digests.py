"""Email each staff user a digest of what was newly published or updated among the
results of their saved searches since the last digest."""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation

from registry.catalogue import faceted
from registry.catalogue.feeds import search_entries
from registry.models import SavedSearch


class Command(BaseCommand):
    help = (
        "Send saved-search digests by email (the EMAIL_BACKEND setting: the console "
        "by default). Each lists the public records changed since the last one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.REGISTRY_BASE_URL,
            help="The registry's address, for the links (REGISTRY_BASE_URL).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be sent; send nothing and remember nothing.",
        )

    def handle(self, *args, base_url, dry_run, **options):
        base_url = base_url.rstrip("/")
        now = timezone.now()
        sent = 0
        with translation.override("en"):
            for saved in SavedSearch.objects.select_related("user"):
                sent += self.digest(saved, base_url, now, dry_run)
        self.stdout.write(f"{sent} digest(s) {'to send' if dry_run else 'sent'}.")

    def digest(self, saved, base_url, now, dry_run):
        user = saved.user
        if not user.is_active or not user.is_staff or not user.email:
            self.stdout.write(f"Skipped {saved.name!r}: {user} has no staff e-mail.")
            return 0
        params = QueryDict(saved.query)
        try:
            active = faceted.active_facets(params)
            entries = search_entries(
                (params.get("q") or "").strip(),
                active,
                since=saved.last_sent_at or saved.created_at,
            )
        except faceted.SearchError as error:
            self.stderr.write(f"Skipped {saved.name!r}: {error.errors}")
            return 0
        if entries:
            lines = [
                f"- {entry.label}: {base_url}"
                f"{reverse(entry.kind.view, args=[entry.record.public_id])}"
                for entry in entries
            ]
            search = f"{base_url}{reverse('catalogue:search')}?{saved.query}"
            body = "\n".join(
                [
                    f"New or updated in the heritage damage registry for "
                    f"“{saved.name}” ({search}):",
                    "",
                    *lines,
                ]
            )
            subject = f"{len(entries)} new or updated record(s): {saved.name}"
            if dry_run:
                self.stdout.write(f"To {user.email}: {subject}\n{body}\n")
            else:
                send_mail(subject, body, None, [user.email])
        if not dry_run:
            saved.last_sent_at = now
            saved.save(update_fields=["last_sent_at"])
        return 1 if entries else 0
