"""Synthetic report figures of a given size, shared by the PDF tests and bench/report.py."""

OPTION_LABELS = [f"Vaihtoehto {i} – pidempi selite ääkkösin" for i in range(10)]


def closed_questions(count: int = 50, respondents: int = 10_000) -> list[dict]:
    """`count` single-choice questions of ten options each, as report_figures describes them."""
    per_option = respondents // len(OPTION_LABELS)
    return [
        {
            "id": 1000 + q,
            "task_id": None,
            "text": question_text(q),
            "kind": "single",
            "n": respondents,
            "rows": [
                {"value": str(i), "label": label, "count": per_option, "pct": 100 / len(OPTION_LABELS)}
                for i, label in enumerate(OPTION_LABELS)
            ],
            "likert": [],
            "other": [f"Muu vastaus {j}" for j in range(5)],
            "other_hidden": False,
        }
        for q in range(count)
    ]


def question_text(number: int) -> str:
    return f"Kysymys {number}: kuinka tyytyväinen olit palveluun?"
