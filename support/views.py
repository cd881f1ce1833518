"""Pages of support: the request form, a requester's conversation, the staff inbox and help pages."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import SignedInRequest, manager_required, member_required
from core.pagination import paginate
from core.throttle import client_ip, throttled

from .access import member_request_or_404, public_messages, staff_request_or_404
from .forms import (
    HelpPageForm,
    InboxFilterForm,
    NoteForm,
    ReplyForm,
    RequestForm,
    StaffReplyForm,
    StatusForm,
    started_token,
)
from .models import Category, HelpPage, Status, SupportRequest
from .services import (
    help_page_save,
    request_note_add,
    request_requester_reply,
    request_staff_reply,
    request_status_change,
    request_submit,
    request_viewed,
    visitor_request_from_token,
)

SUBMIT_RATE_PER_IP = "5/h"
REPLY_RATE_PER_IP = "20/h"


def _throttled_page(request: HttpRequest) -> HttpResponse:
    return render(request, "support/throttled.html", status=429)


# --- Requesters: members and visitors -------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    """The support form: anyone may send one; a signed-in member's request is tied to their account."""
    user = request.user
    visitor = not user.is_authenticated
    if user.is_authenticated and not user.is_member:
        # Staff have no requester side; their channel is the inbox or their colleagues.
        raise Http404
    category = request.GET.get("category", "")
    initial = {"category": category if category in Category.values else Category.USING}
    form = RequestForm(request.POST or None, visitor=visitor, initial=initial)
    if request.method == "POST":
        if throttled(request, group="support-submit-ip", key=client_ip(request), rate=SUBMIT_RATE_PER_IP):
            return _throttled_page(request)
        if form.is_valid():
            data = form.cleaned_data
            request_submit(
                user=None if visitor else user,
                name=data.get("name", ""),
                email=data.get("email", ""),
                category=data["category"],
                subject=data["subject"],
                message=data["message"],
                language=(get_language() or "fi")[:2],
            )
            return redirect("support:request_sent")
    return render(request, "support/request_form.html", {"form": form, "started": started_token()})


@require_GET
def request_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "support/request_sent.html")


@member_required
@require_GET
def my_requests(request: SignedInRequest) -> HttpResponse:
    page = paginate(request, SupportRequest.objects.filter(user=request.user))
    return render(request, "support/my_requests.html", {"page": page})


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def my_request_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    support_request = member_request_or_404(request, pk)
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if throttled(request, group="support-reply-ip", key=client_ip(request), rate=REPLY_RATE_PER_IP):
            return _throttled_page(request)
        if form.is_valid():
            request_requester_reply(support_request=support_request, text=form.cleaned_data["text"])
            messages.success(request, _("Your reply was sent."))
            return redirect("support:my_request", pk=support_request.pk)
    return render(request, "support/request_detail.html", {"support_request": support_request, "form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def visitor_request(request: HttpRequest, token: str) -> HttpResponse:
    """A visitor reads the reply and answers without an account: the signed link is the key."""
    support_request = visitor_request_from_token(token)
    if support_request is None:
        raise Http404
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if throttled(request, group="support-reply-ip", key=client_ip(request), rate=REPLY_RATE_PER_IP):
            return _throttled_page(request)
        if form.is_valid():
            request_requester_reply(support_request=support_request, text=form.cleaned_data["text"])
            messages.success(request, _("Your reply was sent."))
            return redirect("support:visitor_request", token=token)
    support_request = SupportRequest.objects.prefetch_related(public_messages()).get(pk=support_request.pk)
    response = render(
        request, "support/request_detail.html", {"support_request": support_request, "form": form, "visitor": True}
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


def member_home_panel(request: SignedInRequest) -> dict:
    """The member's home: a link to their requests, with how many have a reply waiting."""
    user = request.user
    if not getattr(user, "is_member", False):
        return {"answered": 0}
    return {"answered": SupportRequest.objects.filter(user=user, status=Status.ANSWERED).count()}


# --- Staff: the inbox --------------------------------------------------------------------------------


@manager_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    requests = SupportRequest.objects.all()
    if form.is_valid():
        if form.cleaned_data["status"]:
            requests = requests.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["category"]:
            requests = requests.filter(category=form.cleaned_data["category"])
    return render(request, "support/staff/inbox.html", {"form": form, "page": paginate(request, requests)})


def _staff_detail(request: HttpRequest, support_request: SupportRequest, **forms) -> HttpResponse:
    request_viewed(support_request=support_request, actor=request.user)
    context = {
        "support_request": support_request,
        "reply_form": forms.get("reply_form") or StaffReplyForm(),
        "note_form": forms.get("note_form") or NoteForm(),
        "status_form": forms.get("status_form") or StatusForm(initial={"status": support_request.status}),
    }
    status = 400 if forms else 200
    return render(request, "support/staff/request_detail.html", context, status=status)


@never_cache
@manager_required
@require_GET
def staff_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_detail(request, staff_request_or_404(request, pk))


@manager_required
@require_POST
def staff_reply(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = staff_request_or_404(request, pk)
    form = StaffReplyForm(request.POST)
    if not form.is_valid():
        return _staff_detail(request, support_request, reply_form=form)
    request_staff_reply(support_request=support_request, actor=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("The reply was sent, and the requester was told that it is waiting."))
    return redirect("support:staff_request", pk=pk)


@manager_required
@require_POST
def staff_note(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = staff_request_or_404(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _staff_detail(request, support_request, note_form=form)
    request_note_add(support_request=support_request, actor=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("The note was saved."))
    return redirect("support:staff_request", pk=pk)


@manager_required
@require_POST
def staff_status(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = staff_request_or_404(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _staff_detail(request, support_request, status_form=form)
    request_status_change(support_request=support_request, actor=request.user, status=form.cleaned_data["status"])
    messages.success(request, _("The status was changed."))
    return redirect("support:staff_request", pk=pk)


# --- Help pages -------------------------------------------------------------------------------------


@require_GET
def help_list(request: HttpRequest) -> HttpResponse:
    return render(request, "support/help_list.html", {"page": paginate(request, HelpPage.objects.published())})


@require_GET
def help_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(HelpPage.objects.published(), slug=slug)
    return render(request, "support/help_page.html", {"help_page": page})


@manager_required
@require_GET
def staff_help_list(request: HttpRequest) -> HttpResponse:
    return render(request, "support/staff/help_list.html", {"page": paginate(request, HelpPage.objects.all())})


@manager_required
@require_http_methods(["GET", "POST"])
def staff_help_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    instance = get_object_or_404(HelpPage, pk=pk) if pk is not None else None
    form = HelpPageForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        help_page_save(page=form.save(commit=False), actor=request.user)
        messages.success(request, _("The help page was saved."))
        return redirect("support:staff_help_list")
    return render(
        request,
        "support/staff/help_form.html",
        {"form": form, "help_page": instance},
        status=400 if form.errors else 200,
    )
