"""English date formats for Trygg's pages (settings.FORMAT_MODULE_PATH).

Only what differs from Django's own ``en`` formats: the month is written out
("December 3, 2026"), as Swedish pages write it ("3 december 2026"), instead
of Django's abbreviation "Dec. 3, 2026"; and times on the 24-hour clock
("23:55"), as the Swedish pages and the municipality's own notices give them,
instead of "11:55 p.m.", whose full stop doubled at the end of a sentence.
"""

DATE_FORMAT = "F j, Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "F j, Y, H:i"
