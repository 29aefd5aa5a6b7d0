"""Open data of surveys: each survey whose results analysts published (being written)."""


def survey_datasets(request):
    return []
