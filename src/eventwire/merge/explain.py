"""Text for `eventwire explain`: a merged event's reports and the features and scores that joined them."""

from __future__ import annotations

from typing import Any


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items() if v is not None)
    return str(value)


def format_explanation(record: dict[str, Any]) -> str:
    """Render `Store.get_merged_event` output (fused event + links with their decisions) as text."""
    event = record["event"]
    lines = [f"event {event['id']}: {event['type']}" + (f" ({event['mode']})" if event.get("mode") else "")]
    if record.get("asked") and record["asked"] != event["id"]:
        lines.append(f"  (asked for {record['asked']}, which is part of this event or was merged into it)")
    location, date = event.get("location") or {}, event.get("date") or {}
    lines.append(f"  where: {location.get('name')} [{location.get('country')}, {location.get('precision')}]"
                 if location else "  where: unknown")
    lines.append(f"  when: {date.get('value')} ({date.get('precision')}, {date.get('source')})" if date else "  when: unknown")
    for name in ("killed", "injured"):
        numbers = event["fatalities"].get(name)
        if numbers:
            lines.append(f"  {name}: best {numbers['best']} (min {numbers['min']}, max {numbers['max']})")
    c = event["corroboration"]
    lines.append(f"  corroboration: {c['outlets']} outlets, {c['articles']} articles "
                 f"({c['independent_documents']} independent), {c['mentions']} mentions")
    lines.append("reports:")
    for report in event["reports"]:
        copy = f", copy of {report['copy_of']}" if report.get("copy_of") else ""
        lines.append(f"  - {report['outlet'] or '?'} {report['published'] or ''} {report['url'] or ''}"
                     f" [article {report['article_id']}{copy}; claim {report['claim']['status']}]")
        lines.append(f"    \"{report['evidence']['text']}\" @{report['evidence']['start']}-{report['evidence']['end']}")
    if event["conflicts"]:
        lines.append("conflicts:")
        for conflict in event["conflicts"]:
            parts = [
                f"{_value(v['value'])} ({', '.join(s['outlet'] or s['article_id'] for s in v['sources'])})"
                for v in conflict["values"]
            ]
            lines.append(f"  {conflict['field']}: " + " vs ".join(parts))
    lines.append("decisions:")
    for link in record["links"]:
        decision = link["decision"]
        if not decision.get("pairs"):
            lines.append(f"  {link['mention_id']} ({link['article_id']}): founded the event")
            continue
        lines.append(f"  {link['mention_id']} ({link['article_id']}): joined with average link {decision['score']:.3f}")
        for pair in decision["pairs"]:
            features = " ".join(f"{k}={v:.2f}" for k, v in pair["features"].items())
            raw = " ".join(f"{k}={v}" for k, v in pair["raw"].items() if v is not None)
            lines.append(f"    vs {pair['member']}: score {pair['score']:.3f} | {features} | {raw}")
    return "\n".join(lines)
