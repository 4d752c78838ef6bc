"""What the JupyterLite tests and the benchmark share: a notebook of the site's JupyterLite run as the notebooks ask.

The notebooks ask the reader to run their cells once the kernel is ready, that is once the notebook's toolbar names
it, "Python (Pyodide)", with the empty circle of an idle kernel beside it. Chosen before that, Run All runs nothing
(the kernel is still being set up) or, earlier still, while JupyterLab's notebook has not yet read which kernel the
file names, asks for a kernel once per code cell and leaves the cells waiting on kernels that the answers replaced.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from bmckit.sphinxext.lite import BROWSER_KERNEL

if TYPE_CHECKING:
    from playwright.sync_api import Page

KERNEL_READY = (
    f"(document.querySelector('.jp-KernelName')?.textContent.trim() === {json.dumps(BROWSER_KERNEL['display_name'])}"
    " && !!document.querySelector('.jp-Notebook-ExecutionIndicator[data-status=\"idle\"]'))"
)
"""The toolbar names the site's kernel and shows it idle (before the notebook is read it says "No Kernel", idle)."""
DIALOG = "!!document.querySelector('.jp-Dialog')"


def choose_run_all(page: Page) -> None:
    """Run > Run All Cells, from the menu bar."""
    page.get_by_role("menuitem", name="Run").first.click(timeout=10_000)
    page.get_by_text("Run All Cells", exact=True).click(timeout=10_000)
