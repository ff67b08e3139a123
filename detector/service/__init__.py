"""The people side: users and tokens, access rules, the audit trail and the HTTP API."""
