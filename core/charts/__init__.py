"""Survey result charts as inline SVG, drawn on the server: no JavaScript, no chart library.

Each chart function (`bars`: bar, stacked and grouped bar charts; `columns`: the column chart
and the sparkline) turns numbers into geometry and returns a frozen dataclass, a `frame.Chart`;
the template named by its `template_name` (templates/core/charts/) draws it, and
`{% load charts %}{% chart some_chart %}` renders that template. Charts sit next to a
data table with the same numbers: the SVG is one image (`role="img"`, `<title>`, `<desc>`,
`aria-describedby` pointing at the table's id when given). `text` measures and fits labels,
prints values and holds the colours.

Geometry is in viewBox units. The viewBox is 440 wide and the SVG scales to its container
(up to 32rem), so a 15-unit label is about 11 px on a 390 px phone and 17 px on a desktop.
Values of None are suppressed for privacy (a group smaller than the survey's minimum): they
get no bar and show 「—」.
"""
