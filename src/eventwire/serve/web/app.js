// eventwire web page: map, timeline and event list over the /api endpoints (no framework, no build step).
// The filters and the selected event live in the URL's query string, so a view can be shared.
"use strict";

const FILTER_NAMES = ["type", "country", "since", "until", "q", "min_killed", "claim"];
const PAGE_LIMIT = 5000;

const state = { config: null, map: null, clusters: null, markers: new Map(), events: [],
                selectedId: null, articleRequest: 0, eventRequest: 0 };

function showNotice(parts) {
  const notice = document.getElementById("notice");
  notice.replaceChildren(...parts.map((part) => (Array.isArray(part) ? element("code", {}, part[0]) : part)));
  notice.hidden = false;
}

function hasCoordinates(event) {
  const place = event.location;
  return Boolean(place) && typeof place.lat === "number" && typeof place.lon === "number";
}

function killedOf(event) {
  const killed = event.fatalities ? event.fatalities.killed : null;
  return typeof killed === "number" && killed > 0 ? killed : 0;
}

// ---- map -------------------------------------------------------------------------------------

function clusterIcon(cluster) {
  const children = cluster.getAllChildMarkers();
  const killed = children.reduce((total, marker) => total + (marker.options.killed || 0), 0);
  const size = Math.min(54, 26 + 4 * Math.log2(children.length + killed / 4 + 1));
  const label = element("span", {}, String(children.length));
  return L.divIcon({ html: label, className: "ew-cluster", iconSize: L.point(size, size) });
}

function buildMap() {
  if (typeof window.L === "undefined" || typeof L.markerClusterGroup !== "function") {
    showNotice(["The map files are missing from this installation: run ", ["make web"],
                " (it copies Leaflet, the marker clusters and the world outline into serve/web/vendor) and reload."]);
    document.getElementById("map").classList.add("missing");
    return;
  }
  const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12, keyboard: true }).setView([15, 0], 2);
  map.createPane("outlines").style.zIndex = 250;
  if (state.config && state.config.tile_url) {
    L.tileLayer(state.config.tile_url, { maxZoom: 18, attribution: "map tiles: see settings.tile_url" }).addTo(map);
  }
  fetch("/static/vendor/world/countries-110m.geojson")
    .then((response) => {
      if (!response.ok) throw new Error(`${response.status}`);
      return response.json();
    })
    .then((world) => {
      L.geoJSON(world, {
        pane: "outlines", interactive: false,
        style: { color: "#8a99a8", weight: 0.8, fillColor: "#ffffff", fillOpacity: 0.85 },
      }).addTo(map);
    })
    .catch(() => showNotice(["The world outline is missing: run ", ["make web"], " and reload."]));
  state.map = map;
  state.clusters = L.markerClusterGroup({
    maxClusterRadius: 30, showCoverageOnHover: false, spiderfyOnMaxZoom: true, iconCreateFunction: clusterIcon,
  }).addTo(map);
}

function drawMarkers(events) {
  state.markers.clear();
  if (!state.map) return;
  state.clusters.clearLayers();
  const points = [];
  const layers = [];
  for (const event of events) {
    if (!hasCoordinates(event)) continue;
    const latLng = [event.location.lat, event.location.lon];
    const killed = killedOf(event);
    // Area grows with the toll: radius ~ sqrt(killed), capped so one massacre does not hide a region.
    const marker = L.circleMarker(latLng, {
      radius: Math.min(26, 6 + 2.5 * Math.sqrt(killed)), color: "#222", weight: 1,
      fillColor: colourOf(event.type), fillOpacity: 0.85, className: "ew-marker", killed,
    });
    marker.bindTooltip(`${typeLabel(event)} · ${placeLabel(event.location)} · ${formatDate(event.date)}`
      + (killed ? ` · ${killed} killed` : ""));
    marker.on("click", () => selectEvent(event.id));
    marker.on("add", () => {
      const path = marker.getElement();
      if (path) {
        path.dataset.eventId = event.id;
        path.dataset.type = event.type;
        path.classList.toggle("selected", event.id === state.selectedId);
      }
    });
    state.markers.set(event.id, marker);
    layers.push(marker);
    points.push(latLng);
  }
  state.clusters.addLayers(layers);
  if (points.length === 1) state.map.setView(points[0], 6);
  else if (points.length > 1) state.map.fitBounds(points, { padding: [30, 30], maxZoom: 7 });
}

function drawLegend(events) {
  const types = [...new Set(events.map((event) => event.type))].sort();
  document.getElementById("legend").replaceChildren(
    ...types.map((type) => element("span", {}, element("span", { className: "chip",
      style: `background:${colourOf(type)}` }), type)),
    types.length ? element("span", { className: "muted" }, "size: killed") : null,
  );
}

// ---- event list ------------------------------------------------------------------------------

function drawList(events) {
  const list = document.getElementById("event-list");
  const items = [];
  let currentDay = null;
  for (const event of events) {
    const day = formatDate(event.date);
    if (day !== currentDay) {
      items.push(element("li", { className: "day" }, day));
      currentDay = day;
    }
    const killed = killedOf(event);
    items.push(element("li", {},
      element("button", {
        type: "button", className: "event", dataset: { eventId: event.id },
        onclick: () => selectEvent(event.id),
      },
      element("span", { className: "chip", style: `background:${colourOf(event.type)}` }),
      element("span", { className: "kind" }, typeLabel(event)), " · ",
      element("span", { className: "where" }, placeLabel(event.location)),
      killed ? ` · ${killed} killed` : "",
      event.article && event.article.outlet ? ` · ${event.article.outlet}` : "",
      element("span", { className: "snippet" }, event.sentence ? event.sentence.text : ""))));
  }
  if (!events.length) items.push(element("li", { className: "muted" }, "No events match these filters."));
  list.replaceChildren(...items);
}

async function selectEvent(eventId) {
  state.selectedId = eventId;
  writeUrl();
  for (const button of document.querySelectorAll("#event-list button.event")) {
    button.classList.toggle("selected", button.dataset.eventId === eventId);
  }
  for (const [id, marker] of state.markers) {
    const path = marker.getElement();
    if (path) path.classList.toggle("selected", id === eventId);
  }
  const selectedButton = document.querySelector("#event-list button.event.selected");
  if (selectedButton) selectedButton.scrollIntoView({ block: "nearest" });
  const request = ++state.eventRequest;
  let detail;
  try {
    detail = await getJSON(`/api/events/${encodeURIComponent(eventId)}`);
  } catch (error) {
    if (request === state.eventRequest) {
      document.getElementById("evidence").replaceChildren(element("p", {}, `Could not load the event: ${error.message}`));
    }
    return;
  }
  if (request !== state.eventRequest) return;
  renderEventDetail(detail, state);
}

// ---- filters, URL and loading ----------------------------------------------------------------

function filterParams({ withDates = true } = {}) {
  const form = document.getElementById("filters");
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    if (!withDates && (name === "since" || name === "until")) continue;
    const value = form.elements[name].value.trim();
    if (value) params.set(name, name === "country" ? value.toUpperCase() : value);
  }
  return params;
}

function writeUrl() {
  const params = filterParams();
  if (state.selectedId) params.set("event", state.selectedId);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  const form = document.getElementById("filters");
  for (const name of FILTER_NAMES) form.elements[name].value = params.get(name) || "";
  state.selectedId = params.get("event");
}

async function loadTimeline() {
  const form = document.getElementById("filters");
  const since = form.elements.since.value;
  const until = form.elements.until.value;
  document.getElementById("brush-clear").hidden = !(since || until);
  try {
    const stats = await getJSON(`/api/stats?${filterParams({ withDates: false })}`);
    timeline.draw(stats.by_day, since, until);
  } catch (error) {
    document.getElementById("status").textContent = `error: ${error.message}`;
  }
}

async function loadEvents() {
  writeUrl();
  const params = filterParams();
  params.set("limit", String(PAGE_LIMIT));
  const status = document.getElementById("status");
  status.textContent = "loading…";
  const timelineDone = loadTimeline();
  let body;
  try {
    body = await getJSON(`/api/events?${params}`);
  } catch (error) {
    status.textContent = `error: ${error.message}`;
    return;
  }
  state.events = body.events;
  const mapped = body.events.filter(hasCoordinates).length;
  status.textContent = `${body.count} events (${mapped} on the map)${body.next_cursor ? `, first ${PAGE_LIMIT} shown` : ""}`;
  drawMarkers(body.events);
  drawLegend(body.events);
  drawList(body.events);
  await timelineDone;
  if (state.selectedId) selectEvent(state.selectedId);
}

function pickDates(since, until) {
  const form = document.getElementById("filters");
  form.elements.since.value = since;
  form.elements.until.value = until;
  loadEvents();
}

// ---- live data: poll /api/changes and reload when the data changed (docs/versions.md) -----------

function showUpdated(at) {
  document.getElementById("updated").textContent = at
    ? `data updated ${new Date(at).toLocaleString()}` : "no data changes recorded yet";
}

async function followChanges(seconds) {
  let version = 0;
  try {
    const health = await getJSON("/api/health");
    version = health.last_changed ? health.last_changed.version : 0;
    showUpdated(health.last_changed && health.last_changed.at);
  } catch (error) {
    return;  // an older server without versions: no live updates
  }
  setInterval(async () => {
    let body;
    try {
      body = await getJSON(`/api/changes?since=${version}&limit=1000`);
    } catch (error) {
      return;  // keep the last version; the next tick tries again
    }
    if (body.count === 0) return;
    version = body.version;
    showUpdated(body.at);
    loadEvents();
  }, seconds * 1000);
}

async function start() {
  try {
    state.config = await getJSON("/api/config");
  } catch (error) {
    state.config = { tile_url: null, event_types: Object.keys(TYPE_COLOURS) };
  }
  const select = document.getElementById("filter-type");
  for (const type of state.config.event_types) select.append(element("option", { value: type }, type));
  readUrl();
  buildMap();
  timeline.init(document.getElementById("histogram"), pickDates);
  const form = document.getElementById("filters");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    loadEvents();
  });
  document.getElementById("filter-reset").addEventListener("click", () => {
    form.reset();
    loadEvents();
  });
  document.getElementById("brush-clear").addEventListener("click", () => pickDates("", ""));
  window.addEventListener("popstate", () => { readUrl(); loadEvents(); });
  // ?poll=SECONDS sets how often to look for new data (default 30 s).
  const pollSeconds = Number(new URLSearchParams(location.search).get("poll")) || 30;
  await loadEvents();
  followChanges(pollSeconds);
}

start();
