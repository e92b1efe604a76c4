"""Writes for plans, one module per concept; import from the module itself:

- `creation`: a dated plan from a template (`plan_create`), with the programme's modules
  and the manager's follow-up meetings;
- `items`: working through the plan item by item (`plan_item_*`);
- `module_completion`: a completed or withdrawn module ticks or reopens the plan's items;
- `lifecycle`: the plan as a whole: its people, its first day, sign-off, close, reopen;
- `templates`: editing templates (`template_*`), new versions when a plan uses one;
- `template_versions`: applying a new template version to plans (`template_apply`);
- `dates`: phases and the window an item may be due in; `history`: the PlanEvent record.

Every write records a PlanEvent; nothing here hard-deletes a user's data.
"""
