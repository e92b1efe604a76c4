import datetime
import time
from pathlib import Path

import pytest
import time_machine

from lms.accounts.models import Role

from . import run_summary
from .factories import UnitFactory, UserFactory
from .moments import MOMENTS

#: Test folders whose behaviour turns on today's date or the clock: `pytest --moment`
#: runs them with the clock at a hard moment. A test elsewhere joins with
#: `@pytest.mark.dates`.
DATED_FOLDERS = {
    "certificates",
    "checkins",
    "documents",
    "feeds",
    "mentoring",
    "notifications",
    "plans",
    "programme",
    "reports",
    "supervision",
}
TESTS = Path(__file__).parent


def pytest_addoption(parser):
    parser.addoption(
        "--moment",
        choices=sorted(MOMENTS),
        help="run only the tests marked `dates`, with the clock at this hard moment "
        "(tests/moments.py); browser journeys stay out, the browser keeps the real clock",
    )
    parser.addoption(
        "--dated-at",
        choices=sorted(MOMENTS),
        help="run every test, those marked `dates` with the clock at this hard moment "
        "(browser journeys keep the real clock): CI's PostgreSQL run is one of its moments",
    )


def _flushes_without_restoring(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if not marker or not marker.kwargs.get("transaction"):
        return False
    return not marker.kwargs.get("serialized_rollback")


def pytest_collection_modifyitems(config, items):
    # A transactional test empties the database when it ends. Without a serialized
    # rollback Django then re-creates the content types at once, under new ids on
    # PostgreSQL (its sequences run on); the next test that restores the migrated rows
    # (every browser journey) meets them and fails on a duplicate key, depending on the
    # random order. So every transactional test restores, and none leaves rows behind.
    careless = [item.nodeid for item in items if _flushes_without_restoring(item)]
    if careless:
        raise pytest.UsageError(
            "Use @pytest.mark.django_db(transaction=True, serialized_rollback=True): "
            + ", ".join(careless)
        )
    for item in items:
        folder = Path(item.path).relative_to(TESTS).parts[0]
        if folder in DATED_FOLDERS:
            item.add_marker(pytest.mark.dates)
        if folder == "e2e":  # so that `-m "not e2e"` leaves out every journey
            item.add_marker(pytest.mark.e2e)
    if not config.getoption("--moment"):
        return
    kept, dropped = [], []
    for item in items:
        frozen = item.get_closest_marker("dates") and not item.get_closest_marker("e2e")
        (kept if frozen else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_sessionfinish(session):
    run_summary.hand_to_controller(session.config)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    run_summary.take_from_worker(node.config, node)


def pytest_terminal_summary(terminalreporter, config):
    run_summary.write(terminalreporter, config)


def _moment_for(item) -> datetime.datetime | None:
    """A test's own pinned moment first; else the run's hard moment for dated tests."""
    pinned = item.get_closest_marker("moment")
    if pinned:
        when = pinned.args[0]
        return MOMENTS[when] if isinstance(when, str) else when
    name = item.config.getoption("--moment") or item.config.getoption("--dated-at")
    if name and item.get_closest_marker("dates") and not item.get_closest_marker("e2e"):
        return MOMENTS[name]
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Setup, call and teardown all start at the moment, and the clock ticks on."""
    moment = _moment_for(item)
    if moment is None:
        return (yield)
    with time_machine.travel(moment, tick=True):
        return (yield)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


_content_types_cached = False


@pytest.fixture(autouse=True)
def _content_types_known(request):
    """Django's in-process cache of content types holds every model's id from the start.

    A transactional test empties django_content_type when it ends, and the next one
    restores the migrated rows with their ids (the serialized rollback). While it does,
    Wagtail's Page() asks for its content type before that row is back; from an empty
    cache it would create one under a new id, and the row being restored would then
    clash with it. Ids never change (every transactional test restores), so the cache,
    filled once at the first database test (nothing has flushed yet), stays right.
    """
    global _content_types_cached
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    }.intersection(request.fixturenames)
    if _content_types_cached or not uses_db:
        return
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        ContentType.objects.clear_cache()
        models = apps.get_models()
        ContentType.objects.get_for_models(*models)
        ContentType.objects.get_for_models(*models, for_concrete_models=False)
    _content_types_cached = True


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached policies must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def unit(db):
    return UnitFactory(name="Barn och unga Norr")


@pytest.fixture
def other_unit(db):
    return UnitFactory(name="Ekonomiskt bistånd Söder")


# Managers, HR and administrators must use two-factor (the default policy); these come
# exempted, like the demo's logins, so tests of their pages need no authenticator. The
# rule itself is tested with people of its own (tests/accounts/test_mfa.py).
@pytest.fixture
def manager(unit):
    return UserFactory(
        email="chef@example.test", unit=unit, roles=[(Role.MANAGER, unit)], mfa_exempt=True
    )


@pytest.fixture
def newcomer(unit):
    return UserFactory(email="ny@example.test", unit=unit, roles=[Role.NEWCOMER])


@pytest.fixture
def other_newcomer(other_unit):
    return UserFactory(email="ny2@example.test", unit=other_unit, roles=[Role.NEWCOMER])


@pytest.fixture
def mentor(unit):
    return UserFactory(email="mentor@example.test", unit=unit, roles=[Role.MENTOR])


@pytest.fixture
def supervisor(unit):
    return UserFactory(email="handledare@example.test", unit=unit, roles=[(Role.SUPERVISOR, unit)])


@pytest.fixture
def coordinator(db):
    return UserFactory(email="samordnare@example.test", roles=[Role.COORDINATOR])


@pytest.fixture
def hr(db):
    return UserFactory(email="hr@example.test", roles=[Role.HR], mfa_exempt=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(
        email="admin@example.test", is_staff=True, is_superuser=True, mfa_exempt=True
    )


@pytest.fixture(scope="session")
def demo_cities(django_db_setup, django_db_blocker, tmp_path_factory, request):
    """The session's demo cities (tests/demo_city.py), today's built at the first use.

    A run with `--dated-at` has two todays, the moment's and the real one: both are
    built here, outside any test's transaction, where their copies can be kept."""
    from .demo_city import DemoCity

    cities = DemoCity(tmp_path_factory.mktemp("demo-city"))
    moment = request.config.getoption("--dated-at")
    with django_db_blocker.unblock():
        if not moment:
            cities.build()
            return cities
        hatch = time_machine.escape_hatch
        now = hatch.time.time() if hatch.is_travelling() else time.time()
        for when in (datetime.datetime.fromtimestamp(now, datetime.UTC), MOMENTS[moment]):
            with time_machine.travel(when, tick=True):
                cities.build()
    return cities


@pytest.fixture
def demo_city(demo_cities, db, settings) -> str:
    """The demo city of `manage.py load_demo --force` (all demo logins, password 'demo').

    Its value is what the command printed. Call the command in a test only where the
    command itself is what it tests (a second run, a refusal)."""
    return demo_cities.put_back(Path(settings.MEDIA_ROOT))
