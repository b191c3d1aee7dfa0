"""Named system actors: who the CLI and scheduled jobs act as."""

from django.contrib.auth import get_user_model


def system_actor(name: str):
    """The user that a command such as `cspr import` records its writes under.

    Created on first use, inactive and without a usable password, so it can be
    audited but never signed in as.
    """
    User = get_user_model()
    username = "system:" + name.removeprefix("cspr ").replace(" ", "-")
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"is_system": True, "is_active": False, "first_name": name},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
