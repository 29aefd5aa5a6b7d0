"""Validating the API's answers against its own OpenAPI document (JSON Schema 2020-12)."""

from jsonschema import Draft202012Validator


def response_schema_errors(document, path, data, *, status="200"):
    """The messages of every way `data` breaks the schema `document` gives `path`'s GET answer
    with `status` (an empty list when it conforms)."""
    schema = document["paths"][path]["get"]["responses"][status]["content"]["application/json"]
    validator = Draft202012Validator(
        {**schema["schema"], "components": document["components"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    return [
        f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(data)
    ]
