"""The furigana dictionary (ふりがな辞書, issue 24), which the Editors keep (docs/roles.md)."""

import django.core.validators
from django.db import migrations, models

from core.group_permissions import group_permissions_grant, group_permissions_revoke

PERMISSIONS = [
    ("readable", "add_readingoverride"),
    ("readable", "change_readingoverride"),
    ("readable", "delete_readingoverride"),
]


def grant(apps, schema_editor):
    group_permissions_grant(apps, group="Editors", permissions=PERMISSIONS)


def revoke(apps, schema_editor):
    group_permissions_revoke(apps, group="Editors", permissions=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("readable", "0002_plain_words_start"),
        ("community", "0002_staff_groups"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReadingOverride",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "word",
                    models.CharField(
                        error_messages={
                            "unique": "This word is in the furigana dictionary already."
                        },
                        help_text="As it is written, e.g. 神戸町.",
                        max_length=50,
                        unique=True,
                        verbose_name="word",
                    ),
                ),
                (
                    "reading",
                    models.CharField(
                        help_text="In hiragana, e.g. ごうどちょう.",
                        max_length=100,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[ぁ-ゖァ-ヺー]+$", "Write the reading in hiragana or katakana."
                            )
                        ],
                        verbose_name="reading",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
            ],
            options={
                "verbose_name": "reading",
                "verbose_name_plural": "readings",
                "ordering": ["word"],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
