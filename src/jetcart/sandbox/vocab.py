"""Jet's vocabularies the sandbox checks itself (product enums live in the jet package's models)."""

SKU_STATUSES = (
    "Missing Listing Data", "Under Jet Review", "Available for Purchase", "Unauthorized", "Excluded", "Archived",
)
# Early (2015) status names, accepted in /bystatus and mapped onto the later set.
SKU_STATUS_ALIASES = {"processing": "Under Jet Review", "ready to list": "Under Jet Review"}

SERVICE_LEVELS = (
    "Second Day", "Next Day", "Scheduled (freight)", "Expedited", "Standard", "Priority", "5 to 10 Day",
    "11 to 20 Day", "Scheduled (freight 11 to 20 day)",
)
SHIPPING_METHODS = (
    "DHL Global Mail", "FedEx 2 Day", "FedEx Express Saver", "FedEx First Overnight", "FedEx Ground",
    "FedEx Home Delivery", "FedEx Priority Overnight", "FedEx Smart Post", "FedEx Standard Overnight", "Freight",
    "Ontrac Ground", "UPS 2nd Day Air AM", "UPS 2nd Day Air", "UPS 3 Day Select", "UPS Ground",
    "UPS Mail Innovations", "UPS Next Day Air Saver", "UPS Next Day Air", "UPS SurePost", "USPS First Class Mail",
    "USPS Media Mail", "USPS Priority Mail Express", "USPS Priority Mail", "USPS Standard Post",
)
CARRIERS = (
    "FedEx", "FedEx SmartPost", "FedEx Freight", "UPS", "UPS Freight", "UPS Mail Innovations", "UPS SurePost",
    "OnTrac", "OnTrac Direct Post", "DHL", "DHL Global Mail", "USPS", "CEVA", "Laser Ship", "Spee Dee",
    "A Duie Pyle", "A1", "ABF", "APEX", "Averitt", "Dynamex", "Eastern Connection", "Ensenda", "Estes",
    "Land Air Express", "Lone Star", "Meyer", "New Penn", "Pilot", "Prestige", "RBF", "Reddaway", "RL Carriers",
    "Roadrunner", "Southeastern Freight", "UDS", "UES", "YRC", "Other",
    # 2018-19 additions
    "LaserShip", "A&M Trucking", "GSO", "SAIA Freight", "Old Dominion", "Parcel", "ConveyDecisioning",
    "JetExpress", "Bekins / Home Direct", "Seko Worldwide", "Mail Express", "Newgistics", "Delivered by Walmart",
    "NonstopDelivery", "MPX", "Cagney Global", "Simmons Carrier", "DeliveryCourier", "AGS", "Watkins & Shepard",
    "WN Direct", "Royal Mail International", "Doorman",
)

ORDER_STATUSES = ("created", "ready", "acknowledged", "inprogress", "complete")
ACK_ACCEPTED = "accepted"
ACK_STATUSES = (
    ACK_ACCEPTED, "rejected - other", "rejected - fraud", "rejected - item level error",
    "rejected - ship from location not available", "rejected - shipping method not supported",
    "rejected - unfulfillable address",
)
ITEM_FULFILLABLE = "fulfillable"
ITEM_ACK_STATUSES = (ITEM_FULFILLABLE, "nonfulfillable - no inventory", "nonfulfillable - invalid merchant SKU")
EXCEPTION_REJECTED = "exception - order rejected"
EXCEPTION_JET_CANCELLED = "exception - jet manual canceled to complete state"

RETURN_STATUSES = ("created", "inprogress", "completed by merchant")
RETURN_STATUS_ALIASES = {
    "created": "created", "acknowledged": "inprogress", "inprogress": "inprogress",
    "completedbymerchant": "completed by merchant", "completed by merchant": "completed by merchant",
    "refundcustomerwithoutreturn": "completed by merchant", "refund customer without return": "completed by merchant",
    "jetrefunded": "completed by merchant",
}
RETURN_REASONS = (
    "No longer want this item", "Received the wrong item", "Website description is inaccurate",
    "Product is defective / does not work", "Item arrived damaged - box intact", "Item arrived damaged - box damaged",
    "Package never arrived", "Package arrived late", "Wrong quantity received", "Better price found elsewhere",
    "Unwanted gift", "Accidental order", "Unauthorized purchase", "Item is missing parts / accessories",
)
RETURN_CHARGE_FEEDBACK = ("other", "outsideMerchantPolicy", "notMerchantError", "wrongItem", "fraud",
                          "returnedOutsideWindow")
REFUND_FEEDBACK = (
    "other", "item damaged", "not shipped in original packaging", "customer opened item",
    "Item is missing parts/accessories", "Wrong Item", "Returned outside window", "Restocking fee",
    "Rerouting fee", "Items not received", "Refunded minus shipping cost",
)
REFUND_REASONS = (
    "no longer need/want", "better price available", "unauthorized purchase", "unwanted gift",
    "package never arrived", "package arrived later than promised delivery date",
    "item was different than website description", "shipping box and item are both damaged",
    "item is defective/does not work properly", "item is damaged/broken", "accidental order",
    "received wrong item than what was ordered", "wrong quantity received",
    *RETURN_REASONS[:-1], "Item is refurbished", "Item is expired", "Package arrived after estimated delivery date",
    "Return to Sender - damaged, undeliverable, refused", "Return to Sender - lost in transit only",
)
REFUND_ACCEPTED = "accepted"
REFUND_REJECTIONS = ("rejected - customer card not valid", "rejected - refund conflicts with returns policy")
REFUND_STATUSES = ("created", "processing", REFUND_ACCEPTED, "rejected")

FILE_TYPES = ("MerchantSKUs", "Price", "Inventory", "Variation", "ReturnsException", "ShippingException", "Archive")
REPORT_TYPES = ("ProductStatus", "SalesData", "SettlementDetails")
