-- Plans are replaced as a whole from data/plans.csv (cchc.reference.load_plans_and_rules).
delete from plans
