"""The demo catalog: OpenCart's well-known demo store (same ids), made ready for Jet.

Ids, names, prices, stock and settings follow OpenCart's demo (opencart-db.md §7–§8), so an order
written on the demo store can be compared with what OpenCart itself writes. Added for Jet: valid
UPC-A codes, a brand on every product, clean SKUs, Color/Size options on a few products, and a shipping
weight on every product and a title of at least 5 characters ("Apple iMac"), except for the two products
kept incomplete on purpose (`DELIBERATELY_INCOMPLETE`).
Descriptions are our own short texts, stored HTML-escaped as OpenCart stores them.
"""

from __future__ import annotations

from decimal import Decimal as D


def upc_a(body: str) -> str:
    """A 12-digit UPC-A: the 11 digits given plus their check digit."""
    if len(body) != 11 or not body.isdigit():
        raise ValueError(f"a UPC-A body has 11 digits, not {body!r}")
    odd = sum(int(d) for d in body[0::2])
    even = sum(int(d) for d in body[1::2])
    return body + str((10 - (odd * 3 + even) % 10) % 10)


LANGUAGES = [(1, "English", "en-gb", "en-US,en_US.UTF-8,en_US,en-gb,english", "gb.png", "english")]
CURRENCIES = [  # id, title, code, left, right, decimals, rate
    (1, "Pound Sterling", "GBP", "£", "", "2", D("0.61250001")),
    (2, "US Dollar", "USD", "$", "", "2", D("1.00000000")),
    (3, "Euro", "EUR", "", "€", "2", D("0.78460002")),
]
ORDER_STATUSES = [
    (1, "Pending"), (2, "Processing"), (3, "Shipped"), (5, "Complete"), (7, "Canceled"), (8, "Denied"),
    (9, "Canceled Reversal"), (10, "Failed"), (11, "Refunded"), (12, "Reversed"), (13, "Chargeback"),
    (14, "Expired"), (15, "Processed"), (16, "Voided"),
]
STOCK_STATUSES = [(5, "Out Of Stock"), (6, "2-3 Days"), (7, "In Stock"), (8, "Pre-Order")]
RETURN_STATUSES = [(1, "Pending"), (2, "Awaiting Products"), (3, "Complete")]
RETURN_REASONS = [
    (1, "Dead On Arrival"), (2, "Received Wrong Item"), (3, "Order Error"), (4, "Faulty, please supply details"),
    (5, "Other, please supply details"),
]
RETURN_ACTIONS = [(1, "Refunded"), (2, "Credit Issued"), (3, "Replacement Sent")]
WEIGHT_CLASSES = [(1, D("1"), "Kilogram", "kg"), (2, D("1000"), "Gram", "g"), (5, D("2.20460000"), "Pound ", "lb"),
                  (6, D("35.27400000"), "Ounce", "oz")]
LENGTH_CLASSES = [(1, D("1"), "Centimeter", "cm"), (2, D("10"), "Millimeter", "mm"), (3, D("0.39370000"), "Inch", "in")]
US_ADDRESS_FORMAT = "{firstname} {lastname}\r\n{company}\r\n{address_1}\r\n{address_2}\r\n{city}, {zone} {postcode}\r\n{country}"
COUNTRIES = [(222, "United Kingdom", "GB", "GBR", "", 1), (223, "United States", "US", "USA", US_ADDRESS_FORMAT, 0)]

# Installed and enabled total extensions with their sort orders, as in the demo.
TOTALS = {"sub_total": 1, "reward": 2, "shipping": 3, "coupon": 4, "tax": 5, "credit": 7, "voucher": 8, "total": 9}

MANUFACTURERS = [
    (5, "HTC"), (6, "Palm"), (7, "Hewlett-Packard"), (8, "Apple"), (9, "Canon"), (10, "Sony"),
    (11, "Nikon"), (12, "Samsung"), (13, "OpenCart Apparel"),
]

CATEGORIES = [  # id, parent, name, sort order, top
    (20, 0, "Desktops", 1, 1), (26, 20, "PC", 1, 0), (27, 20, "Mac", 2, 0),
    (18, 0, "Laptops & Notebooks", 2, 1), (46, 18, "Macs", 0, 0), (45, 18, "Windows", 0, 0),
    (25, 0, "Components", 3, 1), (29, 25, "Mice and Trackballs", 1, 0), (28, 25, "Monitors", 1, 0),
    (35, 28, "test 1", 0, 0), (36, 28, "test 2", 0, 0), (30, 25, "Printers", 1, 0), (31, 25, "Scanners", 1, 0),
    (32, 25, "Web Cameras", 1, 0), (57, 0, "Tablets", 3, 1), (17, 0, "Software", 4, 1),
    (24, 0, "Phones & PDAs", 5, 1), (33, 0, "Cameras", 6, 1), (34, 0, "MP3 Players", 7, 1),
]

# id, name, model, sku, quantity, stock status, image stem, manufacturer, price, points, weight, weight class,
# subtract, status, categories, description
PRODUCTS = [
    (28, "HTC Touch HD", "Product 1", "HTC-TOUCH-HD", 939, 7, "htc_touch_hd", 5, D("100"), 200, D("146.4"), 2, 1, 1,
     (20, 24), "<p>A touch-screen phone with a large display and a 5 megapixel camera.</p>"),
    (29, "Palm Treo Pro", "Product 2", "PALM-TREO-PRO", 999, 6, "palm_treo_pro", 6, D("279.99"), 0, D("133"), 2, 1, 1,
     (20, 24), "<p>A smartphone with a full keyboard, Wi-Fi and GPS.</p>"),
    (30, "Canon EOS 5D", "Product 3", "CANON-EOS-5D", 7, 6, "canon_eos_5d", 9, D("100"), 0, D("0"), 1, 1, 1,
     (20, 33), "<p>A full-frame digital SLR camera body.</p>"),
    (31, "Nikon D300", "Product 4", "NIKON-D300", 1000, 6, "nikon_d300", 11, D("80"), 0, D("0.83"), 1, 1, 1,
     (33,), "<p>A DX-format SLR camera with 12.3 megapixels.</p>"),
    (32, "iPod Touch", "Product 5", "IPOD-TOUCH", 999, 6, "ipod_touch", 8, D("100"), 0, D("5"), 1, 1, 1,
     (34,), "<p>A music player with a multi-touch screen & Wi-Fi.</p>"),
    (33, "Samsung SyncMaster 941BW", "Product 6", "SAMSUNG-941BW", 1000, 6, "samsung_syncmaster_941bw", 12, D("200"),
     0, D("5"), 1, 1, 1, (20, 28), "<p>A 19\" wide-screen monitor.</p>"),
    (34, "iPod Shuffle", "Product 7", "IPOD-SHUFFLE", 1000, 6, "ipod_shuffle", 8, D("100"), 0, D("5"), 1, 1, 1,
     (34,), "<p>The smallest iPod, now in colours.</p>"),
    (35, "Product 8", "Product 8", "PRODUCT-8", 1000, 5, "", 13, D("100"), 0, D("5"), 1, 1, 1,
     (20,), "<p>A T-shirt in several sizes and colours.</p>"),
    (36, "iPod Nano", "Product 9", "IPOD-NANO", 994, 6, "ipod_nano", 8, D("100"), 100, D("5"), 1, 1, 1,
     (34,), "<p>A slim music player with video.</p>"),
    (40, "iPhone", "product 11", "IPHONE", 970, 5, "iphone", 8, D("101"), 0, D("10"), 1, 1, 1,
     (20, 24), "<p>A phone, an iPod and an internet device in one.</p>"),
    (41, "Apple iMac", "Product 14", "IMAC", 977, 5, "imac", 8, D("100"), 0, D("5"), 1, 1, 1,
     (27,), "<p>An all-in-one desktop computer.</p>"),
    (42, 'Apple Cinema 30"', "Product 15", "APPLE-CINEMA-30", 990, 5, "apple_cinema_30", 8, D("100"), 400,
     D("12.5"), 1, 1, 1, (20, 28), "<p>A 30-inch flat-panel display with 2560 x 1600 pixels.</p>"),
    (43, "MacBook", "Product 16", "MACBOOK", 929, 5, "macbook", 8, D("500"), 0, D("2.27"), 1, 1, 1,
     (18, 20), "<p>A 13-inch notebook.</p>"),
    (44, "MacBook Air", "Product 17", "MACBOOK-AIR", 1000, 5, "macbook_air", 8, D("1000"), 0, D("1.36"), 1, 1, 1,
     (18, 20), "<p>A very thin notebook.</p>"),
    (45, "MacBook Pro", "Product 18", "MACBOOK-PRO", 998, 5, "macbook_pro", 8, D("2000"), 0, D("2.54"), 1, 1, 1,
     (18,), "<p>A notebook for professionals.</p>"),
    (46, "Sony VAIO", "Product 19", "SONY-VAIO", 1000, 5, "sony_vaio", 10, D("1000"), 0, D("1.7"), 1, 1, 1,
     (18, 20), "<p>A notebook with a 13.3\" display.</p>"),
    (47, "HP LP3065", "Product 21", "HP-LP3065", 1000, 5, "hp", 7, D("100"), 400, D("1"), 1, 0, 1,
     (18, 20), "<p>A 30-inch LCD monitor for professionals.</p>"),
    (48, "iPod Classic", "product 20", "test 1", 995, 5, "ipod_classic", 8, D("100"), 0, D("1"), 1, 1, 1,
     (20, 34), "<p>A music player with 160GB of storage.</p>"),
    (49, "Samsung Galaxy Tab 10.1", "SAM1", "SAMSUNG-TAB-10", 0, 8, "samsung_tab", 12, D("199.99"), 0, D("0.57"), 1, 1, 1,
     (57,), "<p>A 10.1-inch Android tablet.</p>"),
]
# Kept without what Jet needs, so the demo shows how a refused product looks (the products page names them):
# product id → what is missing. Every other demo product uploads as it is.
DELIBERATELY_INCOMPLETE = {30: "no shipping weight", 35: "no image"}
DIMENSIONS = {42: (D("1"), D("2"), D("3"))}
SPECIALS = [(419, 42, 1, D("90")), (439, 30, 2, D("90")), (438, 30, 1, D("80"))]  # id, product, priority, price

# option id, type, sort order, name, values (option_value_id, name, sort order)
OPTIONS = [
    (1, "radio", 1, "Radio", [(32, "Small", 1), (31, "Medium", 2), (43, "Large", 3)]),
    (2, "checkbox", 2, "Checkbox", [(23, "Checkbox 1", 1), (24, "Checkbox 2", 2)]),
    (4, "text", 3, "Text", []),
    (5, "select", 4, "Select", [(39, "Red", 1), (40, "Blue", 2), (41, "Green", 3), (42, "Yellow", 4)]),
    (8, "date", 7, "Date", []),
    (11, "select", 10, "Size", [(46, "Small", 1), (47, "Medium", 2), (48, "Large", 3)]),
    (12, "date", 11, "Delivery Date", []),
    (13, "select", 12, "Color", [(49, "Black", 1), (50, "White", 2), (51, "Silver", 3), (52, "Blue", 4)]),
]
# product_option_id, product, option, value, required
PRODUCT_OPTIONS = [
    (217, 42, 5, "", 1), (218, 42, 1, "", 1), (223, 42, 2, "", 1), (208, 42, 4, "test", 1),
    (219, 42, 8, "2011-02-20", 1), (224, 35, 11, "", 1), (225, 47, 12, "2011-04-22", 1), (226, 30, 5, "", 1),
    (227, 35, 13, "", 1), (228, 36, 13, "", 1), (229, 34, 13, "", 1),
]
# product_option_value_id, product_option_id, option_value_id, quantity, subtract, price, points, weight
PRODUCT_OPTION_VALUES = [
    (1, 217, 41, 100, 0, D("1"), 0, D("1")), (2, 217, 42, 200, 1, D("2"), 0, D("2")),
    (3, 217, 40, 300, 0, D("3"), 0, D("3")), (4, 217, 39, 92, 1, D("4"), 0, D("4")),
    (5, 218, 32, 96, 1, D("10"), 1, D("10")), (6, 218, 31, 146, 1, D("20"), 2, D("20")),
    (7, 218, 43, 300, 1, D("30"), 3, D("30")), (8, 223, 23, 48, 1, D("10"), 0, D("10")),
    (9, 223, 24, 194, 1, D("20"), 0, D("20")),
    (12, 224, 46, 0, 1, D("5"), 0, D("0")), (13, 224, 47, 10, 1, D("10"), 0, D("0")),
    (14, 224, 48, 15, 1, D("15"), 0, D("0")),
    (15, 226, 39, 2, 1, D("0"), 0, D("0")), (16, 226, 40, 5, 1, D("0"), 0, D("0")),
    (17, 227, 49, 12, 1, D("0"), 0, D("0")), (18, 227, 50, 8, 1, D("0"), 0, D("0")),
    (19, 227, 52, 4, 1, D("2"), 0, D("0")),
    (20, 228, 51, 300, 1, D("0"), 0, D("0")), (21, 228, 49, 250, 1, D("0"), 0, D("0")),
    (22, 228, 52, 150, 1, D("10"), 0, D("0")),
    (23, 229, 51, 400, 1, D("0"), 0, D("0")), (24, 229, 52, 300, 1, D("0"), 0, D("0")),
]


def settings_rows(year: int) -> list[tuple[str, str, str, int]]:
    """(code, key, value, serialized) rows of store 0, as the demo install leaves them (the part used)."""
    rows = [
        ("config", "config_name", "Your Store", 0), ("config", "config_owner", "Your Name", 0),
        ("config", "config_email", "demo@example.com", 0), ("config", "config_language", "en-gb", 0),
        ("config", "config_admin_language", "en-gb", 0), ("config", "config_currency", "USD", 0),
        ("config", "config_currency_auto", "1", 0), ("config", "config_country_id", "222", 0),
        ("config", "config_zone_id", "3563", 0), ("config", "config_timezone", "UTC", 0),
        ("config", "config_customer_group_id", "1", 0), ("config", "config_customer_group_display", '["1"]', 1),
        ("config", "config_order_status_id", "1", 0),
        ("config", "config_processing_status", '["5","1","2","12","3"]', 1),
        ("config", "config_complete_status", '["5","3"]', 1), ("config", "config_return_status_id", "2", 0),
        ("config", "config_invoice_prefix", f"INV-{year}-00", 0), ("config", "config_tax", "1", 0),
        ("config", "config_tax_default", "shipping", 0), ("config", "config_tax_customer", "shipping", 0),
        ("config", "config_weight_class_id", "1", 0), ("config", "config_length_class_id", "1", 0),
        ("config", "config_stock_display", "0", 0), ("config", "config_stock_warning", "0", 0),
        ("config", "config_stock_checkout", "0", 0), ("config", "config_api_id", "1", 0),
        ("payment_cod", "payment_cod_status", "1", 0), ("payment_cod", "payment_cod_order_status_id", "1", 0),
        ("shipping_flat", "shipping_flat_status", "1", 0), ("shipping_flat", "shipping_flat_cost", "5.00", 0),
        ("shipping_flat", "shipping_flat_tax_class_id", "9", 0),
    ]
    for code, sort_order in TOTALS.items():
        rows.append((f"total_{code}", f"total_{code}_status", "1", 0))
        rows.append((f"total_{code}", f"total_{code}_sort_order", str(sort_order), 0))
    return rows
