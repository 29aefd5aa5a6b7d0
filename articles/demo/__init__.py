"""The demo site that `manage.py seed_demo` builds: site (pages), articles (authors, pictures,
articles), accounts (one staff account per role).

Every step is idempotent: it finds what an earlier run made and only fills in or resets what
differs, so running the command again leaves the same site. The articles are the Markdown files
in articles/demo_content/, loaded through the same service as `import_articles`.
"""
