"""The connector's own state; one module per part of the domain."""

from jetcart.connector.models.configuration import JetConfiguration
from jetcart.connector.models.mapping import (
    CategoryMapping,
    FieldMapping,
    FieldSource,
    OptionMapping,
    OptionValueMapping,
)
from jetcart.connector.models.product_attributes import ProductAttributeValue, ProductJetData
from jetcart.connector.models.taxonomy import (
    AttributeKind,
    JetAttribute,
    JetAttributeValue,
    JetCategory,
    JetCategoryAttribute,
    TaxonomyImport,
)

__all__ = [
    "AttributeKind",
    "CategoryMapping",
    "FieldMapping",
    "FieldSource",
    "JetAttribute",
    "JetAttributeValue",
    "JetCategory",
    "JetCategoryAttribute",
    "JetConfiguration",
    "OptionMapping",
    "OptionValueMapping",
    "ProductAttributeValue",
    "ProductJetData",
    "TaxonomyImport",
]
