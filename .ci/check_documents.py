"""Checks the generated JSON documents with independent validators.

- spec/openapi.json and spec-features/openapi.json (every construct of the spec format:
  maps, untyped values, aliases, integer enums, media types...) against the OpenAPI 3.1
  specification (openapi-spec-validator);
- every spec YAML file against spec/spec.schema.json (jsonschema), and a misspelt key
  (`max_lenght`) must be rejected by the schema, as it is by the generator.
"""
import copy
import glob
import json
import sys

import jsonschema
import yaml
from openapi_spec_validator import validate

for document in ["spec/openapi.json", "spec-features/openapi.json"]:
    with open(document) as f:
        validate(json.load(f))
    print(f"{document}: valid OpenAPI 3.1")

with open("spec/spec.schema.json") as f:
    schema = json.load(f)
validator = jsonschema.Draft202012Validator(schema)
files = sorted(glob.glob("spec/*.yaml") + glob.glob("spec/operations/*.yaml"))
files = [f for f in files if not f.endswith("audit-allow.yaml")]
bad = 0
for path in files:
    with open(path) as f:
        doc = yaml.safe_load(f)
    # YAML integer keys (status codes) are strings in JSON.
    doc = json.loads(json.dumps(doc))
    errors = list(validator.iter_errors(doc))
    for e in errors:
        print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    bad += len(errors)
print(f"{len(files)} spec files checked against spec/spec.schema.json: {bad} problems")

with open("spec/operations/sync_tasks.yaml") as f:
    doc = json.loads(json.dumps(yaml.safe_load(f)))
typo = copy.deepcopy(doc)
first_type = next(iter(typo["types"].values()))
first_field = next(iter(first_type["fields"].values()))
first_field["max_lenght"] = 3
if validator.is_valid(typo):
    print("the schema accepted a misspelt key `max_lenght`")
    bad += 1
else:
    print("the schema rejects a misspelt key, as the generator does")
sys.exit(1 if bad else 0)
