// The staff map of the Zhumadian mining-rights registry. Everything it loads comes from this server: OpenLayers
// and proj4 from /webjars/, tiles from /ogc/tiles, data from /graphql, each with the key entered in the page.
'use strict';
(() => {
  // ---------------------------------------------------------------- constants

  /** sessionStorage, not localStorage: a staff key is a credential, and it should end with the tab. */
  const KEY_STORAGE = 'zmd-registry-api-key';
  /** OGC API - Tiles: /tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}, i.e. z, then y (row), then x (column). */
  const TILE_URL = '/ogc/tiles/WebMercatorQuad/{z}/{y}/{x}';
  /** Tiles of the basic-farmland layer are served from this zoom on (the layer has millions of patches). */
  const FARMLAND_MIN_ZOOM = 12;
  const CENTRE_LON_LAT = [114.0, 33.0];
  const MAX_TILE_ZOOM = 16;

  /** Fill colours of blocks by status: opaque, so a block's colour can be read wherever it is. */
  const STATUS = {
    PLANNED: {colour: '#6741d9', label: '规划 Planned'},
    LISTED: {colour: '#f76707', label: '挂牌 Listed'},
    GRANTED: {colour: '#1971c2', label: '已出让 Granted'},
    EXPIRED: {colour: '#868e96', label: '已到期 Expired'},
    CANCELLED: {colour: '#343a40', label: '已注销 Cancelled'},
  };
  /** The protected layers: translucent fills over the blocks, so a conflict shows through. */
  const LAYERS = {
    'planned-zones': {fill: [12, 166, 120, 0.15], stroke: '#0ca678', width: 1.5, dash: [6, 4], z: 1},
    'mine-parcels': {z: 2},
    'basic-farmland': {fill: [250, 204, 21, 0.6], stroke: 'rgba(200, 150, 0, 0.9)', width: 0.5, z: 3},
    'mountain-protection': {fill: [156, 102, 68, 0.45], stroke: '#7f5539', width: 1, z: 4},
    'red-lines': {fill: [224, 49, 49, 0.5], stroke: '#c92a2a', width: 1.5, z: 5},
    'listings': {fill: null, stroke: '#d6336c', width: 2.5, dash: [4, 3], z: 6},
  };
  const HIGHLIGHT = {fill: [255, 0, 255, 0.6], stroke: '#a61e4d'};
  const RULES = {
    RED_LINE: '生态保护红线 Red line',
    BASIC_FARMLAND: '永久基本农田 Basic farmland',
    MOUNTAIN_PROTECTION: '山体保护名录 Mountain protection',
    OTHER_MINING_RIGHT: '其他矿业权 Other blocks',
    PLANNED_ZONE: '规划开采区 Planned zone',
  };
  const VERDICTS = {CLEAR: '无冲突 clear', CONFLICT: '有冲突 conflict', NO_DATA: '无数据 no data'};

  proj4.defs('EPSG:4490', '+proj=longlat +ellps=GRS80 +no_defs +type=crs');
  proj4.defs('EPSG:4547', '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs +type=crs');
  ol.proj.proj4.register(proj4);

  // ---------------------------------------------------------------- small helpers

  const $ = (id) => document.getElementById(id);
  const rgba = (c) => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${c[3]})`;
  const nf = (digits) => new Intl.NumberFormat('zh-CN', {minimumFractionDigits: digits, maximumFractionDigits: digits});
  const m2 = nf(1);
  const mu = nf(2);

  /** An element with attributes (class, data-*, …) and children (strings become text, never HTML). */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) e.setAttribute(k, v);
    }
    for (const c of children.flat()) {
      if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    }
    return e;
  }

  function showMessage(text, kind) {
    const m = $('message');
    m.hidden = !text;
    m.textContent = text || '';
    m.dataset.kind = kind || 'error';
  }

  function setState(state) {
    document.body.dataset.state = state;
  }

  // ---------------------------------------------------------------- the key and the API

  let apiKey = sessionStorage.getItem(KEY_STORAGE) || '';

  class ApiError extends Error {
    constructor(message, code) {
      super(message);
      this.code = code;
    }
  }

  /** Plain words for what the server said. */
  function plainError(code, message, status) {
    switch (code) {
      case 'UNAUTHENTICATED':
        return 'The server did not accept this API key: it may be mistyped, revoked or expired. Enter the key again.';
      case 'FORBIDDEN':
        return 'This key may not see that: the map needs a staff key (STAFF_VIEWER or STAFF_EDITOR).';
      case 'RATE_LIMITED':
        return 'Too many requests from this key for now. Wait a moment and try again.';
      case 'TIMEOUT':
      case 'DATABASE_UNAVAILABLE':
        return 'The server is busy or its database is not answering. Try again shortly.';
      case 'INVALID_GEOMETRY':
        return 'The server cannot use this shape: ' + message;
      case 'BAD_USER_INPUT':
      case 'BAD_REQUEST':
        return 'The server could not use this: ' + message;
      default:
        return message || ('The server answered with HTTP status ' + status + '.');
    }
  }

  async function graphql(query, variables, key) {
    const headers = {'Content-Type': 'application/json', 'Accept': 'application/json'};
    const k = key === undefined ? apiKey : key;
    if (k) headers.Authorization = 'Bearer ' + k;
    let response;
    try {
      response = await fetch('/graphql', {method: 'POST', headers, body: JSON.stringify({query, variables})});
    } catch (e) {
      throw new ApiError('The server cannot be reached. Is it running?', 'NETWORK');
    }
    let body;
    try {
      body = await response.json();
    } catch (e) {
      throw new ApiError('The server answered with HTTP status ' + response.status + ' and no readable answer.', 'HTTP');
    }
    if (body.errors && body.errors.length) {
      const first = body.errors[0];
      const code = first.extensions && first.extensions.code;
      throw new ApiError(plainError(code, first.message, response.status), code);
    }
    return body.data;
  }

  // ---------------------------------------------------------------- map and layers

  const visible = {};
  document.querySelectorAll('#layers input[data-layer]').forEach((box) => { visible[box.dataset.layer] = box.checked; });

  const styleCache = {};
  function cachedStyle(name, make) {
    return styleCache[name] || (styleCache[name] = make());
  }

  function layerStyle(layerName) {
    const s = LAYERS[layerName];
    return cachedStyle(layerName, () => new ol.style.Style({
      fill: s.fill ? new ol.style.Fill({color: rgba(s.fill)}) : undefined,
      stroke: new ol.style.Stroke({color: s.stroke, width: s.width, lineDash: s.dash}),
      image: new ol.style.Circle({radius: 5, stroke: new ol.style.Stroke({color: s.stroke, width: 2}),
        fill: s.fill ? new ol.style.Fill({color: rgba(s.fill)}) : undefined}),
      zIndex: s.z,
    }));
  }

  function blockStyle(status) {
    const s = STATUS[status] || {colour: '#000000'};
    return cachedStyle('block:' + status, () => new ol.style.Style({
      fill: new ol.style.Fill({color: s.colour}),
      stroke: new ol.style.Stroke({color: 'rgba(0, 0, 0, 0.7)', width: 1}),
      zIndex: LAYERS['mine-parcels'].z,
    }));
  }

  function tileStyle(feature) {
    const layer = feature.get('layer');
    if (!visible[layer]) return null;
    if (layer === 'mine-parcels') return blockStyle(feature.get('status'));
    return LAYERS[layer] ? layerStyle(layer) : null;
  }

  const mvt = new ol.format.MVT();
  let tileFailures = 0;
  let tileFailure = '';

  /** Fetches a tile with the key in the Authorization header (an <img>-style URL cannot carry it). */
  function loadTile(tile, url) {
    tile.setLoader((extent, resolution, projection) => {
      const headers = apiKey ? {Authorization: 'Bearer ' + apiKey} : {};
      fetch(url, {headers})
        .then(async (response) => {
          // An empty tile is a 200 with an empty body.
          if (!response.ok) {
            let code = null;
            // The OGC API's errors are {code, description}.
            try { code = (await response.json()).code || null; } catch (e) { /* not JSON */ }
            throw new ApiError(plainError(code, null, response.status), code);
          }
          return response.arrayBuffer();
        })
        .then((buffer) => {
          tile.setFeatures(buffer.byteLength ? mvt.readFeatures(buffer, {extent, featureProjection: projection}) : []);
        })
        .catch((e) => {
          tileFailures++;
          tileFailure = e.message;
          tile.setState(3); // TileState.ERROR
          if (e.code === 'UNAUTHENTICATED') forgetKey(e.message);
          else showMessage(tileFailures + ' map tile(s) could not be loaded. ' + e.message);
        });
    });
  }

  const tileSource = new ol.source.VectorTile({
    format: mvt,
    // 256-pixel tiles, as WebMercatorQuad defines them: tile zoom = view zoom, as the server's minimum zooms mean.
    tileGrid: ol.tilegrid.createXYZ({maxZoom: MAX_TILE_ZOOM, tileSize: 256}),
    tileUrlFunction: (c) => TILE_URL.replace('{z}', c[0]).replace('{x}', c[1]).replace('{y}', c[2]),
    tileLoadFunction: loadTile,
    transition: 0,
  });
  const tileLayer = new ol.layer.VectorTile({source: tileSource, style: tileStyle, renderMode: 'hybrid', visible: false});

  const countySource = new ol.source.Vector();
  const countyLayer = new ol.layer.Vector({
    source: countySource,
    style: (f) => new ol.style.Style({
      stroke: new ol.style.Stroke({color: '#9aa0a6', width: 1.2, lineDash: [8, 4, 2, 4]}),
      text: new ol.style.Text({text: f.get('name'), font: '13px sans-serif', fill: new ol.style.Fill({color: '#6c757d'}),
        stroke: new ol.style.Stroke({color: '#f5f3ee', width: 3}), overflow: false}),
    }),
  });

  const highlightSource = new ol.source.Vector();
  const highlightLayer = new ol.layer.Vector({
    source: highlightSource,
    style: new ol.style.Style({
      fill: new ol.style.Fill({color: rgba(HIGHLIGHT.fill)}),
      stroke: new ol.style.Stroke({color: HIGHLIGHT.stroke, width: 2}),
    }),
  });
  const selectedSource = new ol.source.Vector();
  const selectedLayer = new ol.layer.Vector({
    source: selectedSource,
    style: new ol.style.Style({stroke: new ol.style.Stroke({color: '#000000', width: 3})}),
  });
  const proposalSource = new ol.source.Vector();
  const proposalLayer = new ol.layer.Vector({
    source: proposalSource,
    style: new ol.style.Style({
      fill: new ol.style.Fill({color: 'rgba(0, 0, 0, 0.04)'}),
      stroke: new ol.style.Stroke({color: '#000000', width: 2, lineDash: [8, 5]}),
    }),
  });

  const map = new ol.Map({
    target: 'map',
    layers: [countyLayer, tileLayer, highlightLayer, proposalLayer, selectedLayer],
    view: new ol.View({center: ol.proj.fromLonLat(CENTRE_LON_LAT), zoom: 9, minZoom: 6, maxZoom: 19}),
  });
  map.addControl(new ol.control.ScaleLine());

  let renders = 0;
  map.on('movestart', () => setState(apiKey ? 'loading' : 'no-key'));
  map.on('rendercomplete', () => {
    renders++;
    if (apiKey && tileLayer.getVisible()) setState('ready');
  });
  map.getView().on('change:resolution', updateFarmlandHint);

  function updateFarmlandHint() {
    $('farmland-zoom').hidden = (map.getView().getZoom() || 0) >= FARMLAND_MIN_ZOOM;
  }
  updateFarmlandHint();

  function refreshLayers() {
    setState('loading');
    tileLayer.changed();
    map.render();
  }

  document.querySelectorAll('#layers input[data-layer]').forEach((box) => box.addEventListener('change', () => {
    visible[box.dataset.layer] = box.checked;
    if (box.dataset.layer === 'counties') countyLayer.setVisible(box.checked);
    refreshLayers();
  }));

  // Legend swatches from the same colours as the styles.
  for (const [status, s] of Object.entries(STATUS)) {
    $('status-legend').append(el('li', {}, el('i', {class: 'swatch', style: `background:${s.colour}`}), ' ' + s.label));
  }
  document.querySelectorAll('[data-swatch]').forEach((sw) => {
    const name = sw.dataset.swatch;
    const s = LAYERS[name];
    if (name === 'counties') {
      sw.style.border = '1px dashed #9aa0a6';
    } else if (s) {
      sw.style.background = s.fill ? rgba(s.fill) : 'transparent';
      sw.style.border = `2px ${s.dash ? 'dashed' : 'solid'} ${s.stroke}`;
    }
  });

  // ---------------------------------------------------------------- pointer readout

  const fmt6 = (v) => v.toFixed(6);
  const fmt3 = (v) => v.toFixed(3);
  map.on('pointermove', (evt) => {
    if (evt.dragging) return;
    const [lon, lat] = proj4('EPSG:3857', 'EPSG:4490', evt.coordinate);
    const [easting, northing] = proj4('EPSG:4490', 'EPSG:4547', [lon, lat]);
    $('lon').textContent = fmt6(lon) + '°E';
    $('lat').textContent = fmt6(lat) + '°N';
    $('gk-x').textContent = fmt3(northing);
    $('gk-y').textContent = fmt3(easting);
    const hit = !drawing && map.getFeaturesAtPixel(evt.pixel, {layerFilter: (l) => l === tileLayer})
      .some((f) => f.get('layer') === 'mine-parcels');
    map.getTargetElement().style.cursor = hit ? 'pointer' : '';
  });

  // ---------------------------------------------------------------- the key

  async function useKey(key) {
    showMessage('');
    setState('checking-key');
    let who;
    try {
      who = (await graphql('{ whoAmI { role name } }', null, key)).whoAmI;
    } catch (e) {
      forgetKey(e.message);
      return;
    }
    if (who.role === 'PUBLIC') {
      forgetKey('Enter an API key: without one the registry shows nothing of the staff layers.');
      return;
    }
    apiKey = key;
    sessionStorage.setItem(KEY_STORAGE, key);
    $('key-form').hidden = true;
    $('whoami').hidden = false;
    $('whoami-text').textContent = `${who.name} (${who.role})`;
    if (who.role !== 'STAFF_VIEWER' && who.role !== 'STAFF_EDITOR') {
      showMessage('This is a ' + who.role + ' key: the protected layers and overlap checks are shown to staff keys only.', 'warning');
    }
    tileFailures = 0;
    setState('loading');
    tileSource.refresh();
    tileLayer.setVisible(true);
    loadCounties();
  }

  function forgetKey(message) {
    apiKey = '';
    sessionStorage.removeItem(KEY_STORAGE);
    tileLayer.setVisible(false);
    $('key-form').hidden = false;
    $('whoami').hidden = true;
    $('key').value = '';
    setState('no-key');
    showMessage(message);
  }

  async function loadCounties() {
    try {
      const data = await graphql('{ counties { code name boundary(precision: 6) } }');
      const geojson = new ol.format.GeoJSON();
      countySource.clear();
      countySource.addFeatures(data.counties.map((c) => new ol.Feature({
        name: c.name,
        code: c.code,
        geometry: geojson.readGeometry(c.boundary, {dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857'}),
      })));
    } catch (e) {
      // The boundaries are a backdrop only: the map works without them.
      console.warn('county boundaries', e);
    }
  }

  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const key = $('key').value.trim();
    if (!key) {
      showMessage('Paste your API key first (make key prints one; ask the registry administrator for yours).');
      return;
    }
    useKey(key);
  });
  $('key-change').addEventListener('click', () => forgetKey(''));

  // ---------------------------------------------------------------- overlap reports

  const geojsonFormat = new ol.format.GeoJSON();
  const REPORT = `
    verdict blockAreaM2 blockAreaMu toleranceM2
    rules {
      rule verdict summary featureCount conflictCount conflictAreaM2 conflictAreaMu
      features { id code name kind areaM2 areaMu sharePercent sliver intersection(precision: 8) }
      outsideGeometry(precision: 8)
    }`;

  function readGeometry(geojson) {
    return geojsonFormat.readGeometry(geojson, {dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857'});
  }

  /** The conflicts of a report on the map: overlaps above the tolerance, and the part outside every planned zone. */
  function highlight(report) {
    highlightSource.clear();
    for (const r of report.rules) {
      if (r.verdict !== 'CONFLICT') continue;
      if (r.rule === 'PLANNED_ZONE') {
        if (r.outsideGeometry) highlightSource.addFeature(new ol.Feature({rule: r.rule, geometry: readGeometry(r.outsideGeometry)}));
        continue;
      }
      for (const f of r.features) {
        if (!f.sliver && f.intersection) {
          highlightSource.addFeature(new ol.Feature({rule: r.rule, code: f.code, geometry: readGeometry(f.intersection)}));
        }
      }
    }
  }

  function verdictLine(verdict) {
    return el('p', {class: 'verdict', 'data-verdict': verdict}, 'Verdict 结论: ', el('b', {class: 'verdict-code'}, verdict),
      ' ', VERDICTS[verdict] || '');
  }

  function reportView(report) {
    const rows = report.rules.map((r) => el('tr', {'data-rule': r.rule, 'data-verdict': r.verdict},
      el('th', {}, RULES[r.rule] || r.rule),
      el('td', {class: 'rule-verdict'}, el('span', {class: 'badge', 'data-verdict': r.verdict}, r.verdict)),
      el('td', {}, r.summary,
        r.features.filter((f) => !f.sliver && r.verdict === 'CONFLICT' && r.rule !== 'PLANNED_ZONE').slice(0, 5)
          .map((f) => el('div', {class: 'feature'}, `${f.code || f.name || f.id}: ${m2.format(f.areaM2)} m² (${mu.format(f.areaMu)} 亩)`)))));
    return el('div', {class: 'report'}, verdictLine(report.verdict),
      el('table', {class: 'rules'}, rows),
      el('p', {class: 'note'}, `Overlaps up to ${report.toleranceM2} m² are slivers, reported but not conflicts. Conflicts are drawn in magenta.`));
  }

  // ---------------------------------------------------------------- a block

  const BLOCK_QUERY = `query Block($id: ID!) {
    mineParcel(id: $id) {
      id code name status county { name } areaM2 areaMu areaKm2
      reserves { mineral quantity unit category }
      geometry(precision: 8)
      overlapCheck { ${REPORT} }
    }
  }`;

  async function openBlock(id) {
    const section = $('block-section');
    const box = $('block');
    section.hidden = false;
    section.dataset.state = 'loading';
    highlightSource.clear();
    box.replaceChildren(el('p', {}, 'Loading the block and its overlap check…'));
    try {
      const p = (await graphql(BLOCK_QUERY, {id})).mineParcel;
      if (!p) throw new ApiError('This block is not in the register any more (or this key may not see it).');
      selectedSource.clear();
      selectedSource.addFeature(new ol.Feature({geometry: readGeometry(p.geometry)}));
      highlight(p.overlapCheck);
      const minerals = [...new Set(p.reserves.map((r) => r.mineral))];
      box.replaceChildren(
        el('table', {class: 'details'},
          el('tr', {}, el('th', {}, 'Code 编号'), el('td', {class: 'code'}, p.code)),
          el('tr', {}, el('th', {}, 'Name 名称'), el('td', {}, p.name)),
          el('tr', {}, el('th', {}, 'County 县区'), el('td', {}, p.county.name)),
          el('tr', {}, el('th', {}, 'Status 状态'), el('td', {'data-status': p.status},
            el('i', {class: 'swatch', style: `background:${(STATUS[p.status] || {}).colour}`}), ' ', p.status, ' ',
            (STATUS[p.status] || {}).label || '')),
          el('tr', {}, el('th', {}, 'Area 面积'), el('td', {}, `${m2.format(p.areaM2)} m²`, el('br'),
            `${mu.format(Number(p.areaMu))} 亩 · ${p.areaKm2} km²`)),
          el('tr', {}, el('th', {}, 'Minerals 矿种'), el('td', {}, minerals.join('、') || '–'))),
        el('h3', {}, 'Overlap check 压覆检查'),
        reportView(p.overlapCheck));
      section.dataset.state = 'ready';
    } catch (e) {
      box.replaceChildren(el('p', {class: 'error'}, e.message));
      section.dataset.state = 'error';
    }
    section.scrollIntoView({block: 'nearest'});
  }

  function closeBlock() {
    $('block-section').hidden = true;
    selectedSource.clear();
    highlightSource.clear();
  }

  $('block-close').addEventListener('click', closeBlock);

  map.on('singleclick', (evt) => {
    if (drawing || !apiKey) return;
    const block = map.getFeaturesAtPixel(evt.pixel, {layerFilter: (l) => l === tileLayer, hitTolerance: 1})
      .find((f) => f.get('layer') === 'mine-parcels');
    if (block) openBlock(block.get('id') || block.getId());
  });

  // ---------------------------------------------------------------- a proposed block

  let drawing = null;

  function clearProposal() {
    closeBlock();
    proposalSource.clear();
    highlightSource.clear();
    $('proposal').replaceChildren();
    delete $('proposal').dataset.state;
  }

  $('draw').addEventListener('click', () => {
    if (drawing) {
      map.removeInteraction(drawing);
      drawing = null;
      $('draw').textContent = 'Draw polygon';
      return;
    }
    clearProposal();
    drawing = new ol.interaction.Draw({source: proposalSource, type: 'Polygon', stopClick: true});
    drawing.on('drawend', (evt) => {
      map.removeInteraction(drawing);
      // The click that closes the ring must not also open a block underneath.
      setTimeout(() => { drawing = null; }, 300);
      $('draw').textContent = 'Draw polygon';
      const polygon = evt.feature.getGeometry();
      $('corners').value = cornerTableOf(polygon);
      const geojson = geojsonFormat.writeGeometryObject(polygon, {dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857', decimals: 8});
      precheck({geojson, srid: 4326}, 'the polygon you drew');
    });
    map.addInteraction(drawing);
    $('draw').textContent = 'Cancel drawing';
    $('proposal').replaceChildren(el('p', {}, 'Click the corners on the map; double-click the last one to finish.'));
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && drawing) $('draw').click();
  });
  $('clear-proposal').addEventListener('click', () => {
    clearProposal();
    $('corners').value = '';
  });

  /** The corner table (no, X northing, Y easting in EPSG:4547) of a drawn polygon's outer ring. */
  function cornerTableOf(polygon) {
    const ring = polygon.getCoordinates()[0].slice(0, -1);
    return ring.map((c, i) => {
      const [e, n] = proj4('EPSG:3857', 'EPSG:4547', c);
      return `${i + 1}, ${n.toFixed(3)}, ${e.toFixed(3)}`;
    }).join('\n');
  }

  class TableError extends Error {}

  /**
   * Reads a corner table: one corner a line as "no, X, Y" (or "X, Y"), X the northing and Y the easting in
   * EPSG:4547 metres, Y with or without the zone prefix 38. A blank line starts another part of the block.
   * Returns {zonePrefixed, rings: [{points: [{no, x, y}]}]} as the API's CornerPointTableInput.
   */
  function parseCornerTable(text) {
    const rings = [];
    let points = [];
    const lines = text.split(/\r?\n/);
    const endRing = () => {
      if (!points.length) return;
      const first = points[0];
      const last = points[points.length - 1];
      if (points.length > 1 && first.x === last.x && first.y === last.y) points.pop(); // the closing corner, repeated
      if (points.length < 3) {
        throw new TableError(`A ring needs at least 3 different corners; the one ending at line ${points[points.length - 1].line} has ${points.length}.`);
      }
      rings.push(points);
      points = [];
    };
    lines.forEach((raw, i) => {
      const line = raw.trim();
      const n = i + 1;
      if (!line) { endRing(); return; }
      if (!/\d/.test(line)) return; // a heading such as "点号 X Y"
      const cells = line.split(/[\s,;，；、]+/).filter(Boolean);
      let no = null;
      let xs;
      let ys;
      if (cells.length === 3) {
        const digits = cells[0].match(/\d+/);
        if (!digits) throw new TableError(`Line ${n}: the point number "${cells[0]}" has no digits.`);
        no = Number(digits[0]);
        [, xs, ys] = cells;
      } else if (cells.length === 2) {
        [xs, ys] = cells;
      } else {
        throw new TableError(`Line ${n}: expected "no, X, Y" (point number, northing, easting), found ${cells.length} value(s): "${line}".`);
      }
      const x = Number(xs);
      const y = Number(ys);
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        throw new TableError(`Line ${n}: X and Y must be numbers in metres, found "${xs}" and "${ys}".`);
      }
      const easting = y >= 38e6 ? y - 38e6 : y;
      if (x > 0 && x < 1e6 && y >= 2e6 && y < 1e7) {
        throw new TableError(`Line ${n}: X and Y look swapped. X is the northing (about 3 600 000 m here) and comes first; Y is the easting (about 450 000 m).`);
      }
      if (!(easting > 0 && easting < 1e6)) {
        throw new TableError(`Line ${n}: Y = ${ys} is not an easting of zone 38 (about 450 000 m, or 38 450 000 with the zone prefix).`);
      }
      if (!(x > 2e6 && x < 6e6)) {
        throw new TableError(`Line ${n}: X = ${xs} is not a northing in Zhumadian (about 3 600 000 m).`);
      }
      points.push({no, x, y, line: n, prefixed: y >= 38e6});
    });
    endRing();
    if (!rings.length) throw new TableError('The table has no corners. Paste one corner a line: no, X, Y.');
    const all = rings.flat();
    const prefixed = all[0].prefixed;
    const mixed = all.find((p) => p.prefixed !== prefixed);
    if (mixed) {
      throw new TableError(`Line ${mixed.line}: some Y values carry the zone prefix 38 and some do not; write them all the same way.`);
    }
    return {
      zonePrefixed: prefixed,
      rings: rings.map((r) => ({points: r.map((p) => (p.no === null ? {x: p.x, y: p.y} : {no: p.no, x: p.x, y: p.y}))})),
    };
  }

  /** The proposed block in map coordinates, for drawing it: from the table's EPSG:4547 (or 4526) corners. */
  function polygonOfTable(table) {
    const offset = table.zonePrefixed ? 38e6 : 0;
    const rings = table.rings.map((r) => {
      const ring = r.points.map((p) => proj4('EPSG:4547', 'EPSG:3857', [p.y - offset, p.x]));
      ring.push(ring[0]);
      return ring;
    });
    return new ol.geom.MultiPolygon(rings.map((r) => [r]));
  }

  $('check-corners').addEventListener('click', () => {
    clearProposal();
    let table;
    try {
      table = parseCornerTable($('corners').value);
    } catch (e) {
      if (!(e instanceof TableError)) throw e;
      $('proposal').dataset.state = 'error';
      $('proposal').replaceChildren(el('p', {class: 'error'}, 'The corner table cannot be read. ' + e.message));
      $('proposal').scrollIntoView({block: 'nearest'});
      return;
    }
    const geometry = polygonOfTable(table);
    proposalSource.addFeature(new ol.Feature({geometry}));
    map.getView().fit(geometry, {padding: [60, 60, 60, 60], maxZoom: 15, duration: 0});
    precheck({cornerPoints: table}, `the corner table (${table.rings.reduce((n, r) => n + r.points.length, 0)} corners)`);
  });

  const PRECHECK_QUERY = `query Precheck($geometry: GeometryInput!) { overlapCheck(geometry: $geometry) { ${REPORT} } }`;

  async function precheck(geometry, what) {
    const box = $('proposal');
    if (!apiKey) {
      box.dataset.state = 'error';
      box.replaceChildren(el('p', {class: 'error'}, 'Enter your API key first: the pre-check is for staff.'));
      return;
    }
    box.dataset.state = 'loading';
    box.replaceChildren(el('p', {}, `Checking ${what}…`));
    try {
      const report = (await graphql(PRECHECK_QUERY, {geometry})).overlapCheck;
      highlight(report);
      box.replaceChildren(el('p', {}, `Proposed block, ${what}: ${m2.format(report.blockAreaM2)} m² (${mu.format(report.blockAreaMu)} 亩).`),
        reportView(report));
      box.dataset.state = 'ready';
    } catch (e) {
      box.replaceChildren(el('p', {class: 'error'}, e.message));
      box.dataset.state = 'error';
    }
    box.scrollIntoView({block: 'nearest'});
  }

  // ---------------------------------------------------------------- start

  /** For tests and the curious: the map, and its layers by role. Nothing here is needed by the page itself. */
  window.registryMap = {
    map, tileLayer, tileSource, highlightSource, proposalSource, parseCornerTable,
    get renders() { return renders; },
    get tileFailures() { return tileFailures; },
    get tileFailure() { return tileFailure; },
  };

  if (apiKey) {
    useKey(apiKey);
  } else {
    setState('no-key');
    showMessage('Enter your staff API key to see the map layers.', 'info');
  }
})();
