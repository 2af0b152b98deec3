"""End-to-end benchmark of zkmlc (and optionally EZKL) on the models of bench/models.conf.

For each model: compile (-O2), setup, prove and verify as separate `zkmlc` processes, each under /usr/bin/time -v
for wall time, CPU time (user + system) and the peak resident memory of the whole JVM process; the prove phase's
own time as zkmlc reports it; proof size, rows, columns and k from the compile report; and top-1 accuracy of the
exact fixed-point interpreter (which the circuit matches bit for bit) against the float model and the labels over
../shared/data/mnist-1000.json. Writes bench/results.csv and the table in docs/benchmarks.md.
"""
import argparse
import csv
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

FIELDS = ["tool", "model", "mode", "k", "rows", "columns", "compile_s", "setup_s", "prove_s", "prove_phase_s",
          "prove_cpu_s", "prove_peak_mib", "verify_s", "proof_bytes", "verified", "samples", "float_acc",
          "circuit_acc", "top1_disagreement", "run"]


def timed(cmd, cwd, env=None):
    """Runs cmd under /usr/bin/time -v; returns (stdout, stderr, wall s, cpu s, peak MiB)."""
    start = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.monotonic() - start
    err = p.stderr
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    user = re.search(r"User time \(seconds\): ([\d.]+)", err)
    sys_ = re.search(r"System time \(seconds\): ([\d.]+)", err)
    if p.returncode != 0:
        raise RuntimeError("command failed (%d): %s\n%s%s" % (p.returncode, " ".join(cmd), p.stdout, err))
    cpu = float(user.group(1)) + float(sys_.group(1)) if user and sys_ else float("nan")
    return p.stdout, err, wall, cpu, int(rss.group(1)) / 1024 if rss else float("nan")


VISIBILITY_OPTIONS = ("--input-visibility", "--param-visibility", "--output-visibility")


def read_models(path):
    """(name, model, options) per line: options are zkmlc visibility options for every step, e.g.
    `--param-visibility fixed`; a peer gets the same visibilities."""
    models = []
    for number, line in enumerate(open(path), 1):
        line = line.split("#", 1)[0].strip()
        if line:
            name, model, *options = line.split()
            for option in options[0::2]:
                if option not in VISIBILITY_OPTIONS or len(options) % 2:
                    sys.exit("%s:%d: expected NAME MODEL [--input|param|output-visibility V]..., got '%s'"
                             % (path, number, line))
            models.append((name, model, tuple(options)))
    return models


def build_accuracy_tool(root, work):
    jar = os.path.join(root, "cli", "target", "zkmlc.jar")
    classes = os.path.join(work, "classes")
    os.makedirs(classes, exist_ok=True)
    src = os.path.join(root, "bench", "src", "dev", "zkmlc", "bench", "Accuracy.java")
    subprocess.run(["javac", "--release", "17", "-cp", jar, "-d", classes, src], check=True)
    return jar + os.pathsep + classes


def zkmlc_command(args):
    # The ./zkmlc launcher, so that the JVM gets the options users get (its heap policy for prove), with
    # ZKMLC_NO_BUILD=1: it must not rebuild the jar between (or inside) the timed steps.
    return ["env", "ZKMLC_NO_BUILD=1", "ZKMLC_JAVA_OPTS=" + args.java_opts, os.path.join(args.root, "zkmlc")]


def dev_srs(zk, root, work, power):
    """The development SRS of this power in the work folder, written once."""
    srs = os.path.join(work, "dev-%d.ptau" % power)
    if not os.path.exists(srs):
        timed(zk + ["srs", "--dev", "-k", str(power), "-o", srs], root)
    return srs


def input_for(model_path):
    """A model's input.json: beside an ONNX model, or in the folder named after a .zk model."""
    if model_path.endswith(".zk"):
        return os.path.join(model_path[:-3], "input.json")
    return os.path.join(os.path.dirname(model_path), "input.json")


def zkmlc_row(args, name, model, work, cp, options=(), accuracy=True):
    root = args.root
    zk = zkmlc_command(args)
    options = list(options)
    mdir = os.path.join(work, name)
    shutil.rmtree(mdir, ignore_errors=True)
    os.makedirs(mdir)
    model_path = resolve(args, model)
    input_path = input_for(model_path)
    out, _, compile_s, _, _ = timed(zk + ["compile", model_path, "-O2", "--json"] + options, root)
    circuit = json.loads(out)["circuit"]
    k = int(circuit["k"])
    # The SRS of power K serves circuits of up to 2^(K-1) rows (the quotient pieces have n+1 coefficients).
    srs = dev_srs(zk, root, work, k + 1)
    keys = os.path.join(mdir, "keys")
    _, _, setup_s, _, _ = timed(zk + ["setup", model_path, "-O2", "--srs", srs, "-o", keys] + options, root)
    proof_dir = os.path.join(mdir, "proof")
    out, err, prove_s, prove_cpu, prove_mib = timed(
        zk + ["prove", model_path, "-O2", "--pk", os.path.join(keys, "pk.bin"), "--input", input_path, "-o", proof_dir]
        + options, root)
    phase = re.search(r"^prove\s+\.\.\. ([\d.]+) s", err, re.M)
    proof_bytes = os.path.getsize(os.path.join(proof_dir, "proof.bin"))
    p = subprocess.run(["/usr/bin/time", "-v"] + zk + ["verify", "--vk", os.path.join(keys, "vk.bin"), "--proof",
                                                        os.path.join(proof_dir, "proof.bin")],
                       cwd=root, capture_output=True, text=True)
    verify_wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", p.stderr)
    verify_s = (int(verify_wall.group(1) or 0) * 3600 + int(verify_wall.group(2)) * 60
                + float(verify_wall.group(3))) if verify_wall else float("nan")
    row = dict(tool="zkmlc", model=name, mode="accuracy", k=k, rows=circuit["rows"], columns=circuit["columns"],
               compile_s=compile_s, setup_s=setup_s, prove_s=prove_s,
               prove_phase_s=float(phase.group(1)) if phase else "", prove_cpu_s=prove_cpu,
               prove_peak_mib=prove_mib, verify_s=verify_s, proof_bytes=proof_bytes,
               verified="accept" if p.returncode == 0 else "REJECT")
    if args.digits and accuracy:
        acc = subprocess.run(["java", "-cp", cp, "dev.zkmlc.bench.Accuracy", model_path, args.digits, "accuracy", "2",
                              os.path.join(work, "float-top1-%s.json" % name)],
                             capture_output=True, text=True, check=True).stdout.strip()
        if acc.startswith("n/a,"):
            print("%s: no accuracy columns: %s" % (name, acc[len("n/a,"):]), file=sys.stderr)
        else:
            samples, float_acc, circuit_acc, agreement = acc.split(",")
            row.update(samples=int(samples), float_acc=float(float_acc), circuit_acc=float(circuit_acc),
                       top1_disagreement=1 - float(agreement))
    return row


def resolve(args, model):
    if model.startswith("shared/"):
        return os.path.join(args.shared, model[len("shared/"):])
    return os.path.join(args.root, model)


def fmt(v, digits=2):
    if v is None or v == "":
        return "—"
    if isinstance(v, float):
        return ("%." + str(digits) + "f") % v
    return str(v)


def processor():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown processor"


def machine():
    cpu = processor()
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = "%.1f GiB RAM" % (int(line.split()[1]) / 1048576)
    except OSError:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    load = os.getloadavg()
    return ("%s, %d cores, %s, %s, %s; load average at the start %.1f / %.1f / %.1f (1/5/15 min)"
            % (platform.system(), os.cpu_count(), cpu, mem, java, load[0], load[1], load[2]))


def write_markdown(path, rows, machine_text):
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    by_model = {}
    run_names = {}
    for r in rows:
        run_names.setdefault(r.get("run", ""), chr(ord("A") + len(run_names)))
    for r in rows:
        by_model.setdefault(r["model"], {})[(r["tool"], r["mode"])] = r
    lines = [begin, "",
             "Generated by `bench/run` on %s UTC." % datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"),
             "Machine: %s." % machine_text, ""] + [
             "Run %s: %s." % (letter, label or "not recorded") for label, letter in run_names.items()] + ["",
             "| model | tool | mode | k | rows | columns | compile s | setup s | prove s (process) | prove s (prover) "
             "| prove CPU s | prove peak MiB | verify s | proof bytes | verified | float acc | circuit acc "
             "| top-1 disagreement | run |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append("| " + " | ".join([r["model"], r["tool"], r["mode"], fmt(r.get("k")), fmt(r.get("rows")),
                                         fmt(r.get("columns")), fmt(r.get("compile_s")), fmt(r.get("setup_s")),
                                         fmt(r.get("prove_s")), fmt(r.get("prove_phase_s")), fmt(r.get("prove_cpu_s")),
                                         fmt(r.get("prove_peak_mib"), 0), fmt(r.get("verify_s")),
                                         fmt(r.get("proof_bytes")), fmt(r.get("verified")),
                                         fmt(r.get("float_acc"), 3), fmt(r.get("circuit_acc"), 3),
                                         fmt(r.get("top1_disagreement"), 3), run_names[r.get("run", "")]]) + " |")
    ratios = []
    for model, tools in by_model.items():
        z = tools.get(("zkmlc", "accuracy"))
        for mode in ("resources", "accuracy"):
            e = tools.get(("ezkl", mode))
            if z and e and e.get("prove_s") and z.get("run") == e.get("run"):
                ratios.append("| %s | %s | %.2f | %.2f |" % (
                    model, mode, z["prove_s"] / e["prove_s"], z["prove_peak_mib"] / e["prove_peak_mib"]))
    if ratios:
        lines += ["", "zkmlc / EZKL, each pair from the same run (below 1: zkmlc is faster or smaller):", "",
                  "| model | EZKL mode | prove time ratio | peak memory ratio |", "|---|---|---|---|"] + ratios
    lines += ["", end]
    block = "\n".join(lines)
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n\n" + begin + "\n" + end + "\n"
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text += "\n" + block + "\n"
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", required=True, help=argparse.SUPPRESS)
    ap.add_argument("--models", help="the model list (default: bench/models.conf)")
    ap.add_argument("--only", action="append", help="run only this model (repeatable)")
    ap.add_argument("--shared", help="the shared data directory (default: ../shared beside the project)")
    ap.add_argument("--digits", default=None, help="labelled digits for accuracy (default: SHARED/data/mnist-1000.json)")
    ap.add_argument("--no-accuracy", action="store_true", help="skip the accuracy runs")
    ap.add_argument("--peer", choices=["ezkl"], help="also run this peer on the same models (needs PyPI)")
    ap.add_argument("--peer-modes", default="resources,accuracy",
                    help="the peer's calibration modes to run, comma-separated (default: resources,accuracy)")
    ap.add_argument("--peer-only", action="store_true",
                    help="run only the peer (with --keep-others: keep zkmlc's rows from earlier runs)")
    ap.add_argument("--java-opts", default=os.environ.get("ZKMLC_JAVA_OPTS", ""),
                    help="JVM options for every zkmlc process (default: $ZKMLC_JAVA_OPTS)")
    ap.add_argument("--work", help="scratch directory (default: bench/work)")
    ap.add_argument("--keep-others", action="store_true",
                    help="keep the rows of bench/results.csv that this run does not measure again (a row is a model, "
                         "a tool and a mode; with --only: add or refresh one model without rerunning the others; each "
                         "row says which run made it)")
    ap.add_argument("--scaling", action="store_true",
                    help="only the prover scaling runs of bench/scaling.conf (circuits of 2^12, 2^16, 2^18 rows)")
    ap.add_argument("--vs-snarkjs", action="store_true",
                    help="only the side-by-side run: one exported R1CS proved by snarkjs plonk and by zkmlc")
    ap.add_argument("--scaling-conf", help="the runs of --scaling and --vs-snarkjs (default: bench/scaling.conf)")
    args = ap.parse_args()
    root = args.root
    models = read_models(args.models or os.path.join(root, "bench", "models.conf"))
    args.shared = os.path.abspath(args.shared or os.path.join(root, "..", "shared"))
    if args.only:
        models = [m for m in models if m[0] in args.only]
    if args.no_accuracy:
        args.digits = None
    elif args.digits is None:
        args.digits = os.path.join(args.shared, "data", "mnist-1000.json")
    work = os.path.abspath(args.work or os.path.join(root, "bench", "work"))
    os.makedirs(work, exist_ok=True)
    machine_text = machine()
    subprocess.run([os.path.join(root, "zkmlc"), "--help"], cwd=root, capture_output=True, check=True)
    if args.scaling or args.vs_snarkjs:
        import scaling
        if args.scaling:
            scaling.run_scaling(args, work, machine_text, zkmlc_row)
        if args.vs_snarkjs:
            scaling.run_vs_snarkjs(args, work, machine_text)
        return
    cp = build_accuracy_tool(root, work)
    run = run_label(root)
    peer_modes = [m for m in args.peer_modes.split(",") if m]
    measured = set() if args.peer_only else {(name, "zkmlc", "accuracy") for name, _, _ in models}
    if args.peer:
        measured |= {(name, args.peer, mode) for name, _, _ in models for mode in peer_modes}
    kept = [r for r in read_results(root) if (r["model"], r["tool"], r["mode"]) not in measured] \
        if args.keep_others else []
    rows = []

    def add(row):
        row["run"] = run
        rows.append(row)
        write_results(root, kept + rows, machine_text)

    for name, model, options in ([] if args.peer_only else models):
        print("zkmlc", name, "...", file=sys.stderr, flush=True)
        add(zkmlc_row(args, name, model, work, cp, options))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    if args.peer == "ezkl":
        import ezkl_peer
        for name, model, options in models:
            for mode in peer_modes:
                print("ezkl", name, mode, "...", file=sys.stderr, flush=True)
                try:
                    add(ezkl_peer.run(root, work, name, resolve(args, model), mode, args.digits,
                                      dict(zip(options[0::2], options[1::2]))))
                except (RuntimeError, OSError, ValueError, KeyError) as e:
                    # One failing EZKL step should not cost the rest of a long run: the row says what failed.
                    add(dict(tool="ezkl", model=name, mode=mode,
                             verified="failed: " + str(e).strip().splitlines()[0][:120]))
                print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    write_results(root, kept + rows, machine_text)
    print("wrote bench/results.csv and docs/benchmarks.md", file=sys.stderr)


def run_label(root):
    """Names a run in the rows it makes: when it started, the commit it measured, how busy the machine was, and its
    processor (a table kept across runs may mix machines)."""
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()
    return "%s UTC, %s, load %.1f, %s" % (datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), rev or "no git",
                                           os.getloadavg()[0], processor())


def read_results(root):
    """The rows of an earlier bench/results.csv, numbers as numbers again (the ratios divide them)."""
    path = os.path.join(root, "bench", "results.csv")
    if not os.path.exists(path):
        return []
    rows = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            row = {}
            for k, v in r.items():
                if k in ("k", "proof_bytes", "samples") and re.fullmatch(r"\d+", v or ""):
                    row[k] = int(v)
                elif k.endswith(("_s", "_mib", "_acc", "disagreement")) and re.fullmatch(r"[\d.]+(e-?\d+)?", v or ""):
                    row[k] = float(v)
                else:
                    row[k] = v
            row.setdefault("run", "")
            rows.append(row)
    return rows


def write_results(root, rows, machine_text):
    """The CSV and the table, rewritten after every row: a long run stopped early still leaves what it measured."""
    with open(os.path.join(root, "bench", "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in FIELDS})
    write_markdown(os.path.join(root, "docs", "benchmarks.md"), rows, machine_text)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
