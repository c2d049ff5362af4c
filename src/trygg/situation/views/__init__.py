"""Staff pages of the situation app, one module per page family."""
