"""Every dataset this site publishes as open data, newest change first: the 「オープンデータ」
page, the DCAT catalog and each dataset's metadata record read this one list."""

from .surveys import survey_datasets
from .topics import topic_datasets


def all_datasets(request):
    """Each published dataset (api.opendata.datasets.Dataset), most recently changed first."""
    datasets = [*survey_datasets(request), *topic_datasets(request)]
    return sorted(datasets, key=lambda dataset: dataset.modified, reverse=True)


def dataset_get(request, identifier):
    """The published dataset `identifier`, or None."""
    return next((d for d in all_datasets(request) if d.identifier == identifier), None)
