"""The region's population figures, for comparing the applicant pool with the region.

Statistics Finland publishes ages in 10-year bands (0-9, 10-19, …, 90+); our age groups are
16–24, 25–34, …, 75+. We split each band evenly over its years and sum the years that fall in a
group: e.g. 16–24 takes 4/10 of 10–19 and 5/10 of 20–29. This assumes ages are spread evenly
inside a band, which is close enough for a comparison and is stated on the page.
"""

import csv
from pathlib import Path

from accounts.background import AGE_GROUP_YEARS

DEFAULT_FILE = Path(__file__).parent / "data" / "kymenlaakso-population-2023.csv"

LANGUAGE_VALUES = {"Finnish": "fi", "Swedish": "sv"}


class PopulationFileError(ValueError):
    """The file is not in the expected `table,group,value,population` form."""


def _band_years(band: str) -> tuple[int, int]:
    """The first and last year of a band; an open band such as 90+ is taken as ten years."""
    if band.endswith("+"):
        low = int(band[:-1])
        return low, low + 9
    first, last = band.split("-")
    return int(first), int(last)


def age_bands_to_groups(bands: dict[str, float]) -> dict[str, float]:
    """Split 10-year (or any) age bands into our age groups, spreading each band evenly."""
    groups = dict.fromkeys(AGE_GROUP_YEARS, 0.0)
    for band, population in bands.items():
        low, high = _band_years(band)
        span = high - low + 1
        for group, (group_low, group_high) in AGE_GROUP_YEARS.items():
            overlap = min(high, group_high) - max(low, group_low) + 1
            if overlap > 0:
                groups[group] += population * overlap / span
    return groups


def parse_population_csv(text: str) -> tuple[str, dict[str, dict[str, float]]]:
    """Read a population file; return its source line and figures per table and value."""
    lines = text.splitlines()
    source = lines[0].lstrip("# ").strip() if lines and lines[0].startswith("#") else ""
    reader = csv.DictReader(line for line in lines if not line.startswith("#"))
    if not reader.fieldnames or {"table", "value", "population"} - set(reader.fieldnames):
        raise PopulationFileError("The file needs the columns table, group, value and population.")
    tables: dict[str, dict[str, float]] = {"municipality": {}, "age": {}, "gender": {}, "language": {}}
    for line_number, row in enumerate(reader, start=2):
        try:
            population = float(row["population"])
        except (TypeError, ValueError) as error:
            raise PopulationFileError(f"Line {line_number}: the population is not a number.") from error
        if row["table"] in tables:
            tables[row["table"]][row["value"]] = population
    if not tables["municipality"]:
        raise PopulationFileError("The file has no municipality rows.")
    figures = {
        "municipality": tables["municipality"],
        "age_group": age_bands_to_groups(tables["age"]) if tables["age"] else {},
        "gender": tables["gender"],
        "mother_tongue": {
            "fi": tables["language"].get("Finnish", 0.0),
            "sv": tables["language"].get("Swedish", 0.0),
            "other": sum(v for k, v in tables["language"].items() if k not in LANGUAGE_VALUES),
        }
        if tables["language"]
        else {},
    }
    return source, figures
