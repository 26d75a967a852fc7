"""Checks the SQL lakeline generates with the engines' own parsers (run by generated-sql.test.ts).

explain PLAN.json…   Every Spark SQL statement of each job plan goes through EXPLAIN on local Spark,
                     with the plan's views registered as the runner registers them (empty inputs of
                     the plan's schemas), so each statement is analyzed against what it reads.
redshift FILE…       Every statement of Redshift SQL files (and of the `Sql`/`Sqls` of state
                     machine definitions) is parsed by sqlglot's redshift dialect, raising on errors.
Prints one JSON document: the statements checked and the problems found.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "glue-scripts", "python"))

import lakeline_runner as runner  # noqa: E402


def spark_statements(plan):
    """Every {"spark": sql} of the plan, by where it sits."""
    found = {}

    def walk(value, path):
        if isinstance(value, dict):
            if isinstance(value.get("spark"), str):
                found[path] = value["spark"]
            for key, item in value.items():
                walk(item, "%s.%s" % (path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, "%s[%d]" % (path, i))

    walk(plan, "")
    return found


def explain(paths):
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[1]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    checked, problems = [], []
    for path in paths:
        plan = runner.check_plan(json.load(open(path)))
        spark.catalog.clearCache()
        for view in [t.name for t in spark.catalog.listTables()]:
            spark.catalog.dropTempView(view)
        for key, value in sorted(plan["engines"]["spark"]["conf"].items()):
            spark.conf.set(key, value)
        cols = plan["columns"]
        schema = runner.input_ddl(plan) + ", `%s` BIGINT" % cols["row"]
        # As the runner's read_input: a Parquet input (another job's output) has no raw record of its own.
        if "`%s`" % cols["raw"] not in schema:
            schema += ", `%s` STRING" % cols["raw"]
        # Raw text in partition folders: the folder values become typed columns after the read.
        if plan["input"]["format"] != "parquet":
            for c in plan["input"]["columns"]:
                if c["name"] in (plan["input"].get("partitionBy") or []):
                    schema += ", `%s` %s" % (c["name"], runner.spark_type(c["declaredType"]))
        if cols.get("rawReason"):
            schema += ", `%s` STRING" % cols["rawReason"]
        spark.createDataFrame([], schema).createOrReplaceTempView(plan["input"]["view"])
        statements = spark_statements(plan)
        done = set()

        def check(where, sql, register=None):
            done.add(where)
            checked.append({"plan": path, "where": where})
            text = "\n".join(r[0] for r in spark.sql("EXPLAIN " + sql).collect())
            if "Error occurred during query planning" in text or "AnalysisException" in text:
                problems.append({"plan": path, "where": where, "error": text.strip()[:2000]})
                return
            if register:
                spark.sql(sql).createOrReplaceTempView(register)

        def run_check(where, sql, register=None):
            try:
                check(where, sql, register)
            except Exception as error:  # a parse error raises rather than explains
                problems.append({"plan": path, "where": where, "error": str(error)[:2000]})

        for ref in plan["references"]:
            spark.createDataFrame([], runner.ddl(ref["columns"])).createOrReplaceTempView(ref["view"])
        q = plan["quality"]
        for i, action in enumerate(plan["actions"]):
            at = ".actions[%d]" % i
            if action["action"] == "view":
                run_check(at + ".sql", action["sql"]["spark"], action["view"])
            elif action["action"] == "countFindings":
                run_check(at + ".sql", action["sql"]["spark"])
            elif action["action"] == "evaluateRows":
                run_check(".quality.rowInput", q["rowInput"]["spark"])
                outcomes = "`%s` BIGINT, `%s` ARRAY<STRING>" % (cols["row"], cols["failedRules"])
                spark.createDataFrame([], outcomes).createOrReplaceTempView(q["outcomesView"])
            elif action["action"] == "evaluateDataset":
                run_check(".quality.datasetInput", q["datasetInput"]["spark"])
        for part in ("kept", "rejected", "counts"):
            run_check(".split.%s" % part, plan["split"][part]["spark"])
        for where in sorted(set(statements) - done):
            problems.append({"plan": path, "where": where, "error": "not explained: the check does not know this statement"})
    return {"checked": checked, "problems": problems}


def redshift_statements(path):
    """The statements of a file: a .sql file's text, or the Sql/Sqls of a state machine's states."""
    text = open(path).read()
    if not path.endswith(".json"):
        return [(path, text)]
    found = []

    def walk(value, where):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("Sql", "Sql.$") and isinstance(item, str) and key == "Sql":
                    found.append(("%s%s" % (where, key), item))
                elif key == "Sqls" and isinstance(item, list):
                    found.extend(("%s%s[%d]" % (where, key, i), s) for i, s in enumerate(item) if isinstance(s, str))
                else:
                    walk(item, "%s%s." % (where, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, "%s[%d]." % (where, i))

    walk(json.loads(text), path + ":")
    return found


def split(text):
    """Statements split at the semicolons sqlglot's Redshift tokenizer sees (not those in strings)."""
    from sqlglot.dialects.redshift import Redshift
    from sqlglot.tokens import TokenType

    out, start = [], None
    for token in Redshift().tokenize(text):
        if start is None:
            start = token.start
        if token.token_type == TokenType.SEMICOLON:
            out.append(text[start : token.start].strip())
            start = None
    if start is not None:
        out.append(text[start:].strip())
    return [s for s in out if s]


def redshift(paths):
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import ErrorLevel

    checked = []
    for path in paths:
        for where, text in redshift_statements(path):
            for statement in split(text):
                entry = {"where": where, "statement": statement}
                try:
                    tree = sqlglot.parse_one(statement, read="redshift", error_level=ErrorLevel.RAISE)
                    entry["parsed"] = "Command" if isinstance(tree, exp.Command) else type(tree).__name__
                except sqlglot.errors.ParseError as error:
                    entry["error"] = str(error).split("\n")[0]
                checked.append(entry)
    return {"sqlglot": sqlglot.__version__, "checked": checked}


if __name__ == "__main__":
    mode, files = sys.argv[1], sys.argv[2:]
    result = explain(files) if mode == "explain" else redshift(files)
    sys.stdout.write("\n@@result@@\n" + json.dumps(result))
