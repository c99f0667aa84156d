-- Undo of a plan's addition: the plan itself (its rules and task batch are undone beside it).
delete from plans
where plan_code = $plan
