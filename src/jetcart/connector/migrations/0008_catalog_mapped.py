# Written for jetcart: the products grid's "mapped categories" flag on the catalog snapshot.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('connector', '0007_returns_and_refunds'),
    ]

    operations = [
        migrations.AddField(
            model_name='catalogproduct',
            name='mapped',
            field=models.BooleanField(db_index=True, default=False, help_text='In a store category mapped to a Jet category.'),
        ),
        migrations.AddField(
            model_name='catalogsnapshot',
            name='mapping_signature',
            field=models.CharField(blank=True, help_text="The category mapping the 'mapped' flags were computed for.", max_length=40),
        ),
    ]
