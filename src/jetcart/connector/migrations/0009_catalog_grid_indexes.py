# Written for jetcart: the products grid's indexes, each sort column with the product id.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('connector', '0008_catalog_mapped'),
    ]

    operations = [
        migrations.AlterField(model_name='catalogproduct', name='name', field=models.CharField(max_length=255)),
        migrations.AlterField(model_name='catalogproduct', name='model', field=models.CharField(max_length=64)),
        migrations.AlterField(model_name='catalogproduct', name='price',
                              field=models.DecimalField(decimal_places=4, max_digits=15)),
        migrations.AlterField(model_name='catalogproduct', name='quantity', field=models.IntegerField()),
        migrations.AlterField(model_name='catalogproduct', name='enabled', field=models.BooleanField(default=True)),
        migrations.AlterField(model_name='catalogproduct', name='jet_status',
                              field=models.CharField(default='Not Uploaded', max_length=40)),
        migrations.AlterField(model_name='catalogproduct', name='mapped', field=models.BooleanField(
            default=False, help_text='In a store category mapped to a Jet category.')),
        migrations.AddIndex(model_name='catalogproduct',
                            index=models.Index(fields=['name', 'product_id'], name='catprod_name_idx')),
        migrations.AddIndex(model_name='catalogproduct',
                            index=models.Index(fields=['model', 'product_id'], name='catprod_model_idx')),
        migrations.AddIndex(model_name='catalogproduct',
                            index=models.Index(fields=['price', 'product_id'], name='catprod_price_idx')),
        migrations.AddIndex(model_name='catalogproduct',
                            index=models.Index(fields=['quantity', 'product_id'], name='catprod_quantity_idx')),
        migrations.AddIndex(model_name='catalogproduct',
                            index=models.Index(fields=['enabled', 'product_id'], name='catprod_enabled_idx')),
        migrations.AddIndex(model_name='catalogproduct',
                            index=models.Index(fields=['jet_status', 'product_id'], name='catprod_jet_status_idx')),
        migrations.AddIndex(model_name='catalogproduct',
                            index=models.Index(fields=['mapped', 'name', 'product_id'], name='catprod_mapped_name_idx')),
    ]
