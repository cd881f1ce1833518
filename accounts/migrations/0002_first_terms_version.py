from django.db import migrations


def forwards(apps, schema_editor):
    TermsVersion = apps.get_model("accounts", "TermsVersion")
    TermsVersion.objects.get_or_create(
        version=1,
        defaults={
            "summary_fi": "Ensimmäinen versio käyttöehdoista ja suostumuksesta vastausten käsittelyyn.",
            "summary_sv": "Den första versionen av användarvillkoren och samtycket till behandlingen av svaren.",
            "summary_en": "The first version of the terms of use and of the consent to processing answers.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
