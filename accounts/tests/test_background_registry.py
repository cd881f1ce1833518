"""The one registry of background variables: complete in every language, and followed everywhere."""

import pytest
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import translation as catalog_of

from accounts.background import BACKGROUND_VARIABLES, BackgroundVariable, background_variable
from accounts.models import Member
from periods.forms_staff import PeriodForm
from recruitment.models import Application
from recruitment.tests.factories import ApplicationFactory, RoundFactory
from reports.figures import group_labels, variable_labels
from reports.forms import CrosstabForm


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")


# A variable a county might add; applications already store a language, so the pages can count it.
LANGUAGE = BackgroundVariable("language", _("language"), _("Language"), Language)


@pytest.fixture
def language_added(monkeypatch) -> BackgroundVariable:
    monkeypatch.setitem(BACKGROUND_VARIABLES, LANGUAGE.name, LANGUAGE)
    return LANGUAGE


def translatable_texts(variable: BackgroundVariable) -> list[Promise]:
    # Age groups are numbers and municipalities names: the same in every language, not translated.
    labels = [label for _value, label in variable.choices() if isinstance(label, Promise)]
    return [variable.label, variable.heading, *labels]


@pytest.mark.parametrize("name", list(BACKGROUND_VARIABLES))
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_it_has_every_label_in_finnish_and_swedish(name, language):
    catalog = catalog_of(language)._catalog
    for text in translatable_texts(background_variable(name)):
        with translation.override(None):
            english = str(text)
        assert english and english in catalog, f"{name}: “{english}” has no {language} translation"


@pytest.mark.parametrize("name", list(BACKGROUND_VARIABLES))
def test_it_has_every_label_in_english(name):
    variable = background_variable(name)
    with translation.override("en"):
        assert all(str(text).strip() for text in translatable_texts(variable))
        assert all(str(label).strip() for _value, label in variable.choices())


@pytest.mark.parametrize("name", list(BACKGROUND_VARIABLES))
def test_it_is_stored_on_members_and_applications_with_the_registry_values(name):
    variable = background_variable(name)
    values = [value for value, _label in variable.choices()]
    assert variable.unknown in ["", *values]
    for model in (Member, Application):
        field = model._meta.get_field(name)
        if variable.values is not None:
            assert [value for value, _label in field.choices] == values


def test_a_period_may_be_limited_by_an_added_variable(manager, language_added):
    with translation.override("en"):
        field = PeriodForm(user=manager).fields["segment_language"]
        assert list(field.choices) == Language.choices
        assert str(field.label) == "Segment: language"


@translation.override("en")
def test_the_report_breaks_down_by_an_added_variable(language_added):
    assert list(variable_labels()) == [*BACKGROUND_VARIABLES]
    assert variable_labels()["language"] == "language"
    assert group_labels("language") == {"fi": "Finnish", "sv": "Swedish", "": "not given"}
    assert ("language", "language") in CrosstabForm().fields["variable"].choices


@pytest.mark.django_db
def test_the_applicant_pages_and_the_people_file_follow_an_added_variable(manager_client, language_added):
    round = RoundFactory()
    ApplicationFactory(round=round, language="sv")
    page = manager_client.get(f"/en/staff/recruitment/{round.pk}/applicants/")
    assert page.context["counts"]["language"] == [("fi", "Finnish", 0), ("sv", "Swedish", 1)]
    assert '<h2 id="count-language" class="h3">Language</h2>' in page.content.decode()
    people = manager_client.get(f"/en/staff/recruitment/{round.pk}/people.csv").content.decode()
    assert people.splitlines()[0] == "id,age_group,municipality,gender,mother_tongue,life_situation,language"
