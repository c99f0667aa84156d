-- Rules of a plan that an amendment or retirement left without a single day (their snapshot
-- keeps them for undo).
delete from quota_rules
where plan_code = $plan and effective_to < effective_from
