"""Plans owned by their users (issue 12): a plan proposal (from `plan read` or a reviewed .json)
resolved against the units and registered with its rules and tasks; rules amended from a day
with their history kept; plans retired; every change undoable. The database is the source of
truth: data/plans.csv and data/quota_rules.csv only seed a new database.

    proposal   the proposal format (the JSON of `plan read`) and reading a plan file
    resolve    a proposal against the database: issuer, rule units, task leads, plan code
    store      add a plan; the shared write helpers; who may change a plan
    amend      amend from a day, retire, undo
    dates      from which period an amendment takes a rule over
    listing    the plans list, a plan's rules and changes
    hook       notify_rules_changed: the one call after any write to plans or rules
"""

from cchc.plans.amend import amend_plan, retire_plan, undo_change
from cchc.plans.hook import notify_rules_changed
from cchc.plans.listing import CSV_COLUMNS, plan_changes, plan_rules, plans_list
from cchc.plans.proposal import Proposal, ProposalError, load_proposal, proposal_from_dict, read_document
from cchc.plans.resolve import Resolved, resolve
from cchc.plans.store import PlanWriteError, RuleEdit, add_plan, may_manage

__all__ = [
    "CSV_COLUMNS",
    "PlanWriteError",
    "Proposal",
    "ProposalError",
    "Resolved",
    "RuleEdit",
    "add_plan",
    "amend_plan",
    "load_proposal",
    "may_manage",
    "notify_rules_changed",
    "plan_changes",
    "plan_rules",
    "plans_list",
    "proposal_from_dict",
    "read_document",
    "resolve",
    "retire_plan",
    "undo_change",
]
