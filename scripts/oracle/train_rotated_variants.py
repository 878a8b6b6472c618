"""A copy of ../shared/bench/train_rotated.py with recipe knobs for fast-discovery experiments: --rep-wd (decay on the
logits alone), --rep-init / --rep-init-normal (logit initialisation), --ent-warm (entropy from that step on).
Results in docs/discovery/fast-recipe-*.json (docs/discovery.md section 6).

PyTorch reference training of the paper's MNIST WSCNN on rotated (or plain) MNIST-family digits, with the
convex fit of the learned lifting stack onto the C4 rotations logged as training goes: a same-budget oracle
for wsnn's `train` and for recipes that try to find the symmetry faster.

Usage (Debian's python3-torch; numpy only otherwise):
  /usr/bin/python3 train_rotated.py --data-dir /usr/share/datasets/fashion-mnist --channels 16 \
      --train-examples 8000 --test-examples 2000 --epochs 4 --log-every 50 --out run.json [--plain]
Paper recipe (defaults): AdamW lr 1e-2 for weights and for logits, weight decay 1e-4 on all parameters,
loss = CE + 0.1 * sum of norm losses (entropy 0), batch 64, train images rotated uniformly in [0, 360)
afresh each epoch (bilinear, zero fill, on [0, 1] pixels), test set rotated once with a fixed seed, then
(x - 0.1307) / 0.3081. --plain: no rotation at all (the negative control). Prints one line per log point:
steps, seconds, task loss, penalty, test accuracy (per epoch), and for the lifting layer each learned
element's best rotation and coefficient, their mean, and how many distinct rotations reach >= 0.9.
"""
import argparse
import gzip
import itertools
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.environ.get("WSNN_BENCH", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench")))
from ref_wsnn import WSCNN  # noqa: E402

DATA_DIR = "/usr/share/datasets/fashion-mnist"
MEAN, STD = 0.1307, 0.3081


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], "big")
    ndim = magic & 0xFF
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(split):
    x = read_idx(os.path.join(DATA_DIR, f"{split}-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    y = read_idx(os.path.join(DATA_DIR, f"{split}-labels-idx1-ubyte.gz")).astype(np.int64)
    return torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y)


def rotate(x, degrees):
    """Bilinear rotation about the image centre, zero fill (torchvision-style, align_corners=False)."""
    t = torch.as_tensor(degrees, dtype=torch.float32) * math.pi / 180.0
    c, s = torch.cos(t), torch.sin(t)
    z = torch.zeros_like(c)
    theta = torch.stack([torch.stack([c, -s, z], -1), torch.stack([s, c, z], -1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def normalise(x):
    return (x - MEAN) / STD


# ---------- ground truths and the convex fit ----------
def lift_perms(k):
    d = k * k
    out = np.zeros((4, d, d))
    for g in range(4):
        for m in range(d):
            e = np.zeros(d)
            e[m] = 1
            out[g][:, m] = np.rot90(e.reshape(k, k), g).reshape(-1)
    return out


def shift_twist_perms(k, G=4):
    d = G * k * k
    out = np.zeros((4, d, d))
    for g in range(4):
        for m in range(d):
            e = np.zeros(d)
            e[m] = 1
            t = np.rot90(e.reshape(G, k, k), g, axes=(1, 2))
            t = np.roll(t, g, 0)
            out[g][:, m] = t.reshape(-1)
    return out


def simplex_fit(R, P):
    """argmin_{c>=0, sum c=1} ||R - sum_k c_k P_k||_F, exactly, by enumerating supports (K small)."""
    K = P.shape[0]
    Pf = P.reshape(K, -1)
    Q = Pf @ Pf.T
    b = Pf @ R.reshape(-1)
    const = float(R.reshape(-1) @ R.reshape(-1))
    best, best_f = None, np.inf
    for size in range(1, K + 1):
        for S in itertools.combinations(range(K), size):
            S = list(S)
            n = len(S)
            A = np.zeros((n + 1, n + 1))
            A[:n, :n] = 2 * Q[np.ix_(S, S)]
            A[:n, n] = 1
            A[n, :n] = 1
            rhs = np.concatenate([2 * b[S], [1.0]])
            try:
                sol = np.linalg.solve(A, rhs)
            except np.linalg.LinAlgError:
                continue
            cS = sol[:n]
            if np.any(cS < -1e-12):
                continue
            c = np.zeros(K)
            c[S] = np.clip(cS, 0, None)
            c /= c.sum()
            f = c @ Q @ c - 2 * b @ c + const
            if f < best_f - 1e-15:
                best, best_f = c, f
    return best, math.sqrt(max(best_f, 0.0))


def projected_gradient_fit(R, P, iters=20000):
    """Cross-check: plain projected gradient on the simplex."""
    K = P.shape[0]
    Pf = P.reshape(K, -1)
    Q = Pf @ Pf.T
    b = Pf @ R.reshape(-1)
    L = 2 * np.linalg.eigvalsh(Q).max()
    c = np.full(K, 1.0 / K)
    for _ in range(iters):
        v = c - 2 * (Q @ c - b) / L
        u = np.sort(v)[::-1]
        css = np.cumsum(u)
        rho = np.nonzero(u * np.arange(1, K + 1) > (css - 1))[0][-1]
        th = (css[rho] - 1) / (rho + 1.0)
        c = np.maximum(v - th, 0)
    return c


def fit_stack(reps, P):
    """reps: [G, d, d] with reps[0] the fixed identity. Returns per element (g = 0..G-1)."""
    rows = []
    for g in range(reps.shape[0]):
        c, res = simplex_fit(reps[g], P)
        rows.append({"element": g, "coefficients": [round(float(v), 6) for v in c],
                     "best": int(np.argmax(c)), "coefficient": float(np.max(c)),
                     "residual": res, "relative_residual": res / float(np.linalg.norm(reps[g]))})
    learned = [r["coefficient"] for r in rows[1:]]
    # matched: distinct true elements with coefficient >= 0.9 among the learned elements g=1..3
    owners = {r["best"] for r in rows[1:] if r["coefficient"] >= 0.9}
    return {"elements": rows, "mean_learned": float(np.mean(learned)),
            "mean_all": float(np.mean([r["coefficient"] for r in rows])),
            "matched_learned_ge_0.9": len(owners)}


def hardness(reps):
    """trace(P^T R)/d for the best permutation P (greedy assignment; exact for near-permutations)."""
    out = []
    for R in reps:
        d = R.shape[0]
        Rc = R.copy()
        total = 0.0
        for _ in range(d):
            i, j = np.unravel_index(np.argmax(Rc), Rc.shape)
            total += R[i, j]
            Rc[i, :] = -1
            Rc[:, j] = -1
        out.append(total / d)
    return out


def evaluate(model, xt, yt, bs=500):
    model.eval()
    with torch.no_grad():
        correct = sum((model(xt[i:i + bs]).argmax(1) == yt[i:i + bs]).sum().item() for i in range(0, len(xt), bs))
    model.train()
    return correct / len(xt)


def main():
    global DATA_DIR
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=DATA_DIR)
    ap.add_argument("--channels", type=int, default=16)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-2)
    ap.add_argument("--rep-lr", type=float, default=1e-2)
    ap.add_argument("--wd", type=float, default=1e-4)
    ap.add_argument("--norm", type=float, default=0.1)
    ap.add_argument("--ent", type=float, default=0.0)
    ap.add_argument("--train-examples", type=int, default=8000)
    ap.add_argument("--test-examples", type=int, default=2000)
    ap.add_argument("--plain", action="store_true", help="no rotation (negative control)")
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rep-wd", type=float, default=None)
    ap.add_argument("--rep-init", type=float, default=1.0, help="logits ~ U[0, s)")
    ap.add_argument("--rep-init-normal", type=float, default=0.0, help="logits ~ N(0, s) if > 0")
    ap.add_argument("--max-steps", type=int, default=0)
    ap.add_argument("--ent-warm", type=int, default=0)
    a = ap.parse_args()
    DATA_DIR = a.data_dir
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    xtr, ytr = load("train")
    xtr, ytr = xtr[:a.train_examples], ytr[:a.train_examples]
    xte, yte = load("t10k")
    xte, yte = xte[:a.test_examples], yte[:a.test_examples]
    if not a.plain:
        xte = rotate(xte, np.random.default_rng(10_000 + a.seed).uniform(0, 360, len(xte)))
    xte = normalise(xte)
    model = WSCNN(hidden=a.channels)
    with torch.no_grad():
        for n_, p_ in model.named_parameters():
            if "logits" in n_:
                if a.rep_init_normal > 0:
                    p_.normal_(0, a.rep_init_normal)
                else:
                    p_.uniform_(0, a.rep_init)
    logits = [p for n, p in model.named_parameters() if "logits" in n]
    rest = [p for n, p in model.named_parameters() if "logits" not in n]
    opt = torch.optim.AdamW([{"params": rest, "lr": a.lr, "weight_decay": a.wd},
                             {"params": logits, "lr": a.rep_lr, "weight_decay": a.wd if a.rep_wd is None else a.rep_wd}])
    P_lift = lift_perms(5)
    log = {"config": vars(a), "points": [], "epochs": []}

    def point(step, seconds, task, pen, acc=None):
        with torch.no_grad():
            f = fit_stack(model.lift.reps().double().numpy(), P_lift)
        row = {"step": step, "seconds": round(seconds, 1), "task": task, "penalty": pen, "test_acc": acc,
               "lift_best": [e["best"] for e in f["elements"][1:]],
               "lift_coef": [round(e["coefficient"], 3) for e in f["elements"][1:]],
               "lift_mean": round(f["mean_learned"], 4), "lift_matched": f["matched_learned_ge_0.9"]}
        log["points"].append(row)
        print(json.dumps(row), flush=True)

    step, t_train = 0, 0.0
    point(0, 0.0, None, None)
    for epoch in range(1, a.epochs + 1):
        perm = torch.from_numpy(rng.permutation(len(xtr)))
        angles = rng.uniform(0, 360, len(xtr))
        t0 = time.perf_counter()
        for i in range(0, len(xtr) - a.batch + 1, a.batch):
            idx = perm[i:i + a.batch]
            xb = xtr[idx] if a.plain else rotate(xtr[idx], angles[i:i + a.batch])
            xb, yb = normalise(xb), ytr[idx]
            opt.zero_grad()
            task = F.cross_entropy(model(xb), yb)
            nl, el = model.reg_losses()
            ent = a.ent if step >= a.ent_warm else 0.0
            loss = task + a.norm * nl + ent * el
            loss.backward()
            opt.step()
            step += 1
            if step % a.log_every == 0:
                point(step, t_train + time.perf_counter() - t0, float(task), float(a.norm * nl + a.ent * el))
            if a.max_steps and step >= a.max_steps:
                break
        t_train += time.perf_counter() - t0
        acc = evaluate(model, xte, yte)
        log["epochs"].append({"epoch": epoch, "steps": step, "seconds": round(t_train, 1), "test_acc": acc})
        point(step, t_train, float(task), float(a.norm * nl + a.ent * el), acc)
    json.dump(log, open(a.out, "w"), indent=1)


if __name__ == "__main__":
    main()
