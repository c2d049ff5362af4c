"""Design-based survey estimates: weighted means and proportions with intervals.

A pure NumPy/SciPy kernel (no Django) that reproduces R's ``survey`` package for
a stratified single-stage design with one respondent per primary sampling unit::

    design <- svydesign(ids = ~1, strata = ~stratum, weights = ~w, fpc = ~N, data = d)

What goes in: per-respondent arrays (``y`` or a 0/1 indicator, weights > 0, stratum
labels, the stratum's population size ``N_h`` for the finite population
correction) and optional domain columns. What comes out: one frozen
:class:`Estimate` per domain (estimate, standard error, interval, n).

Formulas (``w`` weights, ``h`` strata, ``n_h`` respondents in stratum ``h``):

* Estimate: the weighted ratio ``ȳ_d = Σ_{i∈d} w_i y_i / Σ_{i∈d} w_i``
  (R: ``svymean``; for a domain, ``svyby(~y, ~dom, design, svymean)``).
* Variance by Taylor linearisation. The influence of respondent ``i`` on the
  domain mean is ``z_i = w_i 1{i∈d} (y_i − ȳ_d) / Σ_{j∈d} w_j`` and
  ``V = Σ_h (1 − n_h/N_h) n_h/(n_h − 1) Σ_{i∈h} (z_i − z̄_h)²``, where the
  inner sum and the mean ``z̄_h`` run over *all* respondents of the stratum
  (``z_i = 0`` outside the domain): domains are estimated on the full design,
  never by dropping rows (R: ``survey:::onestrat`` via ``svyrecvar``).
  Without ``fpc`` the factor ``1 − n_h/N_h`` is 1. A stratum whose factor is
  below 1e-7 (a census) contributes nothing, as in R.
* Mean interval (Wald): ``ȳ ± q·se``. By default ``q`` is the normal quantile,
  which is what R gives for ``confint(svymean(...))`` and for ``svyby(...,
  svymean, vartype = "ci")`` (their ``df = Inf``). With ``df="design"`` ``q``
  is the t quantile on the design's degrees of freedom, as
  ``confint(svymean(...), df = degf(design))`` (for a domain: ``degf`` of the
  domain's design, below).
* Proportion interval (logit), as ``svyciprop(~I(y == v), design,
  method = "logit")``: ``expit(logit(p) ± t·se / (p(1 − p)))`` with ``se`` the
  linearised standard error of the mean of the indicator and ``t`` the t
  quantile on ``degf(design)`` degrees of freedom. R obtains this from
  ``svyglm(family = quasibinomial)`` and ``confint(..., method = "Wald",
  ddf = degf)``; for an intercept-only model the sandwich variance of the
  coefficient is exactly ``se² / (p(1 − p))²``. When ``p`` is 0 or 1 the
  interval is ``[p, p]``, as R returns.
* Degrees of freedom, ``degf`` in R: respondents minus strata, ``n − H``. For a
  domain (``svyby`` passes each domain's design to ``svyciprop``): respondents
  in the domain minus the strata in which the domain has respondents. Zero or
  fewer degrees of freedom give a NaN interval, as in R.

Missing answers: with ``na_rm=True`` a NaN in ``y`` leaves that respondent out
of every domain's estimate while the stratum sizes stay those of the full
design, as ``svymean(..., na.rm = TRUE)`` / ``svyby(..., na.rm = TRUE)``. ``n``
then counts respondents with an answer; the degrees of freedom for a
proportion count all respondents of the domain, as R's ``degf`` does.

Input problems raise :class:`SurveyDataError` with an English message, a
``code`` and ``params`` that a caller can turn into its own words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special, stats

from trygg.stats.errors import StatsError

__all__ = [
    "CellSums",
    "Domains",
    "Estimate",
    "SurveyDataError",
    "SurveyDesign",
    "estimate_from_sums",
    "survey_mean",
    "survey_proportion",
]

DfChoice = Literal["normal", "design"]
Kind = Literal["mean", "proportion"]

# R's onestrat(): a stratum whose finite population correction is below this
# contributes no variance (and is not a "lonely PSU" problem).
_CENSUS_TOLERANCE = 1e-7


class SurveyDataError(StatsError):
    """The data cannot give a design-based estimate; nothing was computed.

    ``code`` names the kind of problem and ``params`` its details (for
    example ``{"index": 17}`` for the 0-based position of a bad weight), so a
    caller can word the message for its users; ``str(error)`` is English.
    Codes: ``empty``, ``length``, ``non_numeric``, ``non_finite``,
    ``weight_not_positive``, ``not_binary``, ``lonely_stratum``,
    ``fpc_too_small``, ``fpc_varies``, ``fpc_invalid``, ``level``, ``df``.
    """


@dataclass(frozen=True)
class Estimate:
    """One published figure: a domain's estimate with its standard error and interval.

    ``domain`` maps each domain column to this domain's value as text (``{}``
    for the whole population); ``n`` is the number of respondents behind the
    estimate. ``ci_low``/``ci_high`` are NaN when R's interval is undefined
    (zero degrees of freedom).
    """

    domain: dict[str, str]
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    n: int


# ---------------------------------------------------------------- helpers


def _factorize(labels: ArrayLike, name: str) -> tuple[NDArray[np.intp], NDArray[Any]]:
    """Integer codes 0..k-1 and the sorted distinct labels of a label column.

    Text labels that all read as numbers sort by number ("2" before "10").
    """
    array = np.asarray(labels)
    if array.ndim != 1:
        raise SurveyDataError("length", f"{name} must be one-dimensional.", column=name)
    if array.dtype == object:
        array = array.astype(str)
    uniques, codes = np.unique(array, return_inverse=True)
    if uniques.dtype.kind in "US" and len(uniques) > 1:
        try:
            numeric = uniques.astype(float)
        except ValueError:
            numeric = None
        if numeric is not None and np.all(np.isfinite(numeric)):
            order = np.lexsort((uniques, numeric))
            rank = np.empty_like(order)
            rank[order] = np.arange(len(order))
            uniques = uniques[order]
            codes = rank[codes]
    return codes.astype(np.intp, copy=False), uniques


def _reads_as_float(value: object) -> bool:
    try:
        float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True


def _as_float(values: ArrayLike, name: str, *, allow_nan: bool) -> NDArray[np.float64]:
    """A float64 copy of ``values``; errors name the first bad position."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raw = np.asarray(values, dtype=object).ravel()
        index = next((k for k, value in enumerate(raw) if not _reads_as_float(value)), 0)
        raise SurveyDataError(
            "non_numeric",
            f"{name} must be numeric; the value at position {index} is {raw[index]!r}.",
            column=name,
            index=index,
            value=str(raw[index]),
        ) from None
    if array.ndim != 1:
        raise SurveyDataError("length", f"{name} must be one-dimensional.", column=name)
    bad = np.isinf(array) if allow_nan else ~np.isfinite(array)
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        raise SurveyDataError(
            "non_finite",
            f"{name} must be a finite number; the value at position {index} is {array[index]}.",
            column=name,
            index=index,
        )
    return array


def _quantile(level: float, df: NDArray[np.float64]) -> NDArray[np.float64]:
    """Upper (1 + level)/2 quantile of t with ``df`` (inf: normal); NaN where df ≤ 0."""
    upper = 0.5 + level / 2
    out = np.full(df.shape, np.nan)
    normal = np.isinf(df)
    out[normal] = stats.norm.ppf(upper)
    finite = (df > 0) & ~normal
    if finite.any():
        out[finite] = stats.t.ppf(upper, df[finite])
    return out


def _check_level(level: float) -> float:
    level = float(level)
    if not 0 < level < 1:
        raise SurveyDataError(
            "level", f"The level must lie between 0 and 1, not {level}.", level=level
        )
    return level


# ---------------------------------------------------------------- design


@dataclass(frozen=True)
class Domains:
    """Respondents grouped into domains by one or more label columns (combined).

    ``codes[i]`` is respondent ``i``'s domain (0..len(labels)-1) and
    ``labels[k]`` the domain's ``{column: value}``; only domains with
    respondents exist (R's ``svyby`` drops empty ones). Domains are ordered by
    the first column, then the second, … (numbers by value, text by code point).
    """

    codes: NDArray[np.intp]
    labels: tuple[dict[str, str], ...]

    @classmethod
    def whole(cls, n: int) -> Domains:
        """The whole population as a single domain ``{}``."""
        return cls(np.zeros(n, dtype=np.intp), ({},))

    @classmethod
    def from_columns(cls, columns: Mapping[str, ArrayLike], n: int) -> Domains:
        """Combine label columns (name → labels per respondent) into domains."""
        if not columns:
            return cls.whole(n)
        combined = np.zeros(n, dtype=np.int64)
        per_column = []
        for name, labels in columns.items():
            codes, uniques = _factorize(labels, name)
            if len(codes) != n:
                raise SurveyDataError(
                    "length",
                    f"The domain column {name} has {len(codes)} values for {n} respondents.",
                    column=name,
                )
            combined = combined * len(uniques) + codes
            per_column.append((name, uniques))
        present, codes = np.unique(combined, return_inverse=True)
        labels_out = []
        for key in present:
            label = {}
            rest = int(key)
            for name, uniques in reversed(per_column):
                rest, code = divmod(rest, len(uniques))
                label[name] = str(uniques[code])
            labels_out.append(dict(reversed(label.items())))
        return cls(codes.astype(np.intp, copy=False), tuple(labels_out))


class SurveyDesign:
    """A stratified single-stage design: ``svydesign(ids=~1, strata=, weights=, fpc=)``.

    In: ``weights`` (finite, > 0, one per respondent), optional ``strata``
    labels (one stratum when absent) and optional ``fpc``: the population size
    ``N_h`` of the respondent's stratum, constant within the stratum and at
    least the number of respondents in it (population sizes only; R would also
    read values ≤ 1 as sampling fractions — here they are refused as too small).

    Build it once and ask it for many estimates: :meth:`mean` and
    :meth:`proportion`. Raises :class:`SurveyDataError` on bad input, including a
    stratum with a single respondent (R's default ``survey.lonely.psu = "fail"``).
    """

    def __init__(
        self,
        weights: ArrayLike,
        strata: ArrayLike | None = None,
        fpc: ArrayLike | None = None,
    ) -> None:
        w = _as_float(weights, "weights", allow_nan=False)
        n = len(w)
        if n == 0:
            raise SurveyDataError("empty", "There are no respondents.")
        not_positive = w <= 0
        if not_positive.any():
            index = int(np.flatnonzero(not_positive)[0])
            raise SurveyDataError(
                "weight_not_positive",
                f"Weights must be positive; the weight at position {index} is {w[index]}.",
                index=index,
                value=float(w[index]),
            )
        if strata is None:
            h_codes = np.zeros(n, dtype=np.intp)
            h_labels: NDArray[Any] = np.array(["1"])
        else:
            h_codes, h_labels = _factorize(strata, "strata")
            if len(h_codes) != n:
                raise SurveyDataError(
                    "length",
                    f"strata has {len(h_codes)} values for {n} weights.",
                    column="strata",
                )
        n_strata = len(h_labels)
        n_h = np.bincount(h_codes, minlength=n_strata).astype(np.float64)

        if fpc is None:
            factor = np.ones(n_strata)
            pop = None
        else:
            N = _as_float(fpc, "fpc", allow_nan=False)
            if len(N) != n:
                raise SurveyDataError(
                    "length", f"fpc has {len(N)} values for {n} weights.", column="fpc"
                )
            if (N <= 0).any():
                index = int(np.flatnonzero(N <= 0)[0])
                raise SurveyDataError(
                    "fpc_invalid",
                    f"The population size (fpc) must be positive; at position {index} "
                    f"it is {N[index]}.",
                    index=index,
                )
            _, first = np.unique(h_codes, return_index=True)
            pop = N[first]  # the stratum's first respondent's value
            varies = pop[h_codes] != N
            if varies.any():
                index = int(np.flatnonzero(varies)[0])
                stratum = str(h_labels[h_codes[index]])
                raise SurveyDataError(
                    "fpc_varies",
                    f"The population size (fpc) varies within stratum {stratum}.",
                    stratum=stratum,
                    index=index,
                )
            too_small = pop < n_h
            if too_small.any():
                k = int(np.flatnonzero(too_small)[0])
                stratum = str(h_labels[k])
                raise SurveyDataError(
                    "fpc_too_small",
                    f"Stratum {stratum} has {int(n_h[k])} respondents but a population "
                    f"size (fpc) of {pop[k]:g}; fpc must be the stratum's population size.",
                    stratum=stratum,
                    n=int(n_h[k]),
                    fpc=float(pop[k]),
                )
            factor = (pop - n_h) / pop
        census = factor < _CENSUS_TOLERANCE
        lonely = (n_h == 1) & ~census
        if lonely.any():
            stratum = str(h_labels[int(np.flatnonzero(lonely)[0])])
            raise SurveyDataError(
                "lonely_stratum",
                f"Stratum {stratum} has a single respondent; its variance cannot be "
                "estimated (merge it with a neighbouring stratum).",
                stratum=stratum,
            )
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(census, 0.0, factor * n_h / (n_h - 1))

        self.weights = w
        self.n = n
        self.strata_codes = h_codes
        self.strata_labels = h_labels
        self.n_strata = n_strata
        self.stratum_sizes = n_h
        self.population_sizes = pop
        #: per stratum: (1 − n_h/N_h) · n_h/(n_h − 1), 0 for a census stratum
        self.scale = scale

    def degf(self) -> int:
        """R's ``degf(design)``: respondents minus strata."""
        return self.n - self.n_strata

    def domains(self, by: Mapping[str, ArrayLike] | Domains | None) -> Domains:
        """Domains from label columns (or as given); the whole population for None."""
        if by is None:
            return Domains.whole(self.n)
        if isinstance(by, Domains):
            if len(by.codes) != self.n:
                raise SurveyDataError(
                    "length", f"The domains cover {len(by.codes)} respondents, not {self.n}."
                )
            return by
        return Domains.from_columns(by, self.n)

    # ------------------------------------------------------------ estimates

    def mean(
        self,
        y: ArrayLike,
        by: Mapping[str, ArrayLike] | Domains | None = None,
        *,
        level: float = 0.95,
        df: DfChoice = "normal",
        na_rm: bool = False,
    ) -> list[Estimate]:
        """Weighted mean of ``y`` per domain with a Wald interval.

        R: ``svymean(~y, design)`` / ``svyby(~y, ~by, design, svymean)`` with
        ``confint(..., level = level)`` (``df="normal"``, R's default) or
        ``confint(..., df = degf(design))`` (``df="design"``).
        """
        level = _check_level(level)
        if df not in ("normal", "design"):
            raise SurveyDataError("df", f"df must be 'normal' or 'design', not {df!r}.")
        values = _as_float(y, "y", allow_nan=na_rm)
        return self._estimate(values, by, level=level, kind="mean", df=df)

    def proportion(
        self,
        indicator: ArrayLike,
        by: Mapping[str, ArrayLike] | Domains | None = None,
        *,
        level: float = 0.95,
        na_rm: bool = False,
    ) -> list[Estimate]:
        """Weighted proportion of a 0/1 (or boolean) indicator per domain, logit interval.

        R: ``svyciprop(~I(y == v), design, method = "logit", level = level)``;
        per domain ``svyby(~I(y == v), ~by, design, svyciprop, method = "logit",
        level = level, vartype = "ci")``.
        """
        level = _check_level(level)
        values = _as_float(indicator, "indicator", allow_nan=na_rm)
        not_binary = ~((values == 0) | (values == 1) | np.isnan(values))
        if not_binary.any():
            index = int(np.flatnonzero(not_binary)[0])
            raise SurveyDataError(
                "not_binary",
                f"A proportion needs a 0/1 indicator; the value at position {index} "
                f"is {values[index]}.",
                index=index,
            )
        return self._estimate(values, by, level=level, kind="proportion", df="design")

    def _estimate(
        self, y: NDArray[np.float64], by: Any, *, level: float, kind: Kind, df: DfChoice
    ) -> list[Estimate]:
        if len(y) != self.n:
            raise SurveyDataError(
                "length", f"y has {len(y)} values for {self.n} weights.", column="y"
            )
        domains = self.domains(by)
        n_dom = len(domains.labels)
        n_str = self.n_strata
        h = self.strata_codes
        # degrees of freedom per domain: its respondents (answered or not) minus its strata
        all_cell = h * n_dom + domains.codes
        cell_all_n = np.bincount(all_cell, minlength=n_str * n_dom).reshape(n_str, n_dom)
        degf = cell_all_n.sum(axis=0) - (cell_all_n > 0).sum(axis=0)

        answered = ~np.isnan(y)
        rows = slice(None) if answered.all() else answered
        d = domains.codes[rows]
        yy = y[rows]
        w = self.weights[rows]
        hh = h[rows]
        n_d = np.bincount(d, minlength=n_dom)
        w_d = np.bincount(d, weights=w, minlength=n_dom)
        with np.errstate(invalid="ignore", divide="ignore"):
            ybar = np.bincount(d, weights=w * yy, minlength=n_dom) / w_d
            # z_i for the respondent's own domain (0 in every other domain)
            z = w * (yy - ybar[d]) / w_d[d]
        cell = hh * n_dom + d
        size = n_str * n_dom
        n_hd = np.bincount(cell, minlength=size).reshape(n_str, n_dom)
        zsum = np.bincount(cell, weights=z, minlength=size).reshape(n_str, n_dom)
        zbar = zsum / self.stratum_sizes[:, None]  # mean over the whole stratum
        dev = z - zbar[hh, d]
        ss_in = np.bincount(cell, weights=dev * dev, minlength=size).reshape(n_str, n_dom)
        # respondents of the stratum outside the domain (or without an answer): z = 0
        ss = ss_in + (self.stratum_sizes[:, None] - n_hd) * zbar * zbar
        variance = self.scale @ ss
        return _finish(
            domains.labels,
            ybar,
            variance,
            n_d,
            degf.astype(np.float64),
            level=level,
            kind=kind,
            df=df,
        )


def _finish(
    labels: Sequence[dict[str, str]],
    estimate: NDArray[np.float64],
    variance: NDArray[np.float64],
    n: NDArray[np.integer],
    degf: NDArray[np.float64],
    *,
    level: float,
    kind: Kind,
    df: DfChoice,
) -> list[Estimate]:
    """Intervals from estimates and variances; drops domains without respondents."""
    se = np.sqrt(np.maximum(variance, 0.0))
    if kind == "mean":
        q = _quantile(level, np.full(len(estimate), np.inf) if df == "normal" else degf)
        low, high = estimate - q * se, estimate + q * se
    else:
        q = _quantile(level, degf)
        p = np.clip(estimate, 0.0, 1.0)
        inner = (p > 0) & (p < 1)
        low = p.copy()
        high = p.copy()
        with np.errstate(divide="ignore", invalid="ignore"):
            eta = special.logit(p[inner])
            half = q[inner] * se[inner] / (p[inner] * (1 - p[inner]))
        # min/max: expit(logit(p)) may round away from p when the interval has no width
        low[inner] = np.minimum(special.expit(eta - half), p[inner])
        high[inner] = np.maximum(special.expit(eta + half), p[inner])
        undefined = ~(q > 0)
        low[undefined] = np.nan
        high[undefined] = np.nan
    return [
        Estimate(
            domain=dict(labels[k]),
            estimate=float(estimate[k]),
            se=float(se[k]),
            ci_low=float(low[k]),
            ci_high=float(high[k]),
            n=int(n[k]),
        )
        for k in range(len(labels))
        if n[k] > 0
    ]


# ---------------------------------------------------------------- shortcuts


def survey_mean(
    y: ArrayLike,
    weights: ArrayLike,
    *,
    strata: ArrayLike | None = None,
    fpc: ArrayLike | None = None,
    by: Mapping[str, ArrayLike] | None = None,
    level: float = 0.95,
    df: DfChoice = "normal",
    na_rm: bool = False,
) -> list[Estimate]:
    """Weighted mean of ``y`` overall or per domain (``by``: column → labels).

    One call of :class:`SurveyDesign` then :meth:`SurveyDesign.mean`; R:
    ``svymean`` / ``svyby(..., svymean)`` with ``confint``.
    """
    return SurveyDesign(weights, strata, fpc).mean(y, by, level=level, df=df, na_rm=na_rm)


def survey_proportion(
    indicator: ArrayLike,
    weights: ArrayLike,
    *,
    strata: ArrayLike | None = None,
    fpc: ArrayLike | None = None,
    by: Mapping[str, ArrayLike] | None = None,
    level: float = 0.95,
    na_rm: bool = False,
) -> list[Estimate]:
    """Weighted proportion of a 0/1 indicator with a logit interval, overall or per domain.

    R: ``svyciprop(..., method = "logit")`` / ``svyby(..., svyciprop)``.
    """
    return SurveyDesign(weights, strata, fpc).proportion(indicator, by, level=level, na_rm=na_rm)


# ---------------------------------------------------------------- sufficient statistics


@dataclass(frozen=True)
class CellSums:
    """Sums per (stratum, domain) cell, e.g. from ``GROUP BY stratum, domain`` in SQL.

    Arrays of shape (H, D) over the respondents *with an answer* in the cell:
    ``count``, ``sw`` = Σw, ``swy`` = Σwy, ``sw2`` = Σw², ``sw2y`` = Σw²y,
    ``sw2y2`` = Σw²y². Per stratum (shape (H,)): ``stratum_n`` = all
    respondents of the stratum (answered or not) and, optionally,
    ``population`` = N_h. ``domain_n`` (shape (H, D), optional) counts all
    respondents of the cell, answered or not, for the degrees of freedom
    (defaults to ``count``). ``labels`` names the D domains.
    """

    labels: tuple[dict[str, str], ...]
    stratum_n: NDArray[np.float64]
    count: NDArray[np.float64]
    sw: NDArray[np.float64]
    swy: NDArray[np.float64]
    sw2: NDArray[np.float64]
    sw2y: NDArray[np.float64]
    sw2y2: NDArray[np.float64]
    population: NDArray[np.float64] | None = None
    domain_n: NDArray[np.float64] | None = None


def estimate_from_sums(
    sums: CellSums,
    *,
    kind: Kind = "mean",
    level: float = 0.95,
    df: DfChoice = "normal",
) -> list[Estimate]:
    """The same estimates as :class:`SurveyDesign` from pre-aggregated cell sums.

    Expands ``Σ_{i∈h}(z_i − z̄_h)²`` into the cell sums (one pass over the data
    in the database instead of two); equal to the row-level result up to
    rounding. The expansion cancels: the standard error carries an absolute
    error of about 1e-8 × max|y|, far below 1e-6 relative for answer scales and
    indicators, but visible when the spread is tiny compared with the values
    (subtract a constant near the mean from y first then, and add it back to
    the estimates and interval ends). Checks the design as
    :class:`SurveyDesign` does (lonely strata, fpc) but not the rows.
    """
    level = _check_level(level)
    n_h = np.asarray(sums.stratum_n, dtype=np.float64)
    if sums.population is None:
        factor = np.ones_like(n_h)
    else:
        pop = np.asarray(sums.population, dtype=np.float64)
        if (pop < n_h).any():
            k = int(np.flatnonzero(pop < n_h)[0])
            raise SurveyDataError(
                "fpc_too_small",
                f"Stratum {k} has {int(n_h[k])} respondents but a population size of {pop[k]:g}.",
                stratum=str(k),
                n=int(n_h[k]),
                fpc=float(pop[k]),
            )
        factor = (pop - n_h) / pop
    census = factor < _CENSUS_TOLERANCE
    if ((n_h == 1) & ~census).any():
        k = int(np.flatnonzero((n_h == 1) & ~census)[0])
        raise SurveyDataError(
            "lonely_stratum", f"Stratum {k} has a single respondent.", stratum=str(k)
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(census, 0.0, factor * n_h / (n_h - 1))
        count = np.asarray(sums.count, dtype=np.float64)
        w_d = sums.sw.sum(axis=0)
        ybar = sums.swy.sum(axis=0) / w_d
        # Σ_{h∩d} w(y − ȳ) and Σ_{h∩d} w²(y − ȳ)², both divided by W_d (resp. W_d²)
        lin = (sums.swy - ybar * sums.sw) / w_d
        sq = (sums.sw2y2 - 2 * ybar * sums.sw2y + ybar * ybar * sums.sw2) / (w_d * w_d)
        ss = np.maximum(sq - lin * lin / n_h[:, None], 0.0)
        ss = np.where(count > 0, ss, 0.0)
    variance = scale @ ss
    cells = count if sums.domain_n is None else np.asarray(sums.domain_n, dtype=np.float64)
    degf = cells.sum(axis=0) - (cells > 0).sum(axis=0)
    n_d = count.sum(axis=0).astype(np.int64)
    return _finish(sums.labels, ybar, variance, n_d, degf, level=level, kind=kind, df=df)
