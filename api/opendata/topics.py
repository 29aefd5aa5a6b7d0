"""Open data of opinion exchange topics: each public topic's opinions (being written)."""


def topic_datasets(request):
    return []
