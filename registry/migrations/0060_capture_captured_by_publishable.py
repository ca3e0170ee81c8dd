import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import registry.models.common
import registry.models.evidence


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0051_merge_versions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name="sourcecapture", old_name="user", new_name="captured_by"
        ),
        migrations.AlterField(
            model_name="sourcecapture",
            name="captured_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="Staff only: never shown to the public.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="captured by",
            ),
        ),
        migrations.AlterField(
            model_name="sourcecapture",
            name="file",
            field=models.FileField(
                help_text=(
                    "A PDF, a saved web page (HTML), a web archive (WARC), an image "
                    "or a video (MP4, WebM) saved from the source. Kept as evidence, "
                    "privately unless marked publishable."
                ),
                max_length=300,
                storage=registry.models.common.media_storage,
                upload_to=registry.models.evidence.capture_upload_to,
                verbose_name="copy",
            ),
        ),
        migrations.AddField(
            model_name="sourcecapture",
            name="publishable",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "The public may download this copy (only while its source is "
                    "public and not confidential). Leave unticked for third-party "
                    "content that may not be republished, or that could expose a "
                    "witness."
                ),
                verbose_name="publishable",
            ),
        ),
    ]
