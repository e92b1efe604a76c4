"""Certificates follow the completions they rest on: a completion taken back by a
corrected attendance flags a certificate for review, one recorded again clears it."""

from django.dispatch import receiver

from lms.programme.signals import module_completed, module_withdrawn

from . import services


@receiver(module_withdrawn, dispatch_uid="certificates-module-withdrawn")
def flag_certificates(sender, completion, **kwargs):
    services.certificates_recheck(person=completion.person)


@receiver(module_completed, dispatch_uid="certificates-module-completed")
def clear_flags(sender, completion, **kwargs):
    services.certificates_recheck(person=completion.person)
