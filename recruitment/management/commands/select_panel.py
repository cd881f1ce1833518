"""Run the fair selection on Sortition Foundation CSV files alone (no eligibility rules applied).

    python manage.py select_panel --features F.csv --people P.csv --size N --seed S --out DIR

Writes DIR/selected.csv and DIR/probabilities.csv; the last line of standard output is JSON.
Bad files and infeasible quotas end with a one-line message on standard error and exit code 2.
The drawn panel is `panels[SHA-256(seed) mod panels]` (see recruitment.selection.draw).
"""

import csv
import hashlib
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recruitment.selection import DEFAULT_TIME_CAP_S, InfeasibleQuotas, compute_lottery, draw
from recruitment.sortition_csv import SortitionFileError, parse_features, parse_people, read_text


class Command(BaseCommand):
    help = "Select a panel by a fair lottery from features and people CSV files."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--features", type=Path, required=True)
        parser.add_argument("--people", type=Path, required=True)
        parser.add_argument("--size", type=int, required=True)
        parser.add_argument("--seed", required=True, help="the published seed of the draw")
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--panels", type=int, default=1000, help="equally likely panels in the lottery")
        parser.add_argument(
            "--time-cap", type=float, default=DEFAULT_TIME_CAP_S, help="seconds after which LEXIMIN stages stop"
        )
        parser.add_argument("--greedy-runs", type=int, default=0, help="also estimate the greedy filler's chances")

    def handle(self, *args, **options) -> None:
        try:
            quotas = parse_features(read_text(self._read(options["features"]), "features"))
            people = parse_people(read_text(self._read(options["people"]), "people"), quotas)
            if options["size"] <= 0:
                raise SortitionFileError("--size must be a positive whole number.")
            if options["panels"] <= 0:
                raise SortitionFileError("--panels must be a positive whole number.")
            lottery = compute_lottery(
                people,
                quotas,
                options["size"],
                lottery_size=options["panels"],
                greedy_runs=options["greedy_runs"],
                time_cap_s=options["time_cap"],
                seed=_numeric(options["seed"]),
            )
        except (SortitionFileError, InfeasibleQuotas) as error:
            raise CommandError(str(error), returncode=2) from error
        out: Path = options["out"]
        selected = draw(lottery.panels, options["seed"])
        try:
            self._write(out, selected, people, lottery.probabilities)
        except OSError as error:
            raise CommandError(f"{out}: {error.strerror}.", returncode=2) from error
        figures = lottery.figures
        summary = {
            key: figures[key]
            for key in ("runtime_s", "min_probability", "lp_min_probability", "gini", "panels", "stages_done")
        }
        self.stdout.write(json.dumps(summary))

    @staticmethod
    def _write(out: Path, selected: list[str], people, probabilities: dict[str, float]) -> None:
        out.mkdir(parents=True, exist_ok=True)
        with (out / "selected.csv").open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(["id"])
            writer.writerows([person] for person in selected)
        with (out / "probabilities.csv").open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(["id", "probability"])
            writer.writerows([person, f"{probabilities[person]:.6f}"] for person in people)

    @staticmethod
    def _read(path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}.", returncode=2) from error


def _numeric(seed: str) -> int:
    """A stable integer from the seed text, for the rounding's dealing of people into panels."""
    return int(hashlib.sha256(seed.encode("utf-8")).hexdigest()[:12], 16)
