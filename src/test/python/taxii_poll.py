"""Polls Monsoon's TAXII 2.1 server with the OASIS reference client (taxii2client, ../shared).

Usage: taxii_poll.py URL TOKEN PER_PAGE [ADDED_AFTER_JSON]
Prints one JSON object: discovery, collections and, per collection, every object read through
as_pages, the pages it took, and X-TAXII-Date-Added-Last of the last page (for the next poll).
ADDED_AFTER_JSON maps a collection alias to the added_after to poll it with.
"""
import json
import sys

import requests.auth
from taxii2client.v21 import Server, as_pages


class Bearer(requests.auth.AuthBase):
    def __init__(self, token):
        self.token = token

    def __call__(self, request):
        request.headers["Authorization"] = "Bearer " + self.token
        return request


def main():
    url, token, per_page = sys.argv[1], sys.argv[2], int(sys.argv[3])
    added_after = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
    server = Server(url, auth=Bearer(token))
    root = server.default
    out = {"title": server.title, "api_roots": [r.url for r in server.api_roots],
           "root_versions": root.versions, "collections": [], "objects": {}, "pages": {}, "last_added": {},
           "manifest": {}, "versions_of_first": {}}
    for collection in root.collections:
        alias = collection.alias
        out["collections"].append({"id": collection.id, "alias": alias, "title": collection.title,
                                   "can_read": collection.can_read, "can_write": collection.can_write})
        kwargs = {}
        if alias in added_after:
            kwargs["added_after"] = added_after[alias]
        objects, pages, last = [], 0, added_after.get(alias)
        for envelope in as_pages(collection.get_objects, per_request=per_page, **kwargs):
            pages += 1
            objects.extend(envelope.get("objects", []))
            last = envelope.resp.headers.get("X-TAXII-Date-Added-Last", last)
        out["objects"][alias] = [{"id": o["id"], "type": o["type"], "modified": o.get("modified"),
                                  "revoked": o.get("revoked", False), "name": o.get("name")} for o in objects]
        out["pages"][alias] = pages
        out["last_added"][alias] = last
        manifest = []
        for envelope in as_pages(collection.get_manifest, per_request=per_page, **kwargs):
            manifest.extend(envelope.get("objects", []))
        out["manifest"][alias] = len(manifest)
        if objects:
            first = objects[0]["id"]
            out["versions_of_first"][alias] = collection.object_versions(first).get("versions", [])
            fetched = collection.get_object(first).get("objects", [])
            assert [o["id"] for o in fetched] == [first], fetched
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
