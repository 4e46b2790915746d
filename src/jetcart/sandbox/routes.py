"""The route table of the Jet API surface (jet-api.md §0.2) plus the blob stand-in and the control API.

Order matters where templates overlap: literal segments come before `{…}` catch-alls.
"""

from __future__ import annotations

from jetcart.sandbox.control import views as control
from jetcart.sandbox.files import views as files
from jetcart.sandbox.orders import views as orders
from jetcart.sandbox.refunds import views as refunds
from jetcart.sandbox.returns import views as returns
from jetcart.sandbox.settlement import views as settlement
from jetcart.sandbox.setup import views as setup
from jetcart.sandbox.skus import views as skus
from jetcart.sandbox.taxonomy import views as taxonomy
from jetcart.sandbox.transport import views as auth
from jetcart.sandbox.transport.router import Route

ROUTES: list[Route] = [
    # auth
    Route("POST", "/token", auth.post_token, auth=False),
    Route("GET", "/authcheck", auth.get_authcheck),
    # products
    Route("GET", "/merchant-skus", skus.list_products),
    Route("GET", "/merchant-skus/bystatus/{status}/{start}/{count}", skus.list_by_status),
    Route("PUT", "/merchant-skus/{sku}", skus.put_product),
    Route("GET", "/merchant-skus/{sku}", skus.get_product),
    Route("PUT", "/merchant-skus/{sku}/price", skus.put_price),
    Route("GET", "/merchant-skus/{sku}/price", skus.get_price),
    Route("PATCH", "/merchant-skus/{sku}/inventory", skus.patch_inventory),
    Route("PUT", "/merchant-skus/{sku}/inventory", skus.put_inventory),
    Route("GET", "/merchant-skus/{sku}/inventory", skus.get_inventory),
    Route("PUT", "/merchant-skus/{sku}/image", skus.put_image),
    Route("DELETE", "/merchant-skus/{sku}/image", skus.delete_image),
    Route("PUT", "/merchant-skus/{sku}/status/archive", skus.put_archive),
    Route("PUT", "/merchant-skus/{sku}/variation", skus.put_variation),
    Route("GET", "/merchant-skus/{sku}/variation", skus.get_variation),
    Route("PUT", "/merchant-skus/{sku}/shippingexception", skus.put_shipping_exception),
    Route("GET", "/merchant-skus/{sku}/shippingexception", skus.get_shipping_exception),
    Route("PUT", "/merchant-skus/{sku}/returnsexception", skus.put_returns_exception),
    Route("GET", "/merchant-skus/{sku}/returnsexception", skus.get_returns_exception),
    Route("GET", "/merchant-skus/{sku}/salesdata", skus.get_sales_data),
    # setup and portal
    Route("GET", "/fulfillmentnodesbymerchantid", setup.nodes_by_merchant),
    Route("GET", "/setup/fulfillmentNodes", setup.setup_nodes),
    Route("GET", "/setup/returnsLocations", setup.setup_return_locations),
    Route("GET", "/fulfillment-nodes", setup.node_urls),
    Route("GET", "/fulfillment-nodes/{node_id}", setup.node_detail),
    Route("GET", "/portal/merchantskus", setup.portal_skus),
    Route("GET", "/portal/merchantskus/export", setup.portal_skus_export),
    Route("GET", "/portal/merchantsetupstatus", setup.portal_setup_status),
    Route("GET", "/portal/returnssetup", setup.portal_returns_setup),
    # bulk files
    Route("GET", "/files/uploadToken", files.get_upload_token),
    Route("POST", "/files/uploaded", files.post_uploaded),
    Route("GET", "/files/{file_id}", files.get_file),
    Route("PUT", "/_blob/merchant-files/{file_id}", files.put_blob, auth=False),
    Route("GET", "/_blob/errors/{file_id}", files.get_error_file, auth=False),
    Route("GET", "/_blob/reports/{report_id}", settlement.get_report_file, auth=False),
    # orders
    Route("GET", "/orders/directedCancel", orders.list_directed_cancel),
    Route("GET", "/orders/withoutShipmentDetail/{order_id}", orders.get_order),
    Route("POST", "/orders/generate/{count}", orders.post_generate),
    Route("PUT", "/orders/{order_id}/acknowledge", orders.put_acknowledge),
    Route("PUT", "/orders/{order_id}/shipped", orders.put_shipped),
    Route("PUT", "/orders/{order_id}/tag", orders.put_tag),
    Route("GET", "/orders/{status}/{tag}/{include}", orders.list_by_tag),
    Route("GET", "/orders/{status}", orders.list_by_status),
    # returns
    Route("GET", "/returns/generate/{order_id}", returns.get_generate),
    Route("GET", "/returns/state/{return_id}", returns.get_state),
    Route("PUT", "/returns/{return_id}/complete", returns.put_complete),
    Route("PUT", "/returns/{return_id}/acknowledge", returns.put_acknowledge),
    Route("GET", "/returns/{status}", returns.list_by_status),
    # refunds
    Route("GET", "/refunds/state/{refund_id}", refunds.get_state),
    Route("POST", "/refunds/{order_id}/{alt_refund_id}", refunds.post_refund),
    Route("GET", "/refunds/{status}", refunds.list_by_status),
    # taxonomy
    Route("GET", "/taxonomy/links/{version}", taxonomy.get_links),
    Route("GET", "/taxonomy/nodes/{node_id}", taxonomy.get_node),
    Route("GET", "/taxonomy/nodes/{node_id}/attributes", taxonomy.get_node_attributes),
    # settlement and reports
    Route("GET", "/settlement/{days}", settlement.list_reports),
    Route("GET", "/settlement/report/{report_id}", settlement.get_report),
    Route("GET", "/settlement/report/{report_id}/orders", settlement.get_report_orders),
    Route("GET", "/settlement/report/{report_id}/returns", settlement.get_report_returns),
    Route("POST", "/reports/{report_type}", settlement.post_report),
    Route("GET", "/reports/state/{report_id}", settlement.get_report_state),
    # control API (404 unless JETCART_SANDBOX_CONTROL=1)
    Route("POST", "/_sandbox/merchants", control.post_merchant, auth=False),
    Route("GET", "/_sandbox/merchants/{merchant_id}/clock", control.get_clock, auth=False),
    Route("POST", "/_sandbox/merchants/{merchant_id}/clock/advance", control.post_advance, auth=False),
    Route("PUT", "/_sandbox/merchants/{merchant_id}/controls", control.put_controls, auth=False),
    Route("POST", "/_sandbox/merchants/{merchant_id}/orders/{order_id}/directed-cancel",
          control.post_directed_cancel, auth=False),
    Route("POST", "/_sandbox/clock/speed", control.post_speed, auth=False),
    Route("POST", "/_sandbox/limits/reset", control.post_reset_limits, auth=False),
]
