"""The merchant's mappings: store categories to Jet categories, Jet product fields to store fields,
store options and their values to Jet variant attributes and values."""

from __future__ import annotations

from django.db import models

from jetcart.connector.models.taxonomy import JetAttribute, JetCategory


class CategoryMapping(models.Model):
    """Products of this store category are listed on Jet under `jet_category`."""

    store_category_id = models.PositiveIntegerField("OpenCart category ID", unique=True)
    store_category_path = models.CharField("OpenCart category", max_length=1000, blank=True,
                                           help_text="The full path when the mapping was saved, for display.")
    jet_category = models.ForeignKey(JetCategory, on_delete=models.PROTECT, related_name="mappings",
                                     db_constraint=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["store_category_path", "store_category_id"]

    def __str__(self) -> str:
        return f"{self.store_category_path or self.store_category_id} → {self.jet_category_id}"


class FieldSource(models.TextChoices):
    STORE = "store", "OpenCart field"
    FIXED = "fixed", "Fixed value"
    NONE = "none", "Not sent"


class FieldMapping(models.Model):
    """Where one Jet product field takes its value from; a missing row means the default."""

    jet_field = models.CharField(max_length=64, unique=True)
    source = models.CharField(max_length=10, choices=FieldSource.choices, default=FieldSource.STORE)
    store_field = models.CharField(max_length=64, blank=True)
    fixed_value = models.CharField(max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["jet_field"]

    def __str__(self) -> str:
        return f"{self.jet_field} ← {self.store_field or self.fixed_value or '(none)'}"


class OptionMapping(models.Model):
    """A store option (select/radio) that varies a configurable product along a Jet variant attribute."""

    store_option_id = models.PositiveIntegerField("OpenCart option ID", unique=True)
    store_option_name = models.CharField(max_length=255, blank=True)
    jet_attribute = models.ForeignKey(JetAttribute, on_delete=models.PROTECT, related_name="option_mappings",
                                      db_constraint=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["store_option_name", "store_option_id"]

    def __str__(self) -> str:
        return f"{self.store_option_name or self.store_option_id} → {self.jet_attribute_id}"


class OptionValueMapping(models.Model):
    """The Jet value sent for one store option value (e.g. Blue → eBook)."""

    option_mapping = models.ForeignKey(OptionMapping, on_delete=models.CASCADE, related_name="value_mappings")
    store_option_value_id = models.PositiveIntegerField("OpenCart option value ID", unique=True)
    store_value_name = models.CharField(max_length=255, blank=True)
    jet_value = models.CharField(max_length=255)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["option_mapping_id", "store_value_name"]

    def __str__(self) -> str:
        return f"{self.store_value_name or self.store_option_value_id} → {self.jet_value}"
