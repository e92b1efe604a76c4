from django.db.models import Q, QuerySet

from lms.accounts.models import User


def people_to_complete(*, viewer: User) -> QuerySet[User]:
    """Active people still missing a unit or a start date: chiefly those the directory
    brought in at their first sign-in, before the HR export or HR has placed them."""
    if not viewer.has_perm("identity.list_people_to_complete"):
        return User.objects.none()
    return (
        User.objects.filter(is_active=True)
        .filter(Q(unit__isnull=True) | Q(start_date__isnull=True))
        .select_related("unit")
        .only("first_name", "last_name", "email", "title", "is_active", "start_date", "unit__name")
        .order_by("last_name", "first_name", "pk")
    )
