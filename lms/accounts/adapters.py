from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from lms.identity.policy import password_sign_in_allowed


def is_directory_login_kwargs(signal_kwargs) -> bool:
    return bool((signal_kwargs or {}).get("sociallogin"))


#: The ceiling on wrong passwords for one account from every address together
#: (settings.ACCOUNT_RATE_LIMITS). allauth's own "login_failed" limit is counted per
#: account and client here, see `_get_login_attempts_cache_key`.
ACCOUNT_CEILING = "login_failed_account"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # allauth's Swedish spells it "Epost-adressen"; shown under the login form.
        "email_password_mismatch": _("E-postadressen och/eller lösenordet är felaktigt."),
        "sso_only": _("Logga in med kommunens konto. Inloggning med lösenord är avstängd här."),
    }

    def is_open_for_signup(self, request) -> bool:
        # Accounts are created by HR, a unit manager or an administrator.
        return False

    def _account_key(self, request, **credentials) -> str:
        return super()._get_login_attempts_cache_key(request, **credentials)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth keys the wrong-password limit on the account alone: five wrong passwords
        # from anywhere would refuse the right one everywhere, so anybody who knows a
        # manager's address could keep them out. With the client's address in the key,
        # the guesser locks out only themselves. allauth also clears this key after a
        # password reset, for the address that reset it.
        return f"{self._account_key(request, **credentials)}:{ratelimit.get_ip(request)}"

    def get_login_stages(self) -> list[str]:
        # The provider's two-factor counts for directory sign-ins (lms.identity.stages).
        ours = {"allauth.mfa.stages.AuthenticateStage": "lms.identity.stages.PasswordMfaStage"}
        return [ours.get(path, path) for path in super().get_login_stages()]

    def pre_login(self, request, user, **kwargs):
        """Nobody who has left signs in by any route, even before the nightly task has
        closed the account; with single sign-on only, no password sign-in either, but
        for the break-glass administrators."""
        if user.is_active and user.has_left:
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            return self.respond_user_inactive(request, user)
        directory = is_directory_login_kwargs(kwargs.get("signal_kwargs"))
        if not directory and not password_sign_in_allowed(user.email):
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            message = self.error_messages["sso_only"]
            return render(request, "identity/sign_in_refused.html", {"message": message}, 403)
        return super().pre_login(request, user, **kwargs)

    def pre_authenticate(self, request, **credentials) -> None:
        if not password_sign_in_allowed(credentials.get("email")):
            raise self.validation_error("sso_only")
        # allauth's limits first (per address, per account and client); only an attempt
        # they let through counts towards the account's ceiling, so filling the ceiling
        # takes many addresses, each at its own limit.
        super().pre_authenticate(request, **credentials)
        ceiling = ratelimit.consume(
            request,
            app="allauth.account",
            action=ACCOUNT_CEILING,
            key=self._account_key(request, **credentials),
        )
        if not ceiling:
            # Refused before any password was checked: not a guess against this client.
            self._login_failed_rl_usage.rollback()
            raise self.validation_error("too_many_login_attempts")
        # A right password gives back what was counted, the ceiling included (allauth
        # rolls back this usage on success).
        self._login_failed_rl_usage = ratelimit.RateLimitUsage(
            usage=self._login_failed_rl_usage.usage + ceiling.usage
        )

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        # A completed password reset proves the mailbox: the new password works at once,
        # from this address and under the account's ceiling.
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(
            request,
            app="allauth.account",
            action=ACCOUNT_CEILING,
            key=self._account_key(request, **credentials),
        )
