from django.db import migrations, models

# The layout surveys had before page breaks could be set: three questions a page, a
# map question alone. Existing surveys keep their pages.
QUESTIONS_PER_PAGE = 3


def break_as_before(apps, schema_editor):
    Question = apps.get_model("dialogue", "Question")
    breaks = []
    survey_id, on_page, after_map = None, 0, False
    for question in Question.objects.order_by("survey_id", "order", "pk"):
        if question.survey_id != survey_id:
            survey_id, on_page, after_map = question.survey_id, 0, False
        is_map = question.kind == "places"
        if on_page and (on_page == QUESTIONS_PER_PAGE or is_map or after_map):
            breaks.append(question.pk)
            on_page = 0
        on_page += 1
        after_map = is_map
    Question.objects.filter(pk__in=breaks).update(starts_page=True)


class Migration(migrations.Migration):
    dependencies = [
        ("dialogue", "0010_pending_invitation_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="starts_page",
            field=models.BooleanField(default=False, verbose_name="starts a new page"),
        ),
        migrations.RunPython(break_as_before, migrations.RunPython.noop),
    ]
