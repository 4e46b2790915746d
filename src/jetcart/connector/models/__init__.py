"""The connector's own state; one module per part of the domain."""

from jetcart.connector.models.access import JetAccess
from jetcart.connector.models.activity import ActivityEvent, ActivityKind, ActivityLevel
from jetcart.connector.models.api_checks import ApiCheck
from jetcart.connector.models.catalog import CatalogProduct, CatalogProductCategory, CatalogSnapshot
from jetcart.connector.models.configuration import JetConfiguration
from jetcart.connector.models.files import JetFile, RejectedFileProduct
from jetcart.connector.models.jobs import JobLease, JobRun, RunOutcome, RunTrigger
from jetcart.connector.models.listings import JetListing, ListingKind, ListingStatus
from jetcart.connector.models.mapping import (
    CategoryMapping,
    FieldMapping,
    FieldSource,
    OptionMapping,
    OptionValueMapping,
)
from jetcart.connector.models.mapping_imports import MappingImport
from jetcart.connector.models.orders import (
    AckState,
    Decision,
    ImportState,
    JetOrder,
    JetOrderLine,
    JetShipment,
    ShipmentState,
)
from jetcart.connector.models.outbox import OutboxMessage, OutboxState
from jetcart.connector.models.product_attributes import ProductAttributeValue, ProductJetData
from jetcart.connector.models.product_runs import ProductAction, ProductRun, ProductRunResult, RunState
from jetcart.connector.models.refunds import FINAL_REFUND_STATES, JetRefund, RefundState
from jetcart.connector.models.returns import JetReturn, JetReturnLine, ReturnState
from jetcart.connector.models.stock_watch import (
    CaptureState,
    DriftCheck,
    DriftFinding,
    Installation,
    PushedQuantity,
)
from jetcart.connector.models.taxonomy import (
    AttributeKind,
    JetAttribute,
    JetAttributeValue,
    JetCategory,
    JetCategoryAttribute,
    TaxonomyImport,
)

__all__ = [
    "JetAccess",
    "MappingImport",
    "AttributeKind",
    "CatalogProduct",
    "CatalogProductCategory",
    "CatalogSnapshot",
    "CategoryMapping",
    "FieldMapping",
    "FieldSource",
    "JetAttribute",
    "JetAttributeValue",
    "JetCategory",
    "JetCategoryAttribute",
    "JetConfiguration",
    "JetFile",
    "JetListing",
    "ListingKind",
    "ListingStatus",
    "OptionMapping",
    "OptionValueMapping",
    "ProductAction",
    "ProductAttributeValue",
    "ProductJetData",
    "ProductRun",
    "ProductRunResult",
    "RejectedFileProduct",
    "RunState",
    "TaxonomyImport",
    # orders and outbox
    "AckState",
    "Decision",
    "ImportState",
    "JetOrder",
    "JetOrderLine",
    "JetShipment",
    "OutboxMessage",
    "OutboxState",
    "ShipmentState",
    # returns and refunds
    "FINAL_REFUND_STATES",
    "JetRefund",
    "JetReturn",
    "JetReturnLine",
    "RefundState",
    "ReturnState",
    # jobs and activity
    "ActivityEvent",
    "ApiCheck",
    "ActivityKind",
    "ActivityLevel",
    "JobLease",
    "JobRun",
    "RunOutcome",
    "RunTrigger",
    # stock watch: capture, sellable quantities, drift, clone guard
    "CaptureState",
    "DriftCheck",
    "DriftFinding",
    "Installation",
    "PushedQuantity",
]
