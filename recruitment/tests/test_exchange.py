import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recruitment.models import Application, Quota
from recruitment.sortition_csv import SortitionFileError, parse_features, parse_people, write_features
from recruitment.tests.factories import ApplicationFactory, RoundFactory

FEATURES = (
    "feature,value,min,max\nmunicipality,Kotka,1,2\nmunicipality,Hamina,1,2\nage_group,16-24,0,3\nage_group,75+,0,3\n"
)
PEOPLE = "id,name,municipality,age_group\np1,x,Kotka,16-24\np2,y,Hamina,75+\np3,z,Kotka,75+\n"


def test_it_reads_both_files():
    quotas = parse_features(FEATURES)
    assert quotas["municipality"]["Kotka"] == (1, 2)
    people = parse_people(PEOPLE, quotas)
    assert people["p3"] == {"municipality": "Kotka", "age_group": "75+"}
    assert parse_features(write_features(quotas)) == quotas


@pytest.mark.parametrize(
    ("features", "people", "message"),
    [
        ("feature,value,min\na,b,1\n", PEOPLE, "missing columns"),
        ("feature,value,min,max\nmunicipality,Kotka,3,1\n", PEOPLE, "min ≤ max"),
        ("feature,value,min,max\nmunicipality,Kotka,x,1\n", PEOPLE, "whole numbers"),
        (FEATURES, "id,municipality\np1,Kotka\n", "age_group"),
        (FEATURES, "id,municipality,age_group\np1,Kouvola,16-24\n", "'Kouvola'"),
        (FEATURES, "id,municipality,age_group\np1,Kotka,16-24\np1,Kotka,16-24\n", "twice"),
    ],
)
def test_it_names_what_is_wrong(features, people, message):
    with pytest.raises(SortitionFileError, match=message):
        parse_people(people, parse_features(features))


@pytest.mark.django_db
def test_a_manager_imports_a_pool_and_exports_it_back(manager_client):
    round = RoundFactory(municipalities=["Kotka", "Hamina"])
    files = {
        "features": SimpleUploadedFile("f.csv", FEATURES.encode()),
        "people": SimpleUploadedFile("p.csv", PEOPLE.encode()),
    }
    assert manager_client.post(f"/fi/staff/recruitment/{round.pk}/import/", files).status_code == 302
    assert sorted(Application.objects.values_list("external_id", flat=True)) == ["p1", "p2", "p3"]
    assert Quota.objects.filter(round=round).count() == 4
    exported = manager_client.get(f"/fi/staff/recruitment/{round.pk}/people.csv").content.decode()
    assert exported.splitlines()[1].startswith("p1,16-24,Kotka")
    assert (
        "municipality,Kotka,1,2"
        in manager_client.get(f"/fi/staff/recruitment/{round.pk}/features.csv").content.decode()
    )


@pytest.mark.django_db
def test_a_bad_import_changes_nothing(manager_client):
    round = RoundFactory(municipalities=["Kotka", "Hamina"])
    ApplicationFactory(round=round)
    files = {
        "features": SimpleUploadedFile("f.csv", FEATURES.replace("Hamina", "Helsinki").encode()),
        "people": SimpleUploadedFile("p.csv", PEOPLE.encode()),
    }
    response = manager_client.post(f"/fi/staff/recruitment/{round.pk}/import/", files)
    assert response.status_code == 200
    assert "Helsinki" in str(response.context["form"].non_field_errors())
    assert Application.objects.count() == 1 and not Quota.objects.exists()
