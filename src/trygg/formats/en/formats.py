"""English date formats for Trygg's pages (settings.FORMAT_MODULE_PATH).

Only what differs from Django's own ``en`` formats: the month is written out
("December 3, 2026"), as Swedish pages write it ("3 december 2026"), instead
of Django's abbreviation "Dec. 3, 2026".
"""

DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, P"
