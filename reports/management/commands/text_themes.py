"""Read open text answers locally: themes, keywords and (with staff's codes) code suggestions."""

import csv
import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.analysis.text import LANGS, suggest_codes, text_themes
from reports.analysis.threads import single_threaded


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _read(path: Path, columns: tuple[str, str]) -> list[dict[str, str]]:
    if not path.is_file():
        raise _fail(f"file not found: {path}")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise _fail(f"{path}: missing column(s) {', '.join(missing)}")
        return list(reader)


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


class Command(BaseCommand):
    help = "Group open text answers into themes, list keywords, and suggest codes from coded examples."

    def add_arguments(self, parser):
        parser.add_argument("--answers", type=Path, required=True, help="CSV with id,text")
        parser.add_argument("--lang", required=True, help="fi, sv or en")
        parser.add_argument("--out", type=Path, required=True, help="folder for the output files")
        parser.add_argument("--themes", type=int, default=None, help="number of themes (default: chosen)")
        parser.add_argument("--codes", type=Path, default=None, help="CSV with id,code for coded answers")
        parser.add_argument("--seed", type=int, default=0)

    @single_threaded
    def handle(self, *args, **options):
        started = time.perf_counter()
        lang = options["lang"]
        if lang not in LANGS:
            raise _fail(f"unknown language {lang!r}, expected one of {', '.join(LANGS)}")
        answers = _read(Path(options["answers"]), ("id", "text"))
        if not answers:
            raise _fail("no answers")
        ids = [row["id"] for row in answers]
        texts = [row["text"] or "" for row in answers]
        if any(not text.strip() for text in texts):
            raise _fail("empty text in answers")
        if len(set(ids)) != len(ids):
            raise _fail("duplicate answer ids")
        themes_wanted = options["themes"]
        if themes_wanted is not None and not 1 <= themes_wanted <= len(texts):
            raise _fail(f"--themes must be between 1 and {len(texts)}")
        coded: dict[int, str] | None = None
        if options["codes"] is not None:
            position = {answer_id: i for i, answer_id in enumerate(ids)}
            coded = {}
            for row in _read(Path(options["codes"]), ("id", "code")):
                if row["id"] not in position:
                    raise _fail(f"code for unknown answer id {row['id']!r}")
                if not (row["code"] or "").strip():
                    raise _fail(f"empty code for answer id {row['id']!r}")
                coded[position[row["id"]]] = row["code"].strip()
            if not coded:
                raise _fail("no coded answers")

        result = text_themes(texts, lang=lang, themes=themes_wanted, seed=options["seed"])
        suggestions = suggest_codes(texts, coded, lang=lang) if coded else None

        # Everything is computed before anything is written, so bad input leaves no files behind.
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        _write(out / "themes.csv", ["id", "theme"], [[i, label] for i, label in zip(ids, result.labels, strict=True)])
        _write(
            out / "keywords.csv",
            ["theme", "keyword", "weight"],
            [[n, word, weight] for n, theme in enumerate(result.themes) for word, weight in theme.keywords],
        )
        if suggestions is not None:
            _write(
                out / "suggestions.csv",
                ["id", "code", "confidence"],
                [[ids[i], code, confidence] for i, code, confidence in suggestions],
            )
        summary = {"themes": len(result.themes), "runtime_s": round(time.perf_counter() - started, 3)}
        self.stdout.write(json.dumps(summary))
