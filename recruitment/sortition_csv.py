"""The CSV formats of the Sortition Foundation's tools, so pools and quotas move between them and us.

Features: a header `feature,value,min,max` (extra columns such as `min_flex` are ignored).
People: an id column first, then one column per feature; other columns are ignored.
"""

import csv
import io
from collections.abc import Iterable, Mapping

Quotas = dict[str, dict[str, tuple[int, int]]]
People = dict[str, dict[str, str]]


class SortitionFileError(ValueError):
    """A file is not in the expected form; the message names the line and the problem."""


def read_text(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SortitionFileError(f"{name}: the file is not UTF-8 text.") from error
    if not text.strip():
        raise SortitionFileError(f"{name}: the file is empty.")
    return text


def parse_features(text: str) -> Quotas:
    reader = csv.DictReader(io.StringIO(text))
    fields = [field.strip().lower() for field in reader.fieldnames or []]
    missing = {"feature", "value", "min", "max"} - set(fields)
    if missing:
        raise SortitionFileError(f"features: missing columns: {', '.join(sorted(missing))}.")
    reader.fieldnames = fields
    quotas: Quotas = {}
    for line, row in enumerate(reader, start=2):
        feature, value = (row["feature"] or "").strip(), (row["value"] or "").strip()
        if not feature or not value:
            raise SortitionFileError(f"features line {line}: the feature and the value are needed.")
        try:
            low, high = int(row["min"]), int(row["max"])
        except (TypeError, ValueError) as error:
            raise SortitionFileError(f"features line {line}: min and max must be whole numbers.") from error
        if low < 0 or high < low:
            raise SortitionFileError(f"features line {line}: {feature}={value} needs 0 ≤ min ≤ max.")
        if value in quotas.get(feature, {}):
            raise SortitionFileError(f"features line {line}: {feature}={value} appears twice.")
        quotas.setdefault(feature, {})[value] = (low, high)
    if not quotas:
        raise SortitionFileError("features: the file has no rows.")
    return quotas


def parse_people(text: str, quotas: Quotas) -> People:
    """Read the people; every feature must be a column and every value one the features file has."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration as error:
        raise SortitionFileError("people: the file is empty.") from error
    columns = {name.lower(): index for index, name in enumerate(header)}
    missing = [feature for feature in quotas if feature.lower() not in columns]
    if missing:
        raise SortitionFileError(f"people: missing columns for the features: {', '.join(missing)}.")
    people: People = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        person_id = row[0].strip() if row else ""
        if not person_id:
            raise SortitionFileError(f"people line {line}: the id is empty.")
        if person_id in people:
            raise SortitionFileError(f"people line {line}: the id {person_id} appears twice.")
        person = {}
        for feature, values in quotas.items():
            index = columns[feature.lower()]
            value = row[index].strip() if index < len(row) else ""
            if value not in values:
                raise SortitionFileError(
                    f"people line {line}: {feature}={value!r} is not a value in the features file."
                )
            person[feature] = value
        people[person_id] = person
    if not people:
        raise SortitionFileError("people: the file has no rows.")
    return people


def write_features(quotas: Quotas) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["feature", "value", "min", "max"])
    for feature, values in quotas.items():
        for value, (low, high) in values.items():
            writer.writerow([feature, value, low, high])
    return out.getvalue()


def write_people(features: list[str], people: Iterable[tuple[str, Mapping[str, object]]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", *features])
    for person_id, values in people:
        writer.writerow([person_id, *(values[feature] for feature in features)])
    return out.getvalue()
