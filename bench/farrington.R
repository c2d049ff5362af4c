# R's farringtonFlexible on the series of bench/alerts.py, timed inside R.
#
#   Rscript bench/farrington.R SERIES.csv OUT.csv LAST 'list(CONTROL)'
#
# SERIES.csv: series,year,week,count, every series over the same ISO weeks. One sts
# with a column per series (farringtonFlexible loops over them), epoch the Mondays of
# the weeks, as tests/stats/fixtures/surveillance/make_fixtures.R feeds it. Only the
# farringtonFlexible call is timed; prints the elapsed seconds on stdout and writes
# series,index,upperbound,alarm for the last LAST weeks to OUT.csv.
suppressMessages(library(surveillance))
args <- commandArgs(trailingOnly = TRUE)
data <- read.csv(args[1], stringsAsFactors = FALSE)
last <- as.integer(args[3])
control <- eval(parse(text = args[4]))

names <- unique(data$series)
first <- data[data$series == names[1], ]
jan4 <- as.Date(sprintf("%d-01-04", first$year))
dates <- jan4 - ((as.POSIXlt(jan4)$wday + 6) %% 7) + 7 * (first$week - 1)
observed <- matrix(data$count, ncol = length(names))
n <- nrow(observed)
control$range <- (n - last + 1):n
s <- sts(observed = observed, epoch = dates, frequency = 52)

started <- proc.time()[["elapsed"]]
result <- suppressWarnings(farringtonFlexible(s, control = control))
elapsed <- proc.time()[["elapsed"]] - started

out <- data.frame(
  series = rep(names, each = last), index = rep(control$range, times = length(names)),
  upperbound = sprintf("%.17g", as.vector(upperbound(result))),
  alarm = as.vector(alarms(result)))
write.csv(out, args[2], row.names = FALSE)
cat(sprintf("%.6f\n", elapsed))
