"""Imports Jet's taxonomy through the API: links → nodes → node attributes, fetched concurrently, stored in
bulk per batch, resumable after an interruption (nodes whose attributes are stored are not fetched again)."""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Protocol

from django.db import transaction
from pydantic import ValidationError

from jetcart.batches import batches
from jetcart.connector.models import JetAttribute, JetCategory, TaxonomyImport
from jetcart.connector.taxonomy import categories as taxonomy
from jetcart.connector.taxonomy.records import (
    AttributeRecord,
    CategoryRecord,
    LinkRecord,
    ProgressCallback,
    TaxonomyDataError,
    ValueRecord,
    parse_kind,
)
from jetcart.jet.errors import JetResponseInvalid
from jetcart.jet.models.base import problems_from_pydantic
from jetcart.jet.models.catalog import TaxonomyAttribute, TaxonomyNode

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient

logger = logging.getLogger(__name__)

LINKS_PAGE = 1000  # Jet's largest page of taxonomy links (jet-api.md §7.1)
SAVE_BATCH = 500
DEFAULT_WORKERS = 16
TAXONOMY_RATE = (1000.0, 200.0)  # requests per second and burst during a full import (Jet published no limit)

Fetched = tuple[TaxonomyNode, list[TaxonomyAttribute]]


class TaxonomyReader(Protocol):
    """What the import needs from Jet: node ids page by page, a node, a node's attributes (the client's models)."""

    def node_ids(self, *, offset: int, limit: int) -> list[int]: ...

    def node(self, node_id: int) -> TaxonomyNode: ...

    def node_attributes(self, node_id: int) -> list[TaxonomyAttribute]: ...


def _not_negative(node_id: int, field: str, value: int | None) -> int | None:
    if value is not None and value < 0:
        raise TaxonomyDataError(f"node {node_id}: {field} {value!r} is not a whole number")
    return value


def category_from_node(node: TaxonomyNode) -> CategoryRecord:
    """A node (§7.2) as a category record; the path is rebuilt from parents after the import.

    `jet_level` is required; `parent_id` too, except on a top-level node (level 0), whose missing parent reads
    as 0 as in Jet's dumps. A missing one raises TaxonomyDataError naming it (the client refuses unreadable
    ones, see ClientTaxonomyReader)."""
    node_id = node.jet_node_id
    level = _not_negative(node_id, "jet_level", node.jet_level)
    if level is None:
        raise TaxonomyDataError(f"node {node_id}: jet_level is missing")
    parent_id = _not_negative(node_id, "parent_id", node.parent_id)
    if parent_id is None and level > 0:
        raise TaxonomyDataError(f"node {node_id}: parent_id is missing on a level {level} node")
    return CategoryRecord(
        jet_node_id=node_id,
        name=str(node.jet_node_name or node_id).strip(),
        parent_id=parent_id or 0,
        level=level,
        path="",
        active=True if node.active is None else node.active,
        suggested_tax_code=(node.suggested_tax_code or "").strip()[:100],
        amazon_node_ids=[amazon_id for amazon_id in node.amazon_node_ids if amazon_id >= 0],
    )


def attribute_from_jet(attribute: TaxonomyAttribute) -> tuple[AttributeRecord, list[ValueRecord]]:
    """An attribute (§7.3) with its values. The API's `free_text` is a boolean: with units it means "with unit"."""
    units = tuple(unit for unit in attribute.units if unit.strip())
    try:
        kind = parse_kind(attribute.free_text)
    except TaxonomyDataError as exc:
        raise TaxonomyDataError(f"attribute {attribute.attribute_id}: {exc}") from None
    if kind == 1 and units:
        kind = 2
    description = (attribute.attribute_description or "").strip()
    record = AttributeRecord(
        attribute_id=attribute.attribute_id,
        name=description or str(attribute.attribute_id),
        description=description,
        kind=kind,
        variant=attribute.variant,
        variant_pair=bool(attribute.variant_pair),
        units=units,
    )
    values = [ValueRecord(record.attribute_id, value.strip()) for value in attribute.values if value.strip()]
    return record, values


def _unreadable(subject: str, error: JetResponseInvalid) -> TaxonomyDataError:
    """Jet's answer did not fit the client's model: the error names the subject and each field refused."""
    cause = error.__cause__
    reason = ("; ".join(map(str, problems_from_pydantic(cause))) if isinstance(cause, ValidationError)
              else str(error))
    return TaxonomyDataError(f"{subject}: {reason}")


class ClientTaxonomyReader:
    """Reads the taxonomy through the `jetcart.jet` client (the connector's only way to Jet)."""

    def __init__(self, client: JetClient):
        self.client = client

    def node_ids(self, *, offset: int, limit: int) -> list[int]:
        return self.client.taxonomy.links(offset=offset, limit=limit)

    def node(self, node_id: int) -> TaxonomyNode:
        try:
            return self.client.taxonomy.node(node_id)
        except JetResponseInvalid as exc:
            raise _unreadable(f"node {node_id}", exc) from exc

    def node_attributes(self, node_id: int) -> list[TaxonomyAttribute]:
        try:
            return self.client.taxonomy.attributes(node_id)
        except JetResponseInvalid as exc:
            raise _unreadable(f"attributes of node {node_id}", exc) from exc

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


def _save_batch(fetched: list[Fetched], run: TaxonomyImport, known_attributes: set[int],
                saved_attributes: set[int]) -> None:
    """Stores one batch of nodes in one transaction. An attribute (with its values) is stored the first time
    this run meets it; later nodes only link to it."""
    categories: list[CategoryRecord] = []
    attributes: dict[int, AttributeRecord] = {}
    values: list[ValueRecord] = []
    links: list[LinkRecord] = []
    for node, node_attributes in fetched:
        category = category_from_node(node)
        categories.append(category)
        for attribute in node_attributes:
            attribute_id = attribute.attribute_id
            links.append(LinkRecord(category.jet_node_id, attribute_id))
            if attribute_id in saved_attributes or attribute_id in attributes:
                continue
            record, record_values = attribute_from_jet(attribute)
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


def import_taxonomy_from_api(*, reader: TaxonomyReader | None = None, workers: int = DEFAULT_WORKERS,
                             restart: bool = False, progress: ProgressCallback = taxonomy._quiet) -> TaxonomyImport:
    """Imports the whole taxonomy from Jet. After an interrupted run, the next run resumes (nodes already
    stored with their attributes are skipped) unless `restart`."""
    own_reader: ClientTaxonomyReader | None = None
    if reader is None:
        reader = own_reader = default_reader(workers=workers)
    source = reader
    previous = TaxonomyImport.objects.filter(source=TaxonomyImport.Source.API).order_by("-started_at", "-id").first()
    resume = not restart and previous is not None and previous.status != TaxonomyImport.Status.DONE
    run = TaxonomyImport.objects.create(source=TaxonomyImport.Source.API)
    started = time.monotonic()
    try:
        if not resume:
            JetCategory.objects.filter(attributes_imported=True).update(attributes_imported=False)
        ids = _all_node_ids(source, progress)
        done = set(JetCategory.objects.filter(attributes_imported=True).values_list("jet_node_id", flat=True))
        todo = [node_id for node_id in ids if node_id not in done]
        total = len(ids)
        progress("nodes", total - len(todo), total)
        known_attributes = set(JetAttribute.objects.values_list("attribute_id", flat=True))
        saved_attributes: set[int] = set()

        def fetch(node_id: int) -> Fetched:
            return source.node(node_id), source.node_attributes(node_id)

        with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="taxonomy") as pool:
            finished = total - len(todo)
            for batch in batches(pool.map(fetch, todo), SAVE_BATCH):
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
        if own_reader is not None:
            own_reader.close()
    logger.info("taxonomy imported from the API in %.1f s (%d categories)", time.monotonic() - started,
                run.categories)
    return taxonomy._finish(run)
