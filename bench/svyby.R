# R survey's estimates for bench/survey_estimates.py, timed inside R.
#
#   Rscript bench/svyby.R MICRODATA.csv QUESTIONS.csv ESTIMATES.csv TIMINGS.csv [N_TIMED]
#
# MICRODATA.csv: one row per response: stratum, w, N, area, age, gender and one
#   column per question holding the option's position (1..k), 0 when unanswered.
# QUESTIONS.csv: name,levels (the number of options k of each question).
# ESTIMATES.csv (written): question, grouping, domain, option, estimate, se.
# TIMINGS.csv (written): phase, seconds, questions.
# N_TIMED: estimate only the first N_TIMED questions (default: all).
#
# The design is the one Trygg's results page estimates with: strata = areas,
# one respondent per PSU, calibrated weights, no finite population correction
# (trygg.insight.results passes no population sizes to the kernel, so R must not
# get fpc = ~N either, or the standard errors would differ by sqrt(1 - n_h/N_h)).
# Unanswered items are NA and dropped with na.rm = TRUE: R then keeps the stratum
# sizes of the full design (survey:::onestrat pads with zeros), as Trygg does.

suppressPackageStartupMessages(library(survey))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 4) {
    stop("usage: Rscript svyby.R MICRODATA.csv QUESTIONS.csv ESTIMATES.csv TIMINGS.csv [N_TIMED]")
}
questions <- read.csv(args[2], stringsAsFactors = FALSE)
n_timed <- if (length(args) >= 5) as.integer(args[5]) else nrow(questions)
questions <- questions[seq_len(min(n_timed, nrow(questions))), , drop = FALSE]

elapsed <- function(start) unname((proc.time() - start)["elapsed"])

# --- load (not part of the comparison) -------------------------------------------
start <- proc.time()
if (requireNamespace("data.table", quietly = TRUE)) {
    d <- as.data.frame(data.table::fread(args[1], showProgress = FALSE))
} else {
    d <- read.csv(args[1])
}
# Factors with every option as a level, so an option nobody chose still gets a
# column (estimate 0, se 0), as Trygg shows it; 0 (unanswered) becomes NA.
for (i in seq_len(nrow(questions))) {
    q <- questions$name[i]
    d[[q]] <- factor(d[[q]], levels = seq_len(questions$levels[i]))
}
load_seconds <- elapsed(start)

start <- proc.time()
design <- svydesign(ids = ~1, strata = ~stratum, weights = ~w, data = d)
design_seconds <- elapsed(start)

# --- estimation (timed) ----------------------------------------------------------
groupings <- c(area = "area", age_group = "age", gender = "gender")
results <- vector("list", nrow(questions) * (1 + length(groupings)))
k <- 0
start <- proc.time()
for (q in questions$name) {
    formula <- as.formula(paste0("~", q))
    k <- k + 1
    results[[k]] <- list(q, "overall", svymean(formula, design, na.rm = TRUE))
    for (g in names(groupings)) {
        k <- k + 1
        by <- as.formula(paste0("~", groupings[[g]]))
        results[[k]] <- list(q, g, svyby(formula, by, design, svymean, na.rm = TRUE))
    }
}
estimate_seconds <- elapsed(start)

# --- output (not timed) ----------------------------------------------------------
rows <- lapply(results, function(r) {
    q <- r[[1]]
    g <- r[[2]]
    fit <- r[[3]]
    levels <- seq_len(questions$levels[questions$name == q])
    if (g == "overall") {
        return(data.frame(
            question = q, grouping = g, domain = 0, option = levels,
            estimate = unname(coef(fit)[paste0(q, levels)]),
            se = unname(SE(fit)[paste0(q, levels)])
        ))
    }
    domains <- fit[[1]]
    do.call(rbind, lapply(levels, function(l) {
        data.frame(
            question = q, grouping = g, domain = domains, option = l,
            estimate = fit[[paste0(q, l)]], se = fit[[paste0("se.", q, l)]]
        )
    }))
})
# write.csv keeps 15 significant digits: far below the 1e-6 the comparison needs.
write.csv(do.call(rbind, rows), args[3], row.names = FALSE)
write.csv(
    data.frame(
        phase = c("load", "design", "estimate"),
        seconds = c(load_seconds, design_seconds, estimate_seconds),
        questions = nrow(questions)
    ),
    args[4],
    row.names = FALSE
)
