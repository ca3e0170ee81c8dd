# Dates in English as the registry's readers write them, day first and the month in
# full ("2 September 2015"), rather than Django's American "Sept. 2, 2015".
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
YEAR_MONTH_FORMAT = "F Y"
