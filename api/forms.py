from django import forms

from .models import ApiKey


class ApiKeyIssueForm(forms.ModelForm):
    """The one thing staff choose when issuing a key: its name (who uses it, for what). The
    key itself is made by api.keys.api_key_issue, never typed."""

    class Meta:
        model = ApiKey
        fields = ["name"]
