"""requirements.lock: the exact versions a production install gets.

Checked offline against pyproject.toml's runtime dependencies, so a change of a range
that the lock no longer satisfies fails here rather than on a server. How to refresh
the lock: docs/operations.md, "Pinned dependencies".
"""

import importlib.metadata
import tomllib
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
PYPROJECT = ROOT / "pyproject.toml"


def logical_lines(text: str) -> list[str]:
    """The lock's requirement lines: comments dropped, continuations joined."""
    lines, current = [], ""
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        if current.strip():
            lines.append(current.strip())
        current = ""
    if current.strip():
        lines.append(current.strip())
    return lines


def read_lock(text: str) -> tuple[dict[str, Version], list[str]]:
    """The pins that apply here, by canonical name, and what is wrong with the rest."""
    pins: dict[str, Version] = {}
    problems = []
    for line in logical_lines(text):
        if line.startswith("-"):
            problems.append(f"an option, not a pin: {line}")
            continue
        try:
            req = Requirement(line.split(" --hash", 1)[0])
        except InvalidRequirement:
            problems.append(f"not a requirement: {line}")
            continue
        specs = list(req.specifier)
        if (
            req.url
            or len(specs) != 1
            or specs[0].operator not in ("==", "===")
            or (specs[0].version.endswith(".*"))
        ):
            problems.append(f"not pinned to one exact version: {line}")
            continue
        if req.marker is not None and not req.marker.evaluate():
            continue
        name = canonicalize_name(req.name)
        if name in pins:
            problems.append(f"pinned twice: {req.name}")
        pins[name] = Version(specs[0].version)
    return pins, problems


def runtime_requirements(pyproject_text: str) -> list[Requirement]:
    """pyproject.toml's runtime dependencies that apply here (the test extra is not one)."""
    project = tomllib.loads(pyproject_text)["project"]
    reqs = [Requirement(dep) for dep in project["dependencies"]]
    return [req for req in reqs if req.marker is None or req.marker.evaluate({"extra": ""})]


def out_of_range(pyproject_text: str, lock_text: str) -> list[str]:
    pins, _problems = read_lock(lock_text)
    problems = []
    for req in runtime_requirements(pyproject_text):
        pinned = pins.get(canonicalize_name(req.name))
        if pinned is None:
            problems.append(f"{req} is not in the lock")
        elif not req.specifier.contains(pinned, prereleases=True):
            problems.append(f"{req} is not satisfied by the lock's {req.name}=={pinned}")
    return problems


def _applies(req: Requirement, extras: set[str]) -> bool:
    if req.marker is None:
        return True
    return any(req.marker.evaluate({"extra": extra}) for extra in extras | {""})


def closure_problems(pyproject_text: str, lock_text: str) -> tuple[list[str], set[str]]:
    """Walks the runtime dependencies through the installed packages' metadata, extras
    included: every package they need must be pinned in range, and installed at the
    pinned version (what the tests ran on is what production gets). Returns the
    problems and the names reached."""
    pins, _problems = read_lock(lock_text)
    problems: list[str] = []
    reached: set[str] = set()
    extras_seen: dict[str, set[str]] = {}
    queue = list(runtime_requirements(pyproject_text))
    while queue:
        req = queue.pop()
        name = canonicalize_name(req.name)
        pinned = pins.get(name)
        if pinned is None:
            problems.append(f"{req.name} (needed as {req}) is not in the lock")
            continue
        if not req.specifier.contains(pinned, prereleases=True):
            problems.append(f"{req} is not satisfied by the lock's {req.name}=={pinned}")
        extras = set(req.extras)
        if name in reached and extras <= extras_seen[name]:
            continue
        reached.add(name)
        extras_seen[name] = extras_seen.get(name, set()) | extras
        try:
            installed = importlib.metadata.distribution(req.name)
        except importlib.metadata.PackageNotFoundError:
            problems.append(f"{req.name} is not installed here")
            continue
        if Version(installed.version) != pinned:
            problems.append(
                f"{req.name} {installed.version} is installed but the lock pins {pinned}: "
                "install with `pip install -c requirements.lock -e .[test]` (scripts/setup)"
            )
            continue
        for line in installed.requires or []:
            dep = Requirement(line)
            if _applies(dep, extras_seen[name]):
                queue.append(dep)
    return problems, reached


def test_every_line_of_the_lock_is_one_exact_version():
    pins, problems = read_lock(LOCK.read_text())
    assert problems == []
    assert pins


def test_every_runtime_dependency_is_pinned_within_its_range_in_pyproject():
    assert out_of_range(PYPROJECT.read_text(), LOCK.read_text()) == []


def test_the_lock_holds_what_the_runtime_dependencies_need_at_the_tested_versions():
    problems, reached = closure_problems(PYPROJECT.read_text(), LOCK.read_text())
    assert problems == []
    # The extras' own dependencies are in: two-factor's and the PostgreSQL driver's.
    assert {"fido2", "qrcode", "psycopg-binary"} <= reached
    # And nothing else: no test tool, nothing left over from an old dependency.
    pins, _problems = read_lock(LOCK.read_text())
    assert set(pins) - reached == set()


def test_a_range_in_pyproject_the_lock_no_longer_satisfies_is_caught():
    pyproject = PYPROJECT.read_text()
    pins, _problems = read_lock(LOCK.read_text())
    django = pins["django"]
    narrowed = pyproject.replace('"Django>=5.2,<5.3"', f'"Django>{django}"')
    assert narrowed != pyproject
    assert out_of_range(narrowed, LOCK.read_text()) == [
        f"Django>{django} is not satisfied by the lock's Django=={django}"
    ]
    added = pyproject.replace('"redis>=5",', '"redis>=5",\n    "requests[socks]>=2",')
    assert out_of_range(added, LOCK.read_text()) == []
    problems, _reached = closure_problems(added, LOCK.read_text())
    assert any("PySocks" in problem for problem in problems), problems


def test_loose_or_odd_lines_in_a_lock_are_reported():
    lock = (
        "# a comment\n"
        "django==5.2.20\n"
        "    # via introduktion (pyproject.toml)\n"
        "redis>=5\n"
        "wagtail==8.*\n"
        "-e ./somewhere\n"
        "gunicorn==27.0.1 \\\n"
        "    --hash=sha256:0000\n"
        "tzdata==2026.6 ; sys_platform == 'win32'\n"
    )
    pins, problems = read_lock(lock)
    assert problems == [
        "not pinned to one exact version: redis>=5",
        "not pinned to one exact version: wagtail==8.*",
        "an option, not a pin: -e ./somewhere",
    ]
    # A pin for another platform does not count here.
    assert pins == {"django": Version("5.2.20"), "gunicorn": Version("27.0.1")}
