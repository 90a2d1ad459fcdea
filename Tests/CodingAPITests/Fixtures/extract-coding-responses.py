#!/usr/bin/env python3
"""Extracts the response schemas of the given CODING actions from the vendor spec.

Usage: extract-coding-responses.py coding-openapi.yaml ACTION... > coding-responses.json

Keeps only what the schema test checks (`$ref`, `type`, `properties`, `items`, `required`,
`x-tcapi-output-required`), for the actions' 200 responses and every schema they reference.
"""
import json
import sys

import yaml

spec = yaml.safe_load(open(sys.argv[1]))
schemas = spec["components"]["schemas"]
operations = {op["operationId"]: op for path in spec["paths"].values() for op in path.values()}
KEEP = ("$ref", "type", "required", "x-tcapi-output-required")


def slim(schema, wanted):
    out = {k: schema[k] for k in KEEP if k in schema}
    # The vendor types some timestamps `object` with format `datetime`; its examples send numbers.
    if schema.get("type") == "object" and schema.get("format") == "datetime":
        out["type"] = "datetime"
    if "$ref" in schema:
        wanted.append(schema["$ref"].split("/")[-1])
    if "properties" in schema:
        out["properties"] = {k: slim(v, wanted) for k, v in schema["properties"].items()}
    if "items" in schema:
        out["items"] = slim(schema["items"], wanted)
    return out


actions, kept, wanted = {}, {}, []
for name in sys.argv[2:]:
    if name not in operations:
        continue
    ref = operations[name]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    actions[name] = ref.split("/")[-1]
    wanted.append(actions[name])
while wanted:
    name = wanted.pop()
    if name not in kept:
        kept[name] = slim(schemas[name], wanted)
json.dump({"actions": actions, "schemas": kept}, sys.stdout, indent=0, sort_keys=True, ensure_ascii=False)
print()
