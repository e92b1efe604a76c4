import pytest

from lms.accounts.models import Role

from .factories import UnitFactory, UserFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """Transactional tests flush django_content_type; Django's in-process cache of it
    would then hand the audit log ids that no longer exist (PostgreSQL refuses them)."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


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


@pytest.fixture
def manager(unit):
    return UserFactory(email="chef@example.test", unit=unit, roles=[(Role.MANAGER, unit)])


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
    return UserFactory(email="hr@example.test", roles=[Role.HR])


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@example.test", is_staff=True, is_superuser=True)
