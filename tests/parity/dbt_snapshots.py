"""Runs days of a source table through dbt snapshots (run by dbt-snapshot-parity.test.ts).

python dbt_snapshots.py INPUT.json

INPUT.json: {"workdir", "uniqueKey", "updatedAt", "columns": [{"name", "type"}] (DuckDB types),
"hardDeletes": ["ignore", …], "days": [{"loadTime", "rows": [{column: value}]}]}.

One dbt project in `workdir` with one snapshot per hard-delete setting (strategy `timestamp`), all
selecting the day's rows from a JSON file; each day is one `dbt snapshot` through dbt's programmatic
runner, in this one process (dbt's start-up is paid once). dbt's `snapshot_get_time()`, the time it
invalidates hard deletes at, is fixed to the day's `loadTime` (dbt's own is the wall clock), so the
histories can be compared with a load whose time is fixed the same way. Fully offline: no packages,
no usage statistics, no version check; DuckDB writes a local file.

Prints, after a `@@result@@` line, {"versions": {dbt-core, dbt-duckdb, dbt-adapters, duckdb},
"histories": {setting: [[rows of the snapshot table after day 1], …]}}, timestamps as text.
"""

import json
import os
import sys
from importlib.metadata import version

os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
os.environ["DBT_VERSION_CHECK"] = "false"

from dbt.cli.main import dbtRunner  # noqa: E402

PROJECT = """name: lakeline_parity
version: "1.0.0"
config-version: 2
profile: lakeline_parity
snapshot-paths: ["snapshots"]
macro-paths: ["macros"]
"""

PROFILES = """lakeline_parity:
  target: local
  outputs:
    local:
      type: duckdb
      path: {path}
      threads: 1
"""

# dbt-duckdb's snapshot_get_time() is the wall clock; a project macro of the same name takes
# precedence in dbt's dispatch, so every day's snapshot runs at that day's fixed time.
MACROS = """{% macro duckdb__snapshot_get_time() -%}
  '{{ var("load_time") }}'::timestamp
{%- endmacro %}
"""

SNAPSHOT = """{{% snapshot customers_{setting} %}}
{{{{ config(target_schema='main', strategy='timestamp', unique_key='{key}',
            updated_at='{updated_at}', hard_deletes='{setting}') }}}}
select * from read_json('{{{{ var("source") }}}}', format='array', columns={{{columns}}})
{{% endsnapshot %}}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf8") as f:
        f.write(text)


def sql_text(value):
    return "'%s'" % value.replace("'", "''")


def project(spec):
    root = spec["workdir"]
    columns = ", ".join("%s: %s" % (sql_text(c["name"]), sql_text(c["type"])) for c in spec["columns"])
    write(os.path.join(root, "dbt_project.yml"), PROJECT)
    write(os.path.join(root, "profiles.yml"), PROFILES.format(path=json.dumps(os.path.join(root, "snapshots.duckdb"))))
    write(os.path.join(root, "macros", "snapshot_get_time.sql"), MACROS)
    for setting in spec["hardDeletes"]:
        write(
            os.path.join(root, "snapshots", "customers_%s.sql" % setting),
            SNAPSHOT.format(setting=setting, key=spec["uniqueKey"], updated_at=spec["updatedAt"], columns=columns),
        )
    return root


def history(root, setting):
    """The snapshot table, every column as text (NULL stays NULL), in a stable order."""
    import duckdb

    with duckdb.connect(os.path.join(root, "snapshots.duckdb")) as db:
        relation = db.sql("select * from main.customers_%s" % setting)
        names = relation.columns
        text = ", ".join(
            "strftime(%s, '%%Y-%%m-%%d %%H:%%M:%%S') as %s" % (n, n)
            if str(t).startswith("TIMESTAMP")
            else "cast(%s as varchar) as %s" % (n, n)
            for n, t in zip(names, relation.types)
        )
        rows = db.sql(
            "select %s from main.customers_%s order by 1, dbt_valid_from, dbt_valid_to nulls last" % (text, setting)
        ).fetchall()
    return [dict(zip(names, row)) for row in rows]


def main():
    with open(sys.argv[1], encoding="utf8") as f:
        spec = json.load(f)
    root = project(spec)
    runner = dbtRunner()
    histories = {setting: [] for setting in spec["hardDeletes"]}
    for n, day in enumerate(spec["days"], start=1):
        source = os.path.join(root, "day%d.json" % n)
        write(source, json.dumps(day["rows"]))
        dbt_vars = json.dumps({"source": source, "load_time": day["loadTime"]})
        result = runner.invoke(
            [
                "--no-use-colors",
                "--no-version-check",
                "--no-send-anonymous-usage-stats",
                "--log-path",
                os.path.join(root, "logs"),
                "snapshot",
                "--project-dir",
                root,
                "--profiles-dir",
                root,
                "--target-path",
                os.path.join(root, "target"),
                "--vars",
                dbt_vars,
            ]
        )
        if not result.success:
            raise SystemExit("dbt snapshot failed on day %d: %s" % (n, result.exception or result.result))
        for setting in spec["hardDeletes"]:
            histories[setting].append(history(root, setting))
    versions = {name: version(name) for name in ("dbt-core", "dbt-duckdb", "dbt-adapters", "duckdb")}
    sys.stdout.write("\n@@result@@\n" + json.dumps({"versions": versions, "histories": histories}))


if __name__ == "__main__":
    main()
