"""Staff screens of the articles app that Wagtail builds and we adjust."""

from wagtail.contrib.forms.views import SubmissionsListView

from core.admin_spreadsheets import SafeSpreadsheetExportMixin


class ContactSubmissionsListView(SafeSpreadsheetExportMixin, SubmissionsListView):
    """お問い合わせの送信データ (Wagtail's form data screen): its CSV and XLSX downloads hold
    what anonymous visitors typed, so they are written formula-safe, the CSV with a BOM."""
