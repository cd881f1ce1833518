"""Recruitment rounds, applications, the developer-type quiz and the fair selection of members."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.background import BACKGROUND_VARIABLES, AgeGroup, Gender, LifeSituation, MotherTongue
from core.i18n import localized


class RoundQuerySet(models.QuerySet):
    def published(self) -> "RoundQuerySet":
        return self.filter(is_published=True)

    def open(self) -> "RoundQuerySet":
        now = timezone.now()
        return self.published().filter(opens_at__lte=now, closes_at__gt=now)

    def upcoming(self) -> "RoundQuerySet":
        return self.published().filter(opens_at__gt=timezone.now()).order_by("opens_at")


class RecruitmentRound(models.Model):
    """An application round (*hakukierros*) with its window, eligibility and target size."""

    slug = models.SlugField(_("address name"), unique=True)
    title_fi = models.CharField(_("title (Finnish)"), max_length=200)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_fi = models.TextField(_("description (Finnish)"), blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    target_size = models.PositiveIntegerField(_("target size"), default=100)
    min_age = models.PositiveIntegerField(_("minimum age"), default=16)
    municipalities = models.JSONField(_("municipalities of the region"), default=list)
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("recruitment round")
        verbose_name_plural = _("recruitment rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="round_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def is_open(self) -> bool:
        return self.is_published and self.opens_at <= timezone.now() < self.closes_at

    @property
    def has_closed(self) -> bool:
        return timezone.now() >= self.closes_at

    def municipality_list(self) -> list[str]:
        return self.municipalities or list(settings.REGION_MUNICIPALITIES)


class ServiceUsed(models.TextChoices):
    HEALTH_CENTRE = "health_centre", _("health centre")
    HOSPITAL = "hospital", _("hospital or specialist care")
    ORAL_HEALTH = "oral_health", _("oral health care")
    MENTAL_HEALTH = "mental_health", _("mental health or substance abuse services")
    SOCIAL_WORK = "social_work", _("social work or income support")
    FAMILY = "family", _("family services, maternity or child health clinic")
    ELDERLY = "elderly", _("services for older people or home care")
    DISABILITY = "disability", _("disability services")
    REHABILITATION = "rehabilitation", _("rehabilitation")
    EMERGENCY = "emergency", _("emergency care or ambulance")
    RESCUE = "rescue", _("rescue services or fire safety advice")
    ONLINE = "online", _("online services or chat")
    NONE = "none", _("none")


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("applied")
    SELECTED = "selected", _("selected")
    RESERVE = "reserve", _("on the reserve list")
    NOT_SELECTED = "not_selected", _("not selected")
    INVITED = "invited", _("invited")


class ApplicationQuerySet(models.QuerySet):
    def to_invite(self) -> "ApplicationQuerySet":
        """The drawn applicants not invited yet."""
        return self.filter(status=ApplicationStatus.SELECTED)

    def to_inform(self) -> "ApplicationQuerySet":
        """The applicants on the reserve list not yet told that they were not selected."""
        return self.filter(status=ApplicationStatus.RESERVE, informed_at__isnull=True).exclude(email="")


class Application(models.Model):
    """One resident's application (*hakemus*). Identity fields are erased after retention."""

    round = models.ForeignKey(RecruitmentRound, on_delete=models.CASCADE, related_name="applications")
    # Identity: seen only by community managers.
    email = models.EmailField(_("email"), blank=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    # The id of a person in a pool imported from the Sortition Foundation's CSV format.
    external_id = models.CharField(_("id in an imported pool"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    # Background: what quotas and comparisons use.
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices)
    municipality = models.CharField(_("municipality"), max_length=100)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices)
    mother_tongue = models.CharField(_("mother tongue"), max_length=10, choices=MotherTongue.choices)
    life_situation = models.CharField(_("main life situation"), max_length=20, choices=LifeSituation.choices)
    other_life_situations = models.JSONField(_("other life situations"), default=list, blank=True)
    services_used = models.JSONField(_("services used in the last 12 months"), default=list, blank=True)
    motivation = models.TextField(_("why do you want to join"), max_length=2000, blank=True)
    quiz_type = models.CharField(_("developer type from the quiz"), max_length=50, blank=True)
    language = models.CharField(_("language"), max_length=5, default="fi")
    reserve_consent = models.BooleanField(_("may stay on the reserve list"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    reserve_rank = models.PositiveIntegerField(_("place on the reserve list"), null=True, blank=True)
    # Set in the same transaction that queues the "not selected" email: nobody is told twice.
    informed_at = models.DateTimeField(_("told they were not selected"), null=True, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            # Erased and imported applications have no email; the rule is for real addresses.
            models.UniqueConstraint(
                fields=["round", "email"], condition=~models.Q(email=""), name="one_application_per_email_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{_('application')} #{self.pk}"

    @property
    def public_id(self) -> str:
        """The id used in exports and the selection: a number or the imported id, never a name."""
        return self.external_id or f"A{self.pk}"


class NextRoundSubscription(models.Model):
    """A visitor's wish to hear when the next round opens ("tell me when")."""

    email = models.EmailField(_("email"), unique=True)
    language = models.CharField(max_length=5, default="fi")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("next round subscription")
        verbose_name_plural = _("next round subscriptions")

    def __str__(self) -> str:
        return f"subscription #{self.pk}"


class PopulationFigure(models.Model):
    """The region's population by municipality, age group, gender and language, for comparison."""

    class Table(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        AGE_GROUP = "age_group", _("age group")
        GENDER = "gender", _("gender")
        MOTHER_TONGUE = "mother_tongue", _("mother tongue")

    table = models.CharField(max_length=20, choices=Table.choices)
    value = models.CharField(max_length=100)
    population = models.FloatField()
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        constraints = [models.UniqueConstraint(fields=["table", "value"], name="one_population_figure_per_value")]

    def __str__(self) -> str:
        return f"{self.table}:{self.value}"

    @property
    def value_label(self) -> str:
        return BACKGROUND_VARIABLES[self.table].label_of(self.value)
