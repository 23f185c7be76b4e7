"""The OpenAPI document: well formed, and it describes every API route there is."""

import re

METHODS = {"get", "put", "post", "delete", "patch"}


def resolve(doc: dict, pointer: str):
    assert pointer.startswith("#/"), pointer
    node = doc
    for part in pointer[2:].split("/"):
        node = node[part]
    return node


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def test_openapi_is_public_and_well_formed(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["openapi"].startswith("3.1")
    assert doc["info"]["title"] and doc["info"]["version"]
    assert doc["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
    for pointer in set(refs(doc)):
        assert isinstance(resolve(doc, pointer), dict), pointer
    for path, item in doc["paths"].items():
        assert path.startswith("/api/v1/")
        placeholders = set(re.findall(r"{(\w+)}", path))
        declared = {p["name"] for p in item.get("parameters", []) if p["in"] == "path"}
        assert placeholders == declared, path
        for method, operation in item.items():
            if method in METHODS:
                assert operation["responses"], (path, method)
                assert any(code.startswith("2") for code in operation["responses"]), (path, method)
    status = doc["components"]["schemas"]["Status"]
    assert status["enum"] == ["draft", "in_review", "returned", "approved", "rejected"]
    for word in status["enum"]:
        assert f"`{word}`" in status["description"]


def test_every_api_route_is_documented(app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = re.sub(r"<(?:[^<>:]+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((path, method.lower()))
    documented = {
        (path, method)
        for path, item in doc["paths"].items()
        for method in item
        if method in METHODS
    }
    assert len(routes) >= 12
    assert routes == documented


def test_write_operations_document_their_errors(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    complete = doc["paths"]["/api/v1/tasks/{task_id}/complete"]["post"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(complete["responses"])
    create = doc["paths"]["/api/v1/proposals"]["post"]
    assert "201" in create["responses"] and "400" in create["responses"]
    assert resolve(doc, create["requestBody"]["content"]["application/json"]["schema"]["$ref"])
    token = doc["paths"]["/api/v1/auth/token"]["post"]
    assert token["security"] == [] and "401" in token["responses"]
