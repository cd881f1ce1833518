from django.db import migrations


def forwards(apps, schema_editor):
    from recruitment.population import DEFAULT_FILE, parse_population_csv
    from recruitment.quiz_defaults import load_default_quiz

    load_default_quiz(
        apps.get_model("recruitment", "DeveloperType"),
        apps.get_model("recruitment", "QuizQuestion"),
        apps.get_model("recruitment", "QuizOption"),
    )
    PopulationFigure = apps.get_model("recruitment", "PopulationFigure")
    if not PopulationFigure.objects.exists():
        source, figures = parse_population_csv(DEFAULT_FILE.read_text(encoding="utf-8"))
        PopulationFigure.objects.bulk_create(
            PopulationFigure(table=table, value=value, population=population, source=source)
            for table, values in figures.items()
            for value, population in values.items()
        )


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
