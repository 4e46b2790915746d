"""Forms of the orders pages: grid filters and the shipment form (rules come from the ship use case)."""

from __future__ import annotations

import uuid

from django import forms

from jetcart.connector.configuration.jet_configuration import load_configuration
from jetcart.connector.models import JetOrder
from jetcart.connector.orders.selectors import JET_STATUSES, OrderFilters
from jetcart.connector.orders.ship import ShipmentInput, ShipmentLineInput, open_units, validate_shipment
from jetcart.jet.models.vocabulary import CARRIERS, SHIPPING_METHODS

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
IN_UTC = "Date and time in UTC, as every time jetcart shows."


class OrderFilterForm(forms.Form):
    order_id = forms.CharField(label="Order ID", required=False)
    status = forms.ChoiceField(label="Order status", required=False,
                               choices=[("", "All")] + [(s, s) for s in JET_STATUSES])
    customer = forms.CharField(required=False)
    total = forms.DecimalField(required=False, decimal_places=2)
    added_from = forms.DateField(label="Date added from", required=False, widget=forms.DateInput({"type": "date"}))
    added_to = forms.DateField(label="Date added to", required=False, widget=forms.DateInput({"type": "date"}))
    modified_from = forms.DateField(label="Date modified from", required=False,
                                    widget=forms.DateInput({"type": "date"}))
    modified_to = forms.DateField(label="Date modified to", required=False, widget=forms.DateInput({"type": "date"}))

    def filters(self) -> OrderFilters:
        if not self.is_valid():
            return OrderFilters()
        return OrderFilters(**{k: v for k, v in self.cleaned_data.items() if v not in (None, "")})


class ShipmentForm(forms.Form):
    """The manual's "Jet Shipment" form; every rule's message appears next to its field."""

    token = forms.CharField(widget=forms.HiddenInput)
    tracking_number = forms.CharField(label="Shipment tracking number", required=False, max_length=100)
    shipment_date = forms.DateTimeField(label="Response shipment date", required=False, widget=DATETIME_WIDGET,
                                        input_formats=DATETIME_FORMATS, help_text=IN_UTC)
    shipment_method = forms.ChoiceField(label="Response shipment method", required=False,
                                        choices=[("", "---------")] + [(m, m) for m in sorted(SHIPPING_METHODS)])
    expected_delivery_date = forms.DateTimeField(label="Expected delivery date", required=False,
                                                 widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS,
                                                 help_text=IN_UTC)
    ship_from_zip_code = forms.CharField(label="Ship from ZIP code", required=False, max_length=10,
                                         widget=forms.TextInput(attrs={"size": 5}))
    carrier_pick_up_date = forms.DateTimeField(label="Carrier pick-up date", required=False, widget=DATETIME_WIDGET,
                                               input_formats=DATETIME_FORMATS, help_text=IN_UTC)
    carrier = forms.ChoiceField(required=False, choices=[("", "---------")] + [(c, c) for c in sorted(CARRIERS)])

    HEADER_FIELDS = ["tracking_number", "shipment_date", "shipment_method", "expected_delivery_date",
                     "ship_from_zip_code", "carrier_pick_up_date", "carrier"]

    def __init__(self, *args, order: JetOrder, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.lines = list(order.lines.all())
        available = open_units(order)
        self.fields["token"].initial = uuid.uuid4().hex
        for line in self.lines:
            prefix = f"line-{line.pk}"
            self.fields[f"{prefix}-shipped"] = forms.IntegerField(
                label="Response shipment SKU quantity", initial=available[line.pk], min_value=0,
                widget=forms.NumberInput(attrs={"min": 0, "style": "width:5em"}))
            self.fields[f"{prefix}-cancelled"] = forms.IntegerField(
                label="Response shipment cancel qty", initial=0, min_value=0,
                widget=forms.NumberInput(attrs={"min": 0, "style": "width:5em"}))
            self.fields[f"{prefix}-return_location"] = forms.TypedChoiceField(
                label="Return location", choices=[("no", "No"), ("yes", "Yes")], initial="no",
                coerce=lambda v: v == "yes", empty_value=False)
            self.fields[f"{prefix}-rma_number"] = forms.CharField(label="RMA number", required=False,
                                                                  max_length=100)
            self.fields[f"{prefix}-days_to_return"] = forms.IntegerField(
                label="Days to return", required=False, min_value=1, widget=forms.NumberInput(attrs={"style": "width:5em"}))
        self.available = available

    def line_rows(self) -> list[dict]:
        rows = []
        for line in self.lines:
            prefix = f"line-{line.pk}"
            rows.append({"line": line, "open": self.available[line.pk],
                         "fields": [self[f"{prefix}-{n}"] for n in
                                    ("shipped", "cancelled", "return_location", "rma_number", "days_to_return")]})
        return rows

    def header_fields(self):
        return [self[name] for name in self.HEADER_FIELDS]

    def shipment_input(self) -> ShipmentInput:
        data = self.cleaned_data
        lines = [
            ShipmentLineInput(
                line_id=line.pk, shipped=data.get(f"line-{line.pk}-shipped") or 0,
                cancelled=data.get(f"line-{line.pk}-cancelled") or 0,
                return_location=bool(data.get(f"line-{line.pk}-return_location")),
                rma_number=data.get(f"line-{line.pk}-rma_number") or "",
                days_to_return=data.get(f"line-{line.pk}-days_to_return"),
            )
            for line in self.lines
        ]
        return ShipmentInput(
            tracking_number=data.get("tracking_number") or "", shipment_date=data.get("shipment_date"),
            shipment_method=data.get("shipment_method") or "",
            expected_delivery_date=data.get("expected_delivery_date"),
            ship_from_zip_code=data.get("ship_from_zip_code") or "",
            carrier_pick_up_date=data.get("carrier_pick_up_date"), carrier=data.get("carrier") or "", lines=lines)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        for name, messages in validate_shipment(self.order, self.shipment_input(),
                                                config=load_configuration()).items():
            for message in messages:
                self.add_error(None if name == "__all__" else name, message)
        return data

    @property
    def alt_shipment_id(self) -> str:
        return f"{self.order.store_order_id or 'J'}-{self.cleaned_data['token'][:12]}"
