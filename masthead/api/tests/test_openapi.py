"""The generated OpenAPI document tells clients of every operation what a database that does not answer means."""

import pytest

pytestmark = pytest.mark.django_db


def test_every_operation_documents_503_with_the_one_error_shape(client):
    document = client.get("/api/v1/openapi.json").json()
    operations = [(method, path, op) for path, ops in document["paths"].items() for method, op in ops.items()]
    assert len(operations) >= 7
    for method, path, operation in operations:
        answer = operation["responses"].get("503")
        assert answer, f"{method.upper()} {path} does not document 503"
        assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorResponse"}
    assert "ErrorResponse" in document["components"]["schemas"]
