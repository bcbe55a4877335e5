from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .roles import sync_roles_after_migrate

        # After every migrate, so permissions of models added later reach the roles too.
        post_migrate.connect(sync_roles_after_migrate, sender=self)
