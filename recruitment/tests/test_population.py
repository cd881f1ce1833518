import pytest

from recruitment.population import PopulationFileError, age_bands_to_groups, parse_population_csv


def test_it_splits_ten_year_bands_evenly_into_our_age_groups():
    groups = age_bands_to_groups({"10-19": 1000, "20-29": 1000, "70-79": 1000, "90+": 100})
    assert groups["16-24"] == pytest.approx(400 + 500)
    assert groups["25-34"] == pytest.approx(500)
    assert groups["65-74"] == pytest.approx(500)
    assert groups["75+"] == pytest.approx(500 + 100)


def test_the_shipped_file_gives_every_table_and_keeps_its_source():
    from recruitment.population import DEFAULT_FILE

    source, figures = parse_population_csv(DEFAULT_FILE.read_text(encoding="utf-8"))
    assert "Statistics Finland" in source
    assert sum(figures["municipality"].values()) == 158658
    assert sum(figures["age_group"].values()) == pytest.approx(158658 - 11499 - 0.6 * 16085)
    assert figures["mother_tongue"]["sv"] == 1179 and figures["mother_tongue"]["other"] == 11580


@pytest.mark.parametrize("text", ["", "a,b\n1,2\n", "table,group,value,population\nmunicipality,all,Kotka,many\n"])
def test_a_bad_file_gives_a_clear_error(text):
    with pytest.raises(PopulationFileError):
        parse_population_csv(text)


@pytest.mark.django_db
def test_a_manager_replaces_the_population_figures_and_bad_files_change_nothing(manager_client, developer_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from recruitment.models import PopulationFigure

    before = PopulationFigure.objects.count()
    bad = SimpleUploadedFile("p.csv", b"a,b\n1,2\n")
    assert manager_client.post("/fi/staff/recruitment/population/", {"file": bad}).status_code == 200
    assert PopulationFigure.objects.count() == before
    good = "# My region 2025\ntable,group,value,population\nmunicipality,all,Kotka,100\nage,region,20-29,50\n"
    response = manager_client.post(
        "/fi/staff/recruitment/population/", {"file": SimpleUploadedFile("p.csv", good.encode())}
    )
    assert response.status_code == 302
    assert PopulationFigure.objects.get(table="municipality").source == "My region 2025"
    assert PopulationFigure.objects.get(table="age_group", value="25-34").population == 25
    assert developer_client.get("/fi/staff/recruitment/population/").status_code == 403
