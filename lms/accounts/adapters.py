from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # allauth's Swedish spells it "Epost-adressen"; shown under the login form.
        "email_password_mismatch": _("E-postadressen och/eller lösenordet är felaktigt."),
    }

    def is_open_for_signup(self, request) -> bool:
        # Accounts are created by HR, a unit manager or an administrator.
        return False
