"""Changes to the floor's records, one module per area: transactions and their side effects."""
