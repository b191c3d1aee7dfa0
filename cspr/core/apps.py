from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cspr.core"
    label = "core"
    verbose_name = "People, organisations, reference data and audit"

    def ready(self) -> None:
        # Registers every permission (rules.add_perm) at start-up: the access module is
        # the only place they are defined (docs/adr/0014-access-module.md). django-axes
        # reports a refused sign-in only by its signal; each one is audited. A sign-in starts
        # its session's idle window (cspr/core/sessions.py). The deploy checks register on import.
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from cspr.core import access, checks  # noqa: F401
        from cspr.core.lockouts import record_lockout
        from cspr.core.sessions import saved_at_sign_in

        user_locked_out.connect(record_lockout, dispatch_uid="cspr.core.lockouts.record_lockout")
        user_logged_in.connect(saved_at_sign_in, dispatch_uid="cspr.core.sessions.saved_at_sign_in")
