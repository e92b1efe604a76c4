"""allauth's hooks for sign-in with the municipality's identity provider.

allauth links and maps at sign-up only; here every sign-in links by the product's own
rules (services.person_for_claims) and brings the roles up to date with the claim
(services.directory_sign_in) before the session starts.
"""

from __future__ import annotations

import logging

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render

from .claims import DirectoryClaims, directory_claims, id_token_data
from .services import SignInRefused, directory_sign_in, person_for_claims

logger = logging.getLogger(__name__)

#: The session's record of how the provider authenticated the person (amr, acr).
SESSION_KEY = "identity_authentication"


def _claims(sociallogin) -> DirectoryClaims:
    return directory_claims(id_token_data(sociallogin.account.extra_data))


def refusal(request, message):
    return render(request, "identity/sign_in_refused.html", {"message": message}, status=403)


def _remember_authentication(request, claims: DirectoryClaims) -> None:
    request.session[SESSION_KEY] = {"amr": list(claims.amr), "acr": claims.acr}


def _offer_address(sociallogin, claims: DirectoryClaims) -> None:
    """allauth signs a new person up on its own only with an address in hand, and it
    reads only `email`; the address may have come from `preferred_username` or `upn`."""
    if not any(a.email.lower() == claims.email for a in sociallogin.email_addresses):
        sociallogin.email_addresses = [
            EmailAddress(email=claims.email, verified=claims.email_verified, primary=True)
        ]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin) -> None:
        claims = _claims(sociallogin)
        try:
            person = sociallogin.user if sociallogin.is_existing else None
            if person is None:
                person = person_for_claims(claims=claims)
        except SignInRefused as refused:
            raise ImmediateHttpResponse(refusal(request, refused.message)) from None
        if person is None:
            _offer_address(sociallogin, claims)
            return  # a new person: save_user creates them
        if not person.is_active or person.has_left:
            raise ImmediateHttpResponse(
                get_account_adapter(request).respond_user_inactive(request, person)
            )
        if not sociallogin.is_existing:
            sociallogin.connect(request, person)
        directory_sign_in(person=person, claims=claims)
        _remember_authentication(request, claims)

    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Password sign-up stays closed (lms.accounts.adapters); the directory may
        # bring in a new person, whom HR then completes.
        return True

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        claims = _claims(sociallogin)
        user.email = claims.email
        user.first_name = claims.first_name or user.first_name
        user.last_name = claims.last_name or user.last_name
        return user

    def save_user(self, request, sociallogin, form=None):
        person = super().save_user(request, sociallogin, form=form)
        claims = _claims(sociallogin)
        directory_sign_in(person=person, claims=claims)
        _remember_authentication(request, claims)
        return person

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        # The person sees a Swedish page (socialaccount/authentication_error.html); the
        # operator needs the reason: a wrong issuer, a token failing validation, a
        # replayed state.
        logger.warning("directory sign-in failed: error=%s exception=%r", error, exception)
