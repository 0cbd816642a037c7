"""Progress reports (进展填报) from units, with evidence; accepted or returned by supervisors."""
