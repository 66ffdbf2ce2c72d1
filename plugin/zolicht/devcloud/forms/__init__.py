"""The Forms app, API v3 (reference §6): forms, questions, options, shares, submissions.

Access follows Forms: the owner may do everything; a share gives its permissions
(``submit``, ``results``, ``results_delete``, ``edit``) to a user or a group's members;
anyone else gets 403 'User has no permissions to get this form', and an unknown form 404
'Could not find form'.
"""

from zolicht.devcloud.forms import forms, questions, shares, submissions
from zolicht.devcloud.forms.common import ensure_schema

__all__ = ["ensure_schema", "forms", "questions", "shares", "submissions"]
