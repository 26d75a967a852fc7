"""Unit tests of the runner's plan walking, argument and path handling and result shaping.

No Spark: the runner's engine is replaced by a recording fake. The flagship plans come from
LAKELINE_PLAN_DIR, which tests/glue-scripts/runner.test.ts fills with freshly synthesized plans
before running this module (run alone, the tests needing them are skipped).
"""

import copy
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "glue-scripts", "python"))

import lakeline_runner as runner  # noqa: E402

PLAN_DIR = os.environ.get("LAKELINE_PLAN_DIR")


def flagship(job):
    with open(os.path.join(PLAN_DIR, "%s.json" % job)) as f:
        return json.load(f)


needs_plans = unittest.skipUnless(PLAN_DIR, "LAKELINE_PLAN_DIR is not set (run through vitest)")


class FakeEngine:
    """Records what the runner asks for; answers queries from the canned results it is given."""

    def __init__(self, plan, row_rules=None, dataset_rules=None, findings=None, counts=None):
        self.plan = plan
        self.counts = counts or {"input_rows": 10, "output_rows": 6, "quarantined_rows": 3, "duplicate_rows": 1}
        self.calls = []
        self.json = {}
        self.row_rules = row_rules or []
        self.dataset_rules = dataset_rules or []
        self.findings = findings or {}

    def ingestion(self):
        return None

    def read_input(self):
        self.calls.append(("read_input",))

    def read_reference(self, ref):
        self.calls.append(("read_reference", ref["view"]))

    def register_view(self, view, sql):
        self.calls.append(("view", view))

    def query_one(self, sql):
        if sql == self.plan["split"]["counts"]["spark"]:
            self.calls.append(("counts",))
            return self.counts
        for action in self.plan["actions"]:
            if action["action"] == "countFindings" and action["sql"]["spark"] == sql:
                self.calls.append(("findings", action["step"]))
                return self.findings[action["step"]]
        raise AssertionError("unexpected query: %s" % sql[:80])

    def evaluate_rows(self, quality):
        self.calls.append(("evaluate_rows", quality["outcomesView"]))
        return {"rules": self.row_rules, "evaluated": 8, "failed": 2}

    def evaluate_dataset(self, quality):
        self.calls.append(("evaluate_dataset", quality["ruleset"]))
        return self.dataset_rules

    def write_quarantine(self, sql, path):
        self.calls.append(("write_quarantine", path))

    def write_output(self, sql):
        assert sql == self.plan["split"]["kept"]["spark"]
        self.calls.append(("write_output",))

    def write_export(self, sql):
        assert sql == self.plan["split"]["kept"]["spark"]
        self.calls.append(("write_export", self.plan["output"]["export"]["path"]))

    def write_json(self, uri, value):
        self.calls.append(("write_json", uri))
        self.json[uri] = json.loads(json.dumps(value))

    def commit(self):
        self.calls.append(("commit",))


def outcome(rule, result, reason=None, metrics=None):
    return {"Rule": rule, "Outcome": result, "FailureReason": reason, "EvaluatedMetrics": metrics or {}}


class ArgumentsAndPaths(unittest.TestCase):
    def test_parses_both_argument_forms(self):
        argv = ["--JOB_NAME", "j", "--run_id=exec-1", "--flag", "--plan_uri", "s3://b/plans/j.json"]
        self.assertEqual(
            runner.parse_args(argv),
            {"JOB_NAME": "j", "run_id": "exec-1", "flag": "", "plan_uri": "s3://b/plans/j.json"},
        )

    def test_run_id_from_the_state_machine_else_glue(self):
        self.assertEqual(runner.resolve_run_id({"run_id": "exec-1", "JOB_RUN_ID": "jr_1"}), "exec-1")
        self.assertEqual(runner.resolve_run_id({"JOB_RUN_ID": "jr_1"}), "jr_1")
        with self.assertRaisesRegex(runner.PlanError, "no run id"):
            runner.resolve_run_id({})
        with self.assertRaisesRegex(runner.PlanError, "cannot be part of an S3 key"):
            runner.resolve_run_id({"run_id": "a/b"})

    def test_splits_s3_uris(self):
        self.assertEqual(runner.split_s3_uri("s3://bucket/a/b.json"), ("bucket", "a/b.json"))
        with self.assertRaises(runner.PlanError):
            runner.split_s3_uri("https://bucket/a")

    def test_input_files_as_spark_reads_them(self):
        base = "s3://b/p/raw/students/"
        self.assertEqual(
            runner.absolute_files(["s3://b/p/raw/students/a.csv", "b.csv", "s3://b/p/raw/students/a.csv", None], base),
            ["s3://b/p/raw/students/a.csv", "s3://b/p/raw/students/b.csv"],
        )

    def test_partition_values_come_from_the_folders_below_the_input(self):
        plan = {"input": {"path": "s3://b/p/raw/customers/", "partitionBy": ["ingestion_date"]}}
        uri = "s3://b/p/raw/customers/ingestion_date=2024-01-02/part-0.csv"
        self.assertEqual(runner.partition_values(plan, uri), ["2024-01-02"])
        self.assertIsNone(runner.partition_values(plan, "s3://b/p/raw/customers/part-0.csv"))
        hive_null = "s3://b/p/raw/customers/ingestion_date=__HIVE_DEFAULT_PARTITION__/a.csv"
        self.assertEqual(runner.partition_values(plan, hive_null), [None])

    def test_an_incremental_run_reads_partitions_not_yet_read(self):
        plan = {"input": {"path": "s3://b/raw/c/", "partitionBy": ["ingestion_date"]}}
        files = [{"uri": "s3://b/raw/c/ingestion_date=2024-01-0%d/part-0.csv" % d} for d in (1, 2, 3)]
        mark = runner.parse_ingestion_mark('{"partitions": ["2024-01-01"], "highWaterMark": "x", "runId": "r1"}')
        chosen, partitions = runner.incremental_files(plan, files, mark)
        self.assertEqual([f["uri"] for f in chosen], [files[1]["uri"], files[2]["uri"]])
        self.assertEqual(partitions, ["2024-01-02", "2024-01-03"])
        self.assertEqual(runner.parse_ingestion_mark(None), {"partitions": [], "highWaterMark": None, "runId": None})
        with self.assertRaisesRegex(runner.PlanError, "not JSON"):
            runner.parse_ingestion_mark("{")

    def test_the_entry_advances_only_when_something_new_was_read(self):
        mark = {"partitions": ["2024-01-01"], "highWaterMark": "2024-01-01 10:00:00", "runId": "r1"}
        after = runner.ingestion_summary(mark, ["2024-01-02"], "r2", 1, "2024-01-02 11:00:00")
        self.assertEqual(
            after,
            {
                "state": {"partitions": ["2024-01-01", "2024-01-02"], "highWaterMark": "2024-01-02 11:00:00", "runId": "r2"},
                "partitionsRead": ["2024-01-02"],
                "partitionsSuperseded": [],
                "alreadyIngestedRows": 1,
            },
        )
        self.assertEqual(runner.ingestion_summary(mark, [], "r3", 0, None)["state"], mark)
        # Superseded extracts are recorded as read: the entry advances without a partition read.
        extract = {"partitions": ["2024-01-03"], "highWaterMark": None, "runId": "r1"}
        late = runner.ingestion_summary(extract, [], "r4", 0, None, ["2024-01-02"])
        self.assertEqual(late["state"], {"partitions": ["2024-01-02", "2024-01-03"], "highWaterMark": None, "runId": "r4"})
        self.assertEqual((late["partitionsRead"], late["partitionsSuperseded"]), ([], ["2024-01-02"]))

    def test_partitions_order_as_their_types(self):
        # The same table as tests/local/glue/plan-input-extract.test.ts.
        cases = [
            ({"kind": "int"}, "9", "10", -1),
            ({"kind": "bigint"}, "-3", "2", -1),
            ({"kind": "int"}, "07", "7", 0),
            ({"kind": "date"}, "2024-1-9", "2024-01-10", -1),
            ({"kind": "date"}, "2024-12-31", "2025-01-01", -1),
            ({"kind": "string", "maxLength": 8}, "b", "ab", 1),
            ({"kind": "int"}, "x", "1", -1),
            ({"kind": "date"}, None, "2024-01-01", -1),
            ({"kind": "date"}, None, None, 0),
        ]
        for data_type, a, b, expected in cases:
            with self.subTest(a=a, b=b):
                self.assertEqual(runner.compare_partitions([data_type], [a], [b]), expected)
                self.assertEqual(runner.compare_partitions([data_type], [b], [a]), -expected)
        two = [{"kind": "int"}, {"kind": "int"}]
        self.assertEqual(runner.compare_partitions(two, ["2024", "9"], ["2024", "10"]), -1)

    def test_a_latest_extract_read_takes_the_newest_new_partition(self):
        plan = {
            "input": {
                "path": "s3://b/raw/r/",
                "partitionBy": ["day"],
                "columns": [{"name": "id", "declaredType": {"kind": "string"}}, {"name": "day", "declaredType": {"kind": "int"}}],
            }
        }
        files = [{"uri": "s3://b/raw/r/day=%d/part-%d.csv" % (d, i)} for d in (8, 9, 10) for i in (0, 1)]
        empty = runner.parse_ingestion_mark(None)
        chosen, read, superseded = runner.latest_extract_files(plan, files, empty)
        self.assertEqual([f["uri"] for f in chosen], [files[4]["uri"], files[5]["uri"]])
        self.assertEqual((read, superseded), (["10"], ["8", "9"]))
        # Nothing new, or only an extract older than one read: nothing read.
        self.assertEqual(runner.latest_extract_files(plan, files, {"partitions": ["8", "9", "10"]}), ([], [], []))
        self.assertEqual(runner.latest_extract_files(plan, files, {"partitions": ["10"]}), ([], [], ["8", "9"]))
        chosen, read, superseded = runner.latest_extract_files(plan, files, {"partitions": ["9"]})
        self.assertEqual((len(chosen), read, superseded), (2, ["10"], ["8"]))

    def test_refuses_a_plan_of_another_version(self):
        with self.assertRaisesRegex(runner.PlanError, "plan version 1 is not 6"):
            runner.check_plan({"planVersion": 1})

    def test_spark_types(self):
        cases = [
            ({"kind": "string", "maxLength": 16}, "STRING"),
            ({"kind": "decimal", "precision": 5, "scale": 2}, "DECIMAL(5, 2)"),
            ({"kind": "timestamp"}, "TIMESTAMP"),
            ({"kind": "int"}, "INT"),
        ]
        for data_type, expected in cases:
            self.assertEqual(runner.spark_type(data_type), expected)
        with self.assertRaises(runner.PlanError):
            runner.spark_type({"kind": "interval"})


class DataQuality(unittest.TestCase):
    def test_ruleset_text(self):
        self.assertEqual(
            runner.ruleset_text(['IsComplete "a"', "RowCount > 0"]),
            'Rules = [\n    IsComplete "a",\n    RowCount > 0\n]',
        )

    def test_rule_results_and_score(self):
        results = runner.rule_results(
            [
                outcome("RowCount > 0", "Passed", metrics={"Dataset.*.RowCount": 4}),
                outcome('IsPrimaryKey "id"', "Failed", "Value: 0.5 does not meet the constraint"),
                outcome("Mean \"x\" > 1", "Error", "column not found"),
            ]
        )
        self.assertEqual(
            results[0], {"rule": "RowCount > 0", "result": "PASS", "message": "", "metrics": {"Dataset.*.RowCount": 4.0}}
        )
        self.assertEqual([r["result"] for r in results], ["PASS", "FAIL", "ERROR"])
        self.assertAlmostEqual(runner.score(results), 1 / 3)
        self.assertIsNone(runner.score([]))

    def test_gate_matches_rules_by_text_then_by_position(self):
        rules = ['IsPrimaryKey "id"', "RowCount > 0"]
        passed = runner.rule_results([outcome('IsPrimaryKey  "id"', "Passed"), outcome("RowCount > 0", "Passed")])
        self.assertEqual(runner.gate_failures(rules, rules, passed), [])
        reformatted = runner.rule_results([outcome('IsPrimaryKey "id"', "Passed"), outcome("RowCount > 0.0", "Failed")])
        failures = runner.gate_failures(rules, rules, reformatted)
        self.assertEqual([(f["rule"], f["result"]) for f in failures], [("RowCount > 0", "FAIL")])

    def test_a_gate_rule_without_a_result_fails(self):
        failures = runner.gate_failures(["RowCount > 0"], ["RowCount > 0", "X"], [])
        self.assertEqual(failures[0]["message"], "not evaluated")

    def test_results_as_aws_parser_prints_rules_match_the_plan_texts(self):
        plan = [
            '(ColumnValues "marks" >= 0) and (ColumnValues "marks" <= 100)',
            'ColumnValues "status" in ["active", "completed"]',
            'ColumnValues "note" = "a  and  b"',
        ]
        deequ = runner.rule_results(
            [
                outcome('ColumnValues "note" = "a  and  b"', "Passed"),
                outcome('ColumnValues "marks" >= 0', "Failed"),
                outcome('(ColumnValues "marks" >= 0) AND (ColumnValues "marks" <= 100)', "Failed"),
                outcome('ColumnValues "status" in ["active","completed"]', "Passed"),
            ]
        )
        ours = runner.with_plan_texts(deequ, plan)
        # In the plan's order, under its texts; the composite's part reported alone is left out.
        self.assertEqual([(r["rule"], r["result"]) for r in ours], [(plan[0], "FAIL"), (plan[1], "PASS"), (plan[2], "PASS")])
        # Quoted text is not normalized: other spacing inside quotes is another rule.
        self.assertNotEqual(runner.normalize_rule('"a  and  b"'), runner.normalize_rule('"a and b"'))

    def test_row_level_rule_names_become_the_plan_texts(self):
        names = ['(ColumnValues "m" >= 0) AND (ColumnValues "m" <= 100)', 'ColumnValues "m" >= 0']
        self.assertEqual(
            runner.plan_rule_names(names, ['(ColumnValues "m" >= 0) and (ColumnValues "m" <= 100)']),
            {names[0]: '(ColumnValues "m" >= 0) and (ColumnValues "m" <= 100)'},
        )

    def test_unmatched_results_pair_with_unmatched_rules_in_order(self):
        ours = runner.with_plan_texts(runner.rule_results([outcome("RowCount > 0.0", "Passed")]), ["RowCount > 0"])
        self.assertEqual(ours[0]["rule"], "RowCount > 0")


class SparkRuntimePieces(unittest.TestCase):
    def test_s3_uris_map_to_a_local_root_or_s3a(self):
        self.assertEqual(runner.storage_path("s3://b/raw/x.csv", "/w/s3"), "/w/s3/b/raw/x.csv")
        self.assertEqual(runner.storage_path("s3://b/raw/x.csv", None), "s3a://b/raw/x.csv")

    def test_modification_times_as_javascript_writes_them(self):
        self.assertEqual(runner.iso_millis(1796285421098), "2026-12-03T08:10:21.098Z")

    def test_the_bookmark_hands_over_new_and_changed_files_only(self):
        files = [
            {"uri": "s3://b/a.csv", "size": 10, "lastModified": "2026-12-03T08:10:21.098Z"},
            {"uri": "s3://b/b.csv", "size": 20, "lastModified": "2026-12-03T08:10:21.098Z"},
            {"uri": "s3://b/c.csv", "size": 30, "lastModified": "2026-12-03T08:10:21.098Z"},
        ]
        seen = {
            "s3://b/a.csv": {"size": 10, "lastModified": "2026-12-03T08:10:21.098Z"},
            "s3://b/b.csv": {"size": 19, "lastModified": "2026-12-03T08:10:21.098Z"},
        }
        self.assertEqual([f["uri"] for f in runner.unseen_files(files, seen)], ["s3://b/b.csv", "s3://b/c.csv"])

    def test_a_commit_keeps_what_earlier_runs_saw_and_counts_runs(self):
        first = runner.committed_bookmark(None, "j", "jr_1", "ctx", [{"uri": "s3://b/a", "size": 1, "lastModified": "t1"}])
        self.assertEqual((first["Version"], first["Run"], first["RunId"]), (1, 1, "jr_1"))
        self.assertNotIn("PreviousRunId", first)
        second = runner.committed_bookmark(first, "j", "jr_2", "ctx", [{"uri": "s3://b/b", "size": 2, "lastModified": "t2"}])
        self.assertEqual(second["PreviousRunId"], "jr_1")
        self.assertEqual(sorted(second["JobBookmark"]["ctx"]["files"]), ["s3://b/a", "s3://b/b"])

    def test_the_runtime_is_glue_only_where_awsglue_imports(self):
        self.assertEqual(runner.choose_runtime({"lakeline_runtime": "spark"}), "spark")
        self.assertEqual(runner.choose_runtime({}), "spark")  # no awsglue here
        with self.assertRaises(runner.PlanError):
            runner.choose_runtime({"lakeline_runtime": "emr"})


@needs_plans
class FlagshipPlan(unittest.TestCase):
    def test_reader_settings_follow_the_plan(self):
        plan = flagship("enrollments")
        ddl = runner.input_ddl(plan)
        self.assertTrue(ddl.startswith("`enrollment_id` STRING, `student_id` STRING"))
        self.assertTrue(ddl.endswith("`updated_at` STRING, `_lakeline_raw` STRING"))
        options = runner.spark_reader_options(plan)
        self.assertEqual(options["columnNameOfCorruptRecord"], "_lakeline_raw")
        self.assertEqual((options["mode"], options["escape"], options["enforceSchema"]), ("PERMISSIVE", '"', "false"))
        source = runner.bookmark_source(plan)
        self.assertEqual(source["transformation_ctx"], "source_enrollments")
        self.assertEqual(source["connection_options"]["paths"], ["s3://lakeline-local/student-enrollment/raw/enrollments/"])

    def test_walks_the_actions_in_order(self):
        plan = flagship("enrollments")
        engine = FakeEngine(plan, findings={2: {"EMAIL": 0, "CREDIT_CARD": 0, "USA_SSN": 0, "PHONE_NUMBER": 0}})
        with self.assertRaises(runner.QualityGateFailed):  # the fake evaluator passes no dataset rule
            runner.run(plan, engine, "exec-1")
        walked = [c for c in engine.calls if c[0] != "counts"][:15]
        self.assertEqual(
            walked,
            [
                ("read_input",),
                ("read_reference", "ref_students"),
                ("read_reference", "ref_courses"),
                ("read_reference", "ref_instructors"),
                ("view", "step_0"),
                ("view", "step_1"),
                ("findings", 2),
                ("view", "step_2"),
                ("view", "step_3"),
                ("view", "step_4"),
                ("view", "step_5"),
                ("view", "step_6"),
                ("evaluate_rows", "dq_7"),
                ("view", "step_7"),
                ("evaluate_dataset", "enrollments"),
            ],
        )

    def test_quarantine_layout(self):
        layout = runner.quarantine_layout(flagship("enrollments"))
        self.assertEqual(layout["row"][:2], ["enrollment_id", "student_id"])
        self.assertIn(("marks", "_lakeline_source_marks"), layout["source"])
        self.assertNotIn("notes", [c for c, _ in layout["source"]])
        self.assertEqual((layout["reasons"], layout["failed_rules"], layout["reason_pattern"]), ("_lakeline_reasons", "_lakeline_failed_rules", ";"))

    def run_students(self, dataset_outcome, counts=None):
        plan = flagship("students")
        q = plan["quality"]
        engine = FakeEngine(
            plan,
            row_rules=[outcome(r, "Failed") for r in q["rowRules"]],
            dataset_rules=[outcome(q["datasetRules"][0], "Passed"), outcome(q["datasetRules"][1], dataset_outcome, "RowCount 0")],
            findings={3: {"EMAIL": 4, "PHONE_NUMBER": 3, "USA_SSN": 2}},
            counts=counts,
        )
        return plan, engine

    def test_an_empty_input_is_said_first_in_the_warnings_the_rules_and_the_gate(self):
        zero = {"input_rows": 0, "output_rows": 0, "quarantined_rows": 0, "duplicate_rows": 0}
        plan, engine = self.run_students("Failed", counts=zero)
        with self.assertRaises(runner.QualityGateFailed) as raised:
            runner.run(plan, engine, "exec-5")
        self.assertTrue(
            str(raised.exception).startswith(
                "job students: the input has 0 rows, so 1 dataset rule(s) of ruleset students failed:\n"
                "  RowCount > 0: FAIL (the input has 0 rows \u2014 RowCount 0)"
            )
        )
        summary = engine.json["s3://lakeline-local/student-enrollment/runs/exec-5/students.json"]
        self.assertEqual(summary["warnings"], ["dataset students: the input has 0 rows"])
        self.assertEqual(
            [(r["result"], r["message"]) for r in summary["quality"]["rules"]][:3],
            [("FAIL", "the input has 0 rows \u2014 FAIL"), ("FAIL", "the input has 0 rows \u2014 FAIL"), ("PASS", "")],
        )

    def test_a_run_writes_quarantine_results_output_summary_then_commits(self):
        plan, engine = self.run_students("Passed")
        result = runner.run(plan, engine, "exec-7")
        summary_uri = "s3://lakeline-local/student-enrollment/runs/exec-7/students.json"
        results_uri = "s3://lakeline-local/student-enrollment/quality/results/students/run_id=exec-7/results.json"
        writes = [c for c in engine.calls if c[0] in ("write_quarantine", "write_output", "write_json", "commit")]
        self.assertEqual(
            writes,
            [
                ("write_json", results_uri),
                ("write_quarantine", "s3://lakeline-local/student-enrollment/quarantine/students/run_id=exec-7/"),
                ("write_output",),
                ("write_json", summary_uri),
                ("commit",),
            ],
        )
        self.assertEqual(engine.json[summary_uri], result)
        self.assertEqual(
            {k: v for k, v in result.items() if k != "quality"},
            {
                "job": "students",
                "dataset": "students",
                "runId": "exec-7",
                "status": "SUCCEEDED",
                "inputRows": 10,
                "outputRows": 6,
                "quarantinedRows": 3,
                "duplicateRows": 1,
                "accounting": "rowPreserving",
                "piiFindings": {"EMAIL": 4, "PHONE_NUMBER": 3, "USA_SSN": 2},
                "warnings": [],
            },
        )
        self.assertEqual(result["quality"]["ruleset"], "students")
        self.assertEqual([r["result"] for r in result["quality"]["rules"]], ["FAIL", "FAIL", "PASS", "PASS"])
        self.assertEqual(result["quality"]["score"], 0.5)
        self.assertEqual(engine.json[results_uri]["rowLevel"], {"evaluated": 8, "failed": 2})

    def test_a_plan_with_an_export_writes_its_csv_copy_after_the_output(self):
        plan, engine = self.run_students("Passed")
        columns = [c["name"] for c in plan["output"]["columns"]]
        plan["output"]["export"] = {"format": "csv", "path": "s3://lakeline-local/x/exports/students/", "columns": columns}
        runner.run(plan, engine, "exec-8")
        names = [c[0] for c in engine.calls if c[0] in ("write_output", "write_export", "commit")]
        self.assertEqual(names, ["write_output", "write_export", "commit"])

    def test_a_plan_without_an_export_writes_no_csv(self):
        plan, engine = self.run_students("Passed")
        runner.run(plan, engine, "exec-9")
        self.assertNotIn("write_export", [c[0] for c in engine.calls])

    def test_a_failed_gate_fails_the_job_before_the_output_or_the_bookmark(self):
        plan, engine = self.run_students("Failed")
        with self.assertRaises(runner.QualityGateFailed) as raised:
            runner.run(plan, engine, "exec-8")
        message = str(raised.exception)
        self.assertIn("job students: 1 dataset rule(s) of ruleset students failed", message)
        self.assertIn("RowCount > 0: FAIL (RowCount 0)", message)
        names = [c[0] for c in engine.calls]
        self.assertNotIn("write_output", names)
        self.assertNotIn("commit", names)
        summary = engine.json["s3://lakeline-local/student-enrollment/runs/exec-8/students.json"]
        self.assertEqual(summary["status"], "FAILED_QUALITY_GATE")

    def test_a_run_with_no_file_new_since_the_bookmark_writes_a_summary_of_zeros(self):
        plan = flagship("enrollments")
        engine = FakeEngine(plan)
        engine.read_input = lambda: runner.NOTHING_NEW
        result = runner.run(plan, engine, "exec-10")
        self.assertEqual((result["status"], result["inputRows"], result["outputRows"]), ("SUCCEEDED", 0, 0))
        self.assertEqual(result["quality"]["rules"], [])
        self.assertTrue(all(v == 0 for v in result["piiFindings"].values()) and result["piiFindings"])
        self.assertEqual([c[0] for c in engine.calls], ["write_json"])

    def test_a_grain_changing_plan_reports_its_grouped_rows_and_quarantined_groups(self):
        plan = copy.deepcopy(flagship("courses"))
        plan["quality"] = None
        plan["qualityResults"] = None
        plan["actions"] = [a for a in plan["actions"] if not a["action"].startswith("evaluate")]
        plan["accounting"] = {"kind": "grainChanging", "step": len(plan["steps"])}
        counts = {"input_rows": 10, "output_rows": 3, "quarantined_rows": 3, "duplicate_rows": 1}
        engine = FakeEngine(plan, counts=dict(counts, grouped_rows=7, quarantined_groups=1))
        result = runner.run(plan, engine, "exec-11")
        self.assertEqual(
            (result["accounting"], result["groupedRows"], result["quarantinedGroups"]), ("grainChanging", 7, 1)
        )
        engine = FakeEngine(plan)
        engine.read_input = lambda: runner.NOTHING_NEW
        result = runner.run(plan, engine, "exec-12")
        self.assertEqual((result["groupedRows"], result["quarantinedGroups"]), (0, 0))

    def test_a_job_without_a_quality_step_reports_no_quality(self):
        plan = copy.deepcopy(flagship("courses"))
        last = plan["steps"][-1]["index"]
        plan["steps"] = plan["steps"][:-1]
        plan["actions"] = [a for a in plan["actions"] if a.get("step") != last]
        plan["quality"] = None
        plan["qualityResults"] = None
        engine = FakeEngine(plan)
        result = runner.run(plan, engine, "exec-9")
        self.assertIsNone(result["quality"])
        self.assertEqual(result["piiFindings"], {})
        self.assertEqual(engine.calls[-1], ("commit",))


if __name__ == "__main__":
    unittest.main()


class ProcessedInputsAndExports(unittest.TestCase):
    def plan(self, partition_by):
        return {
            "input": {
                "dataset": "enrollments",
                "layer": "processed",
                "path": "s3://b/p/processed/enrollments/",
                "partitionBy": partition_by,
                "columns": [{"name": "enrollment_id"}, {"name": "term"}],
            }
        }

    def test_a_partitioned_input_is_read_from_its_prefix_as_base_path(self):
        self.assertEqual(runner.partition_base(self.plan(["term"])), "s3://b/p/processed/enrollments/")
        self.assertIsNone(runner.partition_base(self.plan([])))

    def test_a_column_the_files_do_not_hold_is_named(self):
        plan = self.plan(["term"])
        self.assertEqual(runner.missing_columns(plan, ["enrollment_id", "term"]), [])
        missing = runner.missing_columns(plan, ["enrollment_id"])
        self.assertEqual(missing, ["term"])
        message = runner.missing_columns_message(plan, missing, ["enrollment_id"])
        self.assertTrue(message.startswith('enrollments: the Parquet files under s3://b/p/processed/enrollments/ have no column "term"'))
        self.assertIn("rerun that job", message)

    def test_decimals_are_written_in_plain_notation(self):
        from decimal import Decimal

        self.assertEqual(runner.plain_decimal(Decimal("0E-10")), "0.0000000000")
        self.assertEqual(runner.plain_decimal(Decimal("1.000E-7")), "0.0000001000")
        self.assertEqual(runner.plain_decimal(Decimal("-12.50")), "-12.50")
        self.assertIsNone(runner.plain_decimal(None))

    def test_csv_options_are_those_postgresql_copy_reads(self):
        options = runner.CSV_EXPORT_OPTIONS
        # A quote inside a value doubled, not backslash-escaped; blanks kept; NULL empty and '' quoted.
        self.assertEqual((options["quote"], options["escape"], options["sep"]), ('"', '"', ","))
        self.assertEqual((options["nullValue"], options["emptyValue"]), ("", '""'))
        self.assertEqual((options["ignoreLeadingWhiteSpace"], options["ignoreTrailingWhiteSpace"]), ("false", "false"))
        self.assertEqual(
            (options["timestampFormat"], options["dateFormat"], options["timeZone"]), ("yyyy-MM-dd HH:mm:ss.SSSSSS", "yyyy-MM-dd", "UTC")
        )
