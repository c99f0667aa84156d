-- A rule ends the day before an amendment or retirement takes over; a rule left with no day of
-- its own (it had not begun) is removed, so no query ever meets an empty window.
update quota_rules
set effective_to = $effective_to
where rule_id = $rule_id
