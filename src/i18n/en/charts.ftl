# The charts of `tipbox vault stats --svg`, for an NGO's report. Languages without this file
# are not offered by `--lang` (the vault refuses them rather than mix two languages).

chart-title-country = Cases per country
chart-title-incident = Cases per kind of pressure
chart-title-month = Cases per month
chart-title-status = Cases per status
chart-axis-cases = cases
chart-no-cases = No cases
chart-country-none = Not given
chart-month = { $year }-{ $mm }
chart-status-new = New
chart-status-in-review = In review
chart-status-verified = Verified
chart-status-unverified = Unverified
chart-status-duplicate = Duplicate
chart-status-closed = Closed
