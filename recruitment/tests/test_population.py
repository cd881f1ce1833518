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
