"""What the run's summary says about the browser journeys' HTML check, across processes.

The journeys' session (tests/e2e/conftest.py) records how many pages the Nu HTML Checker
read and how many errors it found. Under pytest-xdist each worker checks its own pages,
so the workers hand their figures to the controller, which prints the sum.
"""

import pytest

HTML_CHECKED = pytest.StashKey[tuple[int, int]]()
_OUTPUT = "html_checked"


def record(config, pages: int, errors: int) -> None:
    before = config.stash.get(HTML_CHECKED, (0, 0))
    config.stash[HTML_CHECKED] = (before[0] + pages, before[1] + errors)


def hand_to_controller(config) -> None:
    output = getattr(config, "workeroutput", None)  # set on xdist's workers only
    if output is not None and HTML_CHECKED in config.stash:
        output[_OUTPUT] = config.stash[HTML_CHECKED]


def take_from_worker(config, node) -> None:
    figures = getattr(node, "workeroutput", {}).get(_OUTPUT)  # none when it crashed
    if figures:
        record(config, *figures)


def write(terminalreporter, config) -> None:
    if HTML_CHECKED in config.stash:
        pages, errors = config.stash[HTML_CHECKED]
        terminalreporter.write_line(
            f"Nu HTML Checker: {errors} error(s) on the {pages} pages the journeys showed."
        )
