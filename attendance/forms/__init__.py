"""The floor's forms, one module per area (like models/ and views/): they validate and normalise."""
