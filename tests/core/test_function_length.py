"""No product function or method is longer than 60 lines.

Ruff has no length rule, so this test reads the source itself: every `.py` file under
`lms/` and `cms/` except migrations is parsed with `ast`, and a function's length is
`end_lineno - lineno + 1`. Python puts `lineno` on the `def` line, so decorators are not
counted; the docstring and comments inside the body are. A nested function counts
towards the function around it and is measured on its own as well.

A long function reads better as a few smaller ones named after what they decide. The
ones still over the limit are listed in `NOT_YET_SPLIT`; the list may only shrink: a
name there that has come under the limit fails the test too, so that it is struck off.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 60

# path:name of functions still to be split; strike each off when it is.
NOT_YET_SPLIT: set[str] = {
    "lms/reports/demo.py:_earlier_starters",
    "lms/supervision/demo.py:_history",
    "lms/programme/demo.py:_bookings",
    "cms/demo.py:_swedish",
    "lms/supervision/demo.py:_ahead",
    "lms/programme/demo.py:load",
}


def _product_files():
    for top in ("lms", "cms"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def _long_functions():
    """(key, line, name, length) for each function over the limit."""
    for path in _product_files():
        relative = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > LIMIT:
                    yield f"{relative}:{node.name}", node.lineno, node.name, length


def test_no_product_function_is_longer_than_sixty_lines():
    too_long = [
        f"{key.split(':')[0]}:{line} {name} ({length} lines)"
        for key, line, name, length in _long_functions()
        if key not in NOT_YET_SPLIT
    ]
    assert not too_long, (
        f"Functions over {LIMIT} lines; split them into smaller ones named after what "
        "they decide:\n" + "\n".join(too_long)
    )


def test_the_list_of_functions_not_yet_split_only_shrinks():
    still_long = {key for key, *_ in _long_functions()}
    struck_off = sorted(NOT_YET_SPLIT - still_long)
    assert not struck_off, (
        "These are now within the limit (or gone); strike them off NOT_YET_SPLIT:\n"
        + "\n".join(struck_off)
    )
