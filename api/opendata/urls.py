"""/opendata/: the 「オープンデータ」 page, the DCAT catalog, each dataset's files."""

app_name = "opendata"

urlpatterns = []
