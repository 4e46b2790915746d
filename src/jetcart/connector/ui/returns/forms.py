"""The return's complete form (the manual's "Edit Product Return"); its rules come from the complete use case."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from jetcart.connector.models import JetReturn
from jetcart.connector.models.returns import RecordedCompletion
from jetcart.connector.refunds.charges import AMOUNT_KEYS, AMOUNT_LABELS
from jetcart.connector.refunds.choices import refund_feedback_choices
from jetcart.connector.returns.complete import CompletionInput, CompletionLineInput, validate_completion
from jetcart.jet.models.vocabulary import RETURN_CHARGE_FEEDBACK

BLANK = [("", "---------")]
SMALL = {"style": "width:6em"}


def _amount_field(label: str, initial: Decimal) -> forms.DecimalField:
    return forms.DecimalField(label=label, initial=initial, decimal_places=2, max_digits=12,
                              widget=forms.NumberInput(attrs={**SMALL, "step": "0.01"}))


class CompletionForm(forms.Form):
    """Agree to the return charge, its feedback, and per item the units and amounts; messages by their fields."""

    agree_to_return_charge = forms.TypedChoiceField(
        label="Agree to return charge", choices=BLANK + [("yes", "Yes"), ("no", "No")], required=False,
        coerce=lambda v: v == "yes", empty_value=None,
        help_text="Yes: the merchant agrees to pay Jet's return charge in full.")
    return_charge_feedback = forms.ChoiceField(
        label="Return charge feedback", required=False, choices=BLANK + [(v, v) for v in sorted(RETURN_CHARGE_FEEDBACK)],
        help_text="Why the merchant does not agree to the return charge.")

    LINE_FIELDS = ("total_quantity_returned", "order_return_refund_qty", *AMOUNT_KEYS, "return_refund_feedback",
                   "notes")

    def __init__(self, *args, ret: JetReturn, **kwargs):
        super().__init__(*args, **kwargs)
        self.ret = ret
        self.lines = list(ret.lines.select_related("order_line"))
        requested = {"principal": "requested_principal", "tax": "requested_tax",
                     "shipping_cost": "requested_shipping_cost", "shipping_tax": "requested_shipping_tax"}
        for line in self.lines:
            prefix = f"line-{line.pk}"
            self.fields[f"{prefix}-total_quantity_returned"] = forms.IntegerField(
                label="Qty returned", initial=line.return_quantity, widget=forms.NumberInput(attrs=SMALL))
            self.fields[f"{prefix}-order_return_refund_qty"] = forms.IntegerField(
                label="Qty refunded", initial=line.return_quantity, widget=forms.NumberInput(attrs=SMALL))
            for key in AMOUNT_KEYS:
                self.fields[f"{prefix}-{key}"] = _amount_field(AMOUNT_LABELS[key], getattr(line, requested[key]))
            self.fields[f"{prefix}-return_refund_feedback"] = forms.ChoiceField(
                label="Return refund feedback", required=False,
                choices=BLANK + refund_feedback_choices())
            self.fields[f"{prefix}-notes"] = forms.CharField(label="Notes", required=False, max_length=1000)
        if ret.recorded_completion is not None:
            self._show_completion(ret.recorded_completion)
        if not ret.can_complete:
            for bound in self.fields.values():
                bound.disabled = True

    def _show_completion(self, completion: RecordedCompletion) -> None:
        """What was sent to Jet, shown in place of Jet's request."""
        self.fields["agree_to_return_charge"].initial = "yes" if completion.agree_to_return_charge else "no"
        self.fields["return_charge_feedback"].initial = completion.return_charge_feedback or ""
        by_item = {item.order_item_id: item for item in completion.items}
        for line in self.lines:
            item, prefix = by_item.get(line.order_item_id), f"line-{line.pk}"
            if item is None:
                continue
            for name in ("total_quantity_returned", "order_return_refund_qty", "return_refund_feedback", "notes"):
                value = getattr(item, name)
                self.fields[f"{prefix}-{name}"].initial = "" if value is None else value
            for key in AMOUNT_KEYS:
                amount = getattr(item.refund_amount, key) if item.refund_amount else None
                self.fields[f"{prefix}-{key}"].initial = amount if amount is not None else Decimal(0)

    def line_rows(self) -> list[dict]:
        return [{"line": line, "shipped": line.order_line.shipped if line.order_line else None,
                 "fields": [self[f"line-{line.pk}-{name}"] for name in self.LINE_FIELDS]} for line in self.lines]

    def completion_input(self) -> CompletionInput:
        data = self.cleaned_data

        def value(line, name, default=0):
            found = data.get(f"line-{line.pk}-{name}")
            return default if found is None else found

        lines = [CompletionLineInput(
            line_id=line.pk, total_quantity_returned=value(line, "total_quantity_returned"),
            order_return_refund_qty=value(line, "order_return_refund_qty"),
            **{key: value(line, key, Decimal(0)) for key in AMOUNT_KEYS},
            return_refund_feedback=value(line, "return_refund_feedback", ""), notes=value(line, "notes", ""),
        ) for line in self.lines]
        return CompletionInput(agree_to_return_charge=data.get("agree_to_return_charge"),
                               return_charge_feedback=data.get("return_charge_feedback") or "", lines=lines)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        for name, messages in validate_completion(self.ret, self.completion_input()).items():
            for message in messages:
                self.add_error(None if name == "__all__" or name not in self.fields else name, message)
        return data
