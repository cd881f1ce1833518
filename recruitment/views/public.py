"""The public campaign: round page, developer-type quiz, kiosk, application form."""

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.throttle import client_ip, throttled

from ..forms import ApplicationForm, QuizForm, SubscribeForm
from ..models import DeveloperType, QuizOption, QuizQuestion, RecruitmentRound
from ..services import NotEligible, application_submit, next_round_subscribe, quiz_result

# The kiosk's script starts over after this long without a touch. (A meta refresh would do it
# without JavaScript, but WCAG 2.2.1 forbids timed refreshes the user cannot extend.)
KIOSK_RESET_SECONDS = 90
APPLY_RATE_PER_IP = "20/h"
APPLY_RATE_PER_EMAIL = "3/h"


def _questions() -> list[QuizQuestion]:
    return list(QuizQuestion.objects.prefetch_related(Prefetch("options", QuizOption.objects.order_by("order", "pk"))))


def _current_round() -> RecruitmentRound | None:
    return RecruitmentRound.objects.open().first()


def front_page_panel() -> dict | None:
    """The public front page's word on recruitment: the open round, else when the next one opens."""
    open_round = _current_round()
    upcoming = None if open_round else RecruitmentRound.objects.upcoming().first()
    if open_round is None and upcoming is None:
        return None
    return {"round": open_round, "upcoming": upcoming}


@require_GET
def campaign(request: HttpRequest) -> HttpResponse:
    """The campaign front page: the open round, or when the next one opens."""
    return render(
        request,
        "recruitment/campaign.html",
        {
            "round": _current_round(),
            "upcoming": RecruitmentRound.objects.upcoming().first(),
            "types": DeveloperType.objects.all(),
        },
    )


@require_GET
def round_detail(request: HttpRequest, slug: str) -> HttpResponse:
    round = get_object_or_404(RecruitmentRound.objects.published(), slug=slug)
    return render(request, "recruitment/round_detail.html", {"round": round})


@require_http_methods(["GET", "POST"])
def quiz(request: HttpRequest, kiosk: bool = False) -> HttpResponse:
    questions = _questions()
    form = QuizForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        result = quiz_result(form.chosen_options())
        name = "recruitment:kiosk_result" if kiosk else "recruitment:quiz_result"
        return redirect(name, slug=result.slug)
    template = "recruitment/kiosk_quiz.html" if kiosk else "recruitment/quiz.html"
    context = {
        "form": form,
        "reset_seconds": KIOSK_RESET_SECONDS,
    }
    response = render(request, template, context)
    if kiosk:
        response["Cache-Control"] = "no-store"
    return response


@require_GET
def quiz_result_view(request: HttpRequest, slug: str, kiosk: bool = False) -> HttpResponse:
    """A result page that anyone can share: it carries the type only, nothing personal."""
    developer_type = get_object_or_404(DeveloperType, slug=slug)
    round = _current_round()
    context: dict[str, object] = {
        "type": developer_type,
        "round": round,
        "reset_seconds": KIOSK_RESET_SECONDS,
    }
    share_path = reverse("recruitment:quiz_result", kwargs={"slug": slug})
    context["share_url"] = f"{settings.SITE_URL}{share_path}"
    if round is not None:
        apply_path = reverse("recruitment:apply", kwargs={"slug": round.slug}) + f"?type={developer_type.slug}"
        context["apply_url"] = apply_url = f"{settings.SITE_URL}{apply_path}"
        context["apply_path"] = apply_path
        if kiosk:
            import segno

            context["qr_uri"] = segno.make(apply_url, error="m").svg_data_uri(scale=6)
    template = "recruitment/kiosk_result.html" if kiosk else "recruitment/quiz_result.html"
    response = render(request, template, context)
    if kiosk:
        response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    round = get_object_or_404(RecruitmentRound.objects.published(), slug=slug)
    if not round.is_open:
        return render(
            request,
            "recruitment/round_closed.html",
            {"round": round, "upcoming": RecruitmentRound.objects.upcoming().first(), "form": SubscribeForm()},
        )
    quiz_type = request.GET.get("type", "")
    form = ApplicationForm(request.POST or None, round=round, initial={"quiz_type": quiz_type})
    if request.method == "POST":
        if form.is_bot:
            # Look like success to the bot; store nothing.
            return redirect("recruitment:applied", slug=round.slug)
        if throttled(request, group="apply-ip", key=client_ip(request), rate=APPLY_RATE_PER_IP):
            return render(request, "recruitment/throttled.html", status=429)
        if form.is_valid():
            if throttled(
                request, group="apply-email", key=form.cleaned_data["email"].lower(), rate=APPLY_RATE_PER_EMAIL
            ):
                return render(request, "recruitment/throttled.html", status=429)
            try:
                application_submit(round=round, details=form.details(get_language() or "fi"))
            except NotEligible as reason:
                return render(request, "recruitment/not_eligible.html", {"round": round, "reason": str(reason)})
            return redirect("recruitment:applied", slug=round.slug)
    return render(request, "recruitment/apply.html", {"round": round, "form": form})


@require_GET
def applied(request: HttpRequest, slug: str) -> HttpResponse:
    round = get_object_or_404(RecruitmentRound.objects.published(), slug=slug)
    return render(request, "recruitment/applied.html", {"round": round})


@require_http_methods(["POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """ "Tell me when the next round opens": the same answer whether or not the address was known."""
    form = SubscribeForm(request.POST)
    if request.POST.get("website"):
        return render(request, "recruitment/subscribed.html")
    if throttled(request, group="subscribe-ip", key=client_ip(request), rate=APPLY_RATE_PER_IP):
        return render(request, "recruitment/throttled.html", status=429)
    if not form.is_valid():
        return render(
            request,
            "recruitment/round_closed.html",
            {"form": form, "upcoming": RecruitmentRound.objects.upcoming().first()},
            status=400,
        )
    next_round_subscribe(email=form.cleaned_data["email"], language=get_language() or "fi")
    return render(request, "recruitment/subscribed.html")
