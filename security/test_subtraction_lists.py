"""Subtraction through lists of open answers, replayed as the issue's analyst with a developer's login.

The analyst asks the answers page of their own report for every value of every background variable,
alone and with coding, code and question filters, and combines what comes back: each list shown
by a segment tells them the segment of every label in it; the whole list minus the segments shown
tells them which segments the rest are not in. Nothing they can combine may narrow a respondent
down to fewer than k members, nor tell them more than one background variable of anyone.
"""

import io
import zipfile
from collections import defaultdict

import numpy as np
import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from accounts.background import BACKGROUND_VARIABLES as VARIABLES
from accounts.models import Role
from conftest import make_member, make_staff, verified_client
from periods import respondents as labels_module
from periods.models import Answer, Participant, PeriodRespondent, QuestionKind
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory, options
from reports.figures import group_labels
from reports.forms import NOT_GIVEN
from reports.models import AnswerCoding, Code, CodeSuggestion, Quote, Report
from reports.services import report_for
from reports.tests.delivery import deliver_built
from reports.tests.test_report_figures import answer
from reports.views import answers as answers_view

K = 5
SIZE = 20

# The background of the 20 respondents, as in the issue: 16 Finnish speakers and 4 others, and
# several other variables, mixed so that most combinations of two are unique.
BACKGROUND = {
    "mother_tongue": ["fi"] * 16 + ["sv"] * 2 + ["other"] * 2,
    "age_group": ["25-34"] * 6 + ["45-54"] * 6 + ["65-74"] * 5 + ["75+"] * 3,
    "gender": ["female"] * 9 + ["male"] * 8 + ["other"] * 1 + ["undisclosed"] * 2,
    "municipality": ["Kotka"] * 10 + ["Kouvola"] * 7 + ["Hamina"] * 3,
    "life_situation": ["working"] * 8 + ["retired"] * 7 + ["studying"] * 3 + ["unemployed"] * 2,
}
# Each variable's values are dealt out with its own stride (coprime to 20), which mixes them.
STRIDES = {"mother_tongue": 1, "age_group": 3, "gender": 7, "municipality": 9, "life_situation": 11}


@pytest.fixture(autouse=True)
def _k(settings):
    settings.ANONYMITY_THRESHOLD = K


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def background(i: int) -> dict[str, str]:
    return {variable: BACKGROUND[variable][(i * STRIDES[variable]) % SIZE] for variable in VARIABLES}


@pytest.fixture
def rescue_developer(rescue):
    return make_staff("kehittaja.pelastus@example.fi", Role.DEVELOPER, rescue, name="Pelastuksen kehittäjä")


@pytest.fixture
def world(rescue):
    """A closed rescue period: 20 respondents answer two open questions and one closed; some answers coded."""
    period = PeriodFactory(organisations=[rescue])
    task = TaskFactory(period=period)
    first = QuestionFactory(task=task, kind=QuestionKind.TEXT)
    second = QuestionFactory(task=task, kind=QuestionKind.TEXT)
    closed = QuestionFactory(task=task, kind=QuestionKind.SINGLE, choices=options("Kyllä", "Ei"))
    users = [make_member(f"hyokkays{i}@example.fi", f"Salanimi{i:02d}", **background(i)) for i in range(SIZE)]
    Participant.objects.bulk_create([Participant(period=period, member=u) for u in users])
    for i, user in enumerate(users):
        values = {first: f"Ensimmäinen vastaus {i}", closed: "a" if i % 3 else "b"}
        if i % 4:  # 15 answer the second question too
            values[second] = f"Toinen vastaus {i}"
        answer(task, user, values)
    queues = Code.objects.create(period=period, name="Jonot")
    for open_answer in Answer.objects.filter(question=first).order_by("response__member_id")[:9]:
        AnswerCoding.objects.create(answer=open_answer, code=queues)
    for open_answer in Answer.objects.filter(question=second).order_by("-response__member_id")[:4]:
        CodeSuggestion.objects.create(answer=open_answer, code=queues, confidence=0.6)
    # A code that takes everyone but four aged 25–34: within it, 65–74 holds k while 75+ does not, the
    # list where a check of each filtered list alone would show 65–74 and leave 75+ to subtraction.
    permits = Code.objects.create(period=period, name="Luvat")
    young = [i for i in range(SIZE) if background(i)["age_group"] == "25-34"]
    for i, user in enumerate(users):
        if i not in young[2:]:
            AnswerCoding.objects.create(answer=Answer.objects.get(question=first, response__member=user), code=permits)
    return period, users, (first, second), (queues, permits)


def _rows(client, period, query: dict) -> tuple[set[tuple[int, str]], dict]:
    page = client.get(reverse("reports:answers", args=[period.pk]), query)
    assert page.status_code == 200
    assert page.context["page"].paginator.num_pages <= 1, "the whole list on one page"
    return {(row["id"], row["respondent"]) for row in page.context["rows"]}, page.context


def _attack(client, period, filters: list[dict], variable: str) -> tuple[dict, list]:
    """Every value of every variable, alone and under each filter; returns what can be inferred.

    knowledge[label][variable] is the set of values the label can still have; groups lists every
    set of labels the analyst can single out (a list shown, or what a list leaves over). Under the
    filters, the other variables are tried with one value each: they were all refused unfiltered.
    """
    everything = {v: set(group_labels(v)) for v in VARIABLES}
    knowledge: dict[str, dict[str, set[str]]] = defaultdict(lambda: {v: set(s) for v, s in everything.items()})
    groups: list[tuple[str, set[str]]] = []
    for query in [{}, *filters]:
        base, _context = _rows(client, period, query)
        base_labels = {label for _id, label in base}
        for tried in VARIABLES:
            values = sorted(everything[tried]) if not query or tried == variable else sorted(everything[tried])[-1:]
            shown: dict[str, set[str]] = {}
            for value in values:
                rows, context = _rows(client, period, {**query, "variable": tried, "value": value or NOT_GIVEN})
                if context["refused"]:
                    assert rows == base, "a refused segment gives the whole list, never a part of it"
                    continue
                if context["too_few"]:
                    assert rows == set(), "a segment too small to show gives no answers at all"
                    continue
                assert rows and rows <= base
                shown[value] = {label for _id, label in rows}
            for value, members in shown.items():
                for label in members:
                    knowledge[label][tried] &= {value}
                groups.append((f"{query} {tried}={value}", members))
                groups.append((f"{query} {tried}!={value}", base_labels - members))
            rest = base_labels - set().union(*shown.values()) if shown else set()
            for label in rest:
                knowledge[label][tried] -= set(shown)
            if shown:
                groups.append((f"{query} {tried} not in {sorted(shown)}", rest))
    return knowledge, groups


def _truth(period, users) -> dict[str, dict[str, str]]:
    """label -> the respondent's real background (what the analyst tries to learn)."""
    index = {user.pk: i for i, user in enumerate(users)}
    numbers = PeriodRespondent.objects.filter(period=period).values_list("member_id", "number")
    return {f"Respondent {number}": background(index[member_id]) for member_id, number in numbers}


@pytest.mark.parametrize(
    ("variable", "narrowed"),
    [
        ("mother_tongue", 0),  # the issue's attack: all minus the 16 Finnish speakers; nothing may be shown
        ("age_group", 12),  # the 12 aged 25–34 or 45–54 are shown by age; 65–74 and 75+ stay together (8)
    ],
)
def test_intersecting_every_segment_under_every_filter_recovers_no_group_under_k(
    manager_client, rescue_developer, world, monkeypatch, variable, narrowed
):
    """SECURITY.md #6 #29: the issue's intersection, every variable × value × filter, finds nothing under k.

    The manager lets open answers be filtered by one variable; the rescue developer asks for every
    segment of every variable, unfiltered and with a code, coding, question and search filter, and
    intersects. No label is tied to a segment of fewer than k respondents, nor to any variable but
    the one allowed, and no list or difference of lists singles out fewer than k labels.
    """
    period, users, (_first, second), (queues, permits) = world
    monkeypatch.setattr(answers_view, "ANSWERS_PER_PAGE", 100)
    manager_client.post(reverse("reports:answer_filter", args=[period.pk]), {"variable": variable})
    assert Report.objects.get(period=period).answer_filter_variable == variable
    client = verified_client(rescue_developer)
    filters = [
        {"code": queues.pk},
        {"code": permits.pk},
        {"coding": "uncoded"},
        {"question": second.pk},
        {"search": "vastaus 1"},
    ]
    knowledge, groups = _attack(client, period, filters, variable)
    truth = _truth(period, users)

    assert set(knowledge) <= set(truth)
    for label, known in knowledge.items():
        narrowed_variables = {v for v, values in known.items() if values != set(group_labels(v))}
        assert narrowed_variables <= {variable}, f"{label} is tied to {narrowed_variables}"
        for v, values in known.items():
            assert truth[label][v] in values, "the inference is sound"
            crowd = [other for other in truth.values() if other[v] in values]
            assert len(crowd) >= K, f"{label}: {v} in {values} holds only {len(crowd)} respondents"
    for name, members in groups:
        assert not 0 < len(members) < K, f"{name} singles out {len(members)} respondents"
    assert sum(1 for known in knowledge.values() if len(known[variable]) == 1) == narrowed


def test_the_issues_33_requests_without_a_chosen_variable_get_the_whole_list(rescue_developer, world, monkeypatch):
    """SECURITY.md #6 #29: with no variable chosen for the report, no segment of any variable is shown."""
    period, *_ = world
    monkeypatch.setattr(answers_view, "ANSWERS_PER_PAGE", 100)
    client = verified_client(rescue_developer)
    base, _context = _rows(client, period, {})
    for variable in VARIABLES:
        for value in group_labels(variable):
            rows, context = _rows(client, period, {"variable": variable, "value": value or NOT_GIVEN})
            assert context["refused"] and rows == base


def _pseudonyms(users) -> list[str]:
    return [user.member.pseudonym for user in users]


def _texts(client, period) -> dict[str, str]:
    """Every report page and file a developer can open, as text."""
    texts = {}
    for name in ("detail", "answers", "themes", "export_csv"):
        response = client.get(reverse(f"reports:{name}", args=[period.pk]))
        assert response.status_code == 200
        texts[name] = response.content.decode()
    xlsx = client.get(reverse("reports:export_xlsx", args=[period.pk])).content
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        texts["xlsx"] = "\n".join(archive.read(name).decode() for name in archive.namelist())
    pdf = client.get(reverse("reports:export_pdf", args=[period.pk])).content
    texts["pdf"] = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return texts


def test_no_pseudonym_is_in_any_page_or_file_of_a_report(manager, manager_client, rescue_developer, world):
    """SECURITY.md #6 #29: developers see respondent labels, never the pseudonyms of the discussions."""
    period, users, (first, _second), _codes = world
    manager_client.post(reverse("reports:answer_filter", args=[period.pk]), {"variable": "age_group"})
    report = report_for(period)
    quoted = Answer.objects.filter(question=first).select_related("response").first()
    Quote.objects.create(
        report=report, answer=quoted, author_id=quoted.response.member_id, text=quoted.value, reviewed=True
    )
    client = verified_client(rescue_developer)
    for stage in ("draft", "delivered"):
        texts = _texts(client, period)
        texts["segment"] = client.get(
            reverse("reports:answers", args=[period.pk]), {"variable": "age_group", "value": "25-34"}
        ).content.decode()
        for name, text in texts.items():
            for pseudonym in _pseudonyms(users):
                assert pseudonym not in text, f"{pseudonym} in the {stage} {name}"
        assert (
            "Respondent " in texts["answers"] and "Respondent " in texts["xlsx"] and "Respondent " in texts["segment"]
        )
        if stage == "draft":
            deliver_built(report, manager)


def test_the_same_member_has_unrelated_labels_in_two_reports(rescue, monkeypatch):
    """SECURITY.md #6 #29: a label learned in one report says nothing of the same member in another."""
    # A seeded order, so that the test is the same every run; the platform's is not seeded.
    monkeypatch.setattr(labels_module, "_random", np.random.default_rng(29))
    users = [make_member(f"kahdessa{i}@example.fi", f"Kahdessa{i:02d}", **background(i)) for i in range(SIZE)]
    numbers = []
    for _ in range(2):
        period = PeriodFactory(organisations=[rescue])
        task = TaskFactory(period=period)
        text = QuestionFactory(task=task, kind=QuestionKind.TEXT)
        for user in users:
            answer(task, user, {text: "Vastaus"})
        report = report_for(period)
        labels_module.respondents_number(report.period)
        numbers.append(dict(PeriodRespondent.objects.filter(period=period).values_list("member_id", "number")))
    first, second = numbers
    assert sorted(first.values()) == sorted(second.values()) == list(range(1, SIZE + 1))
    assert first[users[0].pk] != second[users[0].pk]
    assert sum(first[u.pk] == second[u.pk] for u in users) <= 2, "two independent random orders"
