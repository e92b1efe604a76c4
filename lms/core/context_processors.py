from django.conf import settings


def site(request):
    return {"site_name": settings.WAGTAIL_SITE_NAME}


class _RuleApp:
    def __init__(self, user, app: str):
        self.user, self.app = user, app

    def __getitem__(self, name: str) -> bool:
        import rules

        return rules.has_perm(f"{self.app}.{name}", self.user)


class RulePerms:
    """`{{ rule_perms.accounts.list_people }}`: asks django-rules only.

    The product's permissions are all rules, and `User.has_perm` answers them from the
    rules alone (lms.accounts.rules); asking rules directly also serves a visitor who is
    not logged in without a trip through the authentication backends.
    """

    def __init__(self, user):
        self.user = user

    def __getitem__(self, app: str) -> _RuleApp:
        return _RuleApp(self.user, app)


def rule_perms(request):
    return {"rule_perms": RulePerms(getattr(request, "user", None))}
