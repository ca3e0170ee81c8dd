"""Browser tests: real Chromium (Debian's) driven by Playwright, on live_server."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

# Playwright's sync API runs an event loop in this thread; Django must allow the
# database calls that the test itself makes alongside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(
            f"Chromium not found at {CHROMIUM}: CI must install it."
        )
    skip = pytest.mark.skip(
        reason="Chromium is not installed (apt-get install chromium)"
    )
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture
def demo(vocabularies):
    """The founding demo data set, after the vocabularies it refers to."""
    from registry.demo.founding import load_demo

    load_demo()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def screenshot(page):
    """Save what the reader sees, as an artefact of the test run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
