"""Lists rejected Jet orders with Jet's status and the reason in the merchant's words."""

from django.core.paginator import Paginator

from jetcart.connector.orders.selectors import rejected_orders
from jetcart.connector.ui.site import render_page


def rejected_orders_page(request):
    page = Paginator(rejected_orders(), 50).get_page(request.GET.get("page"))
    return render_page(request, "jetcart/orders/rejected.html", {"page": page}, title="Rejected Jet orders")
