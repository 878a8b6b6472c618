#!/usr/bin/env python3
"""Replays a table of hostile inputs against ./wsnn and writes the verdicts to docs/reliability.md.

Usage (from the repository root, after `mvn -B install -DskipTests`):

    python3 scripts/hostile_inputs.py [--wsnn ./wsnn] [--out docs/reliability.md] [--only SUBSTRING]

Each case runs one command with a 120 s timeout in a scratch folder holding a tiny trained model and
crafted bad files. A case passes when:
  - it is answered within 120 s (no hang),
  - the exit code is the expected one (1 for a refused input, 2 for a usage error, 0 where the input is
    legal and must work),
  - stderr, without log lines, is exactly one line, names the expected fragment, and holds no stack trace,
  - the files the case protects have the same bytes afterwards (no silent damage).
The table is the benchmark the reliability issue asks for; the default test suite holds one test per
class of defect (ReliabilityTest and friends), this script covers the breadth.
"""
import argparse
import gzip
import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SLICE = os.path.join(ROOT, "wsnn-core", "src", "test", "resources", "fashion-mnist-slice")
LOG_LINE = re.compile(r"^(\d{2}:\d{2}:\d{2}\.\d{3} |\[main\] |\s*$|wsnn: building|\x1b\[)")
TIMEOUT = 120


def sha(path):
    if not os.path.isfile(path):
        return None
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def idx_images(count, rows, cols, payload):
    return struct.pack(">iiii", 0x803, count, rows, cols) + payload


def idx_labels(count, payload):
    return struct.pack(">ii", 0x801, count) + payload


def setup(wsnn, work):
    """A tiny trained run and the bad files the cases use."""
    train = [wsnn, "train", "--model", "wscnn", "--channels", "2", "--data-dir", SLICE, "--train-examples", "64",
             "--test-examples", "32", "--batch-size", "32", "--out", os.path.join(work, "run"), "--no-progress"]
    r = subprocess.run(train, cwd=work, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        sys.exit("setup: training the tiny model failed:\n" + r.stdout + r.stderr)
    run = os.path.join(work, "run")
    shutil.copy(os.path.join(run, "model.zip"), os.path.join(work, "model.zip"))
    with open(os.path.join(work, "text.zip"), "w") as f:
        f.write("not a model\n")
    with open(os.path.join(work, "model.zip"), "rb") as f:
        whole = f.read()
    with open(os.path.join(work, "cut.zip"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    # a zip whose coefficients.bin is cut in half
    with zipfile.ZipFile(os.path.join(work, "model.zip")) as src, \
            zipfile.ZipFile(os.path.join(work, "truncated-coefficients.zip"), "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "coefficients.bin":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    with zipfile.ZipFile(os.path.join(work, "foreign.zip"), "w") as z:
        z.writestr("readme.txt", "hello")
    os.mkfifo(os.path.join(work, "fifo"))
    os.makedirs(os.path.join(work, "a-folder"), exist_ok=True)
    with open(os.path.join(work, "existing.json"), "w") as f:
        f.write('{"keep": true}\n')
    # IDX folders: a label of 200, a header declaring 2.5 M images, truncated and corrupt gzip
    def data_dir(name, images=None, labels=None, raw_images=None):
        d = os.path.join(work, name)
        os.makedirs(d)
        for split in ("train", "t10k"):
            for kind in ("images-idx3-ubyte.gz", "labels-idx1-ubyte.gz"):
                shutil.copy(os.path.join(SLICE, split + "-" + kind), d)
        if images is not None:
            with gzip.open(os.path.join(d, "train-images-idx3-ubyte.gz"), "wb") as f:
                f.write(images)
        if raw_images is not None:
            with open(os.path.join(d, "train-images-idx3-ubyte.gz"), "wb") as f:
                f.write(raw_images)
        if labels is not None:
            with gzip.open(os.path.join(d, "train-labels-idx1-ubyte.gz"), "wb") as f:
                f.write(labels)
        return d
    labels = bytearray(200)
    labels[17] = 200
    data_dir("bad-label", labels=idx_labels(200, bytes(labels)))
    data_dir("huge-header", images=idx_images(2_500_000, 28, 28, bytes(100 * 784)))
    with open(os.path.join(SLICE, "train-images-idx3-ubyte.gz"), "rb") as f:
        real = f.read()
    data_dir("cut-gzip", raw_images=real[: len(real) // 2])
    flipped = bytearray(real)
    for i in range(20, len(flipped) - 8):
        flipped[i] ^= 0x5A
    data_dir("corrupt-gzip", raw_images=bytes(flipped))
    data_dir("wrong-magic", images=struct.pack(">iiii", 0x1234, 200, 28, 28) + bytes(200 * 784))
    return run


def cases(work):
    """(name, class, args, expected exit code, fragment stderr must name, files that must not change)."""
    m = os.path.join(work, "model.zip")
    run = os.path.join(work, "run")
    ck = os.path.join(run, "checkpoint.zip")
    slice_ = ["--data-dir", SLICE, "--test-examples", "32"]
    tiny = ["--model", "wscnn", "--channels", "2", "--train-examples", "64", "--test-examples", "32",
            "--batch-size", "32", "--no-progress"]
    o = lambda name: os.path.join(work, "out", name)
    return [
        # 1. resume
        ("resume a model.zip (no updater state)", "resume",
         ["train", "--resume", "--out", os.path.join(work, "resume-copy"), "--epochs", "2", "--no-progress"],
         1, "has no updater state", ["resume-copy/checkpoint.zip"]),
        ("resume without a checkpoint", "resume", ["train", "--resume", "--out", o("empty-run")], 1,
         "no checkpoint to resume from", []),
        ("resume with a different --model", "resume", ["train", "--resume", "--out", run, "--model", "cnn"], 1,
         "--model cnn differs from the checkpoint's wscnn", ["run/checkpoint.zip"]),
        ("--fresh-updater without --resume", "resume", ["train", "--fresh-updater", "--out", o("fresh")], 1,
         "only applies with --resume", []),
        ("resume a checkpoint that records another model", "resume",
         ["train", "--resume", "--out", os.path.join(work, "liar"), "--no-progress"], 1,
         "records wscnn with 2 channels but holds", ["liar/checkpoint.zip"]),
        # 2. outputs
        ("export --out = --model-file", "outputs", ["export", "--model-file", m, "--out", m], 1,
         "is an input of this command", ["model.zip"]),
        ("export --out = --model-file with --force", "outputs", ["export", "--model-file", m, "--out", m, "--force"],
         1, "is an input of this command", ["model.zip"]),
        ("harden --out = --model-file", "outputs", ["harden", "--model-file", m, "--out", m], 1,
         "is an input of this command", ["model.zip"]),
        ("export over an existing file", "outputs", ["export", "--model-file", m, "--out",
                                                      os.path.join(work, "existing.json")], 1,
         "exists; give --force", ["existing.json"]),
        ("export --out a folder", "outputs", ["export", "--model-file", m, "--out", os.path.join(work, "a-folder")],
         1, "expected a file, found a folder", []),
        ("eval --json over an existing file", "outputs",
         ["eval", "--model-file", m, "--json", os.path.join(work, "existing.json")] + slice_, 1,
         "exists; give --force", ["existing.json"]),
        ("train into a finished run", "outputs", ["train", "--out", run] + tiny + ["--data-dir", SLICE], 1,
         "already holds a checkpoint", ["run/checkpoint.zip", "run/model.zip", "run/metrics.json"]),
        ("inspect into a folder with a report", "outputs",
         ["inspect", "--model-file", m, "--out", os.path.join(work, "inspected")], 1, "already holds inspect.json",
         ["inspected/inspect.json"]),
        ("learn-symmetry --out a file", "outputs",
         ["learn-symmetry", "--steps", "1", "--out", os.path.join(work, "existing.json")], 1,
         "expected a folder, found a file", ["existing.json"]),
        ("compare into a finished comparison", "outputs",
         ["compare", "--out", os.path.join(work, "compared"), "--models", "cnn"] + slice_, 1,
         "already holds", ["compared/compare.md"]),
        # 3. errors that escape
        ("learn-symmetry diverging (learning rate 1e30)", "errors",
         ["learn-symmetry", "--learning-rate", "1e30", "--steps", "30", "--no-progress", "--out", o("ls-nan")], 1,
         "training diverged at iteration", []),
        ("benchmark --steps 0", "errors", ["benchmark", "--steps", "0"], 2, "--steps", []),
        ("benchmark --group-size 0", "errors", ["benchmark", "--group-size", "0"], 2, "--group-size", []),
        ("unknown command", "errors", ["trian"], 2, "Unmatched argument", []),
        ("unknown option", "errors", ["train", "--epoch", "2"], 2, "Unknown option", []),
        # 4. sizes
        ("train --channels 100000", "sizes", ["train", "--channels", "100000", "--out", o("huge")] + tiny[4:]
         + ["--data-dir", SLICE], 1, "does not fit in memory", []),
        ("train --channels 2000", "sizes", ["train", "--channels", "2000", "--out", o("big")] + tiny[4:]
         + ["--data-dir", SLICE], 1, "does not fit in memory", []),
        ("IDX header declaring 2.5 M images", "sizes",
         ["train", "--data-dir", os.path.join(work, "huge-header"), "--out", o("hh")] + tiny, 1,
         "refused before inflating", []),
        ("--batch-size 0", "sizes", ["train", "--batch-size", "0"], 2, "--batch-size expected a positive number", []),
        ("--train-examples beyond the data", "sizes",
         ["train", "--train-examples", "999999", "--out", o("many"), "--data-dir", SLICE, "--no-progress"], 1,
         "numExamples: expected at most", []),
        ("--epochs -1", "sizes", ["train", "--epochs", "-1"], 2, "--epochs expected a positive number", []),
        # 5. data and model files
        ("label 200 in the labels file", "data", ["train", "--data-dir", os.path.join(work, "bad-label"), "--out",
                                                   o("bl")] + tiny, 1, "record 17 has label 200", []),
        ("gzip cut in half", "data", ["train", "--data-dir", os.path.join(work, "cut-gzip"), "--out", o("cg")] + tiny,
         1, "train-images-idx3-ubyte.gz", []),
        ("corrupt gzip data", "data", ["train", "--data-dir", os.path.join(work, "corrupt-gzip"), "--out", o("cz")]
         + tiny, 1, "gzip", []),
        ("wrong IDX magic", "data", ["train", "--data-dir", os.path.join(work, "wrong-magic"), "--out", o("wm")]
         + tiny, 1, "wrong magic number", []),
        ("missing data folder", "data", ["train", "--data-dir", os.path.join(work, "nowhere"), "--out", o("nd")]
         + tiny, 1, "does not exist", []),
        ("model file is text", "data", ["eval", "--model-file", os.path.join(work, "text.zip")] + slice_, 1,
         "not a zip archive", []),
        ("model file is a cut zip", "data", ["eval", "--model-file", os.path.join(work, "cut.zip")] + slice_, 1,
         "cut.zip", []),
        ("coefficients.bin truncated", "data",
         ["inspect", "--model-file", os.path.join(work, "truncated-coefficients.zip"), "--out", o("tc")], 1,
         "is truncated", []),
        ("foreign zip", "data", ["eval", "--model-file", os.path.join(work, "foreign.zip")] + slice_, 1,
         "not a DL4J model", []),
        ("model file is a FIFO", "data", ["eval", "--model-file", os.path.join(work, "fifo")] + slice_, 1,
         "special file", []),
        ("model file is a folder", "data", ["eval", "--model-file", os.path.join(work, "a-folder")] + slice_, 1,
         "found a folder", []),
        ("model file is /dev/null", "data", ["eval", "--model-file", "/dev/null"] + slice_, 1, "special file", []),
        ("missing model file", "data", ["inspect", "--model-file", os.path.join(work, "none.zip")], 1,
         "model file not found", []),
        ("MNIST model on CIFAR data", "data", ["eval", "--model-file", m, "--data", "cifar10"], 1,
         "does not take the 3×32×32 images", []),
        ("unknown --data", "data", ["train", "--data", "svhn"], 2, "svhn", []),
        ("unknown --model", "data", ["train", "--model", "vgg"], 2, "vgg", []),
        ("learn-symmetry unknown task", "data", ["learn-symmetry", "--task", "shift-3d"], 2, "shift-3d", []),
        ("unknown --recipe", "data", ["train", "--recipe", "slow"], 2, "expected one of: paper, fast", []),
        ("--recipe for a model without logits", "data", ["train", "--model", "gcnn", "--recipe", "fast", "--out",
                                                         o("gr"), "--no-progress"] + slice_, 1,
         "applies to models with learned stacks", []),
        ("--data plain for a CIFAR-10 model", "data", ["train", "--model", "wsresnet", "--data", "plain", "--out",
                                                       o("wp")], 1, "--data plain has 1×28×28 images", []),
        ("harden a model without learned stacks", "data",
         ["harden", "--model-file", os.path.join(work, "exported.zip"), "--out", o("h.zip")], 1,
         "no learned weight-sharing layer", []),
        ("harden a soft model", "data", ["harden", "--model-file", m, "--out", o("soft.zip")], 1,
         "far from a hard permutation", ["model.zip"]),
        # 6. divergence (NaN batches cannot come from IDX bytes: ReliabilityTest covers the API)
        ("learn-symmetry --norm-penalty NaN", "divergence", ["learn-symmetry", "--norm-penalty", "NaN"], 2,
         "--norm-penalty expected a finite number", []),
        ("learn-symmetry --learning-rate -1", "divergence", ["learn-symmetry", "--learning-rate", "-1"], 2,
         "--learning-rate expected a finite number > 0", []),
        # 8. validate before the work
        ("eval --json checked before a missing model", "validation",
         ["eval", "--model-file", os.path.join(work, "none.zip"), "--json", os.path.join(work, "existing.json")], 1,
         "--json", ["existing.json"]),
        ("export --out checked before a missing model", "validation",
         ["export", "--model-file", os.path.join(work, "none.zip"), "--out", os.path.join(work, "a-folder")], 1,
         "found a folder", []),
        ("train with an undecodable byte in --out", "validation", ["train", "--out", "bad\udcffname"] + tiny
         + ["--data-dir", SLICE], 1, "not valid in the platform's file-name encoding", []),
        ("harden --minimum-mass 1.5", "validation", ["harden", "--model-file", m, "--out", o("mm.zip"),
                                                      "--minimum-mass", "1.5"], 1, "--minimum-mass", []),
        # 9. ONNX export
        ("export --format tflite", "onnx", ["export", "--format", "tflite", "--model-file", m, "--out",
                                            o("m.tflite")], 2, "--format expected dl4j or onnx, found tflite", []),
        ("export --format onnx --input-shape 1,28", "onnx", ["export", "--format", "onnx", "--model-file", m,
                                                           "--out", o("m.onnx"), "--input-shape", "1,28"], 2,
         "--input-shape expected three positive numbers", []),
        ("export --format onnx --out = --model-file", "onnx", ["export", "--format", "onnx", "--model-file", m,
                                                             "--out", m, "--force"], 1,
         "is an input of this command", ["model.zip"]),
        ("export --format onnx over an existing file", "onnx", ["export", "--format", "onnx", "--model-file", m,
                                                              "--out", os.path.join(work, "existing.json")], 1,
         "--force", ["existing.json"]),
        # 10. Spark
        ("train --spark-master lokal[2]", "spark", ["train", "--out", o("s1"), "--spark-master", "lokal[2]"] + tiny
         + ["--data-dir", SLICE], 1, "cannot be parsed", []),
        ("train --spark-master spark://127.0.0.1:1 (nobody there)", "spark",
         ["train", "--out", o("s2"), "--spark-master", "spark://127.0.0.1:1"] + tiny + ["--data-dir", SLICE], 1,
         "cannot be reached", []),
        ("train --spark-master local[2] --workers 0", "spark",
         ["train", "--out", o("s3"), "--spark-master", "local[2]", "--workers", "0"] + tiny + ["--data-dir", SLICE],
         2, "--workers expected a positive number, found 0", []),
        ("train --averaging-frequency without a master", "spark",
         ["train", "--out", o("s4"), "--averaging-frequency", "2"] + tiny + ["--data-dir", SLICE], 1,
         "only apply with --spark-master", []),
        ("train on Spark with more workers than batches", "spark",
         ["train", "--out", o("s5"), "--spark-master", "local[2]", "--workers", "3"] + tiny + ["--data-dir", SLICE],
         1, "for 3 workers", []),
        ("train --training-master ring", "spark",
         ["train", "--out", o("s6"), "--spark-master", "local[2]", "--training-master", "ring"] + tiny
         + ["--data-dir", SLICE], 2, "--training-master expected averaging or shared, found ring", []),
        # legal inputs that must work
        ("export --format onnx of the trained model", "legal",
         ["export", "--format", "onnx", "--model-file", m, "--out", o("legal.onnx")], 0, None, ["model.zip"]),
        ("train on Spark local[2]", "legal",
         ["train", "--out", o("spark-ok"), "--spark-master", "local[2]"] + tiny + ["--data-dir", SLICE], 0, None, []),
        ("export with --force over its own earlier export", "legal",
         ["export", "--model-file", m, "--out", os.path.join(work, "exported.zip"), "--force"], 0, None, ["model.zip"]),
        ("resume a model.zip with --fresh-updater", "legal",
         ["train", "--resume", "--fresh-updater", "--out", os.path.join(work, "resume-fresh"), "--epochs", "2",
          "--no-progress"], 0, None, []),
    ]


def prepare_case_files(work, run):
    os.makedirs(os.path.join(work, "out"), exist_ok=True)
    for name in ("resume-copy", "resume-fresh"):
        os.makedirs(os.path.join(work, name))
        shutil.copy(os.path.join(run, "model.zip"), os.path.join(work, name, "checkpoint.zip"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wsnn", default=os.path.join(ROOT, "wsnn"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "reliability-table.md"))
    ap.add_argument("--only", default=None)
    args = ap.parse_args()
    wsnn = os.path.abspath(args.wsnn)
    work = tempfile.mkdtemp(prefix="wsnn-hostile-")
    print("scratch folder", work, flush=True)
    run = setup(wsnn, work)
    prepare_case_files(work, run)
    # fixtures that need wsnn itself: an export (no learned stacks), an inspection, a comparison, a liar
    subprocess.run([wsnn, "export", "--model-file", os.path.join(work, "model.zip"), "--out",
                    os.path.join(work, "exported.zip")], cwd=work, capture_output=True, timeout=300)
    subprocess.run([wsnn, "inspect", "--model-file", os.path.join(work, "model.zip"), "--out",
                    os.path.join(work, "inspected")], cwd=work, capture_output=True, timeout=300)
    subprocess.run([wsnn, "compare", "--out", os.path.join(work, "compared"), "--models", "cnn", "--data-dir", SLICE,
                    "--train-examples", "64", "--test-examples", "32", "--channels", "cnn=2", "--no-progress"],
                   cwd=work, capture_output=True, timeout=300)
    liar = os.path.join(work, "liar")
    os.makedirs(liar)
    subprocess.run([wsnn, "train", "--model", "cnn", "--channels", "2", "--data-dir", SLICE, "--train-examples",
                    "64", "--test-examples", "32", "--out", os.path.join(work, "cnn-run"), "--no-progress"],
                   cwd=work, capture_output=True, timeout=300)
    # a CNN checkpoint whose record says wscnn
    with zipfile.ZipFile(os.path.join(work, "cnn-run", "checkpoint.zip")) as src, \
            zipfile.ZipFile(os.path.join(liar, "checkpoint.zip"), "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "wsnn-checkpoint.json":
                data = data.replace(b'"model" : "cnn"', b'"model" : "wscnn"')
            dst.writestr(item, data)

    rows = []
    for name, kind, argv, code, fragment, protected in cases(work):
        if args.only and args.only not in name:
            continue
        before = {p: sha(os.path.join(work, p)) for p in protected}
        start = time.time()
        try:
            r = subprocess.run([wsnn] + argv, cwd=work, capture_output=True, text=True, timeout=TIMEOUT,
                               errors="replace")
            seconds = time.time() - start
            exit_code, err = r.returncode, r.stderr
        except subprocess.TimeoutExpired:
            seconds, exit_code, err = TIMEOUT, None, "(timed out)"
        lines = [l for l in err.splitlines() if not LOG_LINE.match(l) and " INFO " not in l and " WARN " not in l]
        message = lines[-1] if lines else ""
        problems = []
        if exit_code is None:
            problems.append("no answer within %d s" % TIMEOUT)
        elif exit_code != code:
            problems.append("exit %s, expected %d" % (exit_code, code))
        if "\tat " in err or "Exception in thread" in err:
            problems.append("stack trace")
        if code != 0:
            usage = code == 2   # picocli prints its usage hint after the one line
            if not usage and len(lines) != 1:
                problems.append("%d lines on stderr" % len(lines))
            if fragment and fragment not in err:
                problems.append("does not name '%s'" % fragment)
            if usage:
                message = lines[0] if lines else ""
        after = {p: sha(os.path.join(work, p)) for p in protected}
        damaged = [p for p in protected if before[p] != after[p]]
        if damaged:
            problems.append("damaged " + ", ".join(damaged))
        verdict = "pass" if not problems else "FAIL: " + "; ".join(problems)
        shown = " ".join(a if len(a) < 60 else "…" + os.path.basename(a) for a in argv)
        shown = shown.replace(work + "/", "").replace(SLICE, "SLICE").encode("utf-8", "backslashreplace").decode()
        rows.append((kind, name, shown, code, message.replace(work + "/", "").replace(SLICE, "SLICE"), seconds, verdict))
        print("%-5s %5.1fs %-45s %s" % ("ok" if not problems else "FAIL", seconds, name, verdict), flush=True)

    passed = sum(1 for r in rows if r[6] == "pass")
    with open(args.out + ".tmp", "w") as f:
        f.write("# Hostile inputs: verdicts\n\n")
        f.write("Written by `python3 scripts/hostile_inputs.py` (%s). %d of %d cases pass: answered within %d s, "
                "the expected exit code, one line on stderr naming what was wrong (usage errors: picocli's line "
                "and usage hint), no stack trace, protected files unchanged.\n\n"
                % (time.strftime("%Y-%m-%d"), passed, len(rows), TIMEOUT))
        f.write("| class | input | command (in the scratch folder) | exit | observed (last stderr line) | s | verdict |\n")
        f.write("|---|---|---|---|---|---|---|\n")
        for kind, name, shown, code, message, seconds, verdict in rows:
            cell = lambda s: s.replace("|", "\\|").replace("\n", " ")
            f.write("| %s | %s | `%s` | %d | %s | %.1f | %s |\n" % (kind, cell(name), cell(shown), code,
                                                                   cell(message), seconds, verdict))
    os.replace(args.out + ".tmp", args.out)
    print("%d of %d pass; wrote %s" % (passed, len(rows), args.out))
    shutil.rmtree(work, ignore_errors=True)
    return 0 if passed == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
