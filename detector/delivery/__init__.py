"""Getting alerts to the points of contact: channels, retries, deadlines and escalation."""
