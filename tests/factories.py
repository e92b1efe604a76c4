"""factory_boy factories shared by the whole suite (Swedish names via Faker)."""

import factory
from django.contrib.auth.hashers import make_password

from lms.accounts.models import Role, RoleAssignment, User
from lms.organisation.models import Administration, Area, Municipality, Unit

PASSWORD = "ett-bra-losenord-1"
_HASH = make_password(PASSWORD)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["slug"]

    name = "Testkommun"
    slug = "testkommun"


class AdministrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Administration

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Stadsdelsförvaltning {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    administration = factory.SubFactory(AdministrationFactory)
    # get_or_create: a transactional test may run after another one flushed the
    # migration-made areas.
    area = factory.LazyFunction(
        lambda: Area.objects.get_or_create(
            code="barn-och-unga",
            defaults={"name": "Barn och unga", "name_en": "Children and youth"},
        )[0]
    )
    name = factory.Sequence(lambda n: f"Enhet {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    password = _HASH

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """roles=[Role.MENTOR, (Role.MANAGER, unit)] gives the person those roles."""
        for item in extracted or []:
            role, unit = item if isinstance(item, tuple) else (item, None)
            RoleAssignment.objects.create(user=self, role=role, unit=unit)
        self.forget_roles()


def give_role(user: User, role: Role, unit: Unit | None = None) -> User:
    RoleAssignment.objects.create(user=user, role=role, unit=unit)
    user.forget_roles()
    return user
