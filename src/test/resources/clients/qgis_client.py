"""QGIS (PyQGIS, Debian's python3-qgis, headless) reading the registry's OGC API, for QgisTest.

Run with Debian's /usr/bin/python3. The API key, if any, is in the environment as REGISTRY_KEY; QGIS 3.22 has no
way to add a header of one's own to an OGC API - Features connection, so it goes as HTTP basic authentication with
the key as the password (the connection's user name and password, as a staff user fills them in the dialog).
Prints one JSON document on stdout; on any error prints {"error": ...} and exits with 2.

  qgis_client.py URL OUT_PNG COLLECTION...
      loads every COLLECTION as an "OAPIF" layer, reads all its features (QGIS pages through the next links by
      itself, PAGE_SIZE features a request), filters the blocks with a layer filter ("status" = 'LISTED'), then
      renders all the layers, blocks on top, coloured by status, into OUT_PNG over the blocks' extent in CGCS2000's
      Gauss-Kruger zone 38 (EPSG:4547, the corner tables' grid): QGIS reprojects the lon/lat it read.
"""
import json
import os
import sys
import traceback

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (Qgis, QgsApplication, QgsCategorizedSymbolRenderer, QgsCoordinateReferenceSystem,
                       QgsCoordinateTransform, QgsDataSourceUri, QgsFillSymbol, QgsMapRendererSequentialJob, QgsMapSettings,
                       QgsProject, QgsRectangle, QgsRendererCategory, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

STATUS_COLOURS = {"PLANNED": "#ff7f00", "LISTED": "#e31a1c", "GRANTED": "#1f78b4", "EXPIRED": "#6a3d9a",
                  "CANCELLED": "#b15928"}
# The property that names a feature, per collection: what the test compares with the server's items.
KEYS = {"mine-parcels": "id", "listings": "id", "red-lines": "code", "basic-farmland": "patchCode",
        "mountain-protection": "name", "planned-zones": "zoneCode"}
LAYER_COLOURS = {"red-lines": "#fb9a99", "basic-farmland": "#b2df8a", "mountain-protection": "#cab2d6",
                 "planned-zones": "#ffff99", "listings": "#a6cee3"}
SIZE = (1200, 900)
PAGE_SIZE = 200


def layer(url, collection, subset=None):
    uri = QgsDataSourceUri()
    uri.setParam("url", url)
    uri.setParam("typename", collection)
    uri.setParam("pagingEnabled", "true")
    uri.setParam("pageSize", str(PAGE_SIZE))
    key = os.environ.get("REGISTRY_KEY")
    if key:
        uri.setUsername("qgis")
        uri.setPassword(key)
    lyr = QgsVectorLayer(uri.uri(False), collection, "OAPIF")
    if not lyr.isValid():
        raise RuntimeError("QGIS found no valid layer %s at %s: %s" % (collection, url, lyr.error().summary()))
    if subset is not None and not lyr.setSubsetString(subset):
        raise RuntimeError("QGIS refused the filter %s" % subset)
    return lyr


def read(lyr):
    key = KEYS[lyr.name()]
    features = []
    for f in lyr.getFeatures():
        props = {"key": f[key], "valid": f.hasGeometry() and not f.geometry().isEmpty()}
        if lyr.name() == "mine-parcels":
            props.update({"code": f["code"], "status": f["status"]})
        features.append(props)
    e = lyr.extent()
    return {"crs": lyr.crs().authid(), "count": len(features), "features": features,
            "extent": [e.xMinimum(), e.yMinimum(), e.xMaximum(), e.yMaximum()]}


def fill(colour):
    return QgsFillSymbol.createSimple({"color": colour, "outline_color": colour, "outline_width": "0"})


def render(layers, blocks, out):
    categories = [QgsRendererCategory(s, fill(c), s) for s, c in STATUS_COLOURS.items()]
    blocks.setRenderer(QgsCategorizedSymbolRenderer("status", categories))
    for lyr in layers:
        if lyr is not blocks:
            lyr.renderer().setSymbol(fill(LAYER_COLOURS.get(lyr.name(), "#cccccc")))
    crs = QgsCoordinateReferenceSystem("EPSG:4547")
    e = QgsCoordinateTransform(blocks.crs(), crs, QgsProject.instance()).transformBoundingBox(blocks.extent())
    margin = max(e.width(), e.height()) * 0.05
    extent = QgsRectangle(e.xMinimum() - margin, e.yMinimum() - margin, e.xMaximum() + margin, e.yMaximum() + margin)
    settings = QgsMapSettings()
    settings.setDestinationCrs(crs)
    settings.setOutputSize(QSize(*SIZE))
    settings.setBackgroundColor(QColor("#ffffff"))
    settings.setExtent(extent)
    settings.setFlag(QgsMapSettings.Antialiasing, False)
    # Drawn last to first: the blocks over the protected layers.
    settings.setLayers([blocks] + [lyr for lyr in layers if lyr is not blocks])
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    if job.errors():
        raise RuntimeError("rendering failed: %s" % [(x.layerID, x.message) for x in job.errors()])
    job.renderedImage().save(out, "PNG")
    v = settings.visibleExtent()
    return {"png": out, "width": SIZE[0], "height": SIZE[1], "crs": settings.destinationCrs().authid(),
            "extent": [v.xMinimum(), v.yMinimum(), v.xMaximum(), v.yMaximum()], "colours": STATUS_COLOURS,
            "layerColours": LAYER_COLOURS}


def main(argv):
    url, out, collections = argv[1], argv[2], argv[3:]
    app = QgsApplication([], False)
    app.initQgis()
    layers = [layer(url, c) for c in collections]
    result = {"qgis": Qgis.QGIS_VERSION, "pageSize": PAGE_SIZE, "collections": {lyr.name(): read(lyr) for lyr in layers}}
    listed = layer(url, "mine-parcels", "\"status\" = 'LISTED'")
    result["listed"] = sorted(f["key"] for f in read(listed)["features"])
    blocks = next(lyr for lyr in layers if lyr.name() == "mine-parcels")
    result["render"] = render(layers, blocks, out)
    return result


if __name__ == "__main__":
    # The process ends with os._exit: QgsApplication.exitQgis() crashes 3.22's Python bindings on the way out
    # (exit 139) once an OAPIF layer has run, and there is nothing left to save.
    try:
        print(json.dumps(main(sys.argv), ensure_ascii=False, default=str))
        code = 0
    except Exception as e:  # the test shows what QGIS said
        print(json.dumps({"error": "%s: %s" % (type(e).__name__, e), "trace": traceback.format_exc()}))
        code = 2
    sys.stdout.flush()
    os._exit(code)
