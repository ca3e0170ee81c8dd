import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from registry.publishing.roles import ADMINISTRATOR, EDITOR


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo curator account with a fresh random password, and "
        "print its credentials. For local demonstration only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="curator")
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="where the server listens (host:port), for the links printed",
        )

    def handle(self, *args, username, address, **options):
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name__in=[EDITOR, ADMINISTRATOR]))
        base = f"http://{address}"
        self.stdout.write(
            self.style.SUCCESS(
                f"Catalogue: {base}/  API: {base}/api/v1/docs/\n"
                "Demo curator (Editor and Administrator roles) — sign in at "
                f"{base}/admin/\n"
                f"  username: {username}\n  password: {password}"
            )
        )
