"""Staff views of reports, a module per page family."""
