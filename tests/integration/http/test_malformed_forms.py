"""Malformed form bodies are a 400 with the JSON error shape, never a 500."""

from __future__ import annotations


async def test_multipart_without_boundary_is_400(client):
    response = await client.post("/pulse/respond", data=b"token=x&score=3",
                                 headers={"Content-Type": "multipart/form-data"})
    assert response.status == 400
    body = await response.json()
    assert body["error"] == "invalid_request"
    assert body["fields"][0]["field"] == "body"
