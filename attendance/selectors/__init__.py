"""Reads of the floor's records, one module per area: the queries and figures the pages, exports, jobs and reports use."""
