from types import SimpleNamespace

import pytest

from lms.notifications import kinds
from lms.notifications.kinds import Candidate, Kind


@pytest.fixture
def test_kind():
    """A throwaway kind whose scan returns whatever the test puts in `due`."""
    due: list[Candidate] = []
    stale: dict[int, str] = {}
    kind = kinds.register(
        Kind(
            code="test_kind",
            label="Testnotis",
            description="",
            title=lambda params: f"Test {params.get('n', '')}".strip(),
            lines=lambda params: [f"Rad {params.get('n', '')}"],
            scan=lambda now: list(due),
            stale=lambda items: {n.pk: stale[n.pk] for n in items if n.pk in stale},
            cadence="daily",
        )
    )
    yield SimpleNamespace(kind=kind, due=due, stale_reasons=stale)
    kinds._kinds.pop("test_kind", None)
