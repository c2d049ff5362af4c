"""The action plan as a file, CSV or XLSX: one row per measure in Brå's columns.

Built on the situation picture's table writers (``situation.exports``): headings in
the interface's language, a byte order mark on the CSV so that Excel reads å, ä, ö.
"""

import io

from django.http import HttpResponse
from django.utils import formats
from django.utils.translation import gettext as _

from trygg.situation.exports import Table, download, write_csv, write_xlsx

from .models import ActionPlan, Measure
from .selectors import plan_measures

EXTENSIONS = ("csv", "xlsx")


def _evidence_text(measure: Measure) -> str:
    return "\n".join(
        f"{evidence.label}: {evidence.figure}".rstrip(": ")
        + (f" ({evidence.source})" if evidence.source else "")
        for problem in measure.problems.all()
        for evidence in problem.evidence.all()
    )


def plan_table(plan: ActionPlan) -> Table:
    """The plan's measures: cause, evidence, measure, goal, when, who, follow-up, action."""
    header = [
        _("Cause"),
        _("Evidence"),
        _("Measure"),
        _("Operational goal"),
        _("When"),
        _("Responsible organisation"),
        _("Working with it"),
        _("Follow-up status"),
        _("Latest follow-up"),
        _("Latest comment"),
        _("Promise"),
        _("Action under the promise"),
    ]
    rows = []
    for measure in plan_measures(plan):
        follow_ups = list(measure.follow_ups.all())
        latest = follow_ups[0] if follow_ups else None
        action = measure.action
        rows.append(
            [
                "; ".join(problem.title for problem in measure.problems.all()),
                _evidence_text(measure),
                measure.title,
                measure.operational_goal,
                measure.when_label,
                measure.responsible.name,
                ", ".join(organisation.name for organisation in measure.organisations.all()),
                measure.get_status_display() if measure.status else _("Not followed up yet"),
                latest.date if latest else None,
                latest.comment if latest else "",
                action.promise.title if action else "",
                action.title if action else "",
            ]
        )
    return Table(_("Action plan"), header, rows, {8: "yyyy-mm-dd"})


def plan_notes(plan: ActionPlan) -> list[str]:
    notes = [f"{plan.title} ({plan.municipality.name}, {plan.period_label})"]
    if plan.is_decided:
        notes.append(
            _("Decided on %(date)s by %(body)s.")
            % {"date": formats.date_format(plan.decided_on), "body": plan.decided_by}
        )
    else:
        notes.append(_("A draft: the steering group has not decided it."))
    notes.append(_("The evidence's figures are as they were when they were cited."))
    return notes


def plan_download(plan: ActionPlan, extension: str) -> HttpResponse:
    name = f"atgardsplan-{plan.municipality.slug}-{plan.first_year}-{plan.last_year}"
    response = download(name, extension)
    table = plan_table(plan)
    if extension == "csv":
        stream = io.StringIO()
        write_csv(table, stream)
        response.write(stream.getvalue())
    else:
        write_xlsx([table], response, plan_notes(plan))
    return response
