"""The audit log: an append-only record of who looked at or changed whose data, and why."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit record."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One audited action. Database triggers also refuse UPDATE and DELETE (see migration 0002)."""

    class Action(models.TextChoices):
        IDENTITY_VIEWED = "identity_viewed", _("identity viewed")
        MEMBER_INVITED = "member_invited", _("member invited")
        MEMBERS_IMPORTED = "members_imported", _("members imported")
        STAFF_INVITED = "staff_invited", _("staff invited")
        USER_DEACTIVATED = "user_deactivated", _("user deactivated")
        USER_REACTIVATED = "user_reactivated", _("user reactivated")
        SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("second factor enrolled")
        SECOND_FACTOR_RESET = "second_factor_reset", _("second factor reset")
        BACKUP_CODES_CREATED = "backup_codes_created", _("backup codes created")
        TERMS_PUBLISHED = "terms_published", _("terms published")
        CONSENT_GIVEN = "consent_given", _("consent given")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("consent withdrawn")
        DATA_EXPORTED = "data_exported", _("own data exported")
        MEMBER_ERASED = "member_erased", _("member erased")
        RETENTION_ERASED = "retention_erased", _("erased by retention")
        ACCESS_DENIED = "access_denied", _("access denied")
        APPLICANTS_EXPORTED = "applicants_exported", _("applicants exported")
        SELECTION_RUN = "selection_run", _("selection run")
        SELECTION_DRAWN = "selection_drawn", _("selection drawn")
        SELECTION_OVERRIDE = "selection_override", _("selection include or exclude")
        APPLICANTS_INVITED = "applicants_invited", _("selected applicants invited")
        APPLICANTS_ERASED = "applicants_erased", _("applicants erased by retention")
        PERIOD_CREATED = "period_created", _("active period created or proposed")
        PERIOD_PUBLISHED = "period_published", _("active period published")
        PERIOD_REVIEWED = "period_reviewed", _("proposal approved or returned")
        ANSWERS_VIEWED = "answers_viewed", _("answers viewed")
        ANSWERS_EXPORTED = "answers_exported", _("answers exported")
        REPORT_EDITED = "report_edited", _("report edited")
        REPORT_DELIVERED = "report_delivered", _("report delivered")
        ANSWER_CODED = "answer_coded", _("answer coded")
        ANSWER_UNCODED = "answer_uncoded", _("coding removed")
        REPORT_PUBLISHED = "report_published", _("public summary published")
        QUOTE_EDITED = "quote_edited", _("quote edited")
        THEME_EDITED = "theme_edited", _("theme edited")
        ACTION_EDITED = "action_edited", _("action created or edited")
        ACTION_STATUS_CHANGED = "action_status_changed", _("action status changed")
        TARGET_EDITED = "target_edited", _("development target or measurement edited")
        SUPPORT_REQUEST_VIEWED = "support_request_viewed", _("support request viewed")
        SUPPORT_REPLIED = "support_replied", _("support request answered")
        SUPPORT_STATUS_CHANGED = "support_status_changed", _("support request status changed")
        HELP_PAGE_EDITED = "help_page_edited", _("help page edited")
        ANNOUNCEMENT_PUBLISHED = "announcement_published", _("announcement published")
        SUGGESTION_REVIEWED = "suggestion_reviewed", _("theme suggestion reviewed")
        CAFE_POST_HIDDEN = "cafe_post_hidden", _("discussion area post hidden")
        MEMBERSHIP_RENEWED = "membership_renewed", _("membership renewed")
        MEMBER_LEFT = "member_left", _("member left the community")
        STATUTORY_PAGE_EDITED = "statutory_page_edited", _("privacy notice or accessibility statement edited")
        POST_HIDDEN = "post_hidden", _("post hidden")
        PROBE_SENT = "probe_sent", _("follow-up question sent")
        STATEMENT_REVIEWED = "statement_reviewed", _("member's statement approved or rejected")
        DELIVERY_RESOLVED = "delivery_resolved", _("email of unknown outcome checked")
        BACKUP_MADE = "backup_made", _("backup made")
        BACKUP_RESTORED = "backup_restored", _("backup restored")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Copied, not linked: the record must say what was true when it was written.
    actor_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices, db_index=True)
    subject_user_id = models.BigIntegerField(_("whose data"), null=True, blank=True, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
