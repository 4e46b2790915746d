"""Imports Jet's taxonomy through the API: links → nodes → node attributes, fetched concurrently, stored in
bulk per batch, resumable after an interruption (nodes whose attributes are stored are not fetched again)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Protocol

from django.db import transaction

from jetcart.connector.models import JetAttribute, JetCategory, TaxonomyImport
from jetcart.connector.taxonomy import categories as taxonomy
from jetcart.connector.taxonomy.records import (
    AttributeRecord,
    CategoryRecord,
    LinkRecord,
    ProgressCallback,
    TaxonomyDataError,
    ValueRecord,
    parse_flag,
    parse_kind,
)

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient

logger = logging.getLogger(__name__)

LINKS_PAGE = 1000  # Jet's largest page of taxonomy links (jet-api.md §7.1)
SAVE_BATCH = 500
DEFAULT_WORKERS = 16
TAXONOMY_RATE = (1000.0, 200.0)  # requests per second and burst during a full import (Jet published no limit)


class TaxonomyReader(Protocol):
    """What the import needs from Jet: node ids page by page, a node, a node's attributes."""

    def node_ids(self, *, offset: int, limit: int) -> list[int]: ...

    def node(self, node_id: int) -> Any: ...

    def node_attributes(self, node_id: int) -> list[Any]: ...


def _as_dict(obj: Any) -> dict:
    if isinstance(obj, dict):
        return obj
    if hasattr(obj, "model_dump"):
        return obj.model_dump()
    return dict(vars(obj))


def _whole_number(node: dict, field: str, node_id: object) -> int | None:
    raw = node.get(field)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not str(raw).strip().isdigit():
        raise TaxonomyDataError(f"node {node_id}: {field} {raw!r} is not a whole number")
    return int(str(raw).strip())


def category_from_node(payload: Any) -> CategoryRecord:
    """A node object (§7.2) as a category record; the path is rebuilt from parents after the import.

    `jet_node_id` and `jet_level` are required; `parent_id` too, except on a top-level node (level 0), whose
    missing parent reads as 0 as in Jet's dumps. A missing or unreadable one raises TaxonomyDataError naming it."""
    node = _as_dict(payload)
    node_id = _whole_number(node, "jet_node_id", node.get("jet_node_id"))
    if node_id is None:
        raise TaxonomyDataError(f"node {node!r:.200}: jet_node_id is missing")
    level = _whole_number(node, "jet_level", node_id)
    if level is None:
        raise TaxonomyDataError(f"node {node_id}: jet_level is missing")
    parent_id = _whole_number(node, "parent_id", node_id)
    if parent_id is None and level > 0:
        raise TaxonomyDataError(f"node {node_id}: parent_id is missing on a level {level} node")
    active = node.get("active")
    return CategoryRecord(
        jet_node_id=node_id,
        name=str(node.get("jet_node_name") or node_id).strip(),
        parent_id=parent_id or 0,
        level=level,
        path="",
        active=True if active is None else parse_flag(active),
        retired=parse_flag(node.get("retired", False)),
        suggested_tax_code=str(node.get("suggested_tax_code") or "").strip()[:100],
        amazon_node_ids=[int(x) for x in (node.get("amazon_node_ids") or []) if str(x).isdigit()],
    )


def attribute_from_payload(payload: Any) -> tuple[AttributeRecord, list[ValueRecord]]:
    """An attribute object (§7.3) with its values. `free_text` may be a bool (then units mean "with unit")."""
    attribute = _as_dict(payload)
    units = tuple(str(u) for u in (attribute.get("units") or []) if str(u).strip())
    try:
        kind = parse_kind(attribute.get("free_text"))
    except TaxonomyDataError as exc:
        raise TaxonomyDataError(f"attribute {attribute.get('attribute_id')}: {exc}") from None
    if kind == 1 and units:
        kind = 2
    description = str(attribute.get("attribute_description") or "").strip()
    record = AttributeRecord(
        attribute_id=int(attribute["attribute_id"]),
        name=str(attribute.get("attribute_name") or attribute.get("display_name") or description
                 or attribute["attribute_id"]).strip(),
        description=description,
        kind=kind,
        variant=parse_flag(attribute.get("variant", False)),
        variant_pair=parse_flag(attribute.get("variant_pair", False)),
        units=units,
    )
    values = [ValueRecord(record.attribute_id, str(v).strip()) for v in (attribute.get("values") or [])
              if str(v).strip()]
    return record, values


class ClientTaxonomyReader:
    """Reads the taxonomy through the `jetcart.jet` client (the connector's only way to Jet)."""

    def __init__(self, client: JetClient):
        self.client = client

    def node_ids(self, *, offset: int, limit: int) -> list[int]:
        return self.client.taxonomy.links(offset=offset, limit=limit)

    def node(self, node_id: int) -> Any:
        return self.client.taxonomy.node(node_id)

    def node_attributes(self, node_id: int) -> list[Any]:
        return self.client.taxonomy.attributes(node_id)

    def close(self) -> None:
        self.client.close()


def default_reader(*, workers: int = DEFAULT_WORKERS) -> ClientTaxonomyReader:
    """A reader on its own client: the taxonomy group may go faster than the everyday polite limit."""
    from jetcart.connector.jet_and_store import new_jet_client
    from jetcart.jet.client import DEFAULT_RATE_LIMITS

    limits = {**DEFAULT_RATE_LIMITS, "taxonomy": TAXONOMY_RATE}
    return ClientTaxonomyReader(new_jet_client(rate_limits=limits, max_connections=workers + 4))


def _all_node_ids(reader: TaxonomyReader, progress: ProgressCallback) -> list[int]:
    ids: list[int] = []
    offset = 0
    while True:
        page = reader.node_ids(offset=offset, limit=LINKS_PAGE)
        ids.extend(page)
        progress("links", len(ids), None)
        if len(page) < LINKS_PAGE:
            break
        offset += LINKS_PAGE
    return list(dict.fromkeys(ids))


def _attribute_id(payload: Any) -> int:
    """An attribute's id, read without copying the attribute (most of a node's attributes are stored already)."""
    raw = payload.get("attribute_id") if isinstance(payload, dict) else getattr(payload, "attribute_id", None)
    if raw is None:
        return int(_as_dict(payload)["attribute_id"])
    return int(raw)


def _save_batch(fetched: list[tuple[Any, list[Any]]], run: TaxonomyImport, known_attributes: set[int],
                saved_attributes: set[int]) -> None:
    """Stores one batch of nodes. An attribute (with its values) is stored the first time this run meets it;
    later nodes only link to it."""
    categories, attributes, values, links = [], {}, [], []
    for node, node_attributes in fetched:
        category = category_from_node(node)
        categories.append(category)
        for payload in node_attributes:
            attribute_id = _attribute_id(payload)
            links.append(LinkRecord(category.jet_node_id, attribute_id))
            if attribute_id in saved_attributes or attribute_id in attributes:
                continue
            record, record_values = attribute_from_payload(payload)
            attributes[attribute_id] = record
            values.extend(record_values)
    with transaction.atomic():
        taxonomy.save_categories(categories)
        taxonomy.save_attributes(attributes.values())
        known_attributes.update(attributes)
        saved_attributes.update(attributes)
        taxonomy.save_attribute_values(values, known_attributes=known_attributes)
        taxonomy.save_category_attributes(
            links, known_categories={c.jet_node_id for c in categories}, known_attributes=known_attributes)
        JetCategory.objects.filter(jet_node_id__in=[c.jet_node_id for c in categories]).update(
            attributes_imported=True)
        run.categories += len(categories)
        run.category_attributes += len(links)
        run.save(update_fields=["categories", "category_attributes"])


def _batched(items: Iterator, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_taxonomy_from_api(*, reader: TaxonomyReader | None = None, workers: int = DEFAULT_WORKERS,
                             restart: bool = False, progress: ProgressCallback = taxonomy._quiet) -> TaxonomyImport:
    """Imports the whole taxonomy from Jet. After an interrupted run, the next run resumes (nodes already
    stored with their attributes are skipped) unless `restart`."""
    own_reader = reader is None
    reader = reader or default_reader(workers=workers)
    previous = TaxonomyImport.objects.filter(source=TaxonomyImport.Source.API).order_by("-started_at", "-id").first()
    resume = not restart and previous is not None and previous.status != TaxonomyImport.Status.DONE
    run = TaxonomyImport.objects.create(source=TaxonomyImport.Source.API)
    started = time.monotonic()
    try:
        if not resume:
            JetCategory.objects.filter(attributes_imported=True).update(attributes_imported=False)
        ids = _all_node_ids(reader, progress)
        done = set(JetCategory.objects.filter(attributes_imported=True).values_list("jet_node_id", flat=True))
        todo = [node_id for node_id in ids if node_id not in done]
        total = len(ids)
        progress("nodes", total - len(todo), total)
        known_attributes = set(JetAttribute.objects.values_list("attribute_id", flat=True))
        saved_attributes: set[int] = set()

        def fetch(node_id: int) -> tuple[Any, list[Any]]:
            return reader.node(node_id), reader.node_attributes(node_id)

        with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="taxonomy") as pool:
            finished = total - len(todo)
            for batch in _batched(pool.map(fetch, todo), SAVE_BATCH):
                _save_batch(batch, run, known_attributes, saved_attributes)
                finished += len(batch)
                progress("nodes", finished, total)
        progress("paths", 0, None)
        taxonomy.complete_category_tree()
        run.attributes = JetAttribute.objects.count()
        run.categories = JetCategory.objects.count()
        counts = taxonomy.taxonomy_counts()
        run.attribute_values, run.category_attributes = counts["attribute_values"], counts["category_attributes"]
    except BaseException as exc:
        taxonomy.fail_import(run, exc)
        raise
    finally:
        if own_reader:
            reader.close()
    logger.info("taxonomy imported from the API in %.1f s (%d categories)", time.monotonic() - started,
                run.categories)
    return taxonomy._finish(run)
