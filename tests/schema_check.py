#!/usr/bin/env python3
"""schema_check.py - validate ikescope JSON output against docs/schema.

    schema_check.py SCHEMA_DIR FILE...

A FILE ending in .json is one --json document; one ending in .ndjson holds
--ndjson events, one per line, each checked on its own.  Prints one line
per file, tab-separated: PASS|FAIL, the file name, and the first errors.
Exits 2 when the jsonschema module is missing.
"""
import json
import os
import sys

try:
    import jsonschema
    from referencing import Registry, Resource
except ImportError:
    try:
        import jsonschema
        Registry = None
    except ImportError:
        print("SKIP\tjsonschema\tthe Python jsonschema module is missing "
              "(Debian: python3-jsonschema; tests/setup.sh installs it)")
        sys.exit(2)


def load(d, name):
    with open(os.path.join(d, name), encoding="utf-8") as f:
        return json.load(f)


def main():
    sdir = sys.argv[1]
    doc_schema = load(sdir, "ikescope.schema.json")
    ev_schema = load(sdir, "ikescope-event.schema.json")
    cls = jsonschema.Draft202012Validator
    cls.check_schema(doc_schema)
    cls.check_schema(ev_schema)
    if Registry is not None:
        reg = Registry().with_resources([
            (doc_schema["$id"], Resource.from_contents(doc_schema)),
            (ev_schema["$id"], Resource.from_contents(ev_schema)),
        ])
        doc_v = cls(doc_schema, registry=reg)
        ev_v = cls(ev_schema, registry=reg)
    else:  # jsonschema < 4.18 (Debian 12)
        store = {doc_schema["$id"]: doc_schema, ev_schema["$id"]: ev_schema}
        doc_v = cls(doc_schema, resolver=jsonschema.RefResolver.from_schema(
            doc_schema, store=store))
        ev_v = cls(ev_schema, resolver=jsonschema.RefResolver.from_schema(
            ev_schema, store=store))
    for path in sys.argv[2:]:
        errs = []
        name = os.path.basename(path)
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if path.endswith(".ndjson"):
                lines = text.split("\n")
                if lines and lines[-1] == "":
                    lines.pop()
                if not lines:
                    errs.append("no events")
                for i, line in enumerate(lines, 1):
                    ev = json.loads(line)
                    for e in ev_v.iter_errors(ev):
                        errs.append("line %d %s: %s" % (
                            i, "/".join(map(str, e.absolute_path)),
                            e.message[:200]))
            else:
                doc = json.loads(text)
                for e in doc_v.iter_errors(doc):
                    errs.append("%s: %s" % (
                        "/".join(map(str, e.absolute_path)), e.message[:200]))
        except (OSError, ValueError, UnicodeDecodeError) as e:
            errs.append("not readable as JSON: %s" % e)
        if errs:
            print("FAIL\t%s validates\t%s" % (name, " | ".join(errs[:3])))
        else:
            print("PASS\t%s validates\t" % name)


main()
