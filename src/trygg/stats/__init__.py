"""Statistics kernels: pure NumPy/SciPy, no Django.

Survey estimates as R's ``survey`` package computes them (:mod:`.survey`) and
raking of design weights to population margins (:mod:`.raking`). Functions take
arrays and return frozen dataclasses; problems with the data raise
:class:`SurveyDataError` or :class:`RakingError` (both ``ValueError``) carrying
an English message, a ``code`` and ``params``.
"""

from trygg.stats.raking import RakingError, RakingResult, rake
from trygg.stats.survey import (
    CellSums,
    Domains,
    Estimate,
    SurveyDataError,
    SurveyDesign,
    estimate_from_sums,
    survey_mean,
    survey_proportion,
)

__all__ = [
    "CellSums",
    "Domains",
    "Estimate",
    "RakingError",
    "RakingResult",
    "SurveyDataError",
    "SurveyDesign",
    "estimate_from_sums",
    "rake",
    "survey_mean",
    "survey_proportion",
]
