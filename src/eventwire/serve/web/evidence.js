// eventwire web page: shared helpers and the event view (fields, reports, conflicts, highlighted evidence).
// Every text that comes from an article (text, quotes, names) is put in the page as a text node, never
// parsed as HTML.
"use strict";

const TYPE_COLOURS = {
  ASSAULT: "#d62728", COERCE: "#ff7f0e", THREATEN: "#e377c2", PROTEST: "#9467bd",
  MOBILIZE: "#8c564b", SANCTION: "#bcbd22", ACCUSE: "#f7b6d2", REJECT: "#c49c94",
  REQUEST: "#17becf", CONSULT: "#1f77b4", AGREE: "#2ca02c", COOPERATE: "#98df8a",
  SUPPORT: "#aec7e8", AID: "#7fc97f", CONCEDE: "#dbdb8d", RETREAT: "#7f7f7f",
};
const HIGHLIGHT_KINDS = [
  ["trigger", "trigger"], ["actor", "actor"], ["place", "place"], ["date", "date"],
  ["casualties", "casualties"], ["claim", "claim cue"], ["sentence", "evidence sentence"], ["quote", "quote"],
];

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "className") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function colourOf(type) { return TYPE_COLOURS[type] || "#555"; }

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

// Split `text` (which starts at article offset `base`) at every span boundary; each piece carries the
// classes of all spans covering it, so overlapping highlights (a trigger inside a quote) all show.
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
      className: covering.map((span) => `hl-${span.kind}`).join(" "),
      title: covering.map((span) => span.label).join(" · "),
    }, piece));
  }
  return nodes;
}

function row(label, ...value) { return [element("dt", {}, label), element("dd", {}, ...value)]; }

function claimText(claim) {
  if (!claim) return "—";
  const parts = [claim.status];
  if (claim.cue) parts.push(`cue: “${claim.cue}”`);
  if (claim.sources && claim.sources.length) parts.push(`sources: ${claim.sources.join(", ")}`);
  return parts.join(" · ");
}

function countText(range) {
  if (!range || range.best === null || range.best === undefined) return "—";
  if (range.min !== range.max) return `${range.best} (reports say ${range.min}–${range.max})`;
  return String(range.best);
}

function actorItems(actors) {
  if (!actors || !actors.length) return ["—"];
  return actors.map((actor) => element("div", {}, `${actor.role}: ${actor.name}`,
    element("span", { className: "muted" },
      ` (${[actor.country, actor.sector].filter(Boolean).join(", ") || "unresolved"}; “${actor.text}”)`)));
}

function safeLink(url, text) {
  if (url && /^https?:\/\//i.test(url)) return element("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, text);
  return text;
}

function reportItems(detail, onPick) {
  return detail.reports.map((report, index) => element("li", {},
    element("button", { type: "button", className: "report", dataset: { index: String(index) },
      "aria-label": `Show the evidence in ${report.outlet || report.article_id}`, onclick: () => onPick(index) },
    report.outlet || report.article_id),
    report.published ? element("span", { className: "muted" }, ` ${report.published.slice(0, 10)}`) : null,
    report.claim ? element("span", { className: "muted" }, ` · ${report.claim.status}`) : null,
    report.killed !== null && report.killed !== undefined ? element("span", { className: "muted" }, ` · ${report.killed} killed`) : null,
    report.url ? [" ", safeLink(report.url, "source")] : null));
}

function conflictItems(detail) {
  if (!detail.conflicts.length) {
    const note = detail.reports.length > 1 ? "The reports agree." : "One report: nothing to compare yet.";
    return [element("li", { className: "muted" }, note)];
  }
  const shown = (value) => {
    if (value === null || value === undefined) return "unknown";
    if (typeof value !== "object") return String(value);
    return value.name || value.value || JSON.stringify(value);
  };
  return detail.conflicts.map((conflict) => element("li", {}, element("strong", {}, conflict.field || "field"), ": ",
    (conflict.values || []).map((value, index) => [index ? " vs " : "", shown(value.value),
      element("span", { className: "muted" },
        ` (${(value.sources || []).map((source) => source.outlet || source.article_id).join(", ")})`)])));
}

// Draws the event view into #evidence; the article text of the chosen report loads after.
function renderEventDetail(detail, state) {
  const panel = document.getElementById("evidence");
  const place = detail.location;
  const date = detail.date;
  const acled = detail.acled;
  const sentence = detail.sentence;
  panel.replaceChildren(
    element("h2", {}, element("span", { className: "chip", style: `background:${colourOf(detail.type)}` }),
      typeLabel(detail),
      detail.negated ? element("span", { className: "flag" }, "negated") : null,
      detail.hypothetical ? element("span", { className: "flag" }, "hypothetical") : null),
    element("dl", { id: "evidence-fields" },
      row("ACLED", acled ? [acled.event_type, acled.sub_event_type].filter(Boolean).join(" / ") : "not an ACLED event"),
      row("Place", place ? `${placeLabel(place)} (${place.precision})` : "—",
        place && place.geonameid ? element("span", { className: "muted" }, ` GeoNames ${place.geonameid}`) : null),
      row("Date", date ? `${formatDate(date)} (${date.precision}${date.source === "published_fallback"
        ? ", from the publication date" : ""})` : "—"),
      row("Killed", countText(detail.casualties.killed)),
      row("Injured", countText(detail.casualties.injured)),
      row("Claim", claimText(detail.claim)),
      row("Actors", ...actorItems(detail.actors)),
      row("Confidence", typeof detail.confidence === "number" ? detail.confidence.toFixed(2) : "—"),
      row("Outlets", `${detail.corroboration.outlets} outlet${detail.corroboration.outlets === 1 ? "" : "s"}, `
        + `${detail.corroboration.articles} article${detail.corroboration.articles === 1 ? "" : "s"}`)),
    element("h3", {}, "Evidence"),
    element("blockquote", { className: "sentence", id: "evidence-sentence" },
      sentence ? highlighted(sentence.text, sentence.start, [
        { start: detail.trigger.start, end: detail.trigger.end, kind: "trigger", label: "trigger" },
      ]) : "—"),
    element("h3", {}, "Reported by"),
    element("ol", { className: "reports", id: "reports" }, reportItems(detail, (index) => showReport(detail, index, state))),
    element("h3", {}, "Contradictions"),
    element("ul", { className: "conflicts", id: "conflicts" }, conflictItems(detail)),
    element("h3", { id: "article-title" }, "Article"),
    element("div", { className: "highlight-key", "aria-hidden": "true" },
      HIGHLIGHT_KINDS.map(([kind, label]) => element("mark", { className: `hl-${kind}` }, label))),
    element("div", { className: "article-text", id: "article-text", tabindex: "0", "aria-labelledby": "article-title" },
      element("span", { className: "muted" }, "Loading the article…")),
    element("h3", {}, "Quotes"),
    element("ol", { className: "quotes", id: "quotes" }),
  );
  showReport(detail, 0, state);
}

async function showReport(detail, index, state) {
  const report = detail.reports[index];
  if (!report) return;
  for (const button of document.querySelectorAll("#reports button.report")) {
    button.classList.toggle("selected", button.dataset.index === String(index));
  }
  const request = ++state.articleRequest;
  let stored;
  try {
    stored = await getJSON(`/api/articles/${encodeURIComponent(report.article_id)}`);
  } catch (error) {
    if (request === state.articleRequest) {
      document.getElementById("article-text").replaceChildren(`Could not load the article: ${error.message}`);
    }
    return;
  }
  if (request !== state.articleRequest) return; // a newer click won
  document.getElementById("article-title").replaceChildren(
    "Article", stored.article.title ? `: ${stored.article.title}` : "",
    element("span", { className: "muted" }, ` (${stored.article.outlet || report.article_id})`));
  const quoteSpans = stored.spans.filter((span) => span.kind === "quote");
  const container = document.getElementById("article-text");
  container.replaceChildren(...highlighted(stored.text, 0, [...quoteSpans, ...report.spans]));
  const trigger = container.querySelector("mark.hl-trigger");
  if (trigger) container.scrollTop = Math.max(0, trigger.offsetTop - container.offsetTop - 60);
  const quotes = report.quotes.length ? report.quotes : stored.quotes;
  document.getElementById("quotes").replaceChildren(...(quotes.length ? quotes.map((quote) => element("li", {},
    element("strong", {}, quote.speaker || "unknown speaker"), `: “${quote.text}”`,
    element("span", { className: "muted" }, ` (${quote.kind}${quote.cue ? `, ${quote.cue}` : ""})`)))
    : [element("li", { className: "muted" }, "No quotes in this article.")]));
}
