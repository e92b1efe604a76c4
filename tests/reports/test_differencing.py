"""Nobody can infer a small group by setting views of the follow-up side by side.

A city of two administrations and five units gets newcomers at random over three
half-years. HR then asks for every scope the organisation has, every run of half-years
and every breakdown (none, administration, unit, gender). Every count of newcomers shown
is an equation over the finest groups (unit, half-year, gender); a group of one to four
people can be worked out exactly when its indicator lies in the span of the shown
equations. The test solves that over the rationals and finds no such group.
"""

import datetime
import itertools
import random
from fractions import Fraction

import pytest

from lms.reports.selectors.figures import build
from lms.reports.selectors.scopes import _every_scope
from tests.factories import AdministrationFactory, UnitFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db

HALVES = [
    (datetime.date(2024, 7, 1), datetime.date(2024, 12, 31)),
    (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)),
    (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31)),
]
GENDERS = ("woman", "man", "")
SIZES = (0, 0, 1, 2, 3, 4, 5, 6, 8)


def _city(seed, city, newcomer):
    """Newcomers at random: a count per (unit, half-year), a gender for each person."""
    rng = random.Random(seed)
    other = AdministrationFactory(
        municipality=city["administration"].municipality, name="Stadsdelsförvaltning Söder"
    )
    units = [city["a"], city["b"], city["c"], UnitFactory(administration=other, name="Söder 1")]
    units.append(UnitFactory(administration=other, name="Söder 2"))
    atoms: dict[tuple[int, int, str], int] = {}
    for unit in units:
        for h, (first, _last) in enumerate(HALVES):
            for n in range(rng.choice(SIZES)):
                gender = rng.choice(GENDERS)
                newcomer(unit, start=first + datetime.timedelta(days=7 * n), gender=gender)
                key = (unit.pk, h, gender)
                atoms[key] = atoms.get(key, 0) + 1
    return units, atoms


def _equations(units, atoms):
    """Each shown count as (the finest groups it covers, the count)."""
    scopes = [s for s in _every_scope() if s.unit_ids <= {u.pk for u in units}]
    administrations = {s.key: s.unit_ids for s in scopes if s.level == 1}
    shown = []
    for scope in scopes:
        for i, j in itertools.combinations_with_replacement(range(len(HALVES)), 2):
            halves = range(i, j + 1)
            for breakdown in ("", "administration", "unit", "gender"):
                report = build(scope, HALVES[i][0], HALVES[j][1], breakdown, TODAY)

                def cover(units_in, genders=GENDERS, halves=halves):
                    return frozenset((u, h, g) for u in units_in for h in halves for g in genders)

                if not report.total.hidden:
                    shown.append((cover(scope.unit_ids), report.total.newcomers))
                rows = {row.key: row for row in report.rows}
                if breakdown == "unit":
                    groups = {f"u:{u}": cover({u}) for u in scope.unit_ids}
                elif breakdown == "administration":
                    groups = {
                        key: cover(ids & scope.unit_ids)
                        for key, ids in administrations.items()
                        if ids & scope.unit_ids
                    }
                elif breakdown == "gender":
                    groups = {f"g:{g or '~'}": cover(scope.unit_ids, genders=(g,)) for g in GENDERS}
                else:
                    groups = {}
                for key, population in groups.items():
                    row = rows.get(key)
                    if row is None:  # no row: nobody, and that is shown too
                        shown.append((population, 0))
                    elif not row.hidden:
                        shown.append((population, row.newcomers))
    return shown


def _reduce(rows):
    """Row echelon form over the rationals, as {pivot column: row}."""
    basis: dict[int, list[Fraction]] = {}
    for row in rows:
        row = _eliminate(list(row), basis)
        pivot = next((i for i, v in enumerate(row) if v), None)
        if pivot is not None:
            basis[pivot] = [v / row[pivot] for v in row]
    return basis


def _eliminate(row, basis):
    for pivot, base in sorted(basis.items()):
        if row[pivot]:
            factor = row[pivot]
            row = [a - factor * b for a, b in zip(row, base, strict=True)]
    return row


def _small_groups(atoms):
    """Every set of finest groups holding one to four people together."""
    small = [key for key, n in atoms.items() if 0 < n < 5]
    for size in range(1, 5):
        for combo in itertools.combinations(small, size):
            if sum(atoms[key] for key in combo) < 5:
                yield combo


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_no_small_group_follows_from_the_views_together(seed, city, newcomer):
    units, atoms = _city(seed, city, newcomer)
    shown = _equations(units, atoms)
    # Equations checked against the truth first: the test reads the views right.
    for population, count in shown:
        assert sum(atoms.get(key, 0) for key in population) == count
    # Groups known to be empty carry no one; the attacker may leave them out freely.
    columns = sorted(key for key, n in atoms.items() if n)
    index = {key: i for i, key in enumerate(columns)}
    matrix = []
    for population, _count in shown:
        row = [Fraction(0)] * len(columns)
        for key in population:
            if key in index:
                row[index[key]] = Fraction(1)
        matrix.append(row)
    basis = _reduce(matrix)
    found = []
    for combo in _small_groups(atoms):
        target = [Fraction(0)] * len(columns)
        for key in combo:
            target[index[key]] = Fraction(1)
        if not any(_eliminate(target, basis)):
            found.append(combo)
    assert found == [], f"small groups that follow from the shown counts: {found[:5]}"
    # The views still tell something: the municipality's total over the three half-years.
    assert any(len(population) == len(units) * 3 * 3 for population, _c in shown)
