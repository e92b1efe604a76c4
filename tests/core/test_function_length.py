"""No product function or method is longer than 60 lines.

Ruff has no length rule, so this test reads the source itself: every `.py` file under
`lms/` and `cms/` except migrations is parsed with `ast`, and a function's length is
`end_lineno - lineno + 1`. Python puts `lineno` on the `def` line, so decorators are not
counted; the docstring and comments inside the body are. A nested function counts
towards the function around it and is measured on its own as well.

A long function reads better as a few smaller ones named after what they decide.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 60


def _product_files():
    for top in ("lms", "cms"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def _long_functions():
    """(path, line, name, length) for each function over the limit."""
    for path in _product_files():
        relative = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > LIMIT:
                    yield relative, node.lineno, node.name, length


def test_no_product_function_is_longer_than_sixty_lines():
    too_long = [
        f"{path}:{line} {name} ({length} lines)" for path, line, name, length in _long_functions()
    ]
    assert not too_long, (
        f"Functions over {LIMIT} lines; split them into smaller ones named after what "
        "they decide:\n" + "\n".join(too_long)
    )
