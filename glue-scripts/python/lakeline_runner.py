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

PLAN_VERSION = 1
FILE_COLUMN = "_lakeline_file"
OUTCOME_RESULTS = {"Passed": "PASS", "Failed": "FAIL"}


class PlanError(Exception):
    """The plan cannot be run by this runner."""


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
    for key in ("input", "steps", "split", "output", "quarantine", "runSummary"):
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
    """The schema Spark reads the input with; text formats get the column holding unparsed records."""
    columns = list(plan["input"]["columns"])
    if plan["input"]["format"] != "parquet":
        columns.append({"name": plan["columns"]["raw"], "type": {"kind": "string"}})
    return ddl(columns)


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


# ---------------------------------------------------------------- data quality


def ruleset_text(rules):
    """A DQDL ruleset of the plan's canonical rule texts (the same texts as quality/<ruleset>.dqdl)."""
    return "Rules = [\n    " + ",\n    ".join(rules) + "\n]"


def normalize_rule(text):
    return re.sub(r"\s+", " ", text).strip()


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

    Results are matched to rules by text; should Glue report a rule reformatted, the results of a
    ruleset come in the ruleset's order, so the rule at the same position is taken instead.
    """
    by_rule = {normalize_rule(r["rule"] or ""): r for r in results}
    positional = dict(zip(rules, results)) if len(rules) == len(results) else {}
    failures = []
    for rule in gate:
        found = by_rule.get(normalize_rule(rule)) or positional.get(rule)
        if found is None:
            failures.append({"rule": rule, "result": "ERROR", "message": "not evaluated", "metrics": {}})
        elif found["result"] != "PASS":
            failures.append(dict(found, rule=rule))
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


def plan_actions(plan):
    """What running the plan takes, in order; each action is a dict with an "action" name."""
    actions = [{"action": "read_input"}]
    actions += [{"action": "read_reference", "reference": ref} for ref in plan["references"]]
    actions.append({"action": "view", "view": "step_0", "sql": plan["input"]["sql"]["spark"]})
    for step in plan["steps"]:
        if step["kind"] == "detectPii":
            actions.append({"action": "findings", "step": step["index"], "findings": step["findings"]})
        if step["kind"] == "quality" and step["quality"]["outcomesView"] is not None:
            actions.append({"action": "evaluate_rows", "step": step["index"], "quality": step["quality"]})
        actions.append({"action": "view", "view": step["view"], "sql": step["sql"]["spark"]})
        if step["kind"] == "quality" and step["quality"]["datasetRules"]:
            actions.append({"action": "evaluate_dataset", "step": step["index"], "quality": step["quality"]})
    return actions


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


def summary(plan, run_id, counts, findings, quality, status, warnings=()):
    return {
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
    }


def run(plan, engine, run_id):
    """Runs a checked plan on an engine (GlueEngine on Glue) and returns the run summary."""
    findings = {}
    evaluations = {"rows": [], "dataset": [], "rowLevel": None}
    for action in plan_actions(plan):
        kind = action["action"]
        if kind == "read_input":
            engine.read_input()
        elif kind == "read_reference":
            engine.read_reference(action["reference"])
        elif kind == "view":
            engine.register_view(action["view"], action["sql"])
        elif kind == "findings":
            found = engine.query_one(action["findings"]["sql"]["spark"])
            for entity in action["findings"]["entities"]:
                findings[entity] = findings.get(entity, 0) + int(found[entity] or 0)
        elif kind == "evaluate_rows":
            outcome = engine.evaluate_rows(action["quality"])
            evaluations["rows"] = rule_results(outcome["rules"])
            evaluations["rowLevel"] = {"evaluated": outcome["evaluated"], "failed": outcome["failed"]}
        elif kind == "evaluate_dataset":
            evaluations["dataset"] = rule_results(engine.evaluate_dataset(action["quality"]))
        else:
            raise PlanError("unknown action %r" % kind)

    counts = engine.query_one(plan["split"]["counts"]["spark"])
    empty = int(counts["input_rows"]) == 0
    warnings = ["dataset %s: %s" % (plan["input"]["dataset"], EMPTY_INPUT)] if empty else []
    for warning in warnings:
        print("lakeline: warning: %s" % warning)
    judged = empty_input_rules if empty else (lambda results: results)

    quality_step = next((s for s in plan["steps"] if s["kind"] == "quality"), None)
    quality = None
    failures = []
    if quality_step is not None:
        q = quality_step["quality"]
        rules = judged(evaluations["rows"] + evaluations["dataset"])
        quality = {"ruleset": q["ruleset"], "dataset": plan["input"]["dataset"], "score": score(rules), "rules": rules}
        failures = gate_failures(q["gate"], q["datasetRules"], judged(evaluations["dataset"]))
        results = dict(quality, job=plan["job"], runId=run_id, dqdlPath=q["dqdlPath"], rowLevel=evaluations["rowLevel"])
        engine.write_json(with_run_id(plan["qualityResults"]["path"], plan, run_id), results)

    engine.write_quarantine(plan["split"]["rejected"]["spark"], with_run_id(plan["quarantine"]["path"], plan, run_id))
    status = "FAILED_QUALITY_GATE" if failures else "SUCCEEDED"
    result = summary(plan, run_id, counts, findings, quality, status, warnings)
    if failures:
        engine.write_json(with_run_id(plan["runSummary"]["uri"], plan, run_id), result)
        raise QualityGateFailed(gate_message(plan, quality["ruleset"], failures, EMPTY_INPUT if empty else None))
    engine.write_output(plan["split"]["kept"]["spark"])
    engine.write_json(with_run_id(plan["runSummary"]["uri"], plan, run_id), result)
    engine.commit()
    return result


# ---------------------------------------------------------------- Glue


class GlueEngine:
    """Runs plan actions with Spark and Glue. Built in main(), which hands it the modules it uses."""

    def __init__(self, plan, run_id, glue_context, job, modules):
        self.plan = plan
        self.run_id = run_id
        self.glue = glue_context
        self.spark = glue_context.spark_session
        self.job = job
        self.m = modules  # F (pyspark.sql.functions), DynamicFrame, EvaluateDataQuality, SelectFromCollection, s3

    def _persist(self, df, view):
        df = df.persist(self.m["StorageLevel"].MEMORY_AND_DISK)
        df.createOrReplaceTempView(view)
        return df

    def _new_files(self):
        """The input files the job bookmark has not seen, read through Glue so the bookmark advances."""
        frame = self.glue.create_dynamic_frame.from_options(**bookmark_source(self.plan)).toDF()
        if FILE_COLUMN not in frame.columns:
            return None, frame
        names = [r[0] for r in frame.select(FILE_COLUMN).distinct().collect()]
        return absolute_files(names, self.plan["input"]["path"]), frame

    def read_input(self):
        F = self.m["F"]
        inp = self.plan["input"]
        cols = self.plan["columns"]
        files, frame = self._new_files()
        if files is None:
            # Without file names the bookmarked frame itself is the input; unparsed lines cannot be kept then.
            print("lakeline: the Glue reader gave no file names; reading without capturing malformed records")
            df = frame.select(
                *[F.col(c["name"]).cast(spark_type(c["type"])).alias(c["name"]) for c in inp["columns"]]
            ).withColumn(cols["raw"], F.lit(None).cast("string"))
        elif not files:
            df = self.spark.createDataFrame([], input_ddl(self.plan))
        else:
            reader = self.spark.read.format(inp["format"]).schema(input_ddl(self.plan))
            df = reader.options(**spark_reader_options(self.plan)).load(files)
        if cols["raw"] not in df.columns:
            df = df.withColumn(cols["raw"], F.lit(None).cast("string"))
        # Spark does not say why a record did not parse: the plan's reason is then "malformed".
        if cols.get("rawReason") and cols["rawReason"] not in df.columns:
            df = df.withColumn(cols["rawReason"], F.lit(None).cast("string"))
        df = df.withColumn(cols["row"], F.monotonically_increasing_id())
        # Persisted so row ids stay fixed however often later views read the input.
        self._persist(df, inp["view"]).count()

    def read_reference(self, ref):
        try:
            df = self.spark.read.parquet(ref["path"]).select(*[c["name"] for c in ref["columns"]])
        except self.m["AnalysisException"] as error:
            if "PATH_NOT_FOUND" not in str(error) and "Path does not exist" not in str(error):
                raise
            df = self.spark.createDataFrame([], ddl(ref["columns"]))
        self._persist(df, ref["view"])

    def register_view(self, view, sql):
        self._persist(self.spark.sql(sql), view)

    def query_one(self, sql):
        return self.spark.sql(sql).collect()[0].asDict()

    def _frame(self, sql, name):
        return self.m["DynamicFrame"].fromDF(self.spark.sql(sql), self.glue, name)

    def _publishing(self, quality, part):
        return {
            "dataQualityEvaluationContext": "%s-%s" % (quality["evaluationContext"], part),
            "enableDataQualityCloudWatchMetrics": True,
            "enableDataQualityResultsPublishing": True,
        }

    def evaluate_rows(self, quality):
        F = self.m["F"]
        cols = self.plan["columns"]
        frame = self._frame(quality["rowInput"]["spark"], "rows_%s" % quality["ruleset"])
        outcomes = self.m["EvaluateDataQuality"]().process_rows(
            frame=frame,
            ruleset=ruleset_text(quality["rowRules"]),
            publishing_options=self._publishing(quality, "rows"),
            additional_options={"performanceTuning.caching": "CACHE_NOTHING"},
        )
        select = self.m["SelectFromCollection"].apply
        rows = select(dfc=outcomes, key="rowLevelOutcomes").toDF()
        failed = rows.filter(F.col("DataQualityEvaluationResult") == "Failed").select(
            F.col(cols["row"]), F.col("DataQualityRulesFail").alias(cols["failedRules"])
        )
        failed = self._persist(failed, quality["outcomesView"])
        rules = [r.asDict() for r in select(dfc=outcomes, key="ruleOutcomes").toDF().collect()]
        return {"rules": rules, "evaluated": rows.count(), "failed": failed.count()}

    def evaluate_dataset(self, quality):
        frame = self._frame(quality["datasetInput"]["spark"], "dataset_%s" % quality["ruleset"])
        outcomes = self.m["EvaluateDataQuality"].apply(
            frame=frame,
            ruleset=ruleset_text(quality["datasetRules"]),
            publishing_options=self._publishing(quality, "dataset"),
        )
        return [r.asDict() for r in outcomes.toDF().collect()]

    def write_quarantine(self, sql, path):
        F = self.m["F"]
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
        records.write.mode("overwrite").option("ignoreNullFields", "false").json(path)

    def write_output(self, sql):
        out = self.plan["output"]
        writer = self.spark.sql(sql).write.mode(out["mode"]).option("compression", out["compression"])
        if out["partitionBy"]:
            writer = writer.partitionBy(*out["partitionBy"])
        writer.parquet(out["path"])

    def write_json(self, uri, value):
        bucket, key = split_s3_uri(uri)
        body = json.dumps(value, sort_keys=True, indent=2, default=str).encode("utf-8")
        self.m["s3"].put_object(Bucket=bucket, Key=key, Body=body, ContentType="application/json")

    def commit(self):
        self.job.commit()


def load_plan(s3, uri):
    bucket, key = split_s3_uri(uri)
    return check_plan(json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")))


def main(argv=None):
    argv = sys.argv if argv is None else argv
    # Spark and Glue exist only on Glue; importing them here keeps the functions above testable anywhere.
    import boto3
    from awsglue.context import GlueContext
    from awsglue.dynamicframe import DynamicFrame
    from awsglue.job import Job
    from awsglue.transforms import SelectFromCollection
    from awsglue.utils import getResolvedOptions
    from awsgluedq.transforms import EvaluateDataQuality
    from pyspark import StorageLevel
    from pyspark.context import SparkContext
    from pyspark.sql import functions as F
    from pyspark.sql.utils import AnalysisException

    args = getResolvedOptions(argv, ["JOB_NAME", "plan_uri"])
    run_id = resolve_run_id(dict(parse_args(argv[1:]), **args))
    s3 = boto3.client("s3")
    plan = load_plan(s3, args["plan_uri"])

    glue_context = GlueContext(SparkContext.getOrCreate())
    for key, value in sorted(plan["engines"]["spark"]["conf"].items()):
        glue_context.spark_session.conf.set(key, value)
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)
    modules = {
        "F": F,
        "DynamicFrame": DynamicFrame,
        "EvaluateDataQuality": EvaluateDataQuality,
        "SelectFromCollection": SelectFromCollection,
        "StorageLevel": StorageLevel,
        "AnalysisException": AnalysisException,
        "s3": s3,
    }
    result = run(plan, GlueEngine(plan, run_id, glue_context, job, modules), run_id)
    print("lakeline: %s" % json.dumps(result, sort_keys=True, default=str))


if __name__ == "__main__":
    main()
