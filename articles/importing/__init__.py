"""Reading article files for `import_articles`: YAML front matter plus a Markdown body that
becomes StreamField blocks.

Nothing here touches the database; `articles.services.articles.articles_import` resolves
images, authors and related articles and writes the pages. `sources` reads a file and checks its
front matter (the format is in its docstring), `body` turns the Markdown body into blocks (the
constructs it knows are in its docstring), and `rich_text` turns Markdown into the editor's rich
text.
"""
