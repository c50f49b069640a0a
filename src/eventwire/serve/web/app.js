// eventwire web page: map, timeline and evidence panel over the /api endpoints (no framework, no build).
"use strict";

const TYPE_COLOURS = {
  ASSAULT: "#d62728", COERCE: "#ff7f0e", THREATEN: "#e377c2", PROTEST: "#9467bd",
  MOBILIZE: "#8c564b", SANCTION: "#bcbd22", ACCUSE: "#f7b6d2", REJECT: "#c49c94",
  REQUEST: "#17becf", CONSULT: "#1f77b4", AGREE: "#2ca02c", COOPERATE: "#98df8a",
  SUPPORT: "#aec7e8", AID: "#7fc97f", CONCEDE: "#dbdb8d", RETREAT: "#7f7f7f",
};
const HIGHLIGHT_KINDS = [
  ["hl-trigger", "trigger"], ["hl-actor", "actor"], ["hl-place", "place"], ["hl-date", "date"],
  ["hl-casualties", "casualties"], ["hl-claim", "claim cue"], ["hl-sentence", "evidence sentence"],
  ["hl-quote", "quote"],
];

const state = { config: null, map: null, markerLayer: null, markers: new Map(), events: [],
                selectedId: null, articleRequest: 0 };

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "className") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function colourOf(type) { return TYPE_COLOURS[type] || "#555"; }

function showNotice(parts) {
  const notice = document.getElementById("notice");
  notice.replaceChildren(...parts.map((part) => (Array.isArray(part) ? element("code", {}, part[0]) : part)));
  notice.hidden = false;
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await response.json(); } catch (error) { body = null; }
  if (!response.ok) {
    const message = body && body.error ? body.error.message : `${response.status} ${response.statusText}`;
    throw new Error(message);
  }
  return body;
}

function hasCoordinates(event) {
  const place = event.location;
  return Boolean(place) && typeof place.lat === "number" && typeof place.lon === "number";
}

function formatDate(date) {
  if (!date) return "undated";
  const value = date.value;
  switch (date.precision) {
    case "year": return value.slice(0, 4);
    case "month": return value.slice(0, 7);
    case "week": return `week of ${value}`;
    default: return value;
  }
}

function placeLabel(place) {
  if (!place) return "no place";
  return [place.name, place.admin1, place.country].filter(Boolean).join(", ");
}

function typeLabel(event) { return event.mode ? `${event.type} (${event.mode})` : event.type; }

// ---- map -------------------------------------------------------------------------------------

function buildMap() {
  if (typeof window.L === "undefined") {
    showNotice(["The map files are missing from this installation: run ", ["make web"],
                " (it copies Leaflet and the world outline into serve/web/vendor) and reload."]);
    document.getElementById("map").classList.add("missing");
    return;
  }
  const map = L.map("map", { worldCopyJump: true, minZoom: 1 }).setView([15, 0], 2);
  map.createPane("outlines").style.zIndex = 250;
  if (state.config && state.config.tile_url) {
    L.tileLayer(state.config.tile_url, { maxZoom: 18, attribution: "map tiles: see settings.tile_url" })
      .addTo(map);
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
  state.markerLayer = L.layerGroup().addTo(map);
}

function drawMarkers(events) {
  state.markers.clear();
  if (!state.map) return;
  state.markerLayer.clearLayers();
  // Events at the same spot become concentric rings (the later, the wider, drawn below) so each stays
  // visible and clickable without moving any marker off its true coordinates.
  const perSpot = new Map();
  const placed = [];
  for (const event of events) {
    if (!hasCoordinates(event)) continue;
    const spot = `${event.location.lat},${event.location.lon}`;
    const ring = perSpot.get(spot) || 0;
    perSpot.set(spot, ring + 1);
    placed.push({ event, ring });
  }
  placed.sort((a, b) => b.ring - a.ring);
  const points = [];
  for (const { event, ring } of placed) {
    const latLng = [event.location.lat, event.location.lon];
    const marker = L.circleMarker(latLng, {
      radius: 7 + 5 * ring, color: "#222", weight: 1, fillColor: colourOf(event.type), fillOpacity: 0.85,
      className: "ew-marker",
    });
    marker.bindTooltip(`${typeLabel(event)} · ${placeLabel(event.location)} · ${formatDate(event.date)}`);
    marker.on("click", () => selectEvent(event.id));
    marker.addTo(state.markerLayer);
    const path = marker.getElement();
    if (path) { path.dataset.eventId = event.id; path.dataset.type = event.type; }
    state.markers.set(event.id, marker);
    points.push(latLng);
  }
  if (points.length === 1) state.map.setView(points[0], 6);
  else if (points.length > 1) state.map.fitBounds(points, { padding: [30, 30], maxZoom: 7 });
}

function drawLegend(events) {
  const types = [...new Set(events.map((event) => event.type))].sort();
  document.getElementById("legend").replaceChildren(
    ...types.map((type) => element("span", {}, element("span", { className: "chip",
      style: `background:${colourOf(type)}` }), type)),
  );
}

// ---- timeline --------------------------------------------------------------------------------

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
    const snippet = event.sentence ? event.sentence.text : "";
    items.push(element("li", {},
      element("button", {
        type: "button", className: "event", dataset: { eventId: event.id },
        onclick: () => selectEvent(event.id),
      },
      element("span", { className: "chip", style: `background:${colourOf(event.type)}` }),
      element("span", { className: "kind" }, typeLabel(event)), " · ",
      element("span", { className: "where" }, placeLabel(event.location)),
      event.article && event.article.outlet ? ` · ${event.article.outlet}` : "",
      element("span", { className: "snippet" }, snippet))));
  }
  if (!events.length) items.push(element("li", { className: "muted" }, "No events match these filters."));
  list.replaceChildren(...items);
}

// ---- evidence panel --------------------------------------------------------------------------

// Split `text` (which starts at article offset `base`) at every span boundary; each piece carries the
// classes of all spans covering it, so overlapping highlights (a trigger inside a quote) both show.
function highlighted(text, base, spans) {
  const usable = spans.filter((span) => Number.isInteger(span.start) && Number.isInteger(span.end)
    && span.end > span.start && span.start >= base && span.end <= base + text.length);
  const cuts = new Set([0, text.length]);
  for (const span of usable) { cuts.add(span.start - base); cuts.add(span.end - base); }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let index = 0; index < points.length - 1; index += 1) {
    const from = points[index];
    const to = points[index + 1];
    const piece = text.slice(from, to);
    const covering = usable.filter((span) => span.start - base <= from && span.end - base >= to);
    if (!covering.length) { nodes.push(document.createTextNode(piece)); continue; }
    nodes.push(element("mark", {
      className: covering.map((span) => span.cls).join(" "),
      title: covering.map((span) => span.label).join(" · "),
    }, piece));
  }
  return nodes;
}

function eventSpans(event) {
  const spans = [];
  const add = (item, cls, label) => {
    if (item && Number.isInteger(item.start) && Number.isInteger(item.end)) {
      spans.push({ start: item.start, end: item.end, cls, label });
    }
  };
  add(event.sentence, "hl-sentence", "evidence sentence");
  add(event.trigger, "hl-trigger", "trigger");
  for (const actor of event.actors || []) add(actor, "hl-actor", `${actor.role}: ${actor.name}`);
  add(event.location, "hl-place", "place");
  add(event.date, "hl-date", "date");
  add(event.fatalities, "hl-casualties", "casualties");
  add(event.claim, "hl-claim", "claim cue");
  return spans;
}

function row(label, ...value) { return [element("dt", {}, label), element("dd", {}, ...value)]; }

function claimText(claim) {
  if (!claim) return "—";
  const parts = [claim.status];
  if (claim.cue) parts.push(`cue: “${claim.cue}”`);
  if (claim.sources && claim.sources.length) parts.push(`sources: ${claim.sources.join(", ")}`);
  return parts.join(" · ");
}

function actorItems(actors) {
  if (!actors || !actors.length) return ["—"];
  return actors.map((actor) => element("div", {}, `${actor.role}: ${actor.name}`,
    element("span", { className: "muted" },
      ` (${[actor.country, actor.sector].filter(Boolean).join(", ") || "unresolved"}; “${actor.text}”)`)));
}

function safeLink(url, text) {
  if (url && /^https?:\/\//i.test(url)) return element("a", { href: url, target: "_blank", rel: "noopener" }, text);
  return text;
}

function renderEvidence(event) {
  const panel = document.getElementById("evidence");
  const place = event.location;
  const date = event.date;
  const fatalities = event.fatalities;
  const acled = event.acled;
  const article = event.article || {};
  const sentence = event.sentence;
  panel.replaceChildren(
    element("h2", {}, element("span", { className: "chip", style: `background:${colourOf(event.type)}` }),
      typeLabel(event),
      event.negated ? element("span", { className: "flag" }, "negated") : null,
      event.hypothetical ? element("span", { className: "flag" }, "hypothetical") : null),
    element("dl", { id: "evidence-fields" },
      row("ACLED", acled ? [acled.event_type, acled.sub_event_type].filter(Boolean).join(" / ") : "not an ACLED event"),
      row("Place", place ? `${placeLabel(place)} (${place.precision})` : "—",
        place && place.geonameid ? element("span", { className: "muted" }, ` GeoNames ${place.geonameid}`) : null),
      row("Date", date ? `${formatDate(date)} (${date.precision}${date.source === "published_fallback"
        ? ", from the publication date" : ""})` : "—"),
      row("Killed", fatalities && fatalities.killed !== null ? String(fatalities.killed) : "—"),
      row("Injured", fatalities && fatalities.injured !== null ? String(fatalities.injured) : "—"),
      row("Claim", claimText(event.claim)),
      row("Actors", ...actorItems(event.actors)),
      row("Confidence", typeof event.confidence === "number" ? event.confidence.toFixed(2) : "—"),
      row("Source", safeLink(article.url, article.outlet || article.url || article.id || "—"),
        article.published ? element("span", { className: "muted" }, ` · published ${article.published}`) : null)),
    element("h3", {}, "Evidence"),
    element("blockquote", { className: "sentence", id: "evidence-sentence" },
      sentence ? highlighted(sentence.text, sentence.start, [
        { start: event.trigger.start, end: event.trigger.end, cls: "hl-trigger", label: "trigger" },
      ]) : "—"),
    element("h3", {}, "Article", article.title ? `: ${article.title}` : ""),
    element("div", { className: "highlight-key" }, HIGHLIGHT_KINDS.map(([cls, label]) => element("mark", { className: cls }, label))),
    element("div", { className: "article-text", id: "article-text" }, element("span", { className: "muted" }, "Loading the article…")),
    element("h3", {}, "Quotes"),
    element("ol", { className: "quotes", id: "quotes" }),
  );
  if (article.id) loadArticle(article.id, event);
}

async function loadArticle(articleId, event) {
  const request = ++state.articleRequest;
  let stored;
  try {
    stored = await getJSON(`/api/articles/${encodeURIComponent(articleId)}`);
  } catch (error) {
    if (request === state.articleRequest) {
      document.getElementById("article-text").replaceChildren(`Could not load the article: ${error.message}`);
    }
    return;
  }
  if (request !== state.articleRequest) return; // a newer click won
  const quoteSpans = stored.quotes.map((quote) => ({
    start: quote.start, end: quote.end, cls: "hl-quote", label: `quote: ${quote.speaker || "unknown speaker"}` }));
  const container = document.getElementById("article-text");
  container.replaceChildren(...highlighted(stored.text, 0, [...quoteSpans, ...eventSpans(event)]));
  const trigger = container.querySelector("mark.hl-trigger");
  if (trigger) container.scrollTop = Math.max(0, trigger.offsetTop - container.offsetTop - 60);
  const quotes = document.getElementById("quotes");
  quotes.replaceChildren(...(stored.quotes.length ? stored.quotes.map((quote) => element("li", {},
    element("strong", {}, quote.speaker || "unknown speaker"), `: “${quote.text}”`,
    element("span", { className: "muted" }, ` (${quote.kind}${quote.cue ? `, ${quote.cue}` : ""})`)))
    : [element("li", { className: "muted" }, "No quotes in this article.")]));
}

function selectEvent(eventId) {
  const event = state.events.find((candidate) => candidate.id === eventId);
  if (!event) return;
  state.selectedId = eventId;
  for (const button of document.querySelectorAll("#event-list button.event")) {
    button.classList.toggle("selected", button.dataset.eventId === eventId);
  }
  for (const [id, marker] of state.markers) {
    const path = marker.getElement();
    if (path) path.classList.toggle("selected", id === eventId);
  }
  const selectedButton = document.querySelector(`#event-list button.event.selected`);
  if (selectedButton) selectedButton.scrollIntoView({ block: "nearest" });
  renderEvidence(event);
}

// ---- filters and loading ---------------------------------------------------------------------

function filterQuery() {
  const form = document.getElementById("filters");
  const params = new URLSearchParams();
  for (const name of ["type", "country", "since", "until"]) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, name === "country" ? value.toUpperCase() : value);
  }
  return params;
}

async function loadEvents() {
  const params = filterQuery();
  history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
  params.set("limit", "5000");
  const status = document.getElementById("status");
  status.textContent = "loading…";
  let body;
  try {
    body = await getJSON(`/api/events?${params}`);
  } catch (error) {
    status.textContent = `error: ${error.message}`;
    return;
  }
  state.events = body.events;
  const mapped = body.events.filter(hasCoordinates).length;
  status.textContent = `${body.count} events (${mapped} on the map)`;
  drawMarkers(body.events);
  drawLegend(body.events);
  drawList(body.events);
  if (state.selectedId && state.events.some((event) => event.id === state.selectedId)) selectEvent(state.selectedId);
}

async function start() {
  try {
    state.config = await getJSON("/api/config");
  } catch (error) {
    state.config = { tile_url: null, event_types: Object.keys(TYPE_COLOURS).sort() };
  }
  const form = document.getElementById("filters");
  const typeSelect = document.getElementById("filter-type");
  for (const type of state.config.event_types) typeSelect.append(element("option", { value: type }, type));
  const initial = new URLSearchParams(location.search);
  for (const name of ["type", "country", "since", "until"]) {
    if (initial.has(name)) form.elements[name].value = initial.get(name);
  }
  form.addEventListener("submit", (submitEvent) => { submitEvent.preventDefault(); loadEvents(); });
  document.getElementById("filter-reset").addEventListener("click", () => { form.reset(); loadEvents(); });
  buildMap();
  await loadEvents();
}

start();
