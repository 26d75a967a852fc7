"""deequ's open-source DQDL evaluator (com.amazon.deequ.dqdl.EvaluateDataQuality) over test tables
(run by dqdl-evaluator.test.ts with lakeline's Python environment and deequ's JARs).

Reads a JSON array of {"parquet": path, "rules": [rule text, …], "references": {alias: path}} on
stdin; for each, evaluates the ruleset on the table (without its `__row` column) with `process`, and
row by row with `processRows`, the references given as additional data sources (without their
`__row` column), and prints the rule outcomes and each row's failed rules by `__row`.
"""

import json
import sys


def scala_map(spark, frames):
    """A Scala immutable Map of alias -> Dataset[Row], as deequ's evaluator takes additional data sources."""
    jvm = spark.sparkContext._jvm
    out = getattr(getattr(jvm, "scala.collection.immutable.Map$"), "MODULE$").empty()
    for alias, frame in sorted(frames.items()):
        out = getattr(out, "$plus")(jvm.scala.Tuple2(alias, frame._jdf))
    return out


def evaluate(spark, module, case):
    from pyspark.sql import DataFrame
    from pyspark.sql import functions as F

    df = spark.read.parquet(case["parquet"])
    sources = scala_map(
        spark, {alias: spark.read.parquet(path).drop("__row") for alias, path in (case.get("references") or {}).items()}
    )
    # CustomSql rules read the evaluated data as `primary`, as Glue names it (the runner does so too).
    df.drop("__row").createOrReplaceTempView("primary")
    ruleset = "Rules = [\n    " + ",\n    ".join(case["rules"]) + "\n]"
    out = {"rules": [], "rows": {}, "error": None}
    try:
        outcomes = DataFrame(module.process(df.drop("__row")._jdf, ruleset, sources), spark)
        for r in outcomes.collect():
            d = r.asDict()
            out["rules"].append(
                {
                    "rule": d["Rule"],
                    "outcome": d["Outcome"],
                    "message": d["FailureReason"],
                    "metrics": {k: v for k, v in (d["EvaluatedMetrics"] or {}).items()},
                }
            )
        rows = DataFrame(module.processRows(df._jdf, ruleset, sources).get("rowLevelOutcomes").get(), spark)
        for r in rows.select("__row", F.col("DataQualityRulesFail")).collect():
            out["rows"][str(r[0])] = list(r[1] or [])
    except Exception as error:  # an evaluator error is reported, not raised
        out["error"] = str(error).split("\n")[0][:500]
    return out


def main():
    from pyspark.sql import SparkSession

    jars = sys.argv[1]
    spark = (
        SparkSession.builder.master("local[1]")
        .config("spark.jars", jars)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    module = getattr(getattr(spark.sparkContext._jvm, "com.amazon.deequ.dqdl.EvaluateDataQuality$"), "MODULE$")
    cases = json.load(sys.stdin)
    results = [evaluate(spark, module, case) for case in cases]
    sys.stdout.write("\n@@result@@\n" + json.dumps(results))


if __name__ == "__main__":
    main()
