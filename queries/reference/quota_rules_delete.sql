-- Quota rules are replaced as a whole from data/quota_rules.csv.
delete from quota_rules
