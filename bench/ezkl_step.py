"""One EZKL step in its own process, so that bench/ezkl_peer.py can time it and read its peak memory.

Usage: ezkl_step.py STEP DIR [ARGS...]; STEP is settings (MODEL DATA MODE INPUT_VIS PARAM_VIS OUTPUT_VIS), compile,
srs, setup, prove, verify or accuracy. Prints the step's own time in seconds on the last line of stdout. The EZKL Python API has changed its signatures between
releases (some calls became async, some lost arguments), so each call tries the current form first.
"""
import asyncio
import inspect
import json
import os
import sys
import time

import ezkl


def call(fn, *args, **kwargs):
    r = fn(*args, **kwargs)
    if inspect.isawaitable(r):
        r = asyncio.get_event_loop().run_until_complete(r) if sys.version_info < (3, 10) else asyncio.run(_wait(r))
    return r


async def _wait(r):
    return await r


def first(*attempts):
    err = None
    for f in attempts:
        try:
            return f()
        except TypeError as e:
            err = e
    raise err


def main():
    step, d = sys.argv[1], sys.argv[2]
    p = lambda name: os.path.join(d, name)
    start = time.monotonic()
    if step == "settings":
        model, data, mode = sys.argv[3], sys.argv[4], sys.argv[5]
        run_args = ezkl.PyRunArgs()
        run_args.input_visibility, run_args.param_visibility, run_args.output_visibility = sys.argv[6:9]
        assert call(ezkl.gen_settings, model, p("settings.json"), py_run_args=run_args)
        first(lambda: call(ezkl.calibrate_settings, data, model, p("settings.json"), mode),
              lambda: call(ezkl.calibrate_settings, data, model, p("settings.json"), target=mode))
    elif step == "compile":
        assert call(ezkl.compile_circuit, sys.argv[3], p("network.ezkl"), p("settings.json"))
    elif step == "srs":
        logrows = json.load(open(p("settings.json")))["run_args"]["logrows"]
        srs = sys.argv[3]
        if not os.path.exists(srs):
            # EZKL's published SRS (a real ceremony, get-srs) when it can be fetched; else a local one (gen-srs),
            # which is slow on a loaded machine.
            try:
                ok = call(ezkl.get_srs, settings_path=p("settings.json"), logrows=logrows, srs_path=srs)
            except Exception:
                ok = False
            if not ok or not os.path.exists(srs):
                call(ezkl.gen_srs, srs, logrows)
    elif step == "setup":
        srs = sys.argv[3]
        assert call(ezkl.gen_witness, sys.argv[4], p("network.ezkl"), p("witness.json"))
        assert first(lambda: call(ezkl.setup, p("network.ezkl"), p("vk.key"), p("pk.key"), srs_path=srs),
                     lambda: call(ezkl.setup, p("network.ezkl"), p("vk.key"), p("pk.key"), srs))
    elif step == "prove":
        srs = sys.argv[3]
        call(ezkl.gen_witness, sys.argv[4], p("network.ezkl"), p("witness.json"))
        first(lambda: call(ezkl.prove, p("witness.json"), p("network.ezkl"), p("pk.key"), p("proof.json"),
                           srs_path=srs),
              lambda: call(ezkl.prove, p("witness.json"), p("network.ezkl"), p("pk.key"), p("proof.json"), "single",
                           srs))
    elif step == "verify":
        srs = sys.argv[3]
        ok = first(lambda: call(ezkl.verify, p("proof.json"), p("settings.json"), p("vk.key"), srs_path=srs),
                   lambda: call(ezkl.verify, p("proof.json"), p("settings.json"), p("vk.key"), srs))
        print("accept" if ok else "REJECT")
    elif step == "accuracy":
        # Top-1 of EZKL's circuit outputs (rescaled from the witness) over the first N digits, against the float
        # outputs of the same ONNX model in onnxruntime-free form: the float top-1 is given on argv as JSON.
        digits, count, float_top1 = sys.argv[3], int(sys.argv[4]), json.load(open(sys.argv[5]))
        data = json.load(open(digits))
        size = int(sys.argv[6])
        agree = right = 0
        for s in range(count):
            x = pixels(data["images"][s], size)
            json.dump({"input_data": [x]}, open(p("acc_input.json"), "w"))
            call(ezkl.gen_witness, p("acc_input.json"), p("network.ezkl"), p("acc_witness.json"))
            w = json.load(open(p("acc_witness.json")))
            out = w["pretty_elements"]["rescaled_outputs"][0]
            vals = [float(v) for v in out]
            top = max(range(len(vals)), key=lambda i: vals[i])
            agree += top == float_top1[s]
            right += top == data["labels"][s]
        print(json.dumps({"samples": count, "circuit_acc": right / count, "agreement": agree / count}))
    print("%.3f" % (time.monotonic() - start))


def pixels(img, size):
    if size == 784:
        return img
    return [(img[(2 * r) * 28 + 2 * c] + img[(2 * r) * 28 + 2 * c + 1] + img[(2 * r + 1) * 28 + 2 * c]
             + img[(2 * r + 1) * 28 + 2 * c + 1]) / 4 for r in range(14) for c in range(14)]


if __name__ == "__main__":
    main()
