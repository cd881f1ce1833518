"""People: their login, their role, and for members the pseudonym and background.

Identity (name, email, phone, exact birth date) and background (age group, municipality,
gender, mother tongue, life situation) are kept apart in meaning even where they share a table:
identity is shown only to community managers through `identity_view`, which logs the read.
"""

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from .background import AgeGroup, Gender, LifeSituation, MotherTongue


class Role(models.TextChoices):
    MEMBER = "member", _("member")
    DEVELOPER = "developer", _("developer")
    MANAGER = "manager", _("community manager")


STAFF_ROLES = (Role.DEVELOPER, Role.MANAGER)


class UserQuerySet(models.QuerySet):
    def members(self) -> "UserQuerySet":
        return self.filter(role=Role.MEMBER)

    def staff(self) -> "UserQuerySet":
        return self.filter(role__in=STAFF_ROLES)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email=normalise_email(username))

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        """A community manager; the second factor is enrolled at first login."""
        fields.setdefault("role", Role.MANAGER)
        return self.create_user(email, password, **fields)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


class User(AbstractBaseUser):
    email = models.EmailField(_("email"), max_length=254, unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="fi")
    is_active = models.BooleanField(_("active"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Raising this number ends every session of the user at their next request.
    session_version = models.PositiveIntegerField(default=0)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    objects = UserManager()
    # Set on the signed-in user of each request by django_otp's OTPMiddleware (typing only: no field).
    is_verified: Callable[[], bool]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(role="developer", organisation__isnull=False) | ~models.Q(role="developer"),
                name="accounts_developer_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        # Never the name or email: a user printed anywhere is shown by role and number.
        return f"{self.get_role_display()} #{self.pk}"

    @property
    def is_member(self) -> bool:
        return self.role == Role.MEMBER

    @property
    def is_developer(self) -> bool:
        return self.role == Role.DEVELOPER

    @property
    def is_community_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_staff_user(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def has_second_factor(self) -> bool:
        return user_has_device(self, confirmed=True)

    @property
    def display_name(self) -> str:
        """What other people see: a member's pseudonym, a staff member's name and role."""
        if self.is_member:
            member = getattr(self, "member", None)
            return member.display_name if member else str(_("member"))
        return self.full_name or self.get_role_display()

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django invalidates sessions when this hash changes; session_version lets us end them
        # on deactivation or a second-factor reset without touching the password.
        return salted_hmac(
            "accounts.User.session_auth_hash",
            f"{self.password}:{self.session_version}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class MemberQuerySet(models.QuerySet):
    def active(self) -> "MemberQuerySet":
        return self.filter(user__is_active=True, left_at__isnull=True)


class Member(models.Model):
    """A selected resident (*prototyyppi*): pseudonym and background."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="member")
    # NULL, not "", once erased: unique constraints ignore NULLs.
    pseudonym = models.CharField(_("pseudonym"), max_length=30, null=True, blank=True)  # noqa: DJ001
    # The case-folded pseudonym, unique: SQLite's lower() knows only ASCII, so "Ä" and "ä"
    # would otherwise count as different pseudonyms there.
    pseudonym_key = models.CharField(max_length=30, null=True, blank=True, unique=True, editable=False)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    mother_tongue = models.CharField(_("mother tongue"), max_length=10, choices=MotherTongue.choices, blank=True)
    life_situation = models.CharField(_("life situation"), max_length=20, choices=LifeSituation.choices, blank=True)
    joined_at = models.DateTimeField(_("joined the community"), null=True, blank=True)
    left_at = models.DateTimeField(_("left the community"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.display_name

    def set_pseudonym(self, pseudonym: str | None) -> None:
        self.pseudonym = pseudonym or None
        self.pseudonym_key = pseudonym_key(pseudonym) if pseudonym else None

    @property
    def display_name(self) -> str:
        if self.pseudonym:
            return self.pseudonym
        # Erasing a member always sets left_at (accounts.services.member_erase); a member without a
        # pseudonym who has not left was invited and has not chosen one yet.
        return str(_("deleted member") if self.left_at else _("invited, no pseudonym yet"))


def pseudonym_key(pseudonym: str) -> str:
    return " ".join(pseudonym.split()).casefold()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A one-time link to set up an account. Only a hash of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"invitation #{self.pk}"

    @classmethod
    def issue(cls, *, user: User, created_by: User | None) -> tuple["Invitation", str]:
        """Create an invitation and return it with its token, which is never stored."""
        token = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            user=user,
            token_hash=_token_hash(token),
            created_by=created_by,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        return invitation, token

    @classmethod
    def find(cls, token: str) -> "Invitation | None":
        return cls.objects.select_related("user").filter(token_hash=_token_hash(token)).first()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class TermsVersion(models.Model):
    """One version of the terms and consent text that members accept."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    summary_fi = models.TextField(_("what changed (Finnish)"))
    summary_sv = models.TextField(_("what changed (Swedish)"), blank=True)
    summary_en = models.TextField(_("what changed (English)"), blank=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-version"]
        verbose_name = _("terms version")
        verbose_name_plural = _("terms versions")

    def __str__(self) -> str:
        return f"v{self.version}"

    @classmethod
    def current(cls) -> "TermsVersion | None":
        return cls.objects.order_by("-version").first()

    def summary(self, language: str) -> str:
        return getattr(self, f"summary_{language}", "") or self.summary_fi


class Consent(models.Model):
    """A member's explicit consent to one terms version, until withdrawn."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    terms = models.ForeignKey(TermsVersion, on_delete=models.PROTECT, related_name="consents")
    accepted_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [models.UniqueConstraint(fields=["user", "terms"], name="accounts_consent_once_per_version")]

    def __str__(self) -> str:
        return f"consent #{self.pk}"
