"""OWSLib (owslib.ogcapi.features.Features) reading the registry's OGC API, for OwsLibTest.

Run with Debian's /usr/bin/python3 (python3-owslib). The API key, if any, is in the environment as REGISTRY_KEY and
sent as "Authorization: Bearer <key>". Prints one JSON document on stdout; on any error prints {"error": ...} and
exits with 2.

  owslib_client.py discover URL
      the landing page, conformance, collections, each collection and its queryables, and the OpenAPI document.
  owslib_client.py items URL COLLECTION PARAMS_JSON [--follow]
      collection_items(COLLECTION, **PARAMS) (bbox a list, filter, filter-lang, limit ...); with --follow, the
      next links too, each page asked for again through collection_items with the next link's cursor.
"""
import json
import os
import sys
import traceback
from urllib.parse import parse_qs, urlsplit

import owslib
from owslib.ogcapi.features import Features


def connect(url):
    key = os.environ.get("REGISTRY_KEY")
    headers = {"Authorization": "Bearer " + key} if key else None
    return Features(url, headers=headers, timeout=60)


def envelope(geometry):
    xs, ys = [], []

    def walk(c):
        if c and isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for part in c:
                walk(part)

    walk(geometry["coordinates"])
    return [min(xs), min(ys), max(xs), max(ys)]


def discover(url):
    w = connect(url)
    landing = w.response
    collections = w.collections()
    ids = [c["id"] for c in collections["collections"]]
    out = {
        "owslib": owslib.__version__,
        "landing": {"title": landing.get("title"), "rels": sorted({l["rel"] for l in w.links})},
        "conformsTo": w.conformance()["conformsTo"],
        "collections": ids,
        "featureCollections": w.feature_collections(),
        "collection": {},
        "queryables": {},
    }
    for cid in ids:
        c = w.collection(cid)
        out["collection"][cid] = {"title": c.get("title"), "bbox": c["extent"]["spatial"]["bbox"][0],
                                  "crs": c.get("crs"), "storageCrs": c.get("storageCrs")}
        out["queryables"][cid] = sorted(w.collection_queryables(cid)["properties"].keys())
    api = w.api()
    out["openapi"] = {"version": api["openapi"], "paths": sorted(api["paths"].keys())}
    return out


def items(url, collection, params, follow):
    w = connect(url)
    kwargs = dict(params)
    pages = []
    while True:
        page = w.collection_items(collection, **kwargs)
        nxt = [l["href"] for l in page.get("links", []) if l.get("rel") == "next"]
        pages.append({
            "url": w.request,
            "numberMatched": page.get("numberMatched"),
            "numberReturned": page.get("numberReturned"),
            "ids": [f["id"] for f in page["features"]],
            "envelopes": [envelope(f["geometry"]) for f in page["features"]],
            "properties": [f["properties"] for f in page["features"]],
            "next": nxt[0] if nxt else None,
        })
        if not follow or not nxt:
            break
        if len(pages) > 1000:
            raise RuntimeError("more than 1000 pages: the next links do not end")
        kwargs = dict(params)
        kwargs["cursor"] = parse_qs(urlsplit(nxt[0]).query)["cursor"][0]
    return {"owslib": owslib.__version__, "pages": pages, "ids": [i for p in pages for i in p["ids"]]}


def main(argv):
    try:
        if argv[1] == "discover":
            out = discover(argv[2])
        elif argv[1] == "items":
            out = items(argv[2], argv[3], json.loads(argv[4]), "--follow" in argv[5:])
        else:
            raise ValueError("unknown command " + argv[1])
    except Exception as e:  # the Java test shows this with the traceback
        print(json.dumps({"error": repr(e), "traceback": traceback.format_exc()}, ensure_ascii=False))
        return 2
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
