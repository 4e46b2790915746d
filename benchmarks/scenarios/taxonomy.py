"""Scenario 5, taxonomy import: every Jet category with its attributes read from the sandbox over HTTP and
stored; under 30 s."""

from __future__ import annotations

from benchmarks.scenarios.common import Meter, Result
from benchmarks.scenarios.world import World

TARGET_SECONDS = 30.0
CATEGORIES = 5340


def run(world: World, *, workers: int) -> list[Result]:
    from jetcart.connector.taxonomy import api_import as taxonomy_api

    # its own client from the saved configuration, with the taxonomy rate, as in use
    with Meter(sandbox_pid=world.sandbox.process.pid) as meter:
        result = taxonomy_api.import_taxonomy_from_api(workers=workers, restart=True)
    details = {"categories": result.categories, "attributes": result.attributes,
               "attribute_values": result.attribute_values, "category_attributes": result.category_attributes,
               "workers": workers, **meter.cpu()}
    return [Result("5 taxonomy import", f"{result.categories} categories", meter.seconds, meter.peak_rss,
                   result.categories / meter.seconds, "categories/s", f"< {TARGET_SECONDS:g} s, all {CATEGORIES}",
                   meter.seconds < TARGET_SECONDS and result.categories >= CATEGORIES, details,
                   meter.cpu_seconds)]
