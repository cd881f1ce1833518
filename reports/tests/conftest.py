"""Fixtures the report tests share: k = 5, and the small survey of test_report_figures."""

import pytest

from reports.tests.test_report_figures import fill, make_survey


@pytest.fixture(autouse=True)
def _k5(settings):
    settings.ANONYMITY_THRESHOLD = 5


@pytest.fixture
def survey(sote):
    return make_survey(sote)


@pytest.fixture
def filled(survey):
    return fill(survey)
