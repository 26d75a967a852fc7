"""One Spark driver for the Glue job runs of a simulation (local/spark/submit.ts starts it, with
spark-submit's options in PYSPARK_SUBMIT_ARGS, so the JARs and settings apply): each run executes the job's own script (the
runner, loaded from where the job's ScriptLocation points) in a thread of its own, on a Spark
session of its own (`newSession()`: its own temporary views and SQL settings, one SparkContext).
This saves each run a JVM start and Spark's warm-up.

Requests, one JSON object a line on stdin: {"id", "script", "argv"}. Replies on stdout, one JSON
object a line: {"id", "line"} for each line the run prints, then {"id", "ok": true} or
{"id", "ok": false, "error": "<Exception>: <message>"}. The driver ends when stdin closes.
"""

import importlib.util
import json
import os
import sys
import threading
import traceback

_out = sys.stdout
_lock = threading.Lock()
_local = threading.local()


def reply(message):
    with _lock:
        _out.write(json.dumps(message) + "\n")
        _out.flush()


class RunOutput:
    """sys.stdout for the runs: each thread's lines go to its run's replies."""

    def write(self, text):
        run = getattr(_local, "run", None)
        if run is None:
            sys.__stderr__.write(text)
            return len(text)
        run["buffer"] += text
        while "\n" in run["buffer"]:
            line, run["buffer"] = run["buffer"].split("\n", 1)
            reply({"id": run["id"], "line": line})
        return len(text)

    def flush(self):
        pass


_modules = {}


def runner(script):
    """The runner module loaded from the job's script, again when the file changed."""
    stamp = os.stat(script).st_mtime_ns
    cached = _modules.get(script)
    if cached is None or cached[0] != stamp:
        spec = importlib.util.spec_from_file_location("lakeline_runner_%d" % len(_modules), script)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _modules[script] = (stamp, module)
    return _modules[script][1]


def execute(spark, request):
    _local.run = {"id": request["id"], "buffer": ""}
    try:
        module = runner(request["script"])
        module.main([request["script"]] + request["argv"], spark=spark.newSession())
        result = {"id": request["id"], "ok": True}
    except BaseException as error:  # the run fails, the driver goes on
        for line in traceback.format_exc().rstrip().split("\n"):
            print(line)
        result = {"id": request["id"], "ok": False, "error": "%s: %s" % (type(error).__name__, error)}
    finally:
        if _local.run["buffer"]:
            reply({"id": request["id"], "line": _local.run["buffer"]})
        _local.run = None
    reply(result)


def main():
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("lakeline").getOrCreate()
    sys.stdout = RunOutput()
    reply({"ready": True})
    for line in sys.stdin:
        if line.strip():
            threading.Thread(target=execute, args=(spark, json.loads(line)), daemon=True).start()
    spark.stop()


if __name__ == "__main__":
    main()
