"""Merchant roles (Jet permissions and the groups combining them); the cron token kept only as a SHA-256 hash;
large mapping CSV imports run in the background."""

import hashlib

from django.db import migrations, models

PERMISSIONS = {
    "view_jet": "Can view the Jet pages",
    "operate_orders": "Can acknowledge, ship and cancel orders, complete returns, send refunds, run jobs",
    "manage_catalog": "Can change categories, mappings and products on Jet",
    "administer_jet": "Can change the configuration, the Jet keys and the cron token",
}
ROLES = {
    "Jet viewer": ["view_jet"],
    "Jet operator": ["view_jet", "operate_orders"],
    "Jet catalog manager": ["view_jet", "manage_catalog"],
    "Jet administrator": ["view_jet", "operate_orders", "manage_catalog", "administer_jet"],
}


def create_roles(apps, schema_editor):
    alias = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.using(alias).get_or_create(app_label="connector", model="jetaccess")
    permissions = {}
    for codename, name in PERMISSIONS.items():
        permissions[codename], _ = Permission.objects.using(alias).get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name})
    for role, codenames in ROLES.items():
        group, _ = Group.objects.using(alias).get_or_create(name=role)
        group.permissions.add(*(permissions[c] for c in codenames))


def remove_roles(apps, schema_editor):
    alias = schema_editor.connection.alias
    apps.get_model("auth", "Group").objects.using(alias).filter(name__in=ROLES).delete()
    apps.get_model("auth", "Permission").objects.using(alias).filter(
        content_type__app_label="connector", codename__in=PERMISSIONS).delete()


def hash_cron_token(apps, schema_editor):
    """The token in use keeps working: its hash replaces it."""
    JetConfiguration = apps.get_model("connector", "JetConfiguration")
    for config in JetConfiguration.objects.using(schema_editor.connection.alias).exclude(cron_token=""):
        config.cron_token_hash = hashlib.sha256(config.cron_token.encode()).hexdigest()
        config.save(update_fields=["cron_token_hash"])


class Migration(migrations.Migration):

    dependencies = [
        ("connector", "0012_ui_forms_product_dimensions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="JetAccess",
            fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                               verbose_name="ID"))],
            options={"managed": False, "default_permissions": (),
                     "permissions": list(PERMISSIONS.items())},
        ),
        migrations.AddField(
            model_name="jetconfiguration",
            name="cron_token_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(hash_cron_token, migrations.RunPython.noop),
        migrations.RemoveField(model_name="jetconfiguration", name="cron_token"),
        migrations.RunPython(create_roles, remove_roles),
        migrations.CreateModel(
            name="MappingImport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("status", models.CharField(choices=[("queued", "Queued"), ("checking", "Checking every row"),
                                                     ("applying", "Applying"), ("done", "Done"),
                                                     ("failed", "Failed")], default="queued", max_length=10)),
                ("file_name", models.CharField(blank=True, max_length=255)),
                ("csv_text", models.TextField(blank=True)),
                ("total_rows", models.PositiveIntegerField(default=0)),
                ("checked_rows", models.PositiveIntegerField(default=0)),
                ("applied_rows", models.PositiveIntegerField(default=0)),
                ("error_count", models.PositiveIntegerField(default=0)),
                ("errors", models.TextField(blank=True)),
                ("created_by", models.CharField(blank=True, max_length=150)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={"ordering": ["-created_at", "-id"]},
        ),
    ]
