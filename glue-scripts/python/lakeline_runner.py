"""Runs a lakeline job plan on AWS Glue.

Every lakeline Glue job runs this one script; what it does comes from the job plan named by
--plan_uri (glue/plans/<job>.json): the steps as Spark SQL over views, how to split kept from
rejected rows, and where results go. The plan-walking, argument, path and result-shaping logic
is plain Python with no Spark or awsglue import at module level, so it is unit-tested without a
cluster; GlueEngine, built inside main(), is the only part that touches Spark, Glue and S3.
"""

import json
import re
import sys
import time

PLAN_VERSION = 6
FILE_COLUMN = "_lakeline_file"
OUTCOME_RESULTS = {"Passed": "PASS", "Failed": "FAIL"}


class PlanError(Exception):
    """The plan cannot be run by this runner."""


NOTHING_NEW = "nothing-new"


class QualityGateFailed(Exception):
    """A dataset-level rule of the plan's gate failed; the job fails without writing its output."""


# ---------------------------------------------------------------- arguments and paths


def parse_args(argv):
    """`--key value` and `--key=value` pairs of a Glue job's argv (without the script name)."""
    args = {}
    i = 0
    while i < len(argv):
        token = argv[i]
        if not token.startswith("--"):
            i += 1
            continue
        name = token[2:]
        if "=" in name:
            name, value = name.split("=", 1)
        elif i + 1 < len(argv) and not argv[i + 1].startswith("--"):
            value = argv[i + 1]
            i += 1
        else:
            value = ""
        args[name] = value
        i += 1
    return args


def resolve_run_id(args):
    """The run id: `--run_id` from the state machine (its execution name), else Glue's own run id."""
    run_id = args.get("run_id") or args.get("JOB_RUN_ID")
    if not run_id:
        raise PlanError("no run id: pass --run_id (the state machine passes its execution name)")
    if "/" in run_id or run_id in (".", ".."):
        raise PlanError("run id %r cannot be part of an S3 key" % run_id)
    return run_id


def with_run_id(template, plan, run_id):
    return template.replace(plan["runId"]["placeholder"], run_id)


def split_s3_uri(uri):
    match = re.match(r"^s3://([^/]+)/(.*)$", uri)
    if match is None:
        raise PlanError("not an s3:// URI: %r" % uri)
    return match.group(1), match.group(2)


def check_plan(plan):
    if plan.get("planVersion") != PLAN_VERSION:
        raise PlanError(
            "plan version %r is not %d: synthesize the pipeline again with this runner"
            % (plan.get("planVersion"), PLAN_VERSION)
        )
    for key in ("input", "actions", "accounting", "split", "output", "quarantine", "runSummary"):
        if key not in plan:
            raise PlanError("the plan has no %r" % key)
    return plan


# ---------------------------------------------------------------- types and readers

SPARK_TYPES = {
    "string": "STRING",
    "int": "INT",
    "bigint": "BIGINT",
    "double": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
}


def spark_type(data_type):
    kind = data_type["kind"]
    if kind == "decimal":
        return "DECIMAL(%d, %d)" % (data_type["precision"], data_type["scale"])
    if kind not in SPARK_TYPES:
        raise PlanError("unknown column type %r" % kind)
    return SPARK_TYPES[kind]


def ddl(columns):
    return ", ".join("`%s` %s" % (c["name"].replace("`", "``"), spark_type(c["type"])) for c in columns)


def input_ddl(plan):
    """The schema Spark reads the input with; text formats get the column holding unparsed records
    and leave out the partition columns, whose values are in the folder names."""
    columns = list(plan["input"]["columns"])
    if plan["input"]["format"] != "parquet":
        partitions = set(plan["input"].get("partitionBy") or [])
        columns = [c for c in columns if c["name"] not in partitions]
        columns.append({"name": plan["columns"]["raw"], "type": {"kind": "string"}})
    return ddl(columns)


# ---------------------------------------------------------------- raw partitions and the high-water mark

HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"


def partition_values(plan, uri):
    """The folder text of each of input.partitionBy for a file (None for Hive's NULL folder), or None
    when the file does not lie in a `key=value` folder for each (local/glue/plan-input-partitions.ts)."""
    from urllib.parse import unquote

    base = plan["input"]["path"] if plan["input"]["path"].endswith("/") else plan["input"]["path"] + "/"
    parts = uri[len(base):].split("/")[:-1] if uri.startswith(base) else []
    found = {}
    for f in parts:
        if "=" in f:
            key, value = f.split("=", 1)
            found[unquote(key)] = unquote(value)
    values = [found.get(c) for c in plan["input"]["partitionBy"]]
    if any(v is None for v in values):
        return None
    return [None if v == HIVE_NULL else v for v in values]


def partition_key(values):
    """A partition as the ingestion state lists it: its folder values joined by `/`."""
    return "/".join(HIVE_NULL if v is None else v for v in values)


def parse_ingestion_mark(text):
    """The dataset's entry of the ingestion state the run was given; an empty one before the first run."""
    if text is None or not text.strip():
        value = {}
    else:
        try:
            value = json.loads(text)
        except ValueError as error:
            raise PlanError("--lakeline_ingestion_state is not JSON: %s" % error)
    value = value or {}
    partitions = value.get("partitions") or []
    if not isinstance(partitions, list) or any(not isinstance(p, str) for p in partitions):
        raise PlanError('--lakeline_ingestion_state: "partitions" is not a list of partitions')
    mark = value.get("highWaterMark")
    if mark is not None and not isinstance(mark, str):
        raise PlanError('--lakeline_ingestion_state: "highWaterMark" is not text')
    run_id = value.get("runId")
    return {"partitions": partitions, "highWaterMark": mark, "runId": run_id if isinstance(run_id, str) else None}


def first_ingestion(mark):
    return not mark["partitions"] and mark["highWaterMark"] is None


def incremental_files(plan, files, mark):
    """The files (dicts with "uri") of partitions the entry does not list, and those partitions, sorted.
    A partition once read is not read again: partitions are immutable once landed."""
    if not plan["input"]["partitionBy"]:
        return list(files), []
    found = unlisted_files(plan, files, mark)
    return [f for f, _, _ in found], sorted({key for _, key, _ in found})


def unlisted_files(plan, files, mark):
    """The files, in order, of the partitions the entry does not list: (file, partition, values)."""
    listed = set(mark["partitions"])
    found = []
    for f in files:
        values = partition_values(plan, f["uri"])
        if values is None:
            continue
        key = partition_key(values)
        if key not in listed:
            found.append((f, key, values))
    return found


def compare_text(a, b):
    return (a > b) - (a < b)


def typed_partition_value(data_type, value):
    """A folder value read as its type: an int, or a date's (year, month, day); None when the text is
    not in the type's form (`-?digits`; `YYYY-M-D`). Text orders as text (plan-input-extract.ts)."""
    kind = data_type["kind"]
    if kind in ("int", "bigint"):
        return int(value) if re.match(r"^[+-]?[0-9]+\Z", value) else None
    if kind == "date":
        m = re.match(r"^(-?[0-9]+)-([0-9]{1,2})-([0-9]{1,2})\Z", value)
        return None if m is None else (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return value


def compare_partition_value(data_type, a, b):
    """NULL first, then values not in their type's form (as text), then the others as typed."""
    if a is None or b is None:
        return (a is not None) - (b is not None)
    x, y = typed_partition_value(data_type, a), typed_partition_value(data_type, b)
    if x is None or y is None:
        rank = (x is not None) - (y is not None)
        return rank if rank else compare_text(a, b)
    return compare_text(x, y)


def compare_partitions(types, a, b):
    """Two partitions (their values in partitionBy order) compared column by column, each as its type."""
    for i, data_type in enumerate(types):
        c = compare_partition_value(data_type, a[i], b[i])
        if c:
            return c
    return 0


def latest_extract_files(plan, files, mark):
    """A latest-extract read: the files of the newest partition the entry does not list (none when a
    listed one is as new: an older extract landing late must not replace a newer one), that partition
    and the other new ones, recorded as superseded, sorted (local/glue/plan-input-extract.ts)."""
    import functools

    inp = plan["input"]
    declared = {c["name"]: c["declaredType"] for c in inp["columns"]}
    types = [declared[name] for name in inp["partitionBy"]]
    fresh = {}
    for f, key, values in unlisted_files(plan, files, mark):
        fresh.setdefault(key, (values, []))[1].append(f)

    def newest_first(ka, kb):
        # Partitions equal as typed (`7` and `07`) in text order, so the choice is stable.
        return compare_partitions(types, fresh[kb][0], fresh[ka][0]) or compare_text(kb, ka)

    by_age = sorted(fresh, key=functools.cmp_to_key(newest_first))
    read_before = [
        [None if v == HIVE_NULL else v for v in key.split("/")]
        for key in mark["partitions"]
        if len(key.split("/")) == len(types)
    ]
    newest = by_age[0] if by_age else None
    if newest is None or any(compare_partitions(types, v, fresh[newest][0]) >= 0 for v in read_before):
        return [], [], sorted(by_age)
    return list(fresh[newest][1]), [newest], sorted(by_age[1:])


def check_partition_folders(plan, uris):
    inp = plan["input"]
    for uri in uris:
        if partition_values(plan, uri) is None:
            raise PlanError(
                "%s: not in a %s folder, where %s lands partitioned by %s"
                % (uri, "".join("%s=.../" % c for c in inp["partitionBy"]), inp["dataset"], ", ".join(inp["partitionBy"]))
            )


def ingestion_summary(mark, partitions_read, run_id, already, latest, superseded=()):
    """The summary's ingestion part: the entry after the run (core/run-summary.ts, IngestionSummary);
    partitions superseded (of a latest-extract read) are recorded as read too."""
    recorded = list(partitions_read) + list(superseded)
    advanced = bool(recorded) or latest is not None
    return {
        "state": {
            "partitions": sorted(set(mark["partitions"]) | set(recorded)),
            "highWaterMark": latest if latest is not None else mark["highWaterMark"],
            "runId": run_id if advanced else mark["runId"],
        },
        "partitionsRead": list(partitions_read),
        "partitionsSuperseded": list(superseded),
        "alreadyIngestedRows": int(already),
    }


def spark_reader_options(plan):
    """Options of spark.read for the input: malformed records are kept, their text in the raw column."""
    inp = plan["input"]
    raw = plan["columns"]["raw"]
    if inp["format"] == "csv":
        csv = inp["csv"]
        return {
            "header": "true",
            "sep": csv["delimiter"],
            "quote": csv["quote"],
            "escape": csv["escape"],
            "multiLine": "true" if csv["multiLine"] else "false",
            "encoding": csv["encoding"],
            # Columns are matched by header name: a file whose header differs fails loudly.
            "enforceSchema": "false",
            "mode": "PERMISSIVE",
            "columnNameOfCorruptRecord": raw,
        }
    if inp["format"] == "json":
        return {"mode": "PERMISSIVE", "columnNameOfCorruptRecord": raw, "primitivesAsString": "true"}
    return {}


def partition_base(plan):
    """The base path partition folders are found under (the input's prefix), or None when the files hold every column."""
    inp = plan["input"]
    return inp["path"] if inp.get("partitionBy") else None


def missing_columns(plan, held):
    """The declared input columns the files do not hold (partition columns come from the folder names)."""
    held = set(held)
    return [c["name"] for c in plan["input"]["columns"] if c["name"] not in held]


def missing_columns_message(plan, missing, held):
    inp = plan["input"]
    text = "%s: the Parquet files under %s have no column %s (they hold %s)" % (
        inp["dataset"],
        inp["path"],
        ", ".join('"%s"' % c for c in missing),
        ", ".join(held),
    )
    if inp["layer"] == "processed":
        text += "; the plan reads the columns the job writing %s declares: rerun that job after synthesizing again" % inp["dataset"]
    return text


# The CSV copy of the output (plan.output.export) as PostgreSQL's COPY ... (FORMAT csv, HEADER true)
# reads it back. Spark's CSV writer defaults differ in four ways that change values: it escapes a
# quote with a backslash (PostgreSQL doubles it), trims leading and trailing blanks of every value,
# writes timestamps with a zone offset in the session's zone, and renders small decimals with an
# exponent (0E-10), which export_columns turns into plain text before writing.
CSV_EXPORT_OPTIONS = {
    "header": "true",
    "sep": ",",
    "quote": '"',
    "escape": '"',
    # Quote a value only when it holds the delimiter, a quote or a line break; always quote an empty string.
    "escapeQuotes": "true",
    "quoteAll": "false",
    "nullValue": "",
    "emptyValue": '""',
    "ignoreLeadingWhiteSpace": "false",
    "ignoreTrailingWhiteSpace": "false",
    "dateFormat": "yyyy-MM-dd",
    "timestampFormat": "yyyy-MM-dd HH:mm:ss.SSSSSS",
    "timeZone": "UTC",
    "encoding": "UTF-8",
    "lineSep": "\n",
}


def plain_decimal(value):
    """A decimal as plain text, its scale kept: 0.0000001000, never 1.000E-7 (Spark's toString)."""
    return None if value is None else format(value, "f")


def absolute_files(names, base_path):
    """The distinct input files, as paths Spark can read; bare names are taken relative to the input."""
    base = base_path if base_path.endswith("/") else base_path + "/"
    return sorted({n if "://" in n else base + n.lstrip("/") for n in names if n})


def bookmark_source(plan):
    """The Glue source whose job bookmark decides which files are new in this run."""
    inp = plan["input"]
    format_options = {"attachFilename": FILE_COLUMN}
    if inp["format"] == "csv":
        csv = inp["csv"]
        format_options.update(
            {"withHeader": True, "separator": csv["delimiter"], "quoteChar": csv["quote"], "multiLine": csv["multiLine"]}
        )
    return {
        "connection_type": "s3",
        "connection_options": {"paths": [inp["path"]], "recurse": True},
        "format": inp["format"],
        "format_options": format_options,
        "transformation_ctx": inp["transformationCtx"],
    }


# ---------------------------------------------------------------- the CSV screen

NL, CR, SPACE, TAB = 10, 13, 32, 9
NOT_WHOLE = -1
TOO_LONG = -2
# A record longer than this is quarantined, not parsed (the local engine's limit, DuckDB's max_line_size).
MAX_RECORD_BYTES = 2000000
BOM = b"\xef\xbb\xbf"


def csv_spec(plan):
    """What the screen needs of the plan: the columns (by position) and the CSV dialect as bytes."""
    csv = plan["input"]["csv"]
    return {
        # The header holds the file columns; partition columns are in the folder names.
        "columns": [c["name"] for c in plan["input"]["columns"] if c["name"] not in (plan["input"].get("partitionBy") or [])],
        "delimiter": ord(csv["delimiter"]),
        "quote": ord(csv["quote"]),
        "escape": ord(csv["escape"]),
        "encoding": csv["encoding"],
        "base": plan["input"]["path"],
        "dataset": plan["input"]["dataset"],
    }


def record_end(buf, start, fields, spec):
    """The end of the record starting at `start` (after its line break); NOT_WHOLE when it is not
    whole, TOO_LONG when it runs past MAX_RECORD_BYTES.

    RFC 4180: quoted fields may span lines; after a closing quote only blanks may come before the
    delimiter. A record is whole when it ends at a line break with exactly `fields` fields.
    """
    delim, quote, escape = spec["delimiter"], spec["quote"], spec["escape"]
    n = len(buf)
    nl = buf.find(b"\n", start)
    line_end = n if nl < 0 else nl
    if line_end >= start + MAX_RECORD_BYTES and n > start + MAX_RECORD_BYTES:
        return TOO_LONG
    if buf.find(bytes([quote]), start, line_end) < 0:
        # The common case, a line without quotes: its fields are its delimiters plus one.
        whole = buf.count(bytes([delim]), start, line_end) + 1 == fields
        return (n if nl < 0 else nl + 1) if whole else NOT_WHOLE
    count, quoted, at_start, closed, i = 1, False, True, False, start
    limit = min(n, start + MAX_RECORD_BYTES)
    while i < limit:
        ch = buf[i]
        if quoted:
            if ch == escape and escape != quote:
                i += 1
            elif ch == quote:
                if escape == quote and i + 1 < n and buf[i + 1] == quote:
                    i += 1
                else:
                    quoted, closed = False, True
        elif ch == delim:
            count, at_start, closed = count + 1, True, False
        elif ch == NL:
            return i + 1 if count == fields else NOT_WHOLE
        elif ch == quote and at_start:
            quoted, at_start = True, False
        elif closed:
            if ch not in (SPACE, TAB) and not (ch == CR and i + 1 < n and buf[i + 1] == NL):
                return NOT_WHOLE
        elif not (ch == CR and i + 1 < n and buf[i + 1] == NL):
            at_start = False
        i += 1
    if i < n:
        return TOO_LONG
    if quoted:
        return NOT_WHOLE
    return n if count == fields else NOT_WHOLE


def shown_name(spec, uri):
    """A file as messages name it: the dataset's folder and the path under it."""
    base = spec["base"] if spec["base"].endswith("/") else spec["base"] + "/"
    tail = uri.split(base.split("://", 1)[-1], 1)[-1] if "://" in uri else uri
    return "%s/%s" % (spec["dataset"], tail.lstrip("/"))


def line_text(buf, start, end, encoding="utf-8"):
    text = buf[start:end].decode(encoding, "replace")
    return text[:-2] if text.endswith("\r\n") else text[:-1] if text.endswith("\n") else text


def check_header(spec, header, uri):
    """The header names the plan's columns by position, ignoring case, as Spark's enforceSchema=false wants."""
    import csv as csvmodule

    names = next(csvmodule.reader([header], delimiter=chr(spec["delimiter"]), quotechar=chr(spec["quote"])), [])
    expected = spec["columns"]
    if [n.strip().lower() for n in names] != [c.lower() for c in expected]:
        raise PlanError(
            "%s: the header names %s where the plan expects %s" % (shown_name(spec, uri), ", ".join(names), ", ".join(expected))
        )


def screen_csv(uri, buf, spec):
    """A CSV file's whole records, and each other line as malformed, as the local engine's screen does.

    Yields ("record", text) and ("malformed", raw, reason): a line whose record does not come out
    whole is malformed alone (reason None) and reading resumes on the next line, so a quote that
    never closes costs only its own line; a whole record with bytes that are not UTF-8 is
    malformed whole, with where. Blank lines are skipped. Records keep their line breaks inside
    quotes; a file mixing CRLF and LF line ends gets LF throughout.
    """
    buf = bytes(buf)
    begin = len(BOM) if buf.startswith(BOM) else 0
    if len(buf) == begin:
        return []
    nl = buf.find(b"\n", begin)
    header_end = len(buf) if nl < 0 else nl + 1
    check_header(spec, line_text(buf, begin, header_end), uri)
    out = []
    crlf = lf = 0
    pos = header_end
    fields = len(spec["columns"])
    utf8 = spec["encoding"].lower().replace("-", "") == "utf8"
    while pos < len(buf):
        blank = buf[pos] == NL or (buf[pos] == CR and pos + 1 < len(buf) and buf[pos + 1] == NL)
        end = NOT_WHOLE if blank else record_end(buf, pos, fields, spec)
        if end >= 0:
            try:
                text = buf[pos:end].decode(spec["encoding"])
            except UnicodeDecodeError as error:
                if not utf8:
                    raise
                offset = pos + error.start
                reason = "malformed: invalid UTF-8 at byte offset {:,} (line {})".format(offset, buf.count(b"\n", 0, offset) + 1)
                out.append(("malformed", line_text(buf, pos, end), reason))
                pos = end
                continue
            if text.endswith("\r\n"):
                crlf += 1
                text = text[:-2]
            elif text.endswith("\n"):
                lf += 1
                text = text[:-1]
            out.append(("record", text))
            pos = end
            continue
        nl = buf.find(b"\n", pos)
        following = len(buf) if nl < 0 else nl + 1
        if end == TOO_LONG:
            raw = line_text(buf, pos, following)
            reason = "malformed: record exceeds the 2 MB record limit ({:,} bytes)".format(len(raw.encode("utf-8")))
            out.append(("malformed", raw, reason))
        elif not blank:
            out.append(("malformed", line_text(buf, pos, following), None))
        pos = following
    if crlf and lf:
        out = [(t[0], t[1].replace("\r\n", "\n")) + t[2:] if t[0] == "record" else t for t in out]
    return out


# ---------------------------------------------------------------- data quality


def ruleset_text(rules):
    """A DQDL ruleset of the plan's canonical rule texts (the same texts as quality/<ruleset>.dqdl)."""
    return "Rules = [\n    " + ",\n    ".join(rules) + "\n]"


QUOTED_OR_SPACE = re.compile(r'"(?:[^"\\]|\\.)*"|\s+|[^"\s]+')


def normalize_rule(text):
    """A rule's text as a matching key: no spacing outside quoted strings, words in one case.

    AWS's DQDL parser prints rules its own way (`AND` for `and`, `["a","b"]` for `["a", "b"]`);
    results are matched to the plan's rule texts through this form.
    """
    out = []
    for token in QUOTED_OR_SPACE.findall(text):
        if token.startswith('"'):
            out.append(token)
        elif not token.isspace():
            out.append(token.upper())
    return " ".join(out)


def with_plan_texts(results, rules):
    """The results of the plan's rules, under the plan's texts and in the plan's order.

    A result is matched to its rule by normalize_rule; should the rules left unmatched be as many
    as the results left, they are paired in order, as Glue reports a ruleset in its order. Results
    of no rule of the plan (deequ's processRows also reports each part of a composite rule) are
    left out.
    """
    left = list(range(len(results)))
    pairs = {}
    for i, rule in enumerate(rules):
        key = normalize_rule(rule)
        j = next((j for j in left if normalize_rule(results[j]["rule"] or "") == key), None)
        if j is not None:
            pairs[i] = j
            left.remove(j)
    unmatched = [i for i in range(len(rules)) if i not in pairs]
    if unmatched and len(unmatched) == len(left):
        pairs.update(zip(unmatched, left))
    return [dict(results[pairs[i]], rule=rules[i]) for i in sorted(pairs)]


def plan_rule_names(names, rules):
    """The evaluator's rule names that are rules of the plan, each to the plan's text."""
    by_key = {normalize_rule(rule): rule for rule in rules}
    return {name: by_key[normalize_rule(name)] for name in names if normalize_rule(name) in by_key}


def rule_results(outcomes):
    """Glue's ruleOutcomes rows (Rule, Outcome, FailureReason, EvaluatedMetrics) in the summary's shape."""
    results = []
    for row in outcomes:
        metrics = row.get("EvaluatedMetrics") or {}
        results.append(
            {
                "rule": row.get("Rule"),
                "result": OUTCOME_RESULTS.get(row.get("Outcome"), "ERROR"),
                "message": row.get("FailureReason") or "",
                "metrics": {k: float(v) for k, v in sorted(metrics.items()) if v is not None},
            }
        )
    return results


def score(results):
    """The share of rules that passed, as Glue Data Quality scores a run; None without rules."""
    if not results:
        return None
    return sum(1 for r in results if r["result"] == "PASS") / float(len(results))


def gate_failures(gate, rules, results):
    """The gate rules that did not pass; a gate rule missing from the results did not pass either.

    Results are matched to `rules` as with_plan_texts matches them: by text, else by position.
    """
    by_rule = {r["rule"]: r for r in with_plan_texts(results, rules)}
    failures = []
    for rule in gate:
        found = by_rule.get(rule)
        if found is None:
            failures.append({"rule": rule, "result": "ERROR", "message": "not evaluated", "metrics": {}})
        elif found["result"] != "PASS":
            failures.append(found)
    return failures


EMPTY_INPUT = "the input has 0 rows"


def empty_input_rules(results):
    """With no input row, each rule that did not pass says so first (its own message does not say why)."""
    return [
        r if r["result"] == "PASS" else dict(r, message="%s \u2014 %s" % (EMPTY_INPUT, r["message"] or r["result"]))
        for r in results
    ]


def gate_message(plan, ruleset, failures, empty_input=None):
    cause = "%s, so " % empty_input if empty_input else ""
    lines = ["job %s: %s%d dataset rule(s) of ruleset %s failed:" % (plan["job"], cause, len(failures), ruleset)]
    for f in failures:
        lines.append("  %s: %s%s" % (f["rule"], f["result"], " (%s)" % f["message"] if f["message"] else ""))
    lines.append("nothing was written to %s; the rejected rows and DQ results were." % plan["output"]["path"])
    return "\n".join(lines)


# ---------------------------------------------------------------- plan walking


def action_name(action):
    """An action as progress lines name it: `view step_3`, `evaluateRows (step 4)`."""
    if action["action"] == "view":
        return "view %s" % action["view"]
    if action["action"] == "readReference":
        return "readReference %s" % action["reference"]["view"]
    if "step" in action:
        return "%s (step %d)" % (action["action"], action["step"])
    return action["action"]


def quarantine_layout(plan):
    """How a rejected row (a row of split.rejected) becomes a quarantine record."""
    record = plan["quarantine"]["record"]
    return {
        "row": list(record["row"]),
        "source": [(s["column"], s["as"]) for s in record["source"]],
        "reasons": record["reasons"],
        "reason_pattern": re.escape(plan["split"]["reasonSeparator"]),
        "failed_rules": record["failedRules"],
        "raw": record["raw"],
    }


def accounting(plan, counts):
    """How the run's rows are accounted for: a grain-changing plan also says how many rows it grouped
    and how many of its quarantined rows are groups (core/run-summary.ts, RunAccounting)."""
    if plan["accounting"]["kind"] == "rowPreserving":
        return {"accounting": "rowPreserving"}
    return {
        "accounting": "grainChanging",
        "groupedRows": int(counts["grouped_rows"]),
        "quarantinedGroups": int(counts["quarantined_groups"]),
    }


def summary(plan, run_id, counts, findings, quality, status, warnings=(), ingestion=None):
    result = dict(
        {
            "job": plan["job"],
            "dataset": plan["input"]["dataset"],
            "runId": run_id,
            "status": status,
            "inputRows": int(counts["input_rows"]),
            "outputRows": int(counts["output_rows"]),
            "quarantinedRows": int(counts["quarantined_rows"]),
            "duplicateRows": int(counts["duplicate_rows"]),
            "piiFindings": dict(sorted(findings.items())),
            "quality": quality,
            "warnings": list(warnings),
        },
        **accounting(plan, counts)
    )
    if ingestion is not None:
        result["ingestion"] = ingestion
    return result


def nothing_new(plan, engine, run_id):
    """The bookmark has seen every input file: a summary of zeros, as Glue's run of an empty frame ends."""
    q = plan["quality"]
    quality = None if q is None else {"ruleset": q["ruleset"], "dataset": plan["input"]["dataset"], "score": None, "rules": []}
    entities = [e for a in plan["actions"] if a["action"] == "countFindings" for e in a["entities"]]
    zeros = {"input_rows": 0, "output_rows": 0, "quarantined_rows": 0, "duplicate_rows": 0, "grouped_rows": 0, "quarantined_groups": 0}
    result = summary(plan, run_id, zeros, {e: 0 for e in entities}, quality, "SUCCEEDED", (), engine.ingestion())
    engine.write_json(with_run_id(plan["runSummary"]["uri"], plan, run_id), result)
    print("lakeline: no input file is new since the job bookmark or the ingestion state; nothing to do")
    return result


def run(plan, engine, run_id):
    """Runs a checked plan on an engine (SparkEngine) and returns the run summary."""
    findings = {}
    evaluations = {"rows": [], "dataset": [], "rowLevel": None}
    q = plan["quality"]
    for action in plan["actions"]:
        kind = action["action"]
        started = time.time()
        if kind == "readInput":
            if engine.read_input() == NOTHING_NEW:
                return nothing_new(plan, engine, run_id)
        elif kind == "readReference":
            engine.read_reference(action["reference"])
        elif kind == "view":
            engine.register_view(action["view"], action["sql"]["spark"])
        elif kind == "countFindings":
            found = engine.query_one(action["sql"]["spark"])
            for entity in action["entities"]:
                findings[entity] = findings.get(entity, 0) + int(found[entity] or 0)
        elif kind == "evaluateRows":
            outcome = engine.evaluate_rows(q)
            evaluations["rows"] = with_plan_texts(rule_results(outcome["rules"]), q["rowRules"])
            evaluations["rowLevel"] = {"evaluated": outcome["evaluated"], "failed": outcome["failed"]}
        elif kind == "evaluateDataset":
            found = rule_results(engine.evaluate_dataset(q))
            evaluations["dataset"] = with_plan_texts(found, q["datasetRules"])
        else:
            raise PlanError("unknown action %r" % kind)
        print("lakeline: %s done in %.1f s" % (action_name(action), time.time() - started))

    counts = engine.query_one(plan["split"]["counts"]["spark"])
    empty = int(counts["input_rows"]) == 0
    warnings = ["dataset %s: %s" % (plan["input"]["dataset"], EMPTY_INPUT)] if empty else []
    for warning in warnings:
        print("lakeline: warning: %s" % warning)
    judged = empty_input_rules if empty else (lambda results: results)

    quality = None
    failures = []
    if q is not None:
        rules = judged(evaluations["rows"] + evaluations["dataset"])
        quality = {"ruleset": q["ruleset"], "dataset": plan["input"]["dataset"], "score": score(rules), "rules": rules}
        failures = gate_failures(q["gate"], q["datasetRules"], judged(evaluations["dataset"]))
        results = dict(quality, job=plan["job"], runId=run_id, dqdlPath=q["dqdlPath"], rowLevel=evaluations["rowLevel"])
        engine.write_json(with_run_id(plan["qualityResults"]["path"], plan, run_id), results)

    engine.write_quarantine(plan["split"]["rejected"]["spark"], with_run_id(plan["quarantine"]["path"], plan, run_id))
    status = "FAILED_QUALITY_GATE" if failures else "SUCCEEDED"
    result = summary(plan, run_id, counts, findings, quality, status, warnings, engine.ingestion())
    if failures:
        engine.write_json(with_run_id(plan["runSummary"]["uri"], plan, run_id), result)
        raise QualityGateFailed(gate_message(plan, quality["ruleset"], failures, EMPTY_INPUT if empty else None))
    engine.write_output(plan["split"]["kept"]["spark"])
    if plan["output"].get("export") is not None:
        engine.write_export(plan["split"]["kept"]["spark"])
    engine.write_json(with_run_id(plan["runSummary"]["uri"], plan, run_id), result)
    engine.commit()
    return result


# ---------------------------------------------------------------- the engine: plain PySpark


class SparkEngine:
    """Runs plan actions on PySpark DataFrames and spark.sql; what only Glue has comes from the runtime.

    A runtime (GlueRuntime on Glue, SparkRuntime anywhere else) gives the session, where an s3:// URI
    is read and written, the input files a run reads (the job bookmark), data-quality evaluation,
    small documents, the output's write mode and the bookmark commit.
    """

    def __init__(self, plan, run_id, runtime, ingestion_text=None):
        from pyspark import StorageLevel
        from pyspark.sql import functions
        from pyspark.sql.utils import AnalysisException

        self.plan = plan
        self.run_id = run_id
        self.rt = runtime
        self.spark = runtime.spark
        self.F = functions
        self.storage = StorageLevel.MEMORY_AND_DISK
        self.analysis_exception = AnalysisException
        incremental = plan["input"].get("incremental")
        self.mark = None if incremental is None else parse_ingestion_mark(ingestion_text)
        self.latest_extract = incremental is not None and incremental.get("mode") == "latest-extract"
        self.partitions_read = []
        self.superseded = []
        self.already = 0
        self.latest = None

    def ingestion(self):
        """The summary's ingestion part of an incremental run; None otherwise."""
        if self.mark is None:
            return None
        return ingestion_summary(
            self.mark, self.partitions_read, self.run_id, self.already, self.latest, self.superseded
        )

    def output_mode(self):
        if self.latest_extract:
            # The newest extract is the whole dataset: it replaces what the last one wrote.
            return "overwrite"
        if self.mark is not None:
            # The first ingestion reads everything and replaces; later runs add what is new.
            return "overwrite" if first_ingestion(self.mark) else "append"
        return self.rt.output_mode(self.plan)

    def _persist(self, df, view):
        """Computes a view once and registers it as a leaf: later views read its rows, not its plan.
        Views build on views, a step at a time; inlined, their plans (and the row-level rule
        outcomes built over them) grow with every step until Spark spends minutes, or its heap,
        on the plan alone. A local checkpoint keeps the rows on the executors, as a cache would."""
        df = df.localCheckpoint(eager=True)
        df.createOrReplaceTempView(view)
        return df

    def read_input(self):
        F = self.F
        inp = self.plan["input"]
        cols = self.plan["columns"]
        if self.mark is not None:
            files, frame = self._incremental_files()
        else:
            files, frame = self.rt.input_files(self.plan)
        if files == NOTHING_NEW:
            return NOTHING_NEW
        if files is None:
            # Without file names the bookmarked frame itself is the input; unparsed lines cannot be kept then.
            print("lakeline: the Glue reader gave no file names; reading without capturing malformed records")
            df = frame.select(
                *[F.col(c["name"]).cast(spark_type(c["type"])).alias(c["name"]) for c in inp["columns"]]
            ).withColumn(cols["raw"], F.lit(None).cast("string"))
        elif not files:
            df = self.spark.createDataFrame([], input_ddl(self.plan))
        elif inp["format"] == "parquet":
            df = self._parquet(files)
        elif inp.get("partitionBy"):
            df = self._partitioned_text(files)
        else:
            df = self._text(files)
        if self.mark is not None:
            df = self._past_mark(df)
        if cols["raw"] not in df.columns:
            df = df.withColumn(cols["raw"], F.lit(None).cast("string"))
        # Spark does not say why a record did not parse: the plan's reason is then "malformed".
        if cols.get("rawReason") and cols["rawReason"] not in df.columns:
            df = df.withColumn(cols["rawReason"], F.lit(None).cast("string"))
        df = df.withColumn(cols["row"], F.monotonically_increasing_id())
        # Persisted so row ids stay fixed however often later views read the input.
        self._persist(df, inp["view"]).count()

    def _incremental_files(self):
        """The files of partitions the ingestion state does not list (every file when unpartitioned);
        of a latest-extract read, those of the newest of them."""
        listed = self.rt.list_files(self.plan)
        if not listed:
            raise PlanError("no input: %s holds no data files" % self.plan["input"]["path"])
        if self.plan["input"]["partitionBy"]:
            check_partition_folders(self.plan, [f["uri"] for f in listed])
        if self.latest_extract:
            chosen, self.partitions_read, self.superseded = latest_extract_files(self.plan, listed, self.mark)
            print(
                "lakeline: latest extract: %s to read (%d of %d input file(s)), %d older new partition(s) superseded"
                % ((self.partitions_read or ["no new partition"])[0], len(chosen), len(listed), len(self.superseded))
            )
        else:
            chosen, self.partitions_read = incremental_files(self.plan, listed, self.mark)
            print(
                "lakeline: incremental: %d of %d input file(s) to read (%d new partition(s), mark %s)"
                % (len(chosen), len(listed), len(self.partitions_read), self.mark["highWaterMark"])
            )
        if not chosen:
            return NOTHING_NEW, None
        return [f["path"] for f in chosen], None

    def _text(self, files):
        """CSV through the screen, JSON through Spark's reader, keeping malformed records."""
        F = self.F
        inp = self.plan["input"]
        cols = self.plan["columns"]
        if inp["format"] == "csv":
            return self._screened_csv(files)
        reader = self.spark.read.format(inp["format"]).schema(input_ddl(self.plan))
        df = reader.options(**spark_reader_options(self.plan)).load(files)
        # Spark keeps what it could parse of a malformed record; none of it can be trusted.
        raw = F.col(cols["raw"])
        names = [c for c in df.columns if c != cols["raw"]]
        return df.select(*[F.when(raw.isNull(), F.col(n)).alias(n) for n in names], raw)

    def _partitioned_text(self, files):
        """Raw text in partition folders: each partition's files read as text, its folder values
        added as typed columns, so malformed records carry their partition too."""
        F = self.F
        inp = self.plan["input"]
        uris = [self.rt.uri_of(f) for f in files]
        check_partition_folders(self.plan, uris)
        groups = {}
        for f, uri in zip(files, uris):
            values = partition_values(self.plan, uri)
            groups.setdefault(tuple(values), []).append(f)
        types = {c["name"]: spark_type(c["declaredType"]) for c in inp["columns"]}
        frames = []
        for values, group in sorted(groups.items(), key=lambda kv: partition_key(list(kv[0]))):
            df = self._text(group)
            for name, value in zip(inp["partitionBy"], values):
                df = df.withColumn(name, F.lit(value).cast(types[name]))
            frames.append(df)
        df = frames[0]
        for other in frames[1:]:
            df = df.unionByName(other)
        order = [c["name"] for c in inp["columns"]] + [c for c in df.columns if c not in types]
        return df.select(*order)

    def _past_mark(self, df):
        """The rows past the high-water mark (the column and the mark cast to its declared type); a
        row whose value does not cast stays. Counts those left out and keeps the latest value read."""
        F = self.F
        inc = self.plan["input"]["incremental"]
        if inc["column"] is None:
            return df
        typed = F.col(inc["column"]).cast(spark_type(inc["markType"]))
        mark = self.mark["highWaterMark"]
        if mark is not None:
            at_or_before = typed <= F.lit(mark).cast(spark_type(inc["markType"]))
            df = df.persist(self.storage)
            self.already = df.filter(at_or_before).count()
            df = df.filter(~F.coalesce(at_or_before, F.lit(False)))
        latest = df.select(F.max(typed).cast("string").alias("latest")).collect()[0]["latest"]
        self.latest = latest
        return df

    def _parquet(self, files):
        """Parquet input; a partitioned one gets its partition columns from the folder names.

        Spark finds partition folders only between a base path and the files it is handed (handed
        files alone, it reads those columns as NULL), and types the values by the schema it is
        given rather than guessing (`term=2024` stays the string '2024'), casting the folder's text.
        """
        inp = self.plan["input"]
        base = partition_base(self.plan)
        options = {} if base is None else {"basePath": self.rt.path(base)}
        # What the files hold, all of them (a reader given a schema would read a missing column as NULL).
        held = self.spark.read.options(mergeSchema="true", **options).parquet(*files).columns
        missing = missing_columns(self.plan, held)
        if missing:
            raise PlanError(missing_columns_message(self.plan, missing, held))
        df = self.spark.read.options(**options).schema(input_ddl(self.plan)).parquet(*files)
        # Partition columns come last from Spark's reader: the declared order again.
        return df.select(*[c["name"] for c in inp["columns"]])

    def _screened_csv(self, files):
        """CSV through the screen: Spark parses the whole records; each other line is a malformed row."""
        F = self.F
        cols = self.plan["columns"]
        spec = csv_spec(self.plan)
        screened = self.spark.sparkContext.binaryFiles(",".join(files)).flatMap(
            lambda item: screen_csv(item[0], item[1], spec)
        )
        screened = screened.persist(self.storage)
        options = dict(spark_reader_options(self.plan), header="false", multiLine="true", enforceSchema="true")
        records = screened.filter(lambda t: t[0] == "record").map(lambda t: t[1])
        parsed = self.spark.read.schema(input_ddl(self.plan)).options(**options).csv(records)
        # A malformed line is a row of its text and reason, every declared column NULL.
        lines = screened.filter(lambda t: t[0] == "malformed").map(lambda t: (t[1], t[2]))
        bad = self.spark.createDataFrame(lines, "raw STRING, reason STRING")
        from_line = {cols["raw"]: F.col("raw")}
        if cols.get("rawReason"):
            parsed = parsed.withColumn(cols["rawReason"], F.lit(None).cast("string"))
            from_line[cols["rawReason"]] = F.col("reason")
        types = {c["name"]: spark_type(c["type"]) for c in self.plan["input"]["columns"]}
        row = [from_line.get(n, F.lit(None).cast(types.get(n, "string"))).alias(n) for n in parsed.columns]
        return parsed.unionByName(bad.select(*row))

    def read_reference(self, ref):
        reader = self.spark.read
        if ref.get("partitionBy"):
            # Keys among the partition columns are typed by the plan, not guessed from the folder names.
            reader = reader.schema(ddl(ref["columns"]))
        try:
            df = reader.parquet(self.rt.path(ref["path"])).select(*[c["name"] for c in ref["columns"]])
        except self.analysis_exception as error:
            if "PATH_NOT_FOUND" not in str(error) and "Path does not exist" not in str(error):
                raise
            df = self.spark.createDataFrame([], ddl(ref["columns"]))
        self._persist(df, ref["view"])

    def register_view(self, view, sql):
        self._persist(self.spark.sql(sql), view)

    def query_one(self, sql):
        return self.spark.sql(sql).collect()[0].asDict()

    def evaluate_rows(self, quality):
        F = self.F
        cols = self.plan["columns"]
        rules, rows = self.rt.evaluate(self.spark.sql(quality["rowInput"]["spark"]), quality, "rows")
        failed = rows.filter(F.col("DataQualityEvaluationResult") == "Failed")
        # The evaluator names failed rules its own way: each becomes the plan's text, parts of a
        # composite rule named alone are dropped.
        named = [r[0] for r in failed.select(F.explode("DataQualityRulesFail")).distinct().collect()]
        texts = plan_rule_names(named, quality["rowRules"])
        mapping = F.create_map(*[F.lit(x) for pair in texts.items() for x in pair]) if texts else None
        renamed = (
            F.filter(F.transform("DataQualityRulesFail", lambda x: mapping[x]), lambda x: x.isNotNull())
            if mapping is not None
            else F.array().cast("array<string>")
        )
        # In the plan's order, whatever order the evaluator lists them in.
        found = set(texts.values())
        ordered = F.array(*[F.lit(rule) for rule in quality["rowRules"] if rule in found])
        renamed = F.filter(ordered, lambda rule: F.array_contains(renamed, rule)) if texts else renamed
        failed = failed.select(F.col(cols["row"]), renamed.alias(cols["failedRules"]))
        failed = self._persist(failed, quality["outcomesView"])
        return {"rules": rules, "evaluated": rows.count(), "failed": failed.count()}

    def evaluate_dataset(self, quality):
        # The datasets ReferentialIntegrity compares with, by the aliases the rules name them by.
        sources = {r["alias"]: self.spark.table(r["view"]) for r in quality.get("references") or []}
        rules, _ = self.rt.evaluate(self.spark.sql(quality["datasetInput"]["spark"]), quality, "dataset", sources)
        return rules

    def write_quarantine(self, sql, path):
        F = self.F
        layout = quarantine_layout(self.plan)
        failed = (
            F.col(layout["failed_rules"]) if layout["failed_rules"] else F.array().cast("array<string>")
        ).alias("failedRules")
        source = [F.col(alias).alias(column) for column, alias in layout["source"]]
        records = self.spark.sql(sql).select(
            F.lit(self.plan["job"]).alias("job"),
            F.lit(self.run_id).alias("runId"),
            F.struct(*[F.col(c) for c in layout["row"]]).alias("row"),
            (F.struct(*source) if source else F.lit(None)).alias("source"),
            F.split(F.col(layout["reasons"]), layout["reason_pattern"]).alias("reasons"),
            failed,
            F.col(layout["raw"]).alias("raw"),
        )
        records.write.mode("overwrite").option("ignoreNullFields", "false").json(self.rt.path(path))

    def write_output(self, sql):
        out = self.plan["output"]
        mode = self.output_mode()
        writer = self.spark.sql(sql).write.mode(mode).option("compression", out["compression"])
        if out["partitionBy"]:
            writer = writer.partitionBy(*out["partitionBy"])
        writer.parquet(self.rt.path(out["path"]))

    def write_export(self, sql):
        """The written rows again as CSV (plan.output.export), in the same mode as the Parquet output."""
        F = self.F
        out = self.plan["output"]
        exported = out["export"]
        types = {c["name"]: c["type"] for c in out["columns"]}
        as_text = F.udf(plain_decimal, "string")
        columns = [
            (as_text(F.col(n)) if types[n]["kind"] == "decimal" else F.col(n)).alias(n) for n in exported["columns"]
        ]
        writer = self.spark.sql(sql).select(*columns).write.mode(self.output_mode())
        writer.options(**CSV_EXPORT_OPTIONS).csv(self.rt.path(exported["path"]))

    def write_json(self, uri, value):
        self.rt.write_text(uri, json.dumps(value, sort_keys=True, indent=2, default=str))

    def commit(self):
        self.rt.commit()


def rows_of(df):
    return [r.asDict() for r in df.collect()]


# ---------------------------------------------------------------- runtime: AWS Glue


class GlueRuntime:
    """Glue's own pieces: GlueContext, the job and its bookmark, DynamicFrames, EvaluateDataQuality."""

    def __init__(self, argv):
        import boto3
        from awsglue.context import GlueContext
        from awsglue.job import Job
        from awsglue.utils import getResolvedOptions
        from pyspark.context import SparkContext

        self.args = getResolvedOptions(argv, ["JOB_NAME", "plan_uri"])
        self.option = parse_args(argv[1:]).get("job-bookmark-option") or "job-bookmark-disable"
        self.s3 = boto3.client("s3")
        self.glue = GlueContext(SparkContext.getOrCreate())
        self.spark = self.glue.spark_session
        self.job = Job(self.glue)
        self.job.init(self.args["JOB_NAME"], self.args)

    def path(self, uri):
        return uri

    def input_files(self, plan):
        """The input files the job bookmark has not seen, read through Glue so the bookmark advances."""
        frame = self.glue.create_dynamic_frame.from_options(**bookmark_source(plan)).toDF()
        if not frame.columns:
            # An empty DynamicFrame has no schema: the bookmark has seen every file.
            return NOTHING_NEW, None
        if FILE_COLUMN not in frame.columns:
            return None, frame
        names = [r[0] for r in frame.select(FILE_COLUMN).distinct().collect()]
        return absolute_files(names, plan["input"]["path"]), frame

    def list_files(self, plan):
        """Every data file under the input, as the ingestion state needs them: no bookmark involved."""
        bucket, prefix = split_s3_uri(plan["input"]["path"])
        files = []
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for o in page.get("Contents", []):
                name = o["Key"].rsplit("/", 1)[-1]
                if o["Key"].endswith("/") or name.startswith("_") or name.startswith("."):
                    continue
                uri = "s3://%s/%s" % (bucket, o["Key"])
                files.append({"uri": uri, "path": uri})
        return sorted(files, key=lambda f: f["uri"])

    def uri_of(self, path):
        return path

    def evaluate(self, df, quality, part, sources=None):
        """Rule outcomes (and row outcomes for the row rules); `sources` are additional data sources by alias."""
        from awsglue.dynamicframe import DynamicFrame
        from awsglue.transforms import SelectFromCollection
        from awsgluedq.transforms import EvaluateDataQuality

        rules = quality["rowRules"] if part == "rows" else quality["datasetRules"]
        frame = DynamicFrame.fromDF(df, self.glue, "%s_%s" % (part, quality["ruleset"]))
        publishing = {
            "dataQualityEvaluationContext": "%s-%s" % (quality["evaluationContext"], part),
            "enableDataQualityCloudWatchMetrics": True,
            "enableDataQualityResultsPublishing": True,
        }
        select = SelectFromCollection.apply
        if part == "dataset" and not sources:
            return rows_of(EvaluateDataQuality.apply(frame=frame, ruleset=ruleset_text(rules), publishing_options=publishing).toDF()), None
        if part == "dataset":
            # Rules comparing with other datasets (ReferentialIntegrity) name them by alias.
            additional = {
                alias: DynamicFrame.fromDF(other, self.glue, "reference_%s" % alias) for alias, other in sorted(sources.items())
            }
            outcomes = EvaluateDataQuality().process_rows(
                frame=frame,
                additional_data_sources=additional,
                ruleset=ruleset_text(rules),
                publishing_options=publishing,
                additional_options={"performanceTuning.caching": "CACHE_NOTHING"},
            )
            return rows_of(select(dfc=outcomes, key="ruleOutcomes").toDF()), None
        outcomes = EvaluateDataQuality().process_rows(
            frame=frame,
            ruleset=ruleset_text(rules),
            publishing_options=publishing,
            additional_options={"performanceTuning.caching": "CACHE_NOTHING"},
        )
        rows = select(dfc=outcomes, key="rowLevelOutcomes").toDF()
        return rows_of(select(dfc=outcomes, key="ruleOutcomes").toDF()), rows

    def read_text(self, uri):
        bucket, key = split_s3_uri(uri)
        return self.s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")

    def write_text(self, uri, text):
        bucket, key = split_s3_uri(uri)
        self.s3.put_object(Bucket=bucket, Key=key, Body=text.encode("utf-8"), ContentType="application/json")

    def output_mode(self, plan):
        # With bookmarks disabled every file is read, so the output replaces what earlier runs wrote.
        # (A first bookmarked run cannot tell here that it reads every file: it appends.)
        return "overwrite" if self.option == "job-bookmark-disable" else plan["output"]["mode"]

    def commit(self):
        self.job.commit()


# ---------------------------------------------------------------- runtime: Spark anywhere


BOOKMARK_OPTIONS = ("job-bookmark-enable", "job-bookmark-disable", "job-bookmark-pause")
DEEQU_EVALUATOR = "com.amazon.deequ.dqdl.EvaluateDataQuality"


def storage_path(uri, root):
    """Where Spark finds an s3:// URI: under a local folder standing in for S3, else through s3a."""
    bucket, key = split_s3_uri(uri)
    if root:
        return "%s/%s/%s" % (root.rstrip("/"), bucket, key)
    return "s3a://%s/%s" % (bucket, key)


def iso_millis(epoch_ms):
    """A modification time as the local Glue's bookmarks write it (JavaScript's toISOString)."""
    import datetime

    t = datetime.datetime.fromtimestamp(epoch_ms // 1000, tz=datetime.timezone.utc)
    return "%s.%03dZ" % (t.strftime("%Y-%m-%dT%H:%M:%S"), epoch_ms % 1000)


def unseen_files(files, seen):
    """Files (uri, size, mtime ISO) the bookmark state has not seen as they are now."""
    return [f for f in files if seen.get(f["uri"]) != {"size": f["size"], "lastModified": f["lastModified"]}]


def committed_bookmark(before, job, run_id, context, files):
    """The bookmark state after a successful run read `files` (the local Glue's GetJobBookmark shape)."""
    before = before or {}
    state = dict(before.get("JobBookmark") or {})
    seen = dict((state.get(context) or {}).get("files") or {})
    for f in files:
        seen[f["uri"]] = {"size": f["size"], "lastModified": f["lastModified"]}
    state[context] = {"files": seen}
    entry = {
        "JobName": job,
        "Version": before.get("Version", 0) + 1,
        "Run": before.get("Run", 0) + 1,
        "Attempt": 0,
        "RunId": run_id,
        "JobBookmark": state,
    }
    if before.get("RunId") is not None:
        entry["PreviousRunId"] = before["RunId"]
    return entry


class SparkRuntime:
    """Plain Spark: a bookmark as a state object in (local) S3, DQDL through deequ's open-source evaluator.

    Arguments: --lakeline_s3_root DIR (s3://b/k is DIR/b/k; else s3a://b/k), --lakeline_bookmark_uri
    (the state object; default beside the plan: .../bookmarks/<job>.json), --job-bookmark-option.
    The session is the one the caller built (spark-submit, or lakeline's local driver) or a new one.
    """

    def __init__(self, args, spark=None):
        self.args = args
        self.root = args.get("lakeline_s3_root") or None
        self.option = args.get("job-bookmark-option") or "job-bookmark-disable"
        if self.option not in BOOKMARK_OPTIONS:
            raise PlanError("--job-bookmark-option %r is not one of %s" % (self.option, ", ".join(BOOKMARK_OPTIONS)))
        if spark is None:
            from pyspark.sql import SparkSession

            spark = SparkSession.builder.appName(args.get("JOB_NAME") or "lakeline").getOrCreate()
        self.spark = spark
        self.jvm = spark.sparkContext._jvm
        self.hadoop_conf = spark.sparkContext._jsc.hadoopConfiguration()
        self.bookmark_uri = args.get("lakeline_bookmark_uri") or self._default_bookmark_uri()
        self.bookmark = None
        self.context = None
        self.full_read = True
        self.read = []
        self.uris = {}

    def _default_bookmark_uri(self):
        plan_uri = self.args.get("plan_uri") or ""
        base = plan_uri.rsplit("/plans/", 1)[0] if "/plans/" in plan_uri else plan_uri.rsplit("/", 1)[0]
        return "%s/bookmarks/%s.json" % (base, self.args.get("JOB_NAME") or "job")

    def path(self, uri):
        return storage_path(uri, self.root) if uri.startswith("s3://") else uri

    def _fs(self, path):
        jpath = self.jvm.org.apache.hadoop.fs.Path(path)
        return jpath.getFileSystem(self.hadoop_conf), jpath

    def _listing(self, uri):
        """Every data file under the input (recursively), with its size and modification time."""
        fs, jpath = self._fs(self.path(uri))
        if not fs.exists(jpath):
            return []
        base = uri if uri.endswith("/") else uri + "/"
        local = self.path(base)
        files = []
        it = fs.listFiles(jpath, True)
        while it.hasNext():
            status = it.next()
            full = status.getPath().toString()
            name = status.getPath().getName()
            if name.startswith("_") or name.startswith("."):
                continue
            rel = full.split(local.split("://", 1)[-1].rstrip("/") + "/", 1)[-1]
            self.uris[full] = base + rel
            files.append(
                {
                    "uri": base + rel,
                    "path": full,
                    "size": int(status.getLen()),
                    "lastModified": iso_millis(int(status.getModificationTime())),
                }
            )
        return sorted(files, key=lambda f: f["uri"])

    def list_files(self, plan):
        return self._listing(plan["input"]["path"])

    def uri_of(self, path):
        return self.uris.get(path, path)

    def input_files(self, plan):
        files = self._listing(plan["input"]["path"])
        if not files:
            raise PlanError("no input: %s holds no data files" % plan["input"]["path"])
        context = self.context = plan["input"]["transformationCtx"]
        if self.option != "job-bookmark-disable":
            text = self.read_text(self.bookmark_uri, missing=None)
            self.bookmark = json.loads(text) if text is not None else None
        state = ((self.bookmark or {}).get("JobBookmark") or {}).get(context)
        self.full_read = state is None
        listed = files
        if state is not None:
            files = unseen_files(files, state.get("files") or {})
        print("lakeline: %s: %d of %d input file(s) to read" % (self.option, len(files), len(listed)))
        self.read = files
        if not files:
            return NOTHING_NEW, None
        return [f["path"] for f in files], None

    def _scala_map(self, frames):
        """A Scala immutable Map of alias -> Dataset[Row], as deequ's evaluator takes additional data sources."""
        scala_map = getattr(getattr(self.jvm, "scala.collection.immutable.Map$"), "MODULE$").empty()
        for alias, frame in sorted(frames.items()):
            scala_map = getattr(scala_map, "$plus")(self.jvm.scala.Tuple2(alias, frame._jdf))
        return scala_map

    def evaluate(self, df, quality, part, sources=None):
        """Rule outcomes (and row outcomes for the row rules); `sources` are additional data sources by alias."""
        from pyspark.sql import DataFrame

        rules = quality["rowRules"] if part == "rows" else quality["datasetRules"]
        evaluator = getattr(self.jvm, DEEQU_EVALUATOR + "$")
        if evaluator is None or not hasattr(evaluator, "MODULE$"):
            raise PlanError("deequ's DQDL evaluator (%s) is not on the Spark classpath" % DEEQU_EVALUATOR)
        module = getattr(evaluator, "MODULE$")
        # CustomSql rules read the evaluated data as `primary`, as Glue names it.
        df.createOrReplaceTempView("primary")
        if part == "dataset":
            found = module.process(df._jdf, ruleset_text(rules), self._scala_map(sources or {}))
            return rows_of(DataFrame(found, self.spark)), None
        outcomes = module.processRows(df._jdf, ruleset_text(rules))
        frames = {key: DataFrame(outcomes.get(key).get(), self.spark) for key in ("ruleOutcomes", "rowLevelOutcomes")}
        return rows_of(frames["ruleOutcomes"]), frames["rowLevelOutcomes"]

    def read_text(self, uri, missing=PlanError):
        fs, jpath = self._fs(self.path(uri))
        if not fs.exists(jpath):
            if missing is PlanError:
                raise PlanError("%s does not exist" % uri)
            return missing
        stream = fs.open(jpath)
        try:
            reader = self.jvm.java.io.BufferedReader(self.jvm.java.io.InputStreamReader(stream, "UTF-8"))
            return "\n".join(iter(reader.readLine, None))
        finally:
            stream.close()

    def write_text(self, uri, text):
        fs, jpath = self._fs(self.path(uri))
        stream = fs.create(jpath, True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()

    def output_mode(self, plan):
        # A run that reads every file replaces what earlier runs wrote, as the local engine does.
        return "overwrite" if self.full_read else plan["output"]["mode"]

    def commit(self):
        if self.option != "job-bookmark-enable":
            return
        job = self.args.get("JOB_NAME") or "job"
        run_id = self.args.get("JOB_RUN_ID") or self.args.get("run_id")
        entry = committed_bookmark(self.bookmark, job, run_id, self.context, self.read)
        self.write_text(self.bookmark_uri, json.dumps(entry, indent=2) + "\n")


def choose_runtime(args):
    """`--lakeline_runtime glue|spark`; by default glue where awsglue can be imported, else spark."""
    name = args.get("lakeline_runtime")
    if name is None:
        try:
            import awsglue  # noqa: F401

            name = "glue"
        except ImportError:
            name = "spark"
    if name not in ("glue", "spark"):
        raise PlanError("--lakeline_runtime %r is not glue or spark" % name)
    return name


def main(argv=None, spark=None):
    argv = sys.argv if argv is None else argv
    args = parse_args(argv[1:])
    name = choose_runtime(args)
    # Spark and Glue are imported by the runtimes, so the functions above are testable anywhere.
    runtime = GlueRuntime(argv) if name == "glue" else SparkRuntime(args, spark)
    if name == "glue":
        args = dict(args, **runtime.args)
    if not args.get("plan_uri"):
        raise PlanError("no plan: pass --plan_uri")
    run_id = resolve_run_id(args)
    plan = check_plan(json.loads(runtime.read_text(args["plan_uri"])))
    for key, value in sorted(plan["engines"]["spark"]["conf"].items()):
        runtime.spark.conf.set(key, value)
    print("lakeline: runtime %s, job %s, run id %s" % (name, plan["job"], run_id))
    engine = SparkEngine(plan, run_id, runtime, args.get("lakeline_ingestion_state"))
    result = run(plan, engine, run_id)
    print("lakeline: %s" % json.dumps(result, sort_keys=True, default=str))
    return result


if __name__ == "__main__":
    main()
