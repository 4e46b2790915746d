"""Jet's taxonomy as imported into the connector: categories (nodes), attributes, their values and links."""

from __future__ import annotations

from django.db import models


class AttributeKind(models.IntegerChoices):
    """Jet's `free_text` code: how a product gives a value for the attribute."""

    LIST = 0, "List of values"
    FREE_TEXT = 1, "Free text"
    FREE_TEXT_WITH_UNIT = 2, "Free text with unit"


class JetCategory(models.Model):
    """One Jet taxonomy node; products attach to the leaves that Jet keeps active."""

    jet_node_id = models.BigIntegerField("Jet category ID", primary_key=True)
    name = models.CharField(max_length=255)
    parent_id = models.BigIntegerField("Parent ID", default=0, db_index=True)
    level = models.PositiveSmallIntegerField(default=0, db_index=True)
    path = models.CharField("Category path", max_length=1000, blank=True)
    active = models.BooleanField(default=True)
    retired = models.BooleanField(default=False)
    is_leaf = models.BooleanField(default=True, help_text="No other category has this one as its parent.")
    suggested_tax_code = models.CharField(max_length=100, blank=True)
    amazon_node_ids = models.JSONField(default=list, blank=True)
    attributes_imported = models.BooleanField(
        default=False, help_text="The node's attributes were read (lets an interrupted API import resume)."
    )

    class Meta:
        verbose_name = "Jet category"
        verbose_name_plural = "Jet categories"
        ordering = ["name", "jet_node_id"]
        indexes = [models.Index(fields=["active", "retired", "is_leaf"], name="jetcat_browsable_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.jet_node_id})"

    @property
    def browse_node_problem(self) -> str:
        """Why Jet would refuse this category as a product's `jet_browse_node_id`; empty when it accepts it."""
        if self.retired:
            return "Jet has retired this category."
        if not self.active:
            return "Jet has deactivated this category; products cannot be listed in it."
        if not self.is_leaf:
            return "Not a leaf: products attach to the most specific category; choose one of its subcategories."
        return ""

    @property
    def accepts_products(self) -> bool:
        return not self.browse_node_problem


class JetAttribute(models.Model):
    """An attribute a Jet category may ask of its products (`attributes_node_specific`)."""

    attribute_id = models.BigIntegerField("Attribute ID", primary_key=True)
    name = models.CharField("Attribute name", max_length=255)
    description = models.CharField(max_length=255, blank=True)
    kind = models.PositiveSmallIntegerField("Attribute type", choices=AttributeKind.choices,
                                            default=AttributeKind.LIST)
    variant = models.BooleanField(default=False, help_text="Usable as a variation refinement of configurable products.")
    variant_pair = models.BooleanField(default=False)
    display = models.BooleanField(default=True)
    facet_filter = models.BooleanField(default=False)
    units = models.JSONField(default=list, blank=True, help_text="Units Jet accepts for a free-text-with-unit value.")

    class Meta:
        ordering = ["name", "attribute_id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.attribute_id})"


class JetAttributeValue(models.Model):
    """One value of a list attribute (or, with `units`, a unit of a free-text-with-unit one)."""

    attribute = models.ForeignKey(JetAttribute, on_delete=models.CASCADE, related_name="values")
    value = models.CharField(max_length=255)
    units = models.CharField(max_length=50, blank=True)
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["attribute_id", "id"]
        constraints = [models.UniqueConstraint(fields=["attribute", "value"], name="jetattrvalue_unique")]

    def __str__(self) -> str:
        return self.value


class JetCategoryAttribute(models.Model):
    """Which attributes a category takes."""

    category = models.ForeignKey(JetCategory, on_delete=models.CASCADE, related_name="category_attributes")
    attribute = models.ForeignKey(JetAttribute, on_delete=models.CASCADE, related_name="category_links")
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "attribute"], name="jetcatattr_unique"),
        ]


class TaxonomyImport(models.Model):
    """One import of the taxonomy, from the API or from files, with its progress and outcome."""

    class Source(models.TextChoices):
        API = "api", "Jet API"
        FILE = "file", "Taxonomy files"

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    source = models.CharField(max_length=10, choices=Source.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    categories = models.PositiveIntegerField(default=0)
    attributes = models.PositiveIntegerField(default=0)
    attribute_values = models.PositiveIntegerField(default=0)
    category_attributes = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"taxonomy import from {self.source} ({self.status})"
