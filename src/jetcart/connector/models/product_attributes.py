"""Per-product Jet data entered by the merchant: codes, brand, other Jet fields and category attributes."""

from __future__ import annotations

from django.db import models

from jetcart.connector.models.taxonomy import JetAttribute, JetCategory


class ProductJetData(models.Model):
    """Jet fields of one store product; a filled field overrides the field mapping."""

    product_id = models.PositiveIntegerField("OpenCart product ID", unique=True)
    jet_category = models.ForeignKey(
        JetCategory, null=True, blank=True, on_delete=models.SET_NULL, db_constraint=False, related_name="+",
        help_text="Overrides the Jet category of the product's mapped store category.",
    )
    product_title = models.CharField(max_length=500, blank=True)
    brand = models.CharField(max_length=100, blank=True)
    manufacturer = models.CharField(max_length=100, blank=True)
    mfr_part_number = models.CharField("Manufacturer part number", max_length=50, blank=True)
    upc = models.CharField("UPC", max_length=12, blank=True)
    ean = models.CharField("EAN", max_length=13, blank=True)
    gtin_14 = models.CharField("GTIN-14", max_length=14, blank=True)
    isbn_10 = models.CharField("ISBN-10", max_length=10, blank=True)
    isbn_13 = models.CharField("ISBN-13", max_length=13, blank=True)
    asin = models.CharField("ASIN", max_length=10, blank=True)
    multipack_quantity = models.PositiveSmallIntegerField(null=True, blank=True)
    product_description = models.TextField(max_length=2000, blank=True)
    bullets = models.JSONField(default=list, blank=True)
    amazon_item_type_keyword = models.CharField(max_length=500, blank=True)
    country_of_origin = models.CharField(max_length=50, blank=True)
    product_tax_code = models.CharField(max_length=100, blank=True)
    cpsia_cautionary_statements = models.JSONField(default=list, blank=True)
    prop_65 = models.BooleanField("Prop 65", null=True, blank=True)
    legal_disclaimer_description = models.CharField(max_length=500, blank=True)
    safety_warning = models.TextField(max_length=2000, blank=True)
    msrp = models.DecimalField("MSRP", max_digits=20, decimal_places=2, null=True, blank=True)
    map_price = models.DecimalField("MAP price", max_digits=9, decimal_places=2, null=True, blank=True)
    map_implementation = models.CharField("MAP implementation", max_length=3, blank=True)
    fulfillment_time = models.PositiveSmallIntegerField(null=True, blank=True)
    ships_alone = models.BooleanField(null=True, blank=True)
    exclude_from_fee_adjustments = models.BooleanField(null=True, blank=True)
    shipping_weight_pounds = models.DecimalField("Shipping weight (lb)", max_digits=8, decimal_places=2, null=True,
                                                 blank=True)
    package_length_inches = models.DecimalField("Package length (in)", max_digits=8, decimal_places=2, null=True,
                                                blank=True)
    package_width_inches = models.DecimalField("Package width (in)", max_digits=8, decimal_places=2, null=True,
                                               blank=True)
    package_height_inches = models.DecimalField("Package height (in)", max_digits=8, decimal_places=2, null=True,
                                                blank=True)
    display_length_inches = models.DecimalField("Display length (in)", max_digits=8, decimal_places=2, null=True,
                                                blank=True)
    display_width_inches = models.DecimalField("Display width (in)", max_digits=8, decimal_places=2, null=True,
                                               blank=True)
    display_height_inches = models.DecimalField("Display height (in)", max_digits=8, decimal_places=2, null=True,
                                                blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "product's Jet data"
        verbose_name_plural = "products' Jet data"

    def __str__(self) -> str:
        return f"Jet data of product {self.product_id}"


class ProductAttributeValue(models.Model):
    """A product's value for one attribute of its Jet category (`attributes_node_specific`)."""

    product = models.ForeignKey(ProductJetData, on_delete=models.CASCADE, related_name="attribute_values")
    attribute = models.ForeignKey(JetAttribute, on_delete=models.PROTECT, db_constraint=False, related_name="+")
    value = models.CharField(max_length=500)
    unit = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["attribute_id"]
        constraints = [models.UniqueConstraint(fields=["product", "attribute"], name="prodattrvalue_unique")]

    def __str__(self) -> str:
        return f"{self.attribute_id}={self.value}{(' ' + self.unit) if self.unit else ''}"
