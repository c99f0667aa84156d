"""Files the product writes: .xlsx reports and task tables, reminder letters, templates."""
