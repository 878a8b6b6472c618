#!/usr/bin/env python3
"""Writes one v2 pretrained checkpoint into wsnn-zoo's resources from a finished scripts/train-pretrained.sh
run: copies RUN/model.zip to FILES[model].zip and writes the .properties record beside it
(command, seed, steps, seconds, recipe, full-test accuracy, slice accuracy, Adler32, and for the WSCNN the
group its lifting layer's stack rounds to, from RUN/representations.json). PretrainedCheckpoint reads it.

A retrained checkpoint needs a new file name (FILES below, and PretrainedCheckpoint's): ZooModel.initPretrained
caches the file by name under the DL4J resources folder and fails once on a cached file of that name whose
checksum differs (it deletes it and throws), so a user who loaded the old file would get that failure.

Usage: /usr/bin/python3 scripts/pretrained_record.py MODEL RUN "COMMAND"
"""
import json
import os
import platform
import shutil
import subprocess
import sys
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET = os.path.join(HERE, "..", "wsnn-zoo", "src", "main", "resources", "org", "wsnn", "zoo", "pretrained")
# file names (without .zip / .properties): the v2 format, ".1" for the WSCNN retrained with 5 epochs
FILES = {
    "wscnn": "wscnn-rotated-fashion-mnist-v2.1",
    "gcnn": "gcnn-rotated-fashion-mnist-v2",
    "cnn": "cnn-rotated-fashion-mnist-v2",
}
TITLES = {
    "wscnn": "WSCNN (paper defaults: 32 channels, G = 4; 410,890 weights + 121,875 logits), fast recipe",
    "gcnn": "GCNN (paper defaults: C4, 16 channels; 103,050 weights)",
    "cnn": "CNN (paper defaults: 64 channels; 412,170 weights)",
}


def cpu():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        return next(l.split(":", 1)[1].strip() for l in out.splitlines() if l.startswith("Model name"))
    except (OSError, StopIteration):
        return platform.processor() or "unknown"


def main():
    model, run, command = sys.argv[1], sys.argv[2], sys.argv[3]
    metrics = json.load(open(os.path.join(run, "metrics.json")))
    with zipfile.ZipFile(os.path.join(run, "checkpoint.zip")) as z:
        info = json.loads(z.read("wsnn-checkpoint.json"))
    sliced = json.load(open(run + "-slice.json"))
    name = FILES[model]
    os.makedirs(TARGET, exist_ok=True)
    zip_target = os.path.join(TARGET, name + ".zip")
    shutil.copyfile(os.path.join(run, "model.zip"), zip_target)
    adler = zlib.adler32(open(zip_target, "rb").read()) & 0xFFFFFFFF
    lines = [
        f"# {TITLES[model]}",
        "# trained on ROTATED FASHION-MNIST (DL4J's PretrainedType.MNIST slot; not handwritten digits):",
        "# all 60,000 training images, rotated afresh each epoch; written by scripts/train-pretrained.sh.",
        "version=2",
        f"model={model}",
        "data=rotated Fashion-MNIST: real Fashion-MNIST (Debian dataset-fashion-mnist, /usr/share/datasets/fashion-mnist),"
        " every image rotated by U[0, 360) degrees, bilinear, fill 0, normalised 0.1307/0.3081 (ImageTask.ROTATED)",
        f"command={command}",
        f"seed={info['seed']}",
        f"epochs={info['epoch']}",
        f"steps={info['iteration']}",
        f"trainExamples={info['trainExamples']}",
        f"batchSize={info['batchSize']}",
        f"trainSeconds={sum(info['secondsPerEpoch']):.1f}",
        f"machine={cpu()}, {os.cpu_count()} cores, nd4j-native linux-x86_64-onednn",
        f"testExamples={metrics['testExamples']}",
        f"testSeed={info['seed']}",
        f"testAccuracy={metrics['testAccuracy']:.4f}",
    ]
    if info.get("recipe"):
        lines.append(f"recipe={info['recipe']}")
    reps = os.path.join(run, "representations.json")
    if os.path.exists(reps):
        lift = json.load(open(reps))["layers"][0]
        d = lift["discovered"]
        c4 = lift["fits"]["c4"]
        lines.append(f"discoveredLift={d['name']}: {d['distinct']} distinct rounded elements, "
                     f"{'closed' if d['closed'] else 'not closed'}, mass on them >= {d['minimumMass']:.3f}")
        lines.append(f"liftC4Matched={c4['matched']}/{len(c4['coefficients'])}, mean coefficient {c4['meanCoefficient']:.3f}")
    lines += [
        f"sliceCommand=./wsnn eval --model-file {name}.zip --data rotated --data-dir "
        "wsnn-core/src/test/resources/fashion-mnist-slice --test-examples 200 --seed 1",
        f"sliceExamples={sliced['testExamples']}",
        "sliceSeed=1",
        f"sliceAccuracy={sliced['accuracy']:.4f}",
        f"adler32={adler}",
        "normalizer=normalizer.bin in the zip: NormalizerStandardize mean 0.1307, std 0.3081 (ImageTask.ROTATED.normalizer())",
    ]
    with open(os.path.join(TARGET, name + ".properties"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {name}.zip ({os.path.getsize(zip_target)} bytes, adler32 {adler}) and {name}.properties:")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
