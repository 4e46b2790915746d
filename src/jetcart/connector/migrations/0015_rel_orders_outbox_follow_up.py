"""Outbox messages remember when their follow-up (on_confirmed / on_failed) finished; closed messages whose
records already show the follow-up done are marked so, the others are finished by the next delivery."""

from django.db import migrations, models
from django.db.models import F

CHUNK = 500


def _mark(messages, keys) -> None:
    keys = list(keys)
    for start in range(0, len(keys), CHUNK):
        messages.filter(key__in=keys[start:start + CHUNK], followed_up_at__isnull=True).update(
            followed_up_at=F("updated_at"))


def mark_finished_follow_ups(apps, schema_editor):
    message = apps.get_model("connector", "OutboxMessage")
    order = apps.get_model("connector", "JetOrder")
    shipment = apps.get_model("connector", "JetShipment")
    ret = apps.get_model("connector", "JetReturn")
    refund = apps.get_model("connector", "JetRefund")
    for state, ack_state in (("confirmed", "done"), ("failed", "failed")):
        _mark(message.objects.filter(kind="ack", state=state),
              (f"ack:{moid}" for moid in order.objects.filter(ack_state=ack_state)
               .values_list("merchant_order_id", flat=True)))
    for state in ("confirmed", "failed"):
        _mark(message.objects.filter(kind="ship", state=state),
              (f"ship:{moid}:{alt}" for moid, alt in shipment.objects.filter(state=state)
               .values_list("order__merchant_order_id", "alt_shipment_id")))
    for state, return_state in (("confirmed", "completed"), ("failed", "refused")):
        ids = set(ret.objects.filter(state=return_state).values_list("merchant_return_authorization_id", flat=True))
        _mark(message.objects.filter(kind="return_complete", state=state),
              (key for key, subject in message.objects.filter(kind="return_complete", state=state)
               .values_list("key", "subject") if subject in ids))
    settled = {"confirmed": set(refund.objects.exclude(state__in=["sending", "refused"])
                                .values_list("alt_refund_id", flat=True)),
               "failed": set(refund.objects.filter(state="refused").values_list("alt_refund_id", flat=True))}
    for state, alt_ids in settled.items():
        rows = message.objects.filter(kind="refund", state=state)
        _mark(rows, (key for key, payload in rows.values_list("key", "payload")
                     if (payload or {}).get("alt_refund_id") in alt_ids))


class Migration(migrations.Migration):

    dependencies = [
        ("connector", "0014_oversell_stock_watch"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="followed_up_at",
            field=models.DateTimeField(
                blank=True, null=True,
                help_text="when jetcart finished applying Jet's answer to its own records and OpenCart; until then "
                          "a confirmed or failed message is still delivered (its follow-up re-run)"),
        ),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(fields=["followed_up_at", "state"], name="outbox_follow_up"),
        ),
        migrations.RunPython(mark_finished_follow_ups, migrations.RunPython.noop),
    ]
