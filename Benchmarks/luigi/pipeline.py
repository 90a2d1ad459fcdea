"""The slipway-bench pipeline shape for Luigi: build -> 4 parallel tests -> deploy, each an `echo`.

Run by run.sh inside a virtual environment that has luigi; one `luigi.build` call schedules every
pipeline on the central scheduler (luigid) and runs them with several worker processes.
"""
import os
import subprocess
import sys
import time

import luigi


class Shell(luigi.Task):
    """One shell job: runs `echo` and marks itself done with a file (Luigi's completeness check)."""

    run_id = luigi.IntParameter()
    name = luigi.Parameter()
    root = luigi.Parameter(significant=False)

    def output(self):
        return luigi.LocalTarget(os.path.join(self.root, str(self.run_id), self.name + ".done"))

    def run(self):
        subprocess.run(["/bin/sh", "-c", "echo " + self.name], check=True, stdout=subprocess.DEVNULL)
        with self.output().open("w") as done:
            done.write("ok\n")


class Build(Shell):
    pass


class Test(Shell):
    def requires(self):
        return Build(run_id=self.run_id, name="build", root=self.root)


class Deploy(Shell):
    def requires(self):
        return [Test(run_id=self.run_id, name="test-%d" % i, root=self.root) for i in range(1, 5)]


def main():
    pipelines, workers, port, root = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    tasks = [Deploy(run_id=i, name="deploy", root=root) for i in range(pipelines)]
    start = time.monotonic()
    ok = luigi.build(tasks, workers=workers, scheduler_host="127.0.0.1", scheduler_port=port, log_level="WARNING")
    elapsed = time.monotonic() - start
    print("elapsed %.3f" % elapsed)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
