"""Collecting check results in the Python integration tests: a failed check is printed at once and the
test goes on, so one run shows every failure; report() prints the verdict and gives the exit code."""


class Checks:
    def __init__(self):
        self.failures = []

    def check(self, cond, what, p=None):
        """Records WHAT as a failure unless COND; P, a finished subprocess, adds its exit code and outputs."""
        if not cond:
            detail = ""
            if p is not None:
                detail = "\n  exit %d\n  stdout: %s\n  stderr: %s" % (p.returncode, p.stdout.strip(), p.stderr.strip())
            self.fail(what + detail)

    def fail(self, what):
        self.failures.append(what)
        print("FAIL: " + what, flush=True)

    def report(self, name):
        if self.failures:
            print("%s: %d failure(s)" % (name, len(self.failures)))
            return 1
        print("%s: all checks passed" % name)
        return 0
