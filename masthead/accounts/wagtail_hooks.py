from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    actions.register_action(
        "accounts.delete", _("Account deleted"), _("Deleted by its owner; what they wrote is erased")
    )
    actions.register_action(
        "accounts.deletion_requested", _("Account deletion asked for"), _("Its owner asked to delete it")
    )
    actions.register_action("accounts.deletion_cancelled", _("Account kept"), _("Its owner called off its deletion"))
