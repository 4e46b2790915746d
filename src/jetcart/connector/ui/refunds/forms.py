"""Forms of the refunds pages: pick the order, then the refund form (rules come from the create use case)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms

from jetcart.connector.models import JetOrder
from jetcart.connector.refunds.charges import AMOUNT_KEYS, AMOUNT_LABELS, left_to_refund
from jetcart.connector.refunds.choices import refund_feedback_choices, refund_reason_choices
from jetcart.connector.refunds.create import RefundInput, RefundLineInput, refundable_orders, validate_refund

BLANK = [("", "---------")]
SMALL = {"style": "width:6em"}


class PickOrderForm(forms.Form):
    """"Select the order id for which the refund has to be created"."""

    order = forms.ModelChoiceField(label="Merchant order id", queryset=JetOrder.objects.none(),
                                   empty_label="---------")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = refundable_orders().order_by("-created_at")
        self.fields["order"].label_from_instance = (
            lambda o: f"{o.merchant_order_id} (OpenCart #{o.store_order_id or '—'}, {o.customer_name})")


class RefundForm(forms.Form):
    """Per order item: quantities, Jet's reason and feedback, notes and the four amounts."""

    token = forms.CharField(widget=forms.HiddenInput)
    LINE_FIELDS = ("total_quantity_returned", "order_return_refund_qty", "refund_reason", "refund_feedback", "notes",
                   *AMOUNT_KEYS)

    def __init__(self, *args, order: JetOrder, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.lines = list(order.lines.all())
        self.left = left_to_refund(order)
        self.fields["token"].initial = uuid.uuid4().hex
        for line in self.lines:
            prefix = f"line-{line.pk}"
            self.fields[f"{prefix}-total_quantity_returned"] = forms.IntegerField(
                label="Total quantity returned", initial=0, widget=forms.NumberInput(attrs=SMALL),
                help_text="Enter the quantity which the customer wants to refund")
            self.fields[f"{prefix}-order_return_refund_qty"] = forms.IntegerField(
                label="Order return refund qty", initial=0, widget=forms.NumberInput(attrs=SMALL),
                help_text="Enter the quantity which the merchant agrees to refund")
            self.fields[f"{prefix}-refund_reason"] = forms.ChoiceField(
                label="Refund reason", required=False, choices=BLANK + refund_reason_choices())
            self.fields[f"{prefix}-refund_feedback"] = forms.ChoiceField(
                label="Refund feedback", required=False, choices=BLANK + refund_feedback_choices())
            self.fields[f"{prefix}-notes"] = forms.CharField(label="Notes", required=False)
            for key in AMOUNT_KEYS:
                self.fields[f"{prefix}-{key}"] = forms.DecimalField(
                    label=AMOUNT_LABELS[key], initial=Decimal("0.00"), decimal_places=2, max_digits=12,
                    widget=forms.NumberInput(attrs={**SMALL, "step": "0.01"}))

    def line_rows(self) -> list[dict]:
        return [{"line": line, "left": self.left[line.pk],
                 "fields": [self[f"line-{line.pk}-{name}"] for name in self.LINE_FIELDS]} for line in self.lines]

    def refund_input(self) -> RefundInput:
        data = self.cleaned_data

        def value(line, name, default=0):
            found = data.get(f"line-{line.pk}-{name}")
            return default if found is None else found

        return RefundInput(lines=[RefundLineInput(
            line_id=line.pk, total_quantity_returned=value(line, "total_quantity_returned"),
            order_return_refund_qty=value(line, "order_return_refund_qty"),
            refund_reason=value(line, "refund_reason", ""), refund_feedback=value(line, "refund_feedback", ""),
            notes=value(line, "notes", ""), **{key: value(line, key, Decimal(0)) for key in AMOUNT_KEYS},
        ) for line in self.lines])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        for name, messages in validate_refund(self.order, self.refund_input()).items():
            for message in messages:
                self.add_error(None if name == "__all__" or name not in self.fields else name, message)
        return data

    @property
    def alt_refund_id(self) -> str:
        """The merchant's own refund id, fixed by the form's token so that a double submit is the same refund."""
        return f"{self.order.store_order_id or 'J'}-R{self.cleaned_data['token'][:12]}"
