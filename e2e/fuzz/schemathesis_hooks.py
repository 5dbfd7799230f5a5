"""Schemathesis hooks for e2e/src/fuzz.test.ts: every request names entities that exist.

The OpenAPI document states each reference field's form (a GUID), not which GUIDs exist: a
reference to a missing entity is refused with 400 BAD_USER_INPUT (DESIGN.md section 4), and
that is state, not schema. The config's dictionaries make the fuzzing and stateful phases use
the seeded ids; the examples and coverage phases build values without them, so this hook puts
a seeded id in place of any well-formed but unknown id, a seeded JSON text in place of any
other text in a JSON-text field, and drops the duplicates that substitution can create.
Schemathesis revalidates the case after the hook, so a negative case stays negative only if
its mutation survives; a value that is not a well-formed GUID is left as generated.

The seeded values come from the JSON file named by FUZZ_DICTIONARIES; the GraphQL domain
refusals that `filter_failure` drops are listed in the file named by FUZZ_DROPPED_LOG.
"""

import json
import os
import re

import schemathesis

GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

with open(os.environ["FUZZ_DICTIONARIES"], encoding="utf-8") as file:
    DICTIONARIES = json.load(file)

# body field -> (dictionary, is_list, kind)
FIELDS = {
    "schemaId": ("Schema", False, "id"),
    "inputSchemaId": ("Schema", False, "id"),
    "outputSchemaId": ("Schema", False, "id"),
    "processorId": ("Processor", False, "id"),
    "stepId": ("Step", False, "id"),
    "stepIds": ("Step", True, "id"),
    "nextStepIds": ("Step", True, "id"),
    "workflowId": ("Workflow", False, "id"),
    "assignmentIds": ("Assignment", True, "id"),
    "entityIds": ("AddressOrDelivery", True, "id"),
    "definition": ("JsonSchemaText", False, "text"),
    "payload": ("JsonText", False, "text"),
    "cronExpression": ("Cron", False, "text"),
    "scheduleInput": ("JsonText", False, "text"),
}


def _pick(values, seed):
    return values[sum(map(ord, seed)) % len(values)]


def _known(dictionary, kind, value):
    values = DICTIONARIES[dictionary]
    if not isinstance(value, str) or value in values:
        return value
    if kind == "id" and not GUID.match(value):
        return value
    return _pick(values, value)


def _repair(body):
    for field, (dictionary, is_list, kind) in FIELDS.items():
        if field not in body:
            continue
        value = body[field]
        if is_list and isinstance(value, list):
            seen = []
            for item in (_known(dictionary, kind, item) for item in value):
                if item not in seen:
                    seen.append(item)
            body[field] = seen
        elif not is_list:
            body[field] = _known(dictionary, kind, value)


def _backoff_in_order(body):
    # A Step's retryBackoffMaxMs may not be below its retryBackoffMs: a rule between two
    # fields that OpenAPI cannot state, so a generated pair is put in order.
    base, most = body.get("retryBackoffMs"), body.get("retryBackoffMaxMs")
    if isinstance(base, int) and isinstance(most, int) and most < base:
        body["retryBackoffMs"], body["retryBackoffMaxMs"] = most, base


@schemathesis.hook
def before_call(context, case, kwargs):
    # OpenAPI entity bodies only: GraphQL values are bound through the config's dictionaries.
    if context.operation is None or not context.operation.path.startswith("/api/"):
        return
    # A page cursor (`after`) is state like an id: only one a previous page answered is valid.
    if context.operation.path == "/api/Executions" and isinstance(case.query, dict):
        case.query.pop("after", None)
    if isinstance(case.body, dict):
        _repair(case.body)
        _backoff_in_order(case.body)


# The GraphQL refusals DESIGN.md section 5 defines for valid GraphQL that breaks a domain rule.
DOMAIN_CODES = {"NOT_FOUND", "CONFLICT"}


def _is_domain_refusal(error):
    extensions = error.get("extensions") if isinstance(error, dict) else None
    if not isinstance(extensions, dict) or "path" not in error:
        return False
    code = extensions.get("code")
    if code in DOMAIN_CODES:
        return True
    # A resolver's BAD_USER_INPUT says what broke the rule: the violated fields, the missing
    # references, the cycle of a workflow's steps.
    return code == "BAD_USER_INPUT" and isinstance(extensions.get("details"), dict)


def _is_limit_refusal(error):
    """The operation limits' refusal (README "Limits"): a generated query may nest list fields
    past the cost or depth budget; refusing it whole, before any resolver runs, is the contract."""
    extensions = error.get("extensions") if isinstance(error, dict) else None
    if not isinstance(extensions, dict):
        return False
    details = extensions.get("details")
    return extensions.get("code") == "BAD_USER_INPUT" and isinstance(details, dict) and "limit" in details and "maximum" in details


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keep every failure except a GraphQL answer made only of the API's domain refusals.

    GraphQL types cannot state the rules the REST document states (GUID form, lengths, JSON
    text, existing references, unique keys), and the SDL's types are fixed by DESIGN.md, so a
    schema-valid query can break them. Schemathesis 4 then reports "GraphQL client error"
    (BAD_USER_INPUT) or "GraphQL server error" (NOT_FOUND, CONFLICT: codes it does not know).
    These answers are the contract, with HTTP 200 (or 400 for an operation refused whole by
    the operation limits, `_is_limit_refusal`) and a path into the resolver; anything else
    (INTERNAL_SERVER_ERROR, SERVICE_UNAVAILABLE, a null for a non-null field, a 5xx, a response
    off the schema) still fails the run. The same resolvers are fuzzed through REST, where the
    document states every rule and no failure is dropped.
    """
    errors = getattr(failure, "errors", None)
    if type(failure).__name__ not in ("GraphQLClientError", "GraphQLServerError") or not errors:
        return True
    refused = response.status_code == 200 and all(_is_domain_refusal(error) for error in errors)
    if not refused and not (response.status_code == 400 and all(_is_limit_refusal(error) for error in errors)):
        return True
    # Logged, so the test can say how many answers were domain refusals.
    with open(os.environ["FUZZ_DROPPED_LOG"], "a", encoding="utf-8") as log:
        codes = sorted({error["extensions"]["code"] for error in errors})
        log.write(f"{case.operation.label} {','.join(codes)}\n")
    return False
