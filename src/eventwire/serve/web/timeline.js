// eventwire web page: the timeline histogram (events per day from /api/stats) and its brush.
// Dragging across the bars picks a date range; the page then filters by it (since/until in the URL).
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const DAY_MS = 86400000;

function svgElement(tag, attributes) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

function dayNumber(iso) { return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS); }
function dayString(number) { return new Date(number * DAY_MS).toISOString().slice(0, 10); }

const timeline = {
  svg: null, first: 0, last: 0, width: 0, onPick: null, dragFrom: null, brush: null,

  init(svg, onPick) {
    this.svg = svg;
    this.onPick = onPick;
    svg.addEventListener("pointerdown", (event) => this.start(event));
    svg.addEventListener("pointermove", (event) => this.move(event));
    svg.addEventListener("pointerup", (event) => this.end(event));
  },

  // byDay: [{value: "YYYY-MM-DD" | null, count}], the range the stats cover; since/until: current brush.
  draw(byDay, since, until) {
    const svg = this.svg;
    const dated = this.clipOldTail(byDay.filter((row) => row.value));
    svg.replaceChildren();
    this.width = svg.clientWidth || 600;
    const height = Number(svg.getAttribute("height"));
    if (!dated.length) {
      const note = svgElement("text", { x: 8, y: height / 2, class: "empty" });
      note.textContent = "no dated events";
      svg.append(note);
      return;
    }
    this.first = dayNumber(dated[0].value);
    this.last = dayNumber(dated[dated.length - 1].value);
    const days = this.last - this.first + 1;
    const most = Math.max(...dated.map((row) => row.count));
    const barWidth = this.width / days;
    for (const row of dated) {
      const index = dayNumber(row.value) - this.first;
      const barHeight = Math.max(2, ((height - 14) * row.count) / most);
      const bar = svgElement("rect", {
        x: index * barWidth + 0.5, y: height - 12 - barHeight, width: Math.max(1, barWidth - 1), height: barHeight,
        class: "bar", "data-day": row.value, "data-count": row.count,
      });
      const tip = svgElement("title", {});
      tip.textContent = `${row.value}: ${row.count} event${row.count === 1 ? "" : "s"}`;
      bar.append(tip);
      svg.append(bar);
    }
    for (const [value, anchor, x] of [[dated[0].value, "start", 2], [dated[dated.length - 1].value, "end", this.width - 2]]) {
      const label = svgElement("text", { x, y: height - 1, "text-anchor": anchor, class: "axis" });
      label.textContent = value;
      svg.append(label);
    }
    this.brush = svgElement("rect", { class: "brush", x: 0, y: 0, width: 0, height: height - 12 });
    svg.append(this.brush);
    if (since || until) {
      const from = since ? Math.max(this.first, dayNumber(since)) : this.first;
      const to = until ? Math.min(this.last, dayNumber(until)) : this.last;
      this.showBrush(this.xOf(from), this.xOf(to + 1));
    }
  },

  // A few events dated years back (year-precision background) would squeeze today's bars to nothing:
  // leave out the oldest tail when it holds at most 5% of the events and the rest still spans a range.
  clipOldTail(dated) {
    const total = dated.reduce((sum, row) => sum + row.count, 0);
    let dropped = 0;
    let first = 0;
    const lastDay = dated.length ? dayNumber(dated[dated.length - 1].value) : 0;
    while (first < dated.length - 1 && lastDay - dayNumber(dated[first].value) > 400
           && dropped + dated[first].count <= total * 0.05) {
      dropped += dated[first].count;
      first += 1;
    }
    const note = document.getElementById("timeline-older");
    if (note) {
      note.textContent = dropped ? `${dropped} older event${dropped === 1 ? "" : "s"} before ${dated[first].value} not drawn (use From)` : "";
    }
    return dated.slice(first);
  },

  xOf(day) { return ((day - this.first) / (this.last - this.first + 1)) * this.width; },
  dayAt(x) {
    const days = this.last - this.first + 1;
    return this.first + Math.min(days - 1, Math.max(0, Math.floor((x / this.width) * days)));
  },
  localX(event) { return event.clientX - this.svg.getBoundingClientRect().left; },

  showBrush(x1, x2) {
    if (!this.brush) return;
    this.brush.setAttribute("x", Math.min(x1, x2));
    this.brush.setAttribute("width", Math.abs(x2 - x1));
  },

  start(event) {
    if (!this.brush) return;
    this.dragFrom = this.localX(event);
    this.svg.setPointerCapture(event.pointerId);
    this.showBrush(this.dragFrom, this.dragFrom);
  },

  move(event) {
    if (this.dragFrom === null) return;
    this.showBrush(this.dragFrom, this.localX(event));
  },

  end(event) {
    if (this.dragFrom === null) return;
    const to = this.localX(event);
    const from = this.dragFrom;
    this.dragFrom = null;
    if (Math.abs(to - from) < 3) return; // a click, not a drag
    const first = this.dayAt(Math.min(from, to));
    const last = this.dayAt(Math.max(from, to));
    this.showBrush(this.xOf(first), this.xOf(last + 1));
    this.onPick(dayString(first), dayString(last));
  },
};
