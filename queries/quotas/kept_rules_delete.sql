-- Forget the rules the kept rows were computed from (kept_rules_insert.sql stores the current ones).
delete from kept_rules
