"""factory_boy factories shared by the whole suite.

Names are made up from a sequence, never drawn at random: a random surname such as
"Sjöberg" once matched a test's search for "öberg". Every full name is unique and
spelled only from syllables that make no Swedish word, so a test that searches for, or
asserts the absence of, a name it chose cannot be fooled by another person's.
"""

import factory
from django.contrib.auth.hashers import make_password

from lms.accounts.models import MfaExemption, Role, RoleAssignment, User
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


FIRST_NAMES = ("Åsa", "Björn", "Märta", "Örjan", "Karin", "Nils", "Lena", "Elias", "Saga", "Omar")
_CONSONANTS = "bdfgklmnprstv"
_VOWELS = "aeiouyåäö"


def made_up_surname(n: int) -> str:
    """Three consonant-vowel syllables and a "-qv": unique for n below 117**3.

    The step through the space is coprime with its size, so neighbours differ in their
    first letter (feeds and lists show "Åsa B."), and "-qv" is no Swedish spelling.
    """
    syllables = len(_CONSONANTS) * len(_VOWELS)
    code = (n * 7919) % syllables**3
    parts = []
    for _ in range(3):
        code, index = divmod(code, syllables)
        consonant, vowel = divmod(index, len(_VOWELS))
        parts.append(_CONSONANTS[consonant] + _VOWELS[vowel])
    return "".join(parts).capitalize() + "qv"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    first_name = factory.Sequence(lambda n: FIRST_NAMES[n % len(FIRST_NAMES)])
    last_name = factory.Sequence(made_up_surname)
    password = _HASH

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """roles=[Role.MENTOR, (Role.MANAGER, unit)] gives the person those roles."""
        for item in extracted or []:
            role, unit = item if isinstance(item, tuple) else (item, None)
            RoleAssignment.objects.create(user=self, role=role, unit=unit)
        self.forget_roles()

    @factory.post_generation
    def mfa_exempt(self, create, extracted, **kwargs):
        """mfa_exempt=True: the person is excused from two-factor, as the demo's logins are.

        Administrators, HR, unit managers and the site's editors must set up two-factor
        before any page (the installation's default); a test about their pages, not about
        that rule, asks for the exemption rather than an authenticator.
        """
        if extracted:
            MfaExemption.objects.create(user=self, reason="Test")


def give_role(user: User, role: Role, unit: Unit | None = None) -> User:
    RoleAssignment.objects.create(user=user, role=role, unit=unit)
    user.forget_roles()
    return user
