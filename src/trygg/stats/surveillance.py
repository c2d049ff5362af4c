"""Early warning on weekly counts: Farrington-flexible and EARS C1–C3, as R computes them.

A pure NumPy/SciPy kernel (no Django) reproducing R's ``surveillance`` package
(version 1.20): :func:`farrington_flexible` is ``farringtonFlexible`` (Noufaily et al.
2013, with the original Farrington et al. 1996 as options) and :func:`ears` is
``earsC``. Both take :class:`WeeklySeries` (consecutive ISO weeks, see
:func:`weekly_series`) and return one :class:`SeriesAlarms` per series.

ISO weeks and R. A series is given to R as an ``sts`` whose epoch is the Monday of
each ISO week (``epochAsDate = TRUE``, ``freq = 52``); see
``tests/stats/fixtures/surveillance/make_fixtures.R``. Farrington then takes the
reference weeks "b years back" by date: the same calendar date one, two, … years
earlier (29 February becomes 1 March, as R's ``seq.Date``), moved to the nearest
Monday. A 53-week ISO year therefore shifts nothing: week 53 is an ordinary week and
the reference windows after it stay at the same time of year. EARS looks only at the
preceding weeks in order.

Farrington-flexible, per evaluated week ``k`` (R's ``algo.farrington.data.glm``,
``blocks``, ``algo.farrington.glm``, ``algo.farrington.fitGLM.flexible``):

* Data: the ``2w + 1`` weeks around each of the ``b`` reference weeks and, with
  ``no_periods > 1``, every week in between, cut into ``no_periods − 1`` blocks per
  year (a factor with ``no_periods`` levels, the windows being the last level); the
  ``past_weeks_not_included`` weeks before ``k`` and ``k`` itself are left out.
* A quasi-Poisson GLM (log link, intercept, ``+ wtime`` trend, ``+ seasgroups``) by
  iteratively reweighted least squares exactly as ``glm.fit`` iterates (start
  ``y + 0.1``, deviance criterion 1e-8, 25 iterations, μ floored at the machine
  epsilon), vectorised over all the evaluated weeks of all series at once. Each step's
  weighted least squares is solved in closed form: with one indicator per seasonal
  level the normal equations separate by level, and the slope is that of ``wtime``
  and the working response centred within levels — the same fitted values as R's QR,
  by sums that ``bincount`` computes for thousands of models at a time. If the fit
  with trend does not converge, it is refitted without; if that does not converge
  either, the week has no result. (R's step-halving, for a deviance that becomes
  infinite, is not reproduced: counts of cases do not reach it.)
* ``φ = max(dispersion, 1)``; with reweighting, Anscombe residuals above
  ``weights_threshold`` get weight ``∝ s⁻²`` and the model is refitted.
* The trend stays only if ``b ≥ 3``, its t-test p-value is below
  ``p_threshold_trend`` and the predicted count does not exceed the largest count in
  the data; otherwise the whole fit is redone without it.
* The threshold: ``delta`` — the 2/3-power transformation of the prediction's
  interval (Farrington 1996); ``nbPlugin`` / ``muan`` — the ``1 − alpha`` quantile of a
  negative binomial with mean ``exp(η₀)`` or the upper ``1 − alpha`` limit of ``exp(η)``,
  and size ``μ/(φ − 1)`` (Poisson when ``φ = 1``). The standard error of the prediction
  and the trend's t-test use the dispersion that R's ``predict.glm`` and
  ``summary.glm`` compute from the final model after ``fitGLM.flexible`` has put the
  weights ω in place of its working weights: ``Σ ω ((y − μ)/μ)² / df``, not φ.
* ``limit54 = (C, W)``: with fewer than ``C`` cases in the last ``W`` weeks there is no
  alarm, and neither expected count nor upper bound.

A week has no evaluation (``evaluated`` False, expected and bound NaN) when its oldest
reference week is not in the series or more than one of the ``w`` weeks before it lie
before the series starts (R stops with an error there; when just one does, R's index
0, R fits without that week, and so does this), or when no model converged (R's NA
alarm and bound; R leaves its expected count at the 0 it was initialised with, which
is no estimate, so here it is NaN too).

EARS (``earsC``): C1 compares week ``k`` with the mean and standard deviation of the
``baseline`` weeks before it, C2 with those ending two weeks earlier, C3 adds the
excesses of the two previous C2 statistics. ``expected`` is the mean of the baseline
(R returns none). Defaults as R's: ``baseline = 7``, ``min_sigma = 0``, ``alpha``
0.001 for C1 and C2, 0.025 for C3.

Not reproduced: ``populationOffset`` (the series carry no population), and R's
``blocks()`` when two reference windows have fewer weeks between them than
``no_periods − 1`` (R's index ranges then run backwards and label weeks twice; here
such a block is empty).

Problems with the input raise :class:`SurveillanceDataError` with a ``code`` and
``params`` (``index`` is the position of the offending row in what was passed).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from trygg.stats.errors import StatsError

__all__ = [
    "EarsMethod",
    "FarringtonControl",
    "SeriesAlarms",
    "SurveillanceDataError",
    "ThresholdMethod",
    "WeeklySeries",
    "ears",
    "farrington_flexible",
    "weekly_series",
]

ThresholdMethod = Literal["delta", "nbPlugin", "muan"]
EarsMethod = Literal["C1", "C2", "C3"]
PowerTransform = Literal["2/3", "1/2", "none"]

# glm.fit's defaults (glm.control) and the floor of the log link's inverse.
_GLM_EPSILON = 1e-8
_GLM_MAXIT = 25
_DOUBLE_EPS = np.finfo(float).eps
# How many rows (problems × weeks in the fit) are fitted together: some tens of
# megabytes of arrays, enough for NumPy to run at full speed. With the default control
# (35 rows) that is about 57,000 (series, week) models at once; with noPeriods = 10
# (about 260 rows) about 7,700.
_CHUNK_CELLS = 2_000_000


class SurveillanceDataError(StatsError):
    """A series cannot be evaluated as given; nothing was computed."""


@dataclass(frozen=True)
class WeeklySeries:
    """Counts of consecutive ISO weeks from ``start`` (year, week); no gaps."""

    name: str
    start: tuple[int, int]
    counts: NDArray[np.int64]

    def monday(self, index: int) -> dt.date:
        """The Monday of the series's week number ``index`` (0 is ``start``)."""
        first = dt.date.fromisocalendar(self.start[0], self.start[1], 1)
        return first + dt.timedelta(weeks=int(index))


@dataclass(frozen=True)
class SeriesAlarms:
    """One series's evaluated weeks, in order.

    ``expected`` and ``upperbound`` are NaN where R gives NA; ``alarm`` is False there
    unless the week was not ``evaluated`` at all (then R's alarm is NA too).
    """

    series: str
    year: NDArray[np.int64]
    week: NDArray[np.int64]
    observed: NDArray[np.int64]
    expected: NDArray[np.float64]
    upperbound: NDArray[np.float64]
    alarm: NDArray[np.bool_]
    evaluated: NDArray[np.bool_]


@dataclass(frozen=True)
class FarringtonControl:
    """``farringtonFlexible``'s control list, with R's defaults.

    ``past_weeks_not_included`` None means ``w``, as in R.
    """

    b: int = 5
    w: int = 3
    no_periods: int = 1
    past_weeks_not_included: int | None = None
    alpha: float = 0.05
    weights_threshold: float = 2.58
    threshold_method: ThresholdMethod = "delta"
    trend: bool = True
    p_threshold_trend: float = 0.05
    limit54: tuple[int, int] = (5, 4)
    powertrans: PowerTransform = "2/3"
    reweight: bool = True

    def __post_init__(self) -> None:
        checks = [
            (self.b >= 1, "b", "b must be at least 1"),
            (self.w >= 0, "w", "w must be at least 0"),
            (self.no_periods >= 1, "no_periods", "no_periods must be at least 1"),
            (0 < self.alpha < 1, "alpha", "alpha must lie between 0 and 1"),
            (
                math.isfinite(self.weights_threshold),
                "weights_threshold",
                "weights_threshold must be a number",
            ),
            (
                math.isfinite(self.p_threshold_trend),
                "p_threshold_trend",
                "p_threshold_trend must be a number",
            ),
            (
                self.past_weeks_not_included is None or self.past_weeks_not_included >= 0,
                "past_weeks_not_included",
                "past_weeks_not_included must be at least 0",
            ),
            (
                self.limit54[0] >= 0 and self.limit54[1] > 0,
                "limit54",
                "limit54 needs cases >= 0 and weeks > 0",
            ),
            (
                self.threshold_method in ("delta", "nbPlugin", "muan"),
                "threshold_method",
                "threshold_method must be delta, nbPlugin or muan",
            ),
            (
                self.powertrans in ("2/3", "1/2", "none"),
                "powertrans",
                "powertrans must be 2/3, 1/2 or none",
            ),
        ]
        for ok, option, message in checks:
            if not ok:
                raise SurveillanceDataError("invalid_option", message, option=option)

    @property
    def excluded_weeks(self) -> int:
        return self.w if self.past_weeks_not_included is None else self.past_weeks_not_included


def _weeks_in(year: int) -> int:
    return dt.date(year, 12, 28).isocalendar()[1]


def weekly_series(name: str, years: ArrayLike, weeks: ArrayLike, counts: ArrayLike) -> WeeklySeries:
    """A series from rows of (ISO year, ISO week, count) in any order.

    Weeks missing between the first and the last are weeks with no cases (0): that is
    how event counts per week arrive. Raises :class:`SurveillanceDataError` for a
    week that does not exist, a week given twice, or a count that is negative or not
    a whole number; ``params["index"]`` is the row's position.
    """
    years = np.asarray(years)
    weeks = np.asarray(weeks)
    values = np.asarray(counts, dtype=float)
    if not (len(years) == len(weeks) == len(values)) or len(values) == 0:
        raise SurveillanceDataError("empty", "a series needs at least one week", series=name)
    positions: dict[dt.date, int] = {}
    for index, (year, week, value) in enumerate(zip(years, weeks, values, strict=True)):
        if not (np.isfinite(value) and value == np.floor(value)):
            raise SurveillanceDataError(
                "not_integer", "counts must be whole numbers", index=index, value=value
            )
        if value < 0:
            raise SurveillanceDataError(
                "negative_count", "counts cannot be negative", index=index, value=value
            )
        year, week = int(year), int(week)
        if not (1 <= week <= (_weeks_in(year) if 1 <= year <= 9998 else 0)):
            raise SurveillanceDataError(
                "invalid_week", "no such ISO week", index=index, year=year, week=week
            )
        monday = dt.date.fromisocalendar(year, week, 1)
        if monday in positions:
            raise SurveillanceDataError(
                "duplicate_week",
                "a week appears twice",
                index=index,
                first=positions[monday],
                year=year,
                week=week,
            )
        positions[monday] = index
    first, last = min(positions), max(positions)
    filled = np.zeros((last - first).days // 7 + 1, dtype=np.int64)
    for monday, index in positions.items():
        filled[(monday - first).days // 7] = int(values[index])
    year, week, _ = first.isocalendar()
    return WeeklySeries(name, (year, week), filled)


# --- Farrington-flexible -------------------------------------------------------------


def _years_back(day: dt.date, years: int) -> dt.date:
    """``seq(day, by = "-1 year")``'s element: 29 February rolls to 1 March."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return dt.date(day.year - years, 3, 1)


@lru_cache(maxsize=4096)
def _reference_offsets(day: dt.date, b: int) -> tuple[int, ...]:
    """Weeks back from ``day`` (a Monday) to each reference week, 1 … b years back.

    R (``algo.farrington.referencetimepoints``) moves the date a year back to the
    nearest day of the same weekday: Tuesday–Thursday back, Friday–Sunday forward.
    """
    offsets = []
    for years in range(1, b + 1):
        back = _years_back(day, years)
        weekday = back.weekday()
        monday = (
            back - dt.timedelta(days=weekday)
            if weekday <= 3
            else back + dt.timedelta(days=7 - weekday)
        )
        offsets.append((day - monday).days // 7)
    return tuple(offsets)


@lru_cache(maxsize=1024)
def _blocks(offsets: tuple[int, ...], w: int, p: int, excluded: int) -> tuple[NDArray, NDArray]:
    """R's ``blocks()`` relative to the evaluated week: (rows back from k, level).

    ``rows`` are non-positive offsets from ``k``; ``level`` is 1 … p (p: the windows).
    """
    span = offsets[-1] + w
    factors = np.full(span + 1, -1)  # position i is week k − span + i
    at = lambda back: span - back  # noqa: E731 - a position from weeks back
    factors[at(w) : at(0) + 1] = p
    reference = (0, *offsets)
    for i in range(len(offsets)):
        ref = reference[i + 1]
        factors[at(ref + w) : at(ref - w) + 1] = p
        if p != 1:
            period = ref - reference[i] - 2 * w - 1
            if period < p - (2 * w + 1):
                raise SurveillanceDataError(
                    "too_many_periods",
                    "no_periods is too large for the weeks between the reference windows",
                    option="no_periods",
                )
            length, rest = divmod(period, p - 1)
            lengths = np.full(p - 1, length)
            lengths[:rest] += 1
            edges = np.concatenate([[0], np.cumsum(lengths)])
            for j in range(p - 1):
                start = at(ref - w - 1 - edges[j])
                stop = at(ref - w - 1 - edges[j + 1] + 1)
                factors[start : stop + 1] = j + 1
    factors[max(0, at(excluded)) : at(0) + 1] = -1
    keep = np.flatnonzero(factors > 0)
    return keep - span, factors[keep]


@dataclass
class _Fit:
    """A batch of fitted GLMs, as glm.fit leaves them (weights of the last iteration).

    The model is a level per seasonal group (``seasgroups``; one level when
    ``no_periods = 1``) plus, with a trend, a common slope in ``wtime``. Only what the
    threshold and the trend test need is kept: η₀ (the window level at the evaluated
    week, ``wtime = 0``) and the slope, each with its unscaled variance.
    """

    eta0: NDArray
    slope: NDArray
    var_eta0: NDArray  # (X'WX)⁻¹ at the prediction, to be scaled by the dispersion
    var_slope: NDArray
    mu: NDArray
    working: NDArray  # glm's $weights: prior × μ of the iteration before the last update
    converged: NDArray
    dispersion: NDArray  # summary.glm's: Σ weights · ((y − μ)/μ)² / df
    df: NDArray
    hat: NDArray = field(repr=False)


class _Levels:
    """Sums of a (problems × rows) array per problem and level, by one ``bincount``."""

    def __init__(self, level: NDArray, count: int) -> None:
        self.level = level
        self.count = count
        offsets = np.arange(level.shape[0])[:, None] * count
        self.ids = (offsets + level).ravel()
        self.shape = (level.shape[0], count)

    def sums(self, values: NDArray) -> NDArray:
        if self.count == 1:  # the default, no_periods = 1: a plain row sum
            return values.sum(axis=1, keepdims=True)
        flat = np.bincount(self.ids, weights=values.ravel(), minlength=self.shape[0] * self.count)
        return flat.reshape(self.shape)

    def spread(self, per_level: NDArray) -> NDArray:
        """A per-level value on each row."""
        if self.count == 1:
            return per_level  # broadcasts over the rows
        return np.take_along_axis(per_level, self.level, axis=1)


def _solve(
    levels: _Levels, t: NDArray | None, weights: NDArray, z: NDArray
) -> tuple[NDArray, NDArray, NDArray, NDArray, NDArray, NDArray]:
    """The weighted least-squares fit of z on level indicators (+ t): R's IRLS step.

    The design spans the same space as R's (intercept + ``seasgroups`` contrasts +
    ``wtime``), so the fitted values, hence every iterate, are R's. With indicators the
    normal equations separate by level; the slope is that of t and z centred within
    levels (the "within" estimator), which is as accurate as R's QR. Returns (η,
    level effects, slope, weight per level, level means of t, Σ w t̃²).
    """
    total = levels.sums(weights)
    filled = total > 0
    safe = np.where(filled, total, 1.0)
    mean_z = np.where(filled, levels.sums(weights * z) / safe, 0.0)
    if t is None:
        zero = np.zeros(weights.shape[0])
        return levels.spread(mean_z), mean_z, zero, total, np.zeros_like(total), zero
    mean_t = np.where(filled, levels.sums(weights * t) / safe, 0.0)
    centred_t = t - levels.spread(mean_t)
    spread_t = (weights * centred_t**2).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = np.where(
            spread_t > 0,
            (weights * centred_t * (z - levels.spread(mean_z))).sum(axis=1) / spread_t,
            0.0,
        )
    effects = mean_z - slope[:, None] * mean_t
    eta = levels.spread(effects) + slope[:, None] * t
    return eta, effects, slope, total, mean_t, spread_t


def _irls(level: NDArray, count: int, t: NDArray | None, y: NDArray, prior: NDArray) -> _Fit:
    """``glm.fit`` for the quasi-Poisson log link, over a batch (problems × rows).

    Rows with prior weight 0 are padding (R: ``weights > 0`` are the observations).
    Starts at ``y + 0.1``, stops when the deviance changes by less than 1e-8 relative
    or after 25 iterations, as ``glm.control``; μ is floored at the machine epsilon,
    as R's log link does. A level without observations gets no effect, as R's pivoting
    QR leaves an aliased coefficient NA (it is never the predicted level).
    """
    problems = y.shape[0]
    present = prior > 0
    mu = np.where(present, y + 0.1, 1.0)
    eta = np.log(mu)
    devold = _deviance(y, mu, prior)
    working = np.zeros_like(y)
    converged = np.zeros(problems, dtype=bool)
    active = np.arange(problems)
    levels = _Levels(level, count)
    for _ in range(_GLM_MAXIT):
        everyone = active.size == problems
        # Copy out the still-iterating problems only once some have converged.
        if everyone:
            ya, pa, eta_a, mu_a, ta, step_levels = y, prior, eta, mu, t, levels
        else:
            ya, pa, eta_a, mu_a = y[active], prior[active], eta[active], mu[active]
            ta = None if t is None else t[active]
            step_levels = _Levels(level[active], count)
        mu_eta = np.maximum(np.exp(eta_a), _DOUBLE_EPS)
        z = eta_a + (ya - mu_a) / mu_eta
        weights = pa * mu_eta**2 / mu_a
        new_eta = _solve(step_levels, ta, weights, z)[0]
        new_mu = np.maximum(np.exp(new_eta), _DOUBLE_EPS)
        dev = _deviance(ya, new_mu, pa)
        eta[active], mu[active], working[active] = new_eta, new_mu, weights
        done = np.abs(dev - devold[active]) / (np.abs(dev) + 0.1) < _GLM_EPSILON
        converged[active[done]] = True
        devold[active] = dev
        active = active[~done]
        if active.size == 0:
            break
    # The coefficients, their variances and the leverages with the weights of the last
    # iteration (R keeps its QR): solving the last step again gives the same effects.
    _, effects, slope, total, mean_t, spread_t = _solve(levels, t, working, eta)
    window = count - 1
    filled = total > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        inverse_total = np.where(filled, 1 / np.where(filled, total, 1.0), 0.0)
        if t is None:
            var_slope = np.full(problems, np.nan)
            var_eta0 = inverse_total[:, window]
            hat = working * levels.spread(inverse_total)
        else:
            var_slope = 1 / spread_t
            var_eta0 = inverse_total[:, window] + mean_t[:, window] ** 2 * var_slope
            centred_t = t - levels.spread(mean_t)
            hat = working * (levels.spread(inverse_total) + centred_t**2 * var_slope[:, None])
    hat[hat > 1 - 10 * _DOUBLE_EPS] = 1.0
    rank = filled.sum(axis=1) + (0 if t is None else 1)
    df = present.sum(axis=1) - rank
    pearson = np.where(present, working * ((y - mu) / mu) ** 2, 0.0).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        dispersion = np.where(df > 0, pearson / df, np.nan)
    return _Fit(
        eta0=effects[:, window],
        slope=slope,
        var_eta0=var_eta0,
        var_slope=var_slope,
        mu=mu,
        working=working,
        converged=converged,
        dispersion=dispersion,
        df=df,
        hat=hat,
    )


def _deviance(y: NDArray, mu: NDArray, prior: NDArray) -> NDArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(y / mu) - (y - mu), mu)
    return 2 * (prior * term).sum(axis=1)


def _fit_flexible(
    batch: _Batch, trend: bool, control: FarringtonControl
) -> tuple[_Fit, NDArray, NDArray]:
    """``algo.farrington.fitGLM.flexible``: fit, reweight, refit; (fit, φ, converged)."""
    y, present = batch.y, batch.present
    t = batch.t if trend else None
    first = _irls(batch.level, control.no_periods, t, y, present.astype(float))
    phi = np.maximum(first.dispersion, 1.0)
    if not control.reweight:
        return first, phi, first.converged
    with np.errstate(divide="ignore", invalid="ignore"):
        anscombe = 1.5 * (y ** (2 / 3) * first.mu ** (-1 / 6) - first.mu**0.5)
        anscombe = anscombe / np.sqrt(phi[:, None] * (1 - first.hat))
        high = present & (anscombe > control.weights_threshold)
        inverse_square = np.where(high, anscombe**-2.0, 1.0)
    gamma = present.sum(axis=1) / np.where(present, inverse_square, 0.0).sum(axis=1)
    omega = np.where(present, gamma[:, None] * inverse_square, 0.0)
    second = _irls(batch.level, control.no_periods, t, y, omega)
    phi = np.maximum(second.dispersion, 1.0)
    # R then overwrites the model's working weights with omega (``model$weights <-
    # omega``), so the dispersion that summary.glm (the trend's t-test) and predict.glm
    # (the prediction's standard error) compute afterwards is Σ ω ((y − μ)/μ)² / df.
    pearson = np.where(present, omega * ((y - second.mu) / second.mu) ** 2, 0.0).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        second.dispersion = np.where(second.df > 0, pearson / second.df, np.nan)
    return second, phi, first.converged


@dataclass(frozen=True)
class _Batch:
    """Many (series, week) problems, padded to one row count (``present`` marks rows)."""

    level: NDArray  # 0 … no_periods − 1, the last being the reference windows
    t: NDArray  # weeks from the evaluated week, in years (R's wtime, shifted and scaled)
    y: NDArray
    present: NDArray
    y_now: NDArray
    recent: NDArray  # cases in the last limit54[1] weeks


def _build_batch(
    problems: list[tuple[NDArray, int, NDArray, NDArray]], control: FarringtonControl
) -> _Batch:
    rows = max(len(back) for _, _, back, _ in problems)
    count = len(problems)
    level = np.full((count, rows), control.no_periods - 1)
    t = np.zeros((count, rows))
    y = np.zeros((count, rows))
    present = np.zeros((count, rows), dtype=bool)
    y_now = np.zeros(count)
    recent = np.zeros(count)
    weeks = control.limit54[1]
    for i, (counts, k, back, levels) in enumerate(problems):
        n = len(back)
        level[i, :n] = levels - 1
        # Weeks relative to k, in years: an affine change of R's wtime spans the same
        # model, keeps the sums well scaled and puts the prediction at t = 0.
        t[i, :n] = back / 52.0
        y[i, :n] = counts[k + back]
        present[i, :n] = True
        y_now[i] = counts[k]
        recent[i] = counts[max(0, k - weeks + 1) : k + 1].sum()
    return _Batch(level, t, y, present, y_now, recent)


def _evaluate_batch(batch: _Batch, control: FarringtonControl) -> tuple[NDArray, ...]:
    """Expected, upper bound, alarm and evaluated for each problem of the batch."""
    plain, phi, ok = _fit_flexible(batch, False, control)
    eta = plain.eta0
    se_eta = np.sqrt(plain.dispersion * plain.var_eta0)
    if control.trend:
        trended, trend_phi, trend_ok = _fit_flexible(batch, True, control)
        with np.errstate(over="ignore"):
            fitted = np.maximum(np.exp(trended.eta0), _DOUBLE_EPS)
        with np.errstate(divide="ignore", invalid="ignore"):
            t_value = trended.slope / np.sqrt(trended.dispersion * trended.var_slope)
            p_value = 2 * stats.t.sf(np.abs(t_value), trended.df)
        largest = np.where(batch.present, batch.y, -np.inf).max(axis=1)
        keep = (
            trend_ok
            & (control.b >= 3)
            & (p_value < control.p_threshold_trend)
            & (fitted <= largest)
        )
        eta = np.where(keep, trended.eta0, eta)
        se_eta = np.where(keep, np.sqrt(trended.dispersion * trended.var_eta0), se_eta)
        phi = np.where(keep, trend_phi, phi)
        ok = keep | ok
    if control.threshold_method == "delta":
        pred_fit = np.maximum(np.exp(eta), _DOUBLE_EPS)
        pred_se = se_eta * pred_fit
        upper = _delta_upper(pred_fit, pred_se, phi, control)
        expected = pred_fit
    else:
        pred_fit = eta
        z = stats.norm.ppf(1 - control.alpha)
        with np.errstate(over="ignore"):
            plugin = control.threshold_method == "nbPlugin"
            mean = np.exp(eta) if plugin else np.exp(eta + z * se_eta)
        upper = _quantile_upper(mean, phi, control.alpha)
        expected = np.exp(eta)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = (batch.y_now - pred_fit) / (upper - pred_fit)
    enough = batch.recent >= control.limit54[0]
    alarm = ok & enough & ~np.isnan(score) & (score > 1) & (batch.y_now != 0)
    upperbound = np.where(ok & enough, upper, np.nan)
    expected = np.where(ok & enough & ~np.isnan(upper), expected, np.nan)
    return expected, upperbound, alarm, ok


def _delta_upper(mu0: NDArray, se: NDArray, phi: NDArray, control: FarringtonControl) -> NDArray:
    """``algo.farrington.threshold.farrington``'s upper limit."""
    tau = phi + se**2 / mu0
    exponent = {"2/3": 2 / 3, "1/2": 0.5, "none": 1.0}[control.powertrans]
    scale = {
        "2/3": np.sqrt(4 / 9 * mu0 ** (1 / 3) * tau),
        "1/2": np.sqrt(tau / 4),
        "none": np.sqrt(mu0 * tau),
    }[control.powertrans]
    z = stats.norm.ppf(1 - control.alpha)
    return (mu0**exponent + z * scale) ** (1 / exponent)


def _quantile_upper(mean: NDArray, phi: NDArray, alpha: float) -> NDArray:
    """``algo.farrington.threshold.noufaily``'s upper limit.

    NaN when the mean is infinite, or when φ is (a fit without residual degrees of
    freedom, e.g. ``b = 1, w = 0``: R stops there, as the delta method gives NaN).
    """
    upper = np.full(mean.shape, np.nan)
    finite = np.isfinite(mean) & ~np.isnan(phi)
    over = finite & (phi > 1)
    poisson = finite & ~(phi > 1)
    if over.any():
        upper[over] = stats.nbinom.ppf(1 - alpha, mean[over] / (phi[over] - 1), 1 / phi[over])
    if poisson.any():
        upper[poisson] = stats.poisson.ppf(1 - alpha, mean[poisson])
    return upper


def _weeks_to_evaluate(
    series: WeeklySeries, last: int | None, first_possible: int
) -> NDArray[np.int64]:
    n = len(series.counts)
    if last is None:
        return np.arange(min(first_possible, n), n)
    return np.arange(max(0, n - last), n)


def _result(
    series: WeeklySeries,
    at: NDArray,
    expected: NDArray,
    upperbound: NDArray,
    alarm: NDArray,
    evaluated: NDArray,
) -> SeriesAlarms:
    calendar = [series.monday(k).isocalendar() for k in at]
    return SeriesAlarms(
        series=series.name,
        year=np.array([c[0] for c in calendar], dtype=np.int64),
        week=np.array([c[1] for c in calendar], dtype=np.int64),
        observed=series.counts[at].astype(np.int64),
        expected=expected,
        upperbound=upperbound,
        alarm=alarm,
        evaluated=evaluated,
    )


def farrington_flexible(
    series: Sequence[WeeklySeries],
    control: FarringtonControl | None = None,
    *,
    last: int | None = None,
) -> list[SeriesAlarms]:
    """``farringtonFlexible`` on each series, all models fitted in NumPy batches.

    ``last`` None evaluates R's default range, every week from the (52 b + w + 1)-th
    (1-based) on, leaving out any of them that lacks its reference weeks (where R
    stops); ``last = N`` the last N weeks of each series, those without enough
    history being returned not ``evaluated``.
    """
    control = control or FarringtonControl()
    plans: list[tuple[WeeklySeries, NDArray, list[int | None]]] = []
    problems: list[tuple[NDArray, int, NDArray, NDArray]] = []
    # R's default range: from week freq · b + w + 1 (1-based) to the end.
    first_default = 52 * control.b + control.w
    for one in series:
        counts = one.counts.astype(float)
        at = _weeks_to_evaluate(one, last, first_default)
        slots: list[int | None] = []
        kept: list[int] = []
        for k in at:
            offsets = _reference_offsets(one.monday(k), control.b)
            # R needs the oldest reference week in the series; of the w weeks before
            # it, a window reaching one week before the start (R's index 0) simply
            # loses that week, one reaching further makes R stop.
            oldest = k - offsets[-1]
            if oldest < 0 or oldest - control.w < -1:
                if last is not None:
                    kept.append(int(k))
                    slots.append(None)
                continue
            back, levels = _blocks(offsets, control.w, control.no_periods, control.excluded_weeks)
            if oldest - control.w == -1:
                inside = k + back >= 0
                back, levels = back[inside], levels[inside]
            kept.append(int(k))
            slots.append(len(problems))
            problems.append((counts, int(k), back, levels))
        plans.append((one, np.array(kept, dtype=np.int64), slots))
    outcome = np.full((4, len(problems)), np.nan)
    widest = max((len(back) for _, _, back, _ in problems), default=1)
    size = max(64, _CHUNK_CELLS // widest)
    for start in range(0, len(problems), size):
        chunk = problems[start : start + size]
        outcome[:, start : start + len(chunk)] = _evaluate_batch(
            _build_batch(chunk, control), control
        )
    results = []
    for one, at, slots in plans:
        expected = np.full(len(at), np.nan)
        upperbound = np.full(len(at), np.nan)
        alarm = np.zeros(len(at), dtype=bool)
        evaluated = np.zeros(len(at), dtype=bool)
        for i, slot in enumerate(slots):
            if slot is not None:
                expected[i], upperbound[i] = outcome[0, slot], outcome[1, slot]
                alarm[i], evaluated[i] = bool(outcome[2, slot]), bool(outcome[3, slot])
        results.append(_result(one, at, expected, upperbound, alarm, evaluated))
    return results


# --- EARS ----------------------------------------------------------------------------


def ears(
    series: Sequence[WeeklySeries],
    method: EarsMethod = "C1",
    *,
    alpha: float | None = None,
    baseline: int = 7,
    min_sigma: float = 0.0,
    last: int | None = None,
) -> list[SeriesAlarms]:
    """``earsC`` on each series; ``alpha`` None is R's default for the method.

    ``last`` as in :func:`farrington_flexible`; the first weeks (``baseline`` + 1, + 3
    or + 5 for C1, C2, C3) have no evaluation.
    """
    if alpha is None:
        alpha = 0.025 if method == "C3" else 0.001
    checks = [
        (method in ("C1", "C2", "C3"), "method", "method must be C1, C2 or C3"),
        (baseline >= 3, "baseline", "baseline must be at least 3"),
        (min_sigma >= 0, "min_sigma", "min_sigma cannot be negative"),
        (0 < alpha < 1, "alpha", "alpha must lie between 0 and 1"),
    ]
    for ok, option, message in checks:
        if not ok:
            raise SurveillanceDataError("invalid_option", message, option=option)
    z = stats.norm.ppf(1 - alpha)
    first = baseline + {"C1": 0, "C2": 2, "C3": 4}[method]
    lag = 0 if method == "C1" else 2
    results = []
    for one in series:
        counts = one.counts.astype(float)
        n = len(counts)
        at = _weeks_to_evaluate(one, last, first)
        evaluated = at >= first
        ks = at[evaluated]
        expected = np.full(len(at), np.nan)
        upper = np.full(len(at), np.nan)
        if ks.size:
            # Baseline statistics for every week from 0 (NaN where there is no baseline).
            mean, sd = _rolling(counts, baseline, lag, n)
            if method == "C3":
                with np.errstate(divide="ignore", invalid="ignore"):
                    c2 = (counts - mean) / np.maximum(sd, min_sigma)
                part = np.maximum(0, c2[ks - 2] - 1) + np.maximum(0, c2[ks - 1] - 1)
                with np.errstate(invalid="ignore"):
                    bound = counts[ks] + np.maximum(sd[ks], min_sigma) * (z - part)
                upper[evaluated] = np.maximum(0, bound)
            else:
                upper[evaluated] = mean[ks] + z * np.maximum(sd[ks], min_sigma)
            expected[evaluated] = mean[ks]
        with np.errstate(invalid="ignore"):
            alarm = evaluated & (counts[at] > upper)
        evaluated = evaluated & ~np.isnan(upper)
        results.append(_result(one, at, expected, upper, alarm, evaluated))
    return results


def _rolling(counts: NDArray, baseline: int, lag: int, n: int) -> tuple[NDArray, NDArray]:
    """Mean and sample sd of the ``baseline`` weeks ending ``lag + 1`` weeks before each."""
    mean = np.full(n, np.nan)
    sd = np.full(n, np.nan)
    start = baseline + lag
    if n > start:
        windows = np.lib.stride_tricks.sliding_window_view(counts, baseline)[: n - start]
        mean[start:] = windows.mean(axis=1)
        sd[start:] = windows.std(axis=1, ddof=1)
    return mean, sd
