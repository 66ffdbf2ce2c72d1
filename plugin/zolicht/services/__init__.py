"""The service layer: commands on the family record, each one transaction with its audit event.

A command loads what it needs, checks everything (raising ``InvalidInput`` before any
write), writes, and appends to the audit trail, all inside one ``Store.transaction``; so a
failed command leaves the database exactly as it was.
"""
