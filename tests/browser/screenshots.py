"""`make screenshots`: runs a fresh demo in a temporary folder, walks the merchant's day in Chromium at 1366×768
(tests/browser/merchant_day.py) and writes one PNG per stop into docs/tour/, the pictures of docs/tour.md."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.browser.merchant_day import merchant_day
from tests.browser.page_checks import LAPTOP, check_page
from tests.fixtures.web import CHROMIUM_ARGS, chromium_path

ROOT = Path(__file__).resolve().parents[2]
TOUR_PAGE = ROOT / "docs" / "tour.md"
PICTURES = ROOT / "docs" / "tour"
JET_CATEGORY = "8000101"  # a leaf of the sandbox's taxonomy every demo category is mapped to
PASSWORD = re.compile(r"log in as 'admin' with password: (\S+)")
STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Demo:
    """`jetcart demo` on a free port with its own data folder; its admin password read from what it prints."""

    def __init__(self, data_dir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "JETCART_DATA_DIR": str(data_dir)}
        self.log = (data_dir / "demo.log").open("w+")
        jetcart = Path(sys.executable).with_name("jetcart")
        self.command = [str(jetcart)] if jetcart.exists() else [sys.executable, "-m", "jetcart"]
        self.process = subprocess.Popen([*self.command, "demo", "--port", str(self.port)], env=self.env,
                                        stdout=self.log, stderr=subprocess.STDOUT)

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def wait_until_running(self) -> str:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            text = self.output()
            if self.process.poll() is not None:
                raise SystemExit(f"the demo stopped:\n{text}")
            if "jetcart demo is running" in text and (found := PASSWORD.search(text)):
                return found.group(1)
            time.sleep(0.5)
        raise SystemExit(f"the demo did not start in {STARTUP_SECONDS} s:\n{self.output()}")

    def jetcart(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*self.command, *args], env=self.env, capture_output=True, text=True, check=False)

    def map_categories(self) -> None:
        """Every demo category to one Jet category, once the demo's first taxonomy import has stored it."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while (done := self.jetcart("mapping", "map-all", JET_CATEGORY)).returncode != 0:
            if time.monotonic() > deadline:
                raise SystemExit(f"could not map the demo's categories: {done.stderr}")
            time.sleep(2)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def referenced_pictures() -> set[str]:
    """The picture names docs/tour.md shows."""
    return set(re.findall(r"\(tour/([\w-]+)\.png\)", TOUR_PAGE.read_text(encoding="utf-8")))


def take_screenshots(demo: Demo, password: str, out: Path) -> list[str]:
    from playwright.sync_api import sync_playwright

    taken, problems = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=demo.url, viewport=LAPTOP)
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.goto("/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_url(lambda url: "/login/" not in url)

        def stop(name: str, caption: str) -> None:
            problems.extend(check_page(page, page.url, 200, check_overflow=page.url.startswith(f"{demo.url}/jet/")
                                       and "/jet/api/" not in page.url))
            page.screenshot(path=str(out / f"{name}.png"))
            taken.append(name)
            print(f"  {name}.png  {caption}", flush=True)

        merchant_day(page, f"{demo.url}/jet/api/portal/", stop)
        browser.close()
    if problems:
        raise SystemExit("pages the layout test would refuse:\n" + "\n".join(map(str, problems)))
    return taken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PICTURES, help="folder of the pictures (default docs/tour)")
    parser.add_argument("--keep", action="store_true", help="keep the demo's temporary data folder")
    args = parser.parse_args()
    if not chromium_path():
        print("Debian's chromium is needed (apt-get install chromium)", file=sys.stderr)
        return 2
    data_dir = Path(tempfile.mkdtemp(prefix="jetcart-tour-"))
    demo = Demo(data_dir)
    try:
        password = demo.wait_until_running()
        demo.map_categories()
        args.out.mkdir(parents=True, exist_ok=True)
        for old in args.out.glob("*.png"):
            old.unlink()
        taken = take_screenshots(demo, password, args.out)
    finally:
        demo.stop()
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    missing = referenced_pictures() - set(taken) if TOUR_PAGE.exists() else set()
    print(f"{len(taken)} pictures in {args.out}")
    if missing:
        print(f"docs/tour.md shows pictures no stop took: {', '.join(sorted(missing))}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
