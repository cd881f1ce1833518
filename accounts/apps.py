from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from core import retention
        from core.access import is_manager
        from core.navigation import register_staff_link

        from .models import TermsVersion
        from .permissions import can_manage_accounts, can_view_member_list
        from .services import consent_note_at_login, retention_purge, terms_cache_clear

        retention.register("accounts", lambda now: retention_purge(now=now))
        post_save.connect(terms_cache_clear, sender=TermsVersion, dispatch_uid="accounts.terms_saved")
        post_delete.connect(terms_cache_clear, sender=TermsVersion, dispatch_uid="accounts.terms_deleted")
        user_logged_in.connect(consent_note_at_login, dispatch_uid="accounts.consent_at_login")

        register_staff_link(url_name="accounts:member_list", label=_("Members"), allowed=can_view_member_list, order=10)
        register_staff_link(url_name="accounts:staff_list", label=_("Staff"), allowed=can_manage_accounts, order=20)
        register_staff_link(url_name="accounts:terms", label=_("Terms versions"), allowed=can_manage_accounts, order=80)
        register_staff_link(url_name="audit:list", label=_("Audit log"), allowed=is_manager, order=90)
        register_staff_link(
            url_name="organisations:list", label=_("Organisations and teams"), allowed=lambda user: True, order=95
        )
        register_staff_link(
            url_name="accounts:password_change", label=_("Change your password"), allowed=lambda user: True, order=99
        )
