from tests.factories import ArticlePageFactory


def test_article_page_is_served(article_index, client):
    article = ArticlePageFactory(parent=article_index, title="行政DXの第一歩")

    response = client.get(article.url)

    assert response.status_code == 200
