"""Runs the SAM translator (aws-sam-translator, installed beside cfn-lint) on a template once per parameter set.

stdin:  {"template": "/abs/template.yaml", "parameterSets": [{"Name": "value", ...}, ...]}
stdout: one JSON line per set: {"FunctionLogicalId": "its AWS::Lambda::Version logical id", ...}
CloudFormation passes every parameter value to the transform as a string, and so does this script.
"""
import json
import logging
import os
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
logging.disable(logging.WARNING)

from samtranslator.translator.transform import transform  # noqa: E402
from samtranslator.yaml_helper import yaml_parse  # noqa: E402


class NoManagedPolicies:
    def load(self):
        return {}


def versions(template_text, parameters):
    output = transform(yaml_parse(template_text), parameters, NoManagedPolicies())
    result = {}
    for logical_id, resource in output["Resources"].items():
        if resource["Type"] == "AWS::Lambda::Version":
            function = resource["Properties"]["FunctionName"]["Ref"]
            result[function] = logical_id
    return result


def main():
    request = json.load(sys.stdin)
    with open(request["template"], encoding="utf-8") as f:
        text = f.read()
    for parameters in request["parameterSets"]:
        print(json.dumps(versions(text, {k: str(v) for k, v in parameters.items()}), sort_keys=True))


if __name__ == "__main__":
    main()
