select logged_at, username, action, detail
from audit_log
order by logged_at desc
limit $limit
