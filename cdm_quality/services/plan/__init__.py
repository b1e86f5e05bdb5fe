"""The improvement plan (labelling-file item 8.1.2) of a Cité in a campaign, and its PDF.

Actions are saved like answers: each stored action carries a version (1, 2, …); a changed or
deleted row of the table whose version no longer matches raises `ActionConflict` naming who
changed the action and when, and writes nothing. Every change is audited (entity "action").

- `save_table`: what the plan page sends after an edit (changed rows with their cells,
  deleted rows). Rows are checked by `domain.plan.check_action_rows` first; with any problem
  nothing is saved and the problems (row and field named) come back. Otherwise every change
  is written in one transaction, or none if one conflicts.
- `propose`: one planned action for each area for improvement of the syntheses that no action
  covers yet (`domain.plan.propose_actions`).
- `carry_over_previous`: the unfinished actions of the Cité's previous plan, copied into this
  one with `continues_action_id` pointing at the original (`domain.plan.carry_over`).
- `plan_pdf`: the 8.1.1 + 8.1.2 PDF (`reports.pdf`, charts drawn as vector graphics).

Access: reading needs `Permission.read` on the Cité (its people, the label authority, admins);
changing needs `Permission.fill` (the Cité's own director and contributors) and an open
campaign — a closed campaign's plan is read-only, like its answers.

One module per part, over what they share (`common`: the result models, the conflict error,
the stored plan as read): `reading` (the plan page's view), `actions` (changing one action,
inside the caller's transaction), `table` (saving the plan table), `proposals` (proposed and
carried-over actions), `dismissals` (deciding not to act), `report` (the PDF); the package
names each of their services.
"""

from cdm_quality.services.plan.actions import insert_linked_action
from cdm_quality.services.plan.common import (
    ActionConflict,
    ActionView,
    DeletedRow,
    Dismissal,
    EditedRow,
    PlanView,
    TableSaved,
)
from cdm_quality.services.plan.dismissals import cancel_dismissal, dismiss
from cdm_quality.services.plan.proposals import carry_over_previous, propose
from cdm_quality.services.plan.reading import list_actions, plan_view
from cdm_quality.services.plan.report import plan_pdf, plan_report
from cdm_quality.services.plan.table import save_table

__all__ = [
    "ActionConflict",
    "ActionView",
    "DeletedRow",
    "Dismissal",
    "EditedRow",
    "PlanView",
    "TableSaved",
    "cancel_dismissal",
    "carry_over_previous",
    "dismiss",
    "insert_linked_action",
    "list_actions",
    "plan_pdf",
    "plan_report",
    "plan_view",
    "propose",
    "save_table",
]
