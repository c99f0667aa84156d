-- Undo of change $change_id, first step: the rules it wrote and the rules it altered go (the
-- second step puts the altered ones back from their snapshots).
delete from quota_rules
where
    change_id = $change_id
    or rule_id in (select s.rule_id from quota_rule_snapshots as s where s.change_id = $change_id)
