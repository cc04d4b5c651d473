// The corridor web map: compare corridors between two places, on a map served offline.
// Data come from the corridor REST API of the same server (/v1/...); nothing is fetched
// from elsewhere. MapLibre GL JS (BSD-3-Clause) draws the map.
import maplibregl from "maplibre-gl";

/** Okabe-Ito: colour-blind-safe, one colour per option (black last). */
const PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442", "#000000"];
// the library's corridor.routing.families.FAMILY_LABELS
const LABELS = {
  northern: "Northern", middle_black_sea: "Middle/Black Sea", middle_turkiye: "Middle/Türkiye",
  middle: "Middle", southern: "Southern", sea_suez: "Sea/Suez", sea_cape: "Sea/Cape",
  sea_direct: "Sea/direct", central_asia: "Central Asia", other: "Other",
};
const TERMINALS = new Set(["city", "port", "dry_port", "rail_terminal"]);
const EMPTY = { type: "FeatureCollection", features: [] };
const $ = (id) => document.getElementById(id);

const state = {
  options: [],          // the compare JSON's options
  selected: null,       // index of the selected option
  leg: null,            // [option, leg] highlighted
  networks: new Map(),  // scenario key -> {links: Map(id -> coordinates), passages: []}
  map: null,
  mapReady: false,
  drawn: 0,             // options drawn on the map
  busy: false,
  query: null,          // URLSearchParams of the last comparison
  flows: null,          // {links, nodes, bottlenecks, scenarios} of the last assignment
  demand: null,         // the demand text of the last assignment
  selectLink: null,     // [id, rows] of the last select-link job
  jobBusy: false,
};

function label(corridor) { return LABELS[corridor] || corridor; }
function fmt(x, digits = 0) {
  return typeof x === "number" && Number.isFinite(x)
    ? x.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : "–";
}
function esc(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
function status(text, error = false) {
  const el = $("status");
  el.textContent = text;
  el.classList.toggle("error", error);
}

async function getJSON(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await res.json(); } catch { body = null; }
  if (!res.ok) throw new Error((body && body.detail) || `${res.status} ${res.statusText}`);
  const notes = res.headers.get("Corridor-Notes");
  return { body, notes: notes ? JSON.parse(notes) : [] };
}

// ---------------------------------------------------------------- the form and the URL

function checked(fieldset) {
  return [...$(fieldset).querySelectorAll("input:checked")].map((i) => i.value);
}

function formQuery() {
  const q = new URLSearchParams();
  q.set("origin", $("origin").value.trim());
  q.set("destination", $("destination").value.trim());
  q.set("cargo", $("cargo").value);
  for (const id of ["month", "date"]) if ($(id).value) q.set(id, $(id).value);
  for (const s of checked("scenarios")) q.append("scenario", s);
  for (const c of checked("passages")) q.append("close", c);
  const avoid = $("avoid").value.split(/[\s,;]+/).filter(Boolean).map((c) => c.toUpperCase());
  if (avoid.length) q.set("avoid_country", avoid.join(","));
  return q;
}

function extras() {
  const deadline = Number($("deadline").value);
  const value = Number($("value").value);
  return { deadline: deadline > 0 ? deadline : null, value: value > 0 ? value : null };
}

function shareHash(q) {
  const h = new URLSearchParams(q);
  const { deadline, value } = extras();
  if (deadline) h.set("deadline", String(deadline));
  if (value) h.set("value", String(value));
  return "#" + h.toString();
}

function restore(hash) {
  const h = new URLSearchParams(hash.replace(/^#/, ""));
  if (!h.get("origin") || !h.get("destination")) return false;
  for (const id of ["origin", "destination", "cargo", "month", "date", "deadline", "value"]) {
    if (h.has(id)) $(id).value = h.get(id);
  }
  if (h.has("avoid_country")) $("avoid").value = h.get("avoid_country");
  const want = { scenarios: h.getAll("scenario"), passages: h.getAll("close") };
  for (const [box, values] of Object.entries(want)) {
    for (const input of $(box).querySelectorAll("input")) input.checked = values.includes(input.value);
  }
  if (want.scenarios.length || want.passages.length || h.has("avoid_country")) $("levers").open = true;
  return true;
}

// ---------------------------------------------------------------- suggestions

function suggest(input) {
  const list = $(input.getAttribute("list"));
  let timer = 0;
  let last = "";
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = input.value.trim();
      if (text.length < 2 || text === last) return;
      last = text;
      try {
        const { body } = await getJSON(`/v1/places?limit=10&q=${encodeURIComponent(text)}`);
        list.replaceChildren(...body.items.filter((p) => TERMINALS.has(p.kind)).map((p) => {
          const o = document.createElement("option");
          o.value = p.name;
          o.label = `${p.name} (${p.country}, ${p.kind.replace("_", " ")})`;
          return o;
        }));
      } catch { /* no suggestions: typing still works */ }
    }, 150);
  });
}

// ---------------------------------------------------------------- map

const STYLE = {
  version: 8,
  sources: {
    countries: { type: "geojson", data: "/v1/map/basemap", attribution: "Natural Earth (public domain)" },
    network: { type: "geojson", data: EMPTY },
    routes: { type: "geojson", data: EMPTY, attribution: "corridor network (sources in the report)" },
    leg: { type: "geojson", data: EMPTY },
    flows: { type: "geojson", data: EMPTY },
    hot: { type: "geojson", data: EMPTY },
  },
  layers: [
    { id: "sea", type: "background", paint: { "background-color": "#cfe2f0" } },
    { id: "land", type: "fill", source: "countries", paint: { "fill-color": "#f3f0e8" } },
    { id: "borders", type: "line", source: "countries", paint: { "line-color": "#bdb6a6", "line-width": 0.6 } },
    {
      id: "network", type: "line", source: "network", filter: ["==", ["get", "layer"], "link"],
      paint: {
        "line-color": ["match", ["get", "mode"], "sea", "#7ea7c4", "#8c8c8c"],
        "line-width": 1, "line-opacity": 0.55,
      },
    },
    {
      id: "flows", type: "line", source: "flows",
      layout: { "line-cap": "round", "line-join": "round" },
      paint: {
        "line-width": ["get", "width"], "line-opacity": 0.85,
        "line-color": ["case", ["<", ["get", "vc"], 0], "#7f7f7f",
          ["step", ["get", "vc"], "#0072B2", 0.7, "#E69F00", 0.9, "#D55E00"]],
      },
    },
    {
      id: "routes-casing", type: "line", source: "routes",
      layout: { "line-join": "round", "line-cap": "round" },
      paint: {
        "line-color": "#ffffff", "line-offset": ["get", "offset"],
        "line-width": ["case", ["get", "selected"], 9, 5.5],
      },
    },
    {
      id: "routes", type: "line", source: "routes",
      layout: { "line-join": "round", "line-cap": "round", "line-sort-key": ["get", "sort"] },
      paint: {
        "line-color": ["get", "colour"], "line-offset": ["get", "offset"],
        "line-width": ["case", ["get", "selected"], 6, 3.5],
        "line-opacity": ["case", ["get", "dimmed"], 0.35, 1],
      },
    },
    {
      id: "leg", type: "line", source: "leg",
      layout: { "line-cap": "round" },
      paint: { "line-color": "#000000", "line-width": 10, "line-opacity": 0.45 },
    },
    {
      id: "places", type: "circle", source: "network",
      filter: ["all", ["==", ["get", "layer"], "node"], ["in", ["get", "kind"], ["literal", ["port", "dry_port", "rail_terminal", "city"]]]],
      paint: { "circle-radius": 2.5, "circle-color": "#4d4d4d" },
    },
    {
      id: "hot", type: "circle", source: "hot",
      paint: {
        "circle-radius": ["+", 5, ["*", 10, ["min", ["get", "vc"], 1.2]]],
        "circle-color": ["step", ["get", "vc"], "#0072B2", 0.7, "#E69F00", 0.9, "#D55E00"],
        "circle-opacity": 0.85,
        "circle-stroke-color": "#000000", "circle-stroke-width": ["case", ["get", "selected"], 4, 1],
      },
    },
    {
      id: "passages", type: "circle", source: "network",
      filter: ["all", ["==", ["get", "layer"], "node"], ["get", "passage"]],
      paint: {
        "circle-radius": 6, "circle-color": ["case", ["get", "closed"], "#D55E00", "#ffffff"],
        "circle-stroke-color": "#000000", "circle-stroke-width": 2,
      },
    },
  ],
};

function initMap() {
  try {
    const map = new maplibregl.Map({
      container: "map", style: STYLE, center: [62, 38], zoom: 1.7,
      attributionControl: false, dragRotate: false, pitchWithRotate: false,
    });
    map.addControl(new maplibregl.AttributionControl({
      compact: false,
      customAttribution: "MapLibre GL JS (BSD-3-Clause)",
    }));
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
    map.on("load", () => {
      state.mapReady = true;
      const net = state.networks.get(networkKey(state.query));
      if (net) map.getSource("network").setData(net.geojson);
      draw();
    });
    const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, maxWidth: "280px" });
    map.on("mousemove", "routes", (e) => {
      const f = e.features && e.features[0];
      if (!f) return;
      map.getCanvas().style.cursor = "pointer";
      const leg = state.options[f.properties.option].legs[f.properties.leg];
      popup.setLngLat(e.lngLat).setHTML(legSummary(f.properties.option, f.properties.leg, leg)).addTo(map);
    });
    map.on("mouseleave", "routes", () => { map.getCanvas().style.cursor = ""; popup.remove(); });
    map.on("click", "routes", (e) => {
      const f = e.features && e.features[0];
      if (f) { select(f.properties.option, false); showLeg(f.properties.option, f.properties.leg); }
    });
    map.on("mousemove", "passages", (e) => {
      const f = e.features && e.features[0];
      if (f) popup.setLngLat(e.lngLat).setHTML(`<strong>${esc(f.properties.name)}</strong><br>passage${f.properties.closed ? " (closed)" : ""}`).addTo(map);
    });
    map.on("mouseleave", "passages", () => popup.remove());
      map.on("mousemove", "flows", (e) => {
      const f = e.features && e.features[0];
      if (!f) return;
      map.getCanvas().style.cursor = "pointer";
      const vc = f.properties.vc >= 0 ? `, ${fmt(100 * f.properties.vc)} % of capacity` : ", capacity unknown";
      popup.setLngLat(e.lngLat).setHTML(`<strong>${esc(f.properties.name)}</strong><br>${fmt(f.properties.flow)} TEU/year${vc}<br><small>click: which origins and destinations use it</small>`).addTo(map);
    });
    map.on("mouseleave", "flows", () => { map.getCanvas().style.cursor = ""; popup.remove(); });
    map.on("mousemove", "hot", (e) => {
      const f = e.features && e.features[0];
      if (f) popup.setLngLat(e.lngLat).setHTML(`<strong>${esc(f.properties.name)}</strong><br>bottleneck: ${fmt(100 * f.properties.vc)} % of capacity`).addTo(map);
    });
    map.on("mouseleave", "hot", () => popup.remove());
    map.on("click", "hot", (e) => {
      const f = e.features && e.features[0];
      if (f) selectLink(f.properties.id, f.properties.name);
    });
    map.on("click", "flows", (e) => {
      const f = e.features && e.features[0];
      if (f && !(map.queryRenderedFeatures(e.point, { layers: ["routes"] }).length)) selectLink(f.properties.id, f.properties.name);
    });
    state.map = map;
  } catch (err) {
    const note = $("map-note");
    note.hidden = false;
    note.textContent = `The map needs WebGL, which this browser does not offer (${err.message}); the table, chart and report work without it.`;
  }
}

/** Text labels as HTML markers (the map has no font server, so no symbol layers). */
function label_marker(lngLat, text, cls) {
  const el = document.createElement("div");
  el.className = `map-label ${cls}`;
  el.textContent = text;
  el.setAttribute("aria-hidden", "true");
  return new maplibregl.Marker({ element: el, anchor: "left", offset: [9, 0] }).setLngLat(lngLat);
}

function labelPassages(net) {
  if (!state.map || state.passageLabels) return;
  state.passageLabels = net.geojson.features
    .filter((f) => f.properties.layer === "node" && f.properties.passage)
    .map((f) => label_marker(f.geometry.coordinates, f.properties.name, "passage").addTo(state.map));
}

function labelEnds(body) {
  if (!state.map) return;
  for (const m of state.endLabels || []) m.remove();
  state.endLabels = [body.origin, body.destination].map((p) => {
    const f = state.networks.get(networkKey(state.query)).geojson.features
      .find((x) => x.properties.layer === "node" && x.properties.id === p.id);
    return f ? label_marker(f.geometry.coordinates, p.name, "end").addTo(state.map) : null;
  }).filter(Boolean);
}

function networkKey(q) { return q ? q.getAll("scenario").join(",") : ""; }

async function network(q) {
  const key = networkKey(q);
  if (!state.networks.has(key)) {
    const s = new URLSearchParams();
    for (const name of q.getAll("scenario")) s.append("scenario", name);
    const { body } = await getJSON(`/v1/map/network?${s}`);
    const links = new Map();
    for (const f of body.features) if (f.properties.layer === "link") links.set(f.properties.id, f.geometry.coordinates);
    state.networks.set(key, { geojson: body, links });
  }
  return state.networks.get(key);
}

function routeFeatures() {
  const net = state.networks.get(networkKey(state.query));
  const features = [];
  if (!net) return features;
  const n = state.options.length;
  state.options.forEach((option, i) => {
    option.legs.forEach((leg, j) => {
      const line = leg.link && net.links.get(leg.link);
      if (!line) return;
      const selected = state.selected === i;
      features.push({
        type: "Feature",
        properties: {
          option: i, leg: j, colour: PALETTE[i % PALETTE.length], selected,
          dimmed: state.selected !== null && !selected,
          offset: (i - (n - 1) / 2) * 2.5, sort: selected ? 100 : n - i,
        },
        geometry: { type: "LineString", coordinates: line },
      });
    });
  });
  return features;
}

function draw() {
  const features = routeFeatures();
  state.drawn = new Set(features.map((f) => f.properties.option)).size;
  const map = state.map;
  if (!map || !state.mapReady) return;
  map.getSource("routes").setData({ type: "FeatureCollection", features });
  const closed = new Set(state.query ? state.query.getAll("close") : []);
  const net = state.networks.get(networkKey(state.query));
  if (net) {
    for (const f of net.geojson.features) if (f.properties.layer === "node") f.properties.closed = closed.has(f.properties.id);
    map.getSource("network").setData(net.geojson);
  }
  const legFeature = [];
  if (state.leg && net) {
    const leg = state.options[state.leg[0]].legs[state.leg[1]];
    const line = leg && leg.link && net.links.get(leg.link);
    if (line) legFeature.push({ type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: line } });
  }
  map.getSource("leg").setData({ type: "FeatureCollection", features: legFeature });
  drawFlows();
}

function fit() {
  const map = state.map;
  if (!map || !state.mapReady) return;
  const bounds = new maplibregl.LngLatBounds();
  for (const f of routeFeatures()) for (const p of f.geometry.coordinates) bounds.extend(p);
  if (!bounds.isEmpty()) map.fitBounds(bounds, { padding: 40, duration: 0, maxZoom: 6 });
}

// ---------------------------------------------------------------- table and details

function renderTable() {
  const body = $("options").tBodies[0];
  body.replaceChildren(...state.options.map((o, i) => {
    const tr = document.createElement("tr");
    tr.tabIndex = 0;
    tr.dataset.option = String(i);
    tr.setAttribute("aria-selected", String(state.selected === i));
    const d = o.transit_days || {};
    tr.innerHTML = `<td>${o.rank ?? i + 1}</td>`
      + `<th scope="row"><span class="swatch" style="background:${PALETTE[i % PALETTE.length]}"></span>${esc(label(o.corridor))}</th>`
      + `<td>${fmt(d.p50, 1)}</td><td>${fmt(d.p90, 1)}</td><td>${fmt(o.cost_usd)}</td>`
      + `<td>${fmt(o.co2_kg)}</td><td>${o.border_crossings}</td><td>${o.transshipments}</td>`;
    tr.addEventListener("click", () => select(i, true));
    tr.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(i, true); }
      if (e.key === "ArrowDown" && tr.nextElementSibling) { e.preventDefault(); tr.nextElementSibling.focus(); }
      if (e.key === "ArrowUp" && tr.previousElementSibling) { e.preventDefault(); tr.previousElementSibling.focus(); }
    });
    return tr;
  }));
  $("options").hidden = state.options.length === 0;
}

function dwellAfter(legs, j) {
  const stops = [];
  for (let k = j + 1; k < legs.length && legs[k].kind !== "move"; k += 1) stops.push(legs[k]);
  return stops;
}

function legSummary(i, j, leg) {
  const stops = dwellAfter(state.options[i].legs, j);
  const dwell = stops.reduce((s, l) => s + l.hours, 0);
  return `<strong>${esc(leg.from_name)} → ${esc(leg.to_name)}</strong><br>`
    + `${esc(leg.mode)}, ${fmt(leg.distance_km)} km, ${fmt(leg.hours, 1)} h`
    + (dwell ? `<br>then ${fmt(dwell, 1)} h at ${esc(leg.to_name)}` : "")
    + `<br><small>${esc(label(state.options[i].corridor))}</small>`;
}

function select(i, focusDetails) {
  state.selected = state.selected === i && !focusDetails ? i : i;
  state.leg = null;
  for (const tr of $("options").tBodies[0].rows) tr.setAttribute("aria-selected", String(Number(tr.dataset.option) === i));
  renderDetails(i);
  draw();
  if (focusDetails) $("details").querySelector("button")?.focus({ preventScroll: true });
}

function renderDetails(i) {
  const o = state.options[i];
  const rows = o.legs.map((leg, j) => {
    const where = leg.from === leg.to ? esc(leg.from_name) : `${esc(leg.from_name)} → ${esc(leg.to_name)}`;
    const cell = leg.kind === "move"
      ? `<button type="button" class="link" data-leg="${j}">${where}</button>` : where;
    return `<tr class="${leg.kind}"><td>${esc(leg.kind)}</td><td>${cell}</td><td>${esc(leg.mode)}</td>`
      + `<td>${fmt(leg.distance_km)}</td><td>${fmt(leg.hours, 1)}</td><td>${esc(leg.note || "")}</td></tr>`;
  }).join("");
  $("details").innerHTML = `<h2 id="details-title"><span class="swatch" style="background:${PALETTE[i % PALETTE.length]}"></span>`
    + `${esc(label(o.corridor))}: ${o.legs.length} legs</h2>`
    + `<p class="muted">${esc((o.countries || []).join(" – "))}${o.chokepoints && o.chokepoints.length ? "; passages: " + esc(o.chokepoints.join(", ")) : ""}</p>`
    + `<div id="leg-detail" class="leg-detail" aria-live="polite"></div>`
    + `<div class="scroll"><table class="legs" aria-labelledby="details-title"><thead><tr><th scope="col">leg</th><th scope="col">where</th><th scope="col">mode</th>`
    + `<th scope="col">km</th><th scope="col">hours</th><th scope="col">note</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  for (const b of $("details").querySelectorAll("button[data-leg]")) {
    const j = Number(b.dataset.leg);
    b.addEventListener("click", () => showLeg(i, j));
    b.addEventListener("focus", () => { state.leg = [i, j]; draw(); });
  }
}

function showLeg(i, j) {
  if (state.selected !== i) { state.selected = i; renderTable(); renderDetails(i); }
  state.leg = [i, j];
  const leg = state.options[i].legs[j];
  const stops = dwellAfter(state.options[i].legs, j);
  const border = stops.filter((s) => s.kind === "border");
  const items = [
    ["mode", leg.mode], ["distance", `${fmt(leg.distance_km)} km`], ["running time", `${fmt(leg.hours, 1)} h`],
    ["cost", `US$ ${fmt(leg.cost_usd)}`], ["CO₂", `${fmt(leg.co2_kg)} kg`],
    ["dwell at " + leg.to_name, stops.length ? `${fmt(stops.reduce((s, l) => s + l.hours, 0), 1)} h (${stops.map((s) => s.kind).join(", ")})` : "none"],
    ["border regime", border.length ? border.map((b) => `${b.note || b.direction} ${b.customs ? "(" + b.customs + ")" : ""}`).join("; ") : "no border here"],
  ];
  if (leg.service) items.push(["service", leg.service]);
  if (leg.note) items.push(["note", leg.note]);
  const box = $("leg-detail");
  box.innerHTML = `<h3>${esc(leg.from_name)} → ${esc(leg.to_name)}</h3><dl>`
    + items.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("") + "</dl>";
  draw();
}

// ---------------------------------------------------------------- chart and cost

function renderChart(runs, deadline) {
  const box = $("chart");
  if (!runs.length) { $("chart-box").hidden = true; return; }
  const W = 520, H = 220, L = 44, R = 12, T = 10, B = 34;
  const pts = runs.map((r) => [[r.transit_days.p10, 0.1], [r.transit_days.p50, 0.5], [r.transit_days.p90, 0.9], [r.transit_days.p95, 0.95]]);
  let lo = Math.min(...pts.map((p) => p[0][0]));
  let hi = Math.max(...pts.map((p) => p[3][0]), deadline || 0);
  const pad = (hi - lo) * 0.08 || 1;
  lo = Math.max(0, lo - pad); hi += pad;
  const x = (d) => L + ((d - lo) / (hi - lo)) * (W - L - R);
  const y = (p) => T + (1 - p) * (H - T - B);
  const ticks = [];
  const step = Math.max(1, Math.round((hi - lo) / 6));
  for (let d = Math.ceil(lo / step) * step; d <= hi; d += step) {
    ticks.push(`<line x1="${x(d)}" x2="${x(d)}" y1="${T}" y2="${H - B}" class="grid"/><text x="${x(d)}" y="${H - B + 14}" text-anchor="middle">${d}</text>`);
  }
  for (const p of [0, 0.5, 1]) ticks.push(`<text x="${L - 6}" y="${y(p) + 4}" text-anchor="end">${p * 100}%</text><line x1="${L}" x2="${W - R}" y1="${y(p)}" y2="${y(p)}" class="grid"/>`);
  const curves = runs.map((r, k) => {
    const i = state.options.findIndex((o) => o.corridor === r.corridor);
    const colour = PALETTE[(i < 0 ? k : i) % PALETTE.length];
    const path = pts[k].map(([d, p], n) => `${n ? "L" : "M"}${x(d).toFixed(1)},${y(p).toFixed(1)}`).join("");
    const dots = pts[k].map(([d, p]) => `<circle cx="${x(d).toFixed(1)}" cy="${y(p).toFixed(1)}" r="3" fill="${colour}"><title>${esc(label(r.corridor))}: P${Math.round(p * 100)} ${fmt(d, 1)} days</title></circle>`).join("");
    return `<path d="${path}" stroke="${colour}" fill="none" stroke-width="2.5"/>${dots}`;
  }).join("");
  const mark = deadline
    ? `<line x1="${x(deadline)}" x2="${x(deadline)}" y1="${T}" y2="${H - B}" class="deadline"/><text x="${x(deadline) + 4}" y="${T + 12}">deadline ${deadline} d</text>`
    : "";
  const legend = runs.map((r, k) => {
    const i = state.options.findIndex((o) => o.corridor === r.corridor);
    const on = r.on_time_probability != null ? `, on time ${fmt(100 * r.on_time_probability)} %` : "";
    return `<li><span class="swatch" style="background:${PALETTE[(i < 0 ? k : i) % PALETTE.length]}"></span>${esc(label(r.corridor))}: P50 ${fmt(r.transit_days.p50, 1)} d, P90 ${fmt(r.transit_days.p90, 1)} d${on}</li>`;
  }).join("");
  box.innerHTML = `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="Cumulative transit-time distribution per corridor${deadline ? ", deadline " + deadline + " days" : ""}">`
    + `${ticks.join("")}${curves}${mark}<text x="${(L + W - R) / 2}" y="${H - 4}" text-anchor="middle">days (terminal to terminal; lines join the simulated P10, P50, P90, P95)</text></svg>`
    + `<ul class="legend">${legend}</ul>`;
  $("chart-box").hidden = false;
}

function renderCost(data) {
  if (!data) { $("cost").innerHTML = ""; return; }
  const rows = data.options.map((o) => {
    const i = state.options.findIndex((x) => x.corridor === o.corridor);
    return `<tr><td>${o.rank}</td><th scope="row"><span class="swatch" style="background:${PALETTE[Math.max(i, 0) % PALETTE.length]}"></span>${esc(label(o.corridor))}</th>`
      + `<td>${fmt(o.components.freight)}</td><td>${fmt(o.total)}</td><td>${fmt(o.per_unit)}</td><td>${fmt(100 * o.share_of_value, 2)} %</td></tr>`;
  }).join("");
  const dropped = (data.dropped || []).map((o) => `<li>${esc(label(o.corridor))}: total ${fmt(o.total)}; ${esc(o.reason || "dropped")}</li>`).join("");
  $("cost").innerHTML = `<table id="landed"><caption>Landed cost of goods worth US$ ${fmt(data.value)} (${esc(data.currency)})</caption>`
    + `<thead><tr><th scope="col">#</th><th scope="col">Corridor</th><th scope="col">Freight</th><th scope="col">Total</th><th scope="col">Per unit</th><th scope="col">of value</th></tr></thead><tbody>${rows}</tbody></table>`
    + (dropped ? `<p class="muted">Dropped by the deadline:</p><ul class="muted dropped">${dropped}</ul>` : "");
}

// ---------------------------------------------------------------- compare

async function compare() {
  if (state.busy) return;
  const q = formQuery();
  if (!q.get("origin") || !q.get("destination")) { status("Give an origin and a destination.", true); return; }
  state.busy = true;
  $("compare").disabled = true;
  status("Comparing…");
  const { deadline, value } = extras();
  try {
    const [{ body, notes }] = await Promise.all([getJSON(`/v1/compare?${q}`), network(q)]);
    state.query = q;
    state.options = body.options;
    state.selected = null;
    state.leg = null;
    $("details").innerHTML = "";
    renderTable();
    draw();
    fit();
    labelEnds(body);
    history.replaceState(null, "", shareHash(q));
    const report = new URLSearchParams(q);
    if (deadline) report.set("deadline", `${deadline}d`);
    if (value) report.set("value", String(value));
    const link = $("report");
    link.href = `/v1/report?${report}`;
    link.setAttribute("download", `corridor-${body.origin.id}-${body.destination.id}.html`);
    link.removeAttribute("aria-disabled");
    const pdf = $("report-pdf");
    pdf.href = `/v1/report?${report}&format=pdf`;
    pdf.setAttribute("download", `corridor-${body.origin.id}-${body.destination.id}.pdf`);
    pdf.removeAttribute("aria-disabled");
    const gone = Object.keys(body.unavailable || {});
    status(`${body.options.length} options from ${body.origin.name} to ${body.destination.name}`
      + (gone.length ? `; not available: ${gone.map(label).join(", ")}` : "")
      + (notes.length ? ` (${notes.join("; ")})` : "") + ".");
    const rq = new URLSearchParams(q);
    rq.set("samples", "1000");
    if (deadline) rq.set("deadline", `${deadline}d`);
    const jobs = [getJSON(`/v1/reliability?${rq}`).then(({ body: r }) => renderChart(r.runs, deadline))];
    if (value) {
      const cq = new URLSearchParams(q);
      cq.set("value", String(value));
      cq.set("samples", "2000");
      if (deadline) cq.set("deadline", `${deadline}d`);
      jobs.push(getJSON(`/v1/cost?${cq}`).then(({ body: c }) => renderCost(c)));
    } else {
      renderCost(null);
    }
    await Promise.all(jobs);
  } catch (err) {
    status(err.message, true);
  } finally {
    state.busy = false;
    $("compare").disabled = false;
  }
}

// ---------------------------------------------------------------- levers

async function levers() {
  try {
    const { body } = await getJSON("/v1/scenarios?limit=100");
    // uploaded scenarios (source "upload") are for jobs; compare takes the built-in ones
    const builtin = body.items.filter((s) => !s.source || s.source === "builtin");
    $("scenarios").innerHTML = "<legend>Scenarios</legend>" + builtin.map((s) =>
      `<label class="check"><input type="checkbox" name="scenario" value="${esc(s.name)}"><span>${esc(s.name.replaceAll("-", " "))}`
      + `<small>${esc(s.description.split(". ")[0])}</small></span></label>`).join("");
  } catch (err) {
    $("scenarios").innerHTML = `<legend>Scenarios</legend><p class="error">${esc(err.message)}</p>`;
  }
  try {
    const net = await network(new URLSearchParams());
    const passages = net.geojson.features.filter((f) => f.properties.layer === "node" && f.properties.passage);
    $("passages").innerHTML = "<legend>Close a passage</legend>" + passages.map((f) =>
      `<label class="check"><input type="checkbox" name="close" value="${esc(f.properties.id)}"><span>${esc(f.properties.name)}</span></label>`).join("");
    if (state.mapReady && !state.query) state.map.getSource("network").setData(net.geojson);
    labelPassages(net);
  } catch (err) {
    $("passages").innerHTML = `<legend>Close a passage</legend><p class="error">${esc(err.message)}</p>`;
  }
}


// ---------------------------------------------------------------- capacity layer (jobs)

function flowFeatures() {
  if (!state.flows) return [];
  const net = state.networks.get(state.flows.key);
  if (!net) return [];
  const links = state.flows.links.filter((l) => l.flow_teu > 0 && net.links.has(l.id));
  const top = Math.max(1, ...links.map((l) => l.flow_teu));
  return links.map((l) => ({
    type: "Feature",
    properties: {
      id: l.id, name: l.name || l.id, flow: l.flow_teu,
      vc: l.volume_capacity == null ? -1 : l.volume_capacity,
      width: 1 + 13 * Math.sqrt(l.flow_teu / top),
    },
    geometry: { type: "LineString", coordinates: net.links.get(l.id) },
  }));
}

function hotFeatures() {
  if (!state.flows || state.flowsShown === false) return [];
  const net = state.networks.get(state.flows.key);
  if (!net) return [];
  const nodes = new Map(net.geojson.features.filter((f) => f.properties.layer === "node").map((f) => [f.properties.id, f.geometry.coordinates]));
  const chosen = state.selectLink ? state.selectLink[0] : null;
  return state.flows.bottlenecks.filter((b) => b.kind === "node" && nodes.has(b.id)).map((b) => ({
    type: "Feature",
    properties: { id: b.id, name: b.name, vc: b.volume_capacity || 0, selected: b.id === chosen },
    geometry: { type: "Point", coordinates: nodes.get(b.id) },
  }));
}

function drawFlows() {
  const map = state.map;
  if (!map || !state.mapReady) return;
  map.getSource("flows").setData({ type: "FeatureCollection", features: state.flowsShown === false ? [] : flowFeatures() });
  map.getSource("hot").setData({ type: "FeatureCollection", features: hotFeatures() });
}

function authHeaders() {
  const key = $("api-key").value.trim();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

async function runJob(params, say) {
  const res = await fetch("/v1/jobs", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", ...authHeaders() },
    body: JSON.stringify({ kind: "assignment", params }),
  });
  let job = null;
  try { job = await res.json(); } catch { job = null; }
  if (!res.ok) throw new Error((job && job.detail) || `${res.status} ${res.statusText}`);
  for (;;) {
    if (job.state === "succeeded") break;
    if (job.state === "failed" || job.state === "cancelled") throw new Error(`job ${job.id} ${job.state}: ${job.error || "no reason given"}`);
    const p = job.progress || {};
    say(`Job ${job.id}: ${job.state}${p.fraction != null ? ` (${fmt(100 * p.fraction)} %)` : ""}${p.message ? ", " + p.message : ""}…`);
    await new Promise((r) => setTimeout(r, 400));
    ({ body: job } = await getJSON(`/v1/jobs/${job.id}`));
  }
  return (await getJSON(`/v1/jobs/${job.id}/result`)).body;
}

async function demandText() {
  const file = $("demand-file").files[0];
  if (file) return file.text();
  const res = await fetch("/v1/map/example-demand");
  if (!res.ok) throw new Error(`example demand: ${res.status}`);
  return res.text();
}

async function assign() {
  if (state.jobBusy) return;
  const say = (t, e = false) => { $("assign-status").textContent = t; $("assign-status").classList.toggle("error", e); };
  if (!$("api-key").value.trim()) { say("Give an API key first (corridor keys create NAME prints one).", true); $("api-key").focus(); return; }
  state.jobBusy = true;
  $("assign").disabled = true;
  try {
    const q = formQuery();
    const scenarios = q.getAll("scenario");
    const demand = await demandText();
    say("Submitting the assignment…");
    const [result] = await Promise.all([runJob({ demand, gap: 1e-4, scenario: scenarios }, say), network(q)]);
    state.demand = demand;
    state.flows = { key: networkKey(q), scenarios, links: result.links, nodes: result.nodes, bottlenecks: result.bottlenecks || [] };
    state.flowsShown = true;
    $("flows-off").hidden = false;
    $("flows-off").textContent = "Hide flows";
    const a = result.assignment || {};
    say(`Assigned ${fmt(result.demand.total_teu)} TEU/year (${result.demand.od_pairs} pairs)${scenarios.length ? " with " + scenarios.join(", ") : ""}: ${a.algorithm}, ${a.iterations} iterations, relative gap ${a.relative_gap != null ? a.relative_gap.toExponential(1) : "–"}.`);
    renderBottlenecks();
    drawFlows();
  } catch (err) {
    say(err.message, true);
  } finally {
    state.jobBusy = false;
    $("assign").disabled = false;
  }
}

function renderBottlenecks() {
  const rows = state.flows.bottlenecks.slice(0, 8).map((b) => `<tr><td>${b.rank}</td>`
    + `<td><button type="button" class="link" data-id="${esc(b.id)}" data-name="${esc(b.name || b.id)}">${esc(b.name || b.id)}</button><br><small>${esc(b.what || b.kind)}</small></td>`
    + `<td>${fmt(b.flow_teu)}</td><td>${fmt(100 * (b.volume_capacity || 0))} %</td><td>${fmt(b.delay_h, 1)}</td></tr>`).join("");
  $("bottlenecks").innerHTML = rows
    ? `<table id="bottleneck-table"><caption>Bottlenecks <small>(select one: which flows use it)</small></caption><thead><tr><th scope="col">#</th><th scope="col">where</th><th scope="col">TEU/yr</th><th scope="col">of cap.</th><th scope="col">delay h</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p class="muted">No element with a known capacity is loaded.</p>`;
  for (const b of $("bottlenecks").querySelectorAll("button[data-id]")) b.addEventListener("click", () => selectLink(b.dataset.id, b.dataset.name));
}

async function selectLink(id, name) {
  if (state.jobBusy || !state.flows) return;
  const say = (t, e = false) => { $("assign-status").textContent = t; $("assign-status").classList.toggle("error", e); };
  state.jobBusy = true;
  $("select-link").innerHTML = `<p class="muted">Select-link: which flows use ${esc(name)}…</p>`;
  try {
    const result = await runJob({ demand: state.demand, gap: 1e-4, scenario: state.flows.scenarios, select_link: [id] }, say);
    const rows = (result.select_link && result.select_link[id]) || [];
    state.selectLink = [id, rows];
    const total = rows.reduce((s, r) => s + r.teu, 0);
    $("select-link").innerHTML = `<table id="select-link-table"><caption>Flows through ${esc(name)}: ${fmt(total)} TEU/year</caption>`
      + `<thead><tr><th scope="col">from</th><th scope="col">to</th><th scope="col">TEU/yr</th><th scope="col">of the pair</th></tr></thead><tbody>`
      + rows.map((r) => `<tr><td>${esc(r.origin)}</td><td>${esc(r.destination)}</td><td>${fmt(r.teu)}</td><td>${fmt(100 * r.share)} %</td></tr>`).join("")
      + "</tbody></table>";
    say(`Select-link done for ${name}.`);
    drawFlows();
  } catch (err) {
    $("select-link").innerHTML = "";
    say(err.message, true);
  } finally {
    state.jobBusy = false;
  }
}

async function main() {
  initMap();
  suggest($("origin"));
  suggest($("destination"));
  $("query").addEventListener("submit", (e) => { e.preventDefault(); compare(); });
  $("share").addEventListener("click", async () => {
    const url = location.href.split("#")[0] + shareHash(formQuery());
    try { await navigator.clipboard.writeText(url); status("Link copied."); } catch { status(url); }
  });
  $("assign").addEventListener("click", assign);
  $("flows-off").addEventListener("click", () => {
    state.flowsShown = !state.flowsShown;
    $("flows-off").textContent = state.flowsShown ? "Hide flows" : "Show flows";
    drawFlows();
  });
  for (const id of ["report", "report-pdf"]) {
    $(id).addEventListener("click", (e) => {
      if ($(id).getAttribute("aria-disabled") === "true") { e.preventDefault(); status("Compare first, then download the report.", true); }
    });
  }
  await levers();
  if (restore(location.hash)) await compare();
}

window.corridorMap = {
  /** Corridor options drawn on the map (0 before the map or the network has loaded). */
  layerCount: () => state.drawn,
  optionCount: () => state.options.length,
  corridors: () => state.options.map((o) => o.corridor),
  mapReady: () => state.mapReady,
  busy: () => state.busy,
  selected: () => state.selected,
  select: (i) => select(i, true),
  showLeg: (i, j) => showLeg(i, j),
  /** Links drawn with a flow width by the capacity layer. */
  flowCount: () => flowFeatures().length,
  jobBusy: () => state.jobBusy,
  selectLink: (id, name) => selectLink(id, name || id),
  selectLinkRows: () => (state.selectLink ? state.selectLink[1].length : 0),
};

main();
