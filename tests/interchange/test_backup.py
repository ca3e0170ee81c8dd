"""Nothing lost: a backup restores the same records, history and photographs.

Transactional tests: pg_dump runs in another process and must see committed data.
``serialized_rollback`` brings back the seeded vocabularies and roles that the
previous transactional test's flush removed.
"""

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from PIL import Image

from registry.interchange.backup import DATABASE_FILES
from registry.media import files
from registry.models import HeritageSite, Media
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def registry_tables():
    """Every model of the registry: records, their links and their history."""
    return list(apps.get_app_config("registry").get_models(include_auto_created=True))


def snapshot():
    """Every row of every registry table, as value dicts, in primary-key order."""
    return {
        model._meta.db_table: list(model._default_manager.order_by("pk").values())
        for model in registry_tables()
    }


def media_hashes():
    """{folder/relative path: SHA-256} of every file in both media folders."""
    hashes = {}
    for folder, root in (
        ("media", Path(settings.MEDIA_ROOT)),
        ("private-media", Path(settings.PRIVATE_MEDIA_ROOT)),
    ):
        for path in sorted(root.rglob("*")):
            if path.is_file():
                relative = f"{folder}/{path.relative_to(root).as_posix()}"
                hashes[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def jpeg(name="evidence.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (150, 60, 20)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def curator(django_user_model):
    return django_user_model.objects.create_user("curator", password="pw")


@pytest.fixture
def registry(curator):
    """A small registry with history (edits by a curator) and a real photograph."""
    records = factories.full_record_set(arabic=True)
    site = records[HeritageSite]
    site._history_user = curator
    site.condition = "very_bad"
    site.save()
    files.add_media(site, jpeg(), user=curator, kind="after", caption="Temple")
    # A file of the public media folder too.
    public = Path(settings.MEDIA_ROOT) / "exports" / "note.txt"
    public.parent.mkdir(parents=True, exist_ok=True)
    public.write_text("kept with the backup", encoding="utf-8")
    return records


def backup(tmp_path, name="registry.tar.gz"):
    out = io.StringIO()
    call_command("backup_registry", str(tmp_path / name), stdout=out)
    assert "Backup written to" in out.getvalue()
    return tmp_path / name


def restore(path, **options):
    out = io.StringIO()
    call_command(
        "restore_registry", str(path), interactive=False, stdout=out, **options
    )
    return out.getvalue()


def wipe():
    """Delete every record, every history row and every photograph file."""
    for model in reversed(registry_tables()):
        model._default_manager.all()._raw_delete(model._default_manager.db)
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        shutil.rmtree(root)


def rewrite(archive, change):
    """Unpack ``archive``, let ``change(folder)`` alter it, pack it again."""
    folder = archive.with_suffix(".d")
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    change(folder)
    archive.unlink()
    with tarfile.open(archive, "w:gz") as tar:
        for entry in sorted(folder.iterdir()):
            tar.add(entry, arcname=entry.name)
    return archive


def test_backup_then_wipe_then_restore_gives_the_same_registry(tmp_path, registry):
    site = registry[HeritageSite]
    before, files = snapshot(), media_hashes()
    history = list(site.history.order_by("history_id").values())
    assert len(history) == 2 and history[-1]["history_user_id"] is not None
    assert "media/exports/note.txt" in files
    # The photograph's original and its renditions, besides the factories' image.
    assert sum(name.startswith("private-media/") for name in files) >= 4

    archive = backup(tmp_path)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert DATABASE_FILES[connection.vendor] in tar.getnames()
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["created_at"]
    assert "0001_initial" in manifest["migrations"]["registry"]
    assert manifest["counts"]["registry_heritagesite"] == 1
    assert manifest["counts"]["registry_historicalheritagesite"] == 2
    assert manifest["counts"]["registry_media"] == 2
    assert {name: entry["sha256"] for name, entry in manifest["media"].items()} == files

    wipe()
    assert not HeritageSite.objects.exists()
    assert not HeritageSite.history.exists() and not Media.objects.exists()
    assert media_hashes() == {}

    output = restore(archive)
    assert "Restored the backup of" in output
    assert "registry_heritagesite: 1 rows" in output
    assert "Restore complete." in output

    after = snapshot()
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    restored = HeritageSite.objects.get(pk=site.pk)
    assert list(restored.history.order_by("history_id").values()) == history
    assert restored.history.first().history_user.username == "curator"
    assert media_hashes() == files
    photo = Media.objects.get(caption="Temple")
    assert hashlib.sha256(photo.file.read()).hexdigest() == photo.sha256
    factories.SiteFactory(
        name="Added after the restore"
    )  # ids continue past the restored


def test_a_tampered_backup_is_refused_and_changes_nothing(tmp_path, registry):
    archive = backup(tmp_path)

    def alter_photograph(folder):
        original = next((folder / "private-media").rglob("*.jpg"))
        original.write_bytes(original.read_bytes()[:-1] + b"\x00")

    rewrite(archive, alter_photograph)
    # The registry moves on after the backup: the refused restore must keep this.
    factories.SiteFactory(name="Recorded after the backup")
    Path(settings.MEDIA_ROOT, "exports", "note.txt").write_text("newer")
    before, files = snapshot(), media_hashes()

    with pytest.raises(CommandError, match="has been altered") as refused:
        restore(archive)
    assert "nothing was restored" in str(refused.value)
    with pytest.raises(CommandError, match="has been altered"):
        restore(archive, verify=True)
    assert snapshot() == before
    assert media_hashes() == files

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(backup(tmp_path, "whole.tar.gz").read_bytes()[:5000])
    with pytest.raises(CommandError, match="not a readable backup archive"):
        restore(truncated)
    assert snapshot() == before and media_hashes() == files


def test_a_backup_of_the_other_database_vendor_is_refused(tmp_path, registry):
    ours = connection.vendor
    theirs = {"sqlite": "postgresql", "postgresql": "sqlite"}[ours]
    archive = backup(tmp_path)

    def as_other_vendor(folder):
        manifest = json.loads((folder / "manifest.json").read_text())
        (folder / DATABASE_FILES[ours]).rename(folder / DATABASE_FILES[theirs])
        manifest["database"].update(vendor=theirs, file=DATABASE_FILES[theirs])
        (folder / "manifest.json").write_text(json.dumps(manifest))

    rewrite(archive, as_other_vendor)
    HeritageSite.objects.update(name="Changed after the backup")
    before, files = snapshot(), media_hashes()
    with pytest.raises(CommandError, match="cannot be restored here"):
        restore(archive)
    assert snapshot() == before and media_hashes() == files


def test_errors_are_command_errors(tmp_path):
    with pytest.raises(CommandError, match="No backup archive"):
        restore(tmp_path / "missing.tar.gz")
    not_a_backup = tmp_path / "other.tar.gz"
    with tarfile.open(not_a_backup, "w:gz") as tar:
        (tmp_path / "etc").write_text("x")
        tar.add(tmp_path / "etc", arcname="etc")
    with pytest.raises(CommandError, match="not a registry backup"):
        restore(not_a_backup)
    with pytest.raises(CommandError, match="No folder"):
        call_command("backup_registry", str(tmp_path / "nowhere" / "b.tar.gz"))
    backup(tmp_path, "b.tar.gz")
    with pytest.raises(CommandError, match="already exists"):
        backup(tmp_path, "b.tar.gz")


def test_restore_without_a_terminal_refuses_and_changes_nothing(
    tmp_path, registry, monkeypatch
):
    archive = backup(tmp_path)
    added_after = factories.SiteFactory(name="Recorded after the backup")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # cron, CI, a pipe
    with pytest.raises(CommandError, match="--noinput") as refused:
        call_command("restore_registry", str(archive), stdout=io.StringIO())
    assert "nothing was changed" in str(refused.value)
    assert HeritageSite.objects.filter(pk=added_after.pk).exists()
