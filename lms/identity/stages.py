"""allauth's login stages with the provider's two-factor counted.

A person who signs in through the municipality's identity provider has passed its
second factor (the municipality's conditional access decides); asking for ours as well
would be a second prompt for nothing. Password sign-ins keep allauth's stage unchanged.
"""

from allauth.mfa.stages import AuthenticateStage


def is_directory_login(login) -> bool:
    return bool((login.signal_kwargs or {}).get("sociallogin"))


class PasswordMfaStage(AuthenticateStage):
    def _should_handle(self, request) -> bool:
        if is_directory_login(self.login):
            return False
        return super()._should_handle(request)
