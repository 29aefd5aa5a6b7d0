"""Writes for the article site, one module per domain: authors (authors and series), images,
articles (importing article files) and site (the home page as the site root, the contact form's
fields, featured articles). Each function takes keyword arguments, checks its input and writes
in one transaction. Callers import from the module they need."""
