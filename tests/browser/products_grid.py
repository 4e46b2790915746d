"""Acting on the products grid in a browser: select rows, run a bulk action to its end, read a row's result."""

from __future__ import annotations

from playwright.sync_api import expect


def select(page, *product_ids: int) -> None:
    for product_id in product_ids:
        page.locator(f"tr[data-product-id='{product_id}'] input[name=selected]").check()


def run_action(page, button: str, *product_ids: int) -> None:
    page.goto("/jet/products/")
    select(page, *product_ids)
    page.click(f"#{button}")
    expect(page.locator("#run-state")).to_have_text("Done", timeout=60_000)


def result(page, product_id: int):
    return page.locator(f"tr.result-row[data-product-id='{product_id}']")
