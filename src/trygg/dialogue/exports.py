"""Survey results as files: CSV now, in the columns analysts load into R or Excel."""

import csv

from .results import GROUPINGS, QuestionResult

HEADER = [
    "question_key",
    "question",
    "grouping",
    "domain",
    "answer",
    "n",
    "estimate",
    "ci_low",
    "ci_high",
]


def write_results_csv(results: list[QuestionResult], stream) -> None:
    """One row per question × domain × answer; suppressed figures are left empty."""
    writer = csv.writer(stream)
    writer.writerow(HEADER)
    for result in results:
        for grouping in GROUPINGS:
            for row in result.groups.get(grouping, ()):
                for column, figure in zip(result.columns, row.figures, strict=True):
                    writer.writerow(
                        [
                            result.key,
                            result.text,
                            grouping,
                            row.label,
                            column,
                            row.n,
                            *(
                                ("", "", "")
                                if figure.suppressed
                                else (
                                    f"{figure.estimate:.6f}",
                                    f"{figure.ci_low:.6f}",
                                    f"{figure.ci_high:.6f}",
                                )
                            ),
                        ]
                    )
