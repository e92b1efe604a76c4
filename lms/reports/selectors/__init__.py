"""The introduction figures for HR, steering groups and managers: who started in a
period, and how their introduction went.

The cohort is every introduction plan whose first day falls in the period, in the units
of the chosen scope, whatever the plan's status now (a plan closed because the person
left still counts, for the retention figures). Every figure is counted per person and
then summed per group, in a fixed number of queries whatever the size of the city
(`tests/reports/test_queries.py`, `tests/bench/figures.py`).

Privacy (lms.core.privacy): a group of fewer than MIN_CELL people shows no figure; in
each column of a table with a total, one more group is hidden when only one would be,
so no hidden figure can be worked out by subtraction. A share is about the people in
its base (e.g. those whose Part 1 deadline has passed), so the base is what is counted.

One module per step, each importing only those above it; import from the module itself:

- `scopes`: who may see which units, and the organisation as a tree;
- `periods`: half-years and the day the figures are counted on;
- `cohort`: one person's facts;
- `columns`: the figures per group (one column per question) and the rows they fill;
- `municipality_counts`: everything counted in a scope's municipalities, with the
  hidden cells decided once for all of them;
- `tables`: one view of the figures (a breakdown's rows, evaluations, check-ins, staff);
- `figures`: all the figures for a scope and period, kept under the versions of
  what they count, and the half-year the page opens on.
"""
