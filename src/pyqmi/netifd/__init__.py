"""Reporting to netifd: notify_proto payloads (pure), their type policy, and the ubus edge."""
