"""The EZKL side of `bench/run --peer ezkl`: installs EZKL from PyPI into bench/work/ezkl-venv and runs
gen-settings + calibrate-settings (resources or accuracy), compile-circuit, gen-srs (a local SRS), setup, prove and
verify on a model, each step as its own process under /usr/bin/time -v (wall, CPU, peak resident memory)."""
import json
import os
import re
import shutil
import subprocess
import sys
import time

SAMPLES = int(os.environ.get("EZKL_ACCURACY_SAMPLES", "200"))
# The calibration modes whose circuits are also set up, proved and verified; the others get settings, compile and
# accuracy only (an SRS of 2^19-2^20 points takes EZKL most of an hour to generate on a loaded 2-core machine).
PROVE_MODES = os.environ.get("EZKL_PROVE_MODES", "resources,accuracy").split(",")


def srs_for(work, logrows):
    """An SRS already generated for at least this many rows (EZKL downsizes a larger one), else the path for a new one."""
    d = os.path.join(work, "ezkl")
    have = sorted(int(f[3:-4]) for f in os.listdir(d) if re.fullmatch(r"kzg\d+\.srs", f)) if os.path.isdir(d) else []
    fits = [n for n in have if n >= logrows]
    return os.path.join(d, "kzg%d.srs" % (fits[0] if fits else logrows))


def venv_python(work):
    venv = os.path.join(work, "ezkl-venv")
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    if subprocess.run([py, "-c", "import ezkl"], capture_output=True).returncode != 0:
        subprocess.run([py, "-m", "pip", "install", "-q", "ezkl"], check=True)
    return py


class StepFailed(RuntimeError):
    """One EZKL step that did not finish: the message says which, how and when; output is what it printed."""

    def __init__(self, message, output):
        super().__init__(message)
        self.output = output


def step(py, root, name, d, *args):
    start = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-v", py, os.path.join(root, "bench", "ezkl_step.py"), name, d]
                       + [str(a) for a in args], capture_output=True, text=True)
    wall = time.monotonic() - start
    err = p.stderr
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    if p.returncode != 0:
        # /usr/bin/time reports a kill (the kernel's OOM killer sends signal 9) and the peak before it.
        signal = re.search(r"Command terminated by signal (\d+)", err)
        raise StepFailed("ezkl %s %s after %.0f s%s" % (
            name, "killed by signal %s" % signal.group(1) if signal else "failed",
            wall, ", peak %.1f GiB" % (int(peak.group(1)) / 1048576) if peak else ""), p.stdout + err)
    rss = int(peak.group(1)) / 1024
    cpu = float(re.search(r"User time \(seconds\): ([\d.]+)", err).group(1)) + float(
        re.search(r"System time \(seconds\): ([\d.]+)", err).group(1))
    lines = p.stdout.strip().splitlines()
    return dict(wall=wall, cpu=cpu, mib=rss, own=float(lines[-1]), out=lines[:-1])


def run(root, work, name, model, mode, digits, visibility=None):
    """One row: the model calibrated in this mode; visibility maps zkmlc's --input/param/output-visibility options
    to their values (EZKL's defaults, as zkmlc's for ONNX: private inputs and weights, public outputs)."""
    visibility = visibility or {}
    py = venv_python(work)
    d = os.path.join(work, "ezkl", name, mode)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    data = os.path.join(os.path.dirname(model), "input.json")
    settings = step(py, root, "settings", d, model, data, mode,
                    *(visibility.get("--%s-visibility" % what, default)
                      for what, default in (("input", "private"), ("param", "private"), ("output", "public"))))
    comp = step(py, root, "compile", d, model)
    s = json.load(open(os.path.join(d, "settings.json")))
    logrows = s["run_args"]["logrows"]
    row = dict(tool="ezkl", model=name, mode=mode, k=logrows, rows=s.get("num_rows", ""),
               columns=s.get("total_assignments", "") and "%s assignments" % s.get("total_assignments"),
               compile_s=settings["wall"] + comp["wall"], verified="not proved (EZKL_PROVE_MODES)")
    if mode in PROVE_MODES:
        # A step that fails (EZKL's accuracy-mode circuits can outgrow the machine's memory) ends the proving part of
        # the row, not the row: what was measured before it stays, and 'verified' says what failed.
        try:
            srs = srs_for(work, logrows)
            step(py, root, "srs", d, srs)
            setup = step(py, root, "setup", d, srs, data)
            row.update(setup_s=setup["wall"])
            prove = step(py, root, "prove", d, srs, data)
            verify = step(py, root, "verify", d, srs)
            proof = json.load(open(os.path.join(d, "proof.json")))
            raw = proof.get("proof")
            proof_bytes = len(raw) // 2 - 1 if isinstance(raw, str) else len(raw) if raw else ""
            row.update(prove_s=prove["wall"], prove_phase_s=prove["own"], prove_cpu_s=prove["cpu"],
                       prove_peak_mib=prove["mib"], verify_s=verify["wall"], proof_bytes=proof_bytes,
                       verified=verify["out"][-1] if verify["out"] else "")
        except StepFailed as e:
            print(e.output, file=sys.stderr)
            row.update(verified=str(e))
    size = len(json.load(open(data))["input_data"][0])
    if digits and size not in (784, 196):
        print("%s: no accuracy columns: its input has %d values, a digit classifier's 784 or 196" % (name, size),
              file=sys.stderr)
    elif digits:
        top1 = os.path.join(work, "float-top1-%s.json" % name)
        acc = json.loads(step(py, root, "accuracy", d, digits, SAMPLES, top1, size)["out"][-1])
        float_top1 = json.load(open(top1))[:SAMPLES]
        labels = json.load(open(digits))["labels"][:SAMPLES]
        row.update(samples=acc["samples"], float_acc=sum(a == b for a, b in zip(float_top1, labels)) / SAMPLES,
                   circuit_acc=acc["circuit_acc"], top1_disagreement=1 - acc["agreement"])
    return row
