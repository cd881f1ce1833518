"""Find opinion groups in a Pol.is-style vote export and write groups, representative and consensus statements."""

import csv
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.analysis.opinion_groups import opinion_groups
from reports.analysis.threads import single_threaded

COLUMNS = ("voter-id", "comment-id", "vote")


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _timestamp_key(value: str) -> tuple[int, float, str]:
    """Sort numeric timestamps (Pol.is exports milliseconds) by value and anything else as text."""
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value)


def _read_votes(path: Path) -> list[tuple[str, str, int]]:
    if not path.is_file():
        raise _fail(f"file not found: {path}")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames or []
        missing = [c for c in COLUMNS if c not in fields]
        if missing:
            raise _fail(f"{path}: missing column(s) {', '.join(missing)}")
        rows = list(reader)
    if "timestamp" in fields:
        # A stable sort keeps file order for equal timestamps, so the later row still wins.
        rows.sort(key=lambda row: _timestamp_key((row["timestamp"] or "").strip()))
    votes = []
    for line, row in enumerate(rows, start=2):
        voter, comment, vote = ((row[c] or "").strip() for c in COLUMNS)
        if not voter or not comment:
            raise _fail(f"{path}: empty voter-id or comment-id (row {line})")
        if vote not in {"-1", "0", "1"}:
            raise _fail(f"{path}: vote must be -1, 0 or 1, got {vote!r} (row {line})")
        votes.append((voter, comment, int(vote)))
    return votes


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


class Command(BaseCommand):
    help = "Group voters by their votes on statements and list what sets each group apart and what unites them."

    def add_arguments(self, parser):
        parser.add_argument("--votes", type=Path, required=True, help="CSV with voter-id,comment-id,vote[,timestamp]")
        parser.add_argument("--out", type=Path, required=True, help="folder for the output files")
        parser.add_argument("--seed", type=int, default=0)

    @single_threaded
    def handle(self, *args, **options):
        votes = _read_votes(Path(options["votes"]))
        result = opinion_groups(votes, seed=options["seed"])
        if result.k == 0:
            raise _fail(
                f"too few participants to cluster: {result.participants_clustered} with enough votes "
                "(or all of them vote alike)"
            )

        # Everything is computed before anything is written, so bad input leaves no files behind.
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        _write(out / "groups.csv", ["participant", "group"], [[p, g] for p, g in result.groups.items()])
        _write(
            out / "representative.csv",
            ["group", "statement", "direction", "score"],
            [[g, s, d, round(score, 6)] for g, s, d, score in result.representative],
        )
        _write(
            out / "consensus.csv",
            ["statement", "direction", "score"],
            [[s, d, round(score, 6)] for s, d, score in result.consensus],
        )
        summary = {
            "groups": result.k,
            "participants_clustered": result.participants_clustered,
            "silhouette": round(result.silhouette, 4),
            "stability": round(result.stability, 4),
        }
        self.stdout.write(json.dumps(summary))
