"""Staff edit the developer-type quiz: its result types, questions and options, in three languages."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit.services import audit_denied
from core.access import manager_required

from ..models import DeveloperType, QuizOption, QuizQuestion

TEXT_FIELDS = {"class": "wide"}


class DeveloperTypeForm(forms.ModelForm):
    class Meta:
        model = DeveloperType
        fields = ["name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en", "order"]
        widgets = {f"description_{code}": forms.Textarea(attrs={"rows": 4}) for code in ("fi", "sv", "en")}


class QuizQuestionForm(forms.ModelForm):
    class Meta:
        model = QuizQuestion
        fields = ["text_fi", "text_sv", "text_en", "order"]


OptionFormSet = forms.inlineformset_factory(
    QuizQuestion,
    QuizOption,
    fields=["text_fi", "text_sv", "text_en", "developer_type", "order"],
    extra=0,
    min_num=2,
    validate_min=True,
    can_delete=False,
)


@require_GET
@manager_required
def quiz_content(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "recruitment/staff/quiz_content.html",
        {"types": DeveloperType.objects.all(), "questions": QuizQuestion.objects.all()},
    )


@require_http_methods(["GET", "POST"])
@manager_required
def type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    developer_type = DeveloperType.objects.filter(pk=pk).first()
    if developer_type is None:
        raise audit_denied(request, what=f"developer-type:{pk}")
    form = DeveloperTypeForm(request.POST or None, instance=developer_type)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("recruitment:quiz_content")
    return render(
        request, "recruitment/staff/quiz_edit.html", {"form": form, "formset": None, "title": developer_type.name}
    )


@require_http_methods(["GET", "POST"])
@manager_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = QuizQuestion.objects.filter(pk=pk).first()
    if question is None:
        raise audit_denied(request, what=f"quiz-question:{pk}")
    form = QuizQuestionForm(request.POST or None, instance=question)
    formset = OptionFormSet(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        form.save()
        formset.save()
        messages.success(request, _("Saved."))
        return redirect("recruitment:quiz_content")
    return render(
        request, "recruitment/staff/quiz_edit.html", {"form": form, "formset": formset, "title": question.text}
    )
