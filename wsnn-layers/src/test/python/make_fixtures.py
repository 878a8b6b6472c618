#!/usr/bin/env python3
"""Golden parity fixtures for the wsnn layers, computed with the independent PyTorch reference.

The reference (ref_wsnn.py) is not part of this repository; it lives in ../shared/bench beside it.
Run from the repository root:

    /usr/bin/python3 wsnn-layers/src/test/python/make_fixtures.py \
        [--ref-dir ../shared/bench] [--out wsnn-layers/src/test/resources/fixtures]

Everything is computed in float64 with fixed seeds and saved as float64 C-order .npy files
(scalars as shape-[1] arrays). The script also writes README.md in the output folder.
"""
import argparse
import os
import sys

import numpy as np
import torch

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", ".."))
COMMAND = ("/usr/bin/python3 wsnn-layers/src/test/python/make_fixtures.py "
           "--ref-dir ../shared/bench --out wsnn-layers/src/test/resources/fixtures")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ref-dir", default=os.path.join(REPO_ROOT, "..", "shared", "bench"),
                   help="folder holding ref_wsnn.py (default: ../shared/bench relative to the repository root)")
    p.add_argument("--out", default=os.path.join(REPO_ROOT, "wsnn-layers", "src", "test", "resources", "fixtures"),
                   help="output folder (default: wsnn-layers/src/test/resources/fixtures in the repository)")
    return p.parse_args()


class Writer:
    def __init__(self, out):
        self.out = out
        self.rows = []  # (name, shape)
        os.makedirs(out, exist_ok=True)

    def save(self, name, t):
        a = t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
        a = np.ascontiguousarray(a, dtype=np.float64)
        if a.ndim == 0:
            a = a.reshape(1)
        if not np.all(np.isfinite(a)):
            raise AssertionError(f"{name}: non-finite values")
        path = os.path.join(self.out, name)
        np.save(path, a)
        self.rows.append((name, a.shape))
        print(f"{name:28s} shape={str(list(a.shape)):18s} sum|x|={np.abs(a).sum():.17g}")
        return a


def main():
    args = parse_args()
    sys.path.insert(0, os.path.abspath(args.ref_dir))
    import ref_wsnn as ref  # noqa: E402

    torch.set_default_dtype(torch.float64)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    w = Writer(os.path.abspath(args.out))

    with torch.no_grad():
        # ---- 1. Sinkhorn ----------------------------------------------------------------------
        torch.manual_seed(1001)
        logits = 3 * torch.randn(3, 5, 5)
        w.save("sinkhorn_logits.npy", logits)
        w.save("sinkhorn_out.npy", ref.sinkhorn(logits, 20))
        w.save("sinkhorn3_out.npy", ref.sinkhorn(logits, 3))

        rng = np.random.RandomState(1002)
        ext = rng.choice(np.array([-1e4, -1e3, 0.0, 1e3, 1e4]), size=(2, 4, 4))
        ext[1, 2, :] = -1e4  # one row entirely -1e4
        ext = torch.from_numpy(ext)
        w.save("sinkhorn_extreme_logits.npy", ext)
        ext_out = ref.sinkhorn(ext, 20)
        assert torch.isfinite(ext_out).all(), "Sinkhorn on extreme logits is not finite"
        w.save("sinkhorn_extreme_out.npy", ext_out)

        # ---- 2. Penalties ---------------------------------------------------------------------
        torch.manual_seed(2001)
        nl = torch.randn(3, 6, 6) * 2
        w.save("norm_logits.npy", nl)
        w.save("norm_value.npy", ref.norm_loss(nl).reshape(1))
        reps = ref.sinkhorn(torch.randn(2, 6, 6), 20)
        w.save("entropy_reps.npy", reps)
        w.save("entropy_value.npy", ref.entropy_loss(reps).reshape(1))

        # ---- 3. Lifting layer -----------------------------------------------------------------
        cin, cout, k, g = 2, 3, 3, 4
        torch.manual_seed(3001)
        x = torch.randn(2, cin, 7, 9)
        W = torch.randn(cout, cin, k * k)
        b = torch.randn(cout)
        R = torch.rand(g - 1, k * k, k * k) * 2
        R_noid = torch.rand(g, k * k, k * k)
        w.save("lift_input.npy", x)
        w.save("lift_W.npy", W.reshape(cout, cin, k, k))
        w.save("lift_b.npy", b)
        w.save("lift_R.npy", R)

        def make_lift(fix_identity, logits, padding):
            m = ref.Lift(cin, cout, k, g, n_iter=20, fix_identity=fix_identity, padding=padding)
            m.weight.copy_(W)
            m.bias.copy_(b.reshape(cout, 1, 1, 1))
            m.logits.copy_(logits)
            return m

        m = make_lift(True, R, 0)
        y = m(x)
        assert y.shape == (2, cout, g, 5, 7), y.shape
        w.save("lift_out_valid.npy", y)
        kern = m.kernel()
        assert kern.shape == (cout * g, cin, k, k), kern.shape
        w.save("lift_kernel.npy", kern)
        y = make_lift(True, R, 1)(x)
        assert y.shape == (2, cout, g, 7, 9), y.shape
        w.save("lift_out_same.npy", y)

        w.save("lift_noid_R.npy", R_noid)
        y = make_lift(False, R_noid, 0)(x)
        assert y.shape == (2, cout, g, 5, 7), y.shape
        w.save("lift_noid_out_valid.npy", y)

        # ---- 4. Group convolution -------------------------------------------------------------
        torch.manual_seed(4001)
        d = g * k * k
        x = torch.randn(2, cin, g, 7, 9)
        W = torch.randn(cout, cin, d)
        b = torch.randn(cout)
        R = torch.rand(g - 1, d, d) * 2
        w.save("gconv_input.npy", x)
        w.save("gconv_W.npy", W.reshape(cout, cin, g, k, k))
        w.save("gconv_b.npy", b)
        w.save("gconv_R.npy", R)

        def make_gconv(padding):
            m = ref.GConv(cin, cout, k, g, n_iter=20, fix_identity=True, padding=padding)
            m.weight.copy_(W)
            m.bias.copy_(b.reshape(cout, 1, 1, 1))
            m.logits.copy_(R)
            return m

        m = make_gconv(0)
        y = m(x)
        assert y.shape == (2, cout, g, 5, 7), y.shape
        w.save("gconv_out_valid.npy", y)
        kern = m.kernel()
        assert kern.shape == (cout * g, cin * g, k, k), kern.shape
        w.save("gconv_kernel.npy", kern)
        y = make_gconv(1)(x)
        assert y.shape == (2, cout, g, 7, 9), y.shape
        w.save("gconv_out_same.npy", y)

    write_readme(w)
    total = sum(os.path.getsize(os.path.join(w.out, n)) for n, _ in w.rows)
    print(f"{len(w.rows)} files, {total} bytes, torch {torch.__version__}, numpy {np.__version__}")


DESCRIPTIONS = {
    "sinkhorn_logits.npy": "3·randn logits Θ [G',d,d]",
    "sinkhorn_out.npy": "sinkhorn(sinkhorn_logits, 20): exp of the log-domain result",
    "sinkhorn3_out.npy": "sinkhorn(sinkhorn_logits, 3): shows the iteration count matters",
    "sinkhorn_extreme_logits.npy": "entries from {-1e4,-1e3,0,1e3,1e4}; row [1,2,:] is all -1e4",
    "sinkhorn_extreme_out.npy": "sinkhorn(extreme, 20); finite (asserted)",
    "norm_logits.npy": "2·randn raw logits [G',d,d]",
    "norm_value.npy": "norm_loss(norm_logits): mean over stack of LSE_rows² + LSE_cols² (scalar as [1])",
    "entropy_reps.npy": "sinkhorn(randn(2,6,6), 20): doubly-stochastic stack",
    "entropy_value.npy": "entropy_loss(entropy_reps) = −Σ R·log max(R,1e−16) (scalar as [1])",
    "lift_input.npy": "lifting input x [B,Cin,H,W] (non-square on purpose)",
    "lift_W.npy": "lifting base weights [Cout,Cin,k,k] (taps row-major, d = k² = 9)",
    "lift_b.npy": "lifting bias [Cout] (reference module stores it as [Cout,1,1,1])",
    "lift_R.npy": "lifting logits [G',d,d], G' = G−1 = 3 (rand·2)",
    "lift_out_valid.npy": "Lift output, padding 0: [B,Cout,G,H',W']",
    "lift_out_same.npy": "Lift output, padding 1: [B,Cout,G,H,W]",
    "lift_kernel.npy": "materialised Lift kernel [Cout·G,Cin,k,k], filter index o·G+g",
    "lift_noid_R.npy": "logits [G,d,d] for fix_identity=False (rand, no ·2)",
    "lift_noid_out_valid.npy": "Lift output with fix_identity=False (same x, W, b), padding 0",
    "gconv_input.npy": "group-conv input x [B,Cin,Gin,H,W] (seen as [B,Cin·Gin,H,W], index c·Gin+h)",
    "gconv_W.npy": "group-conv base weights [Cout,Cin,Gin,k,k] (flat d = Gin·k² = 36, order (Gin,ky,kx))",
    "gconv_b.npy": "group-conv bias [Cout]",
    "gconv_R.npy": "group-conv logits [G',d,d], G' = G−1 = 3, d = 36 (rand·2)",
    "gconv_out_valid.npy": "GConv output, padding 0: [B,Cout,Gout,H',W']",
    "gconv_out_same.npy": "GConv output, padding 1: [B,Cout,Gout,H,W]",
    "gconv_kernel.npy": "materialised GConv kernel [Cout·Gout,Cin·Gin,k,k], filter o·G+g, in-channel c·Gin+h",
}


def write_readme(w):
    lines = [
        "# Parity fixtures (golden values from the PyTorch reference)",
        "",
        "Generated by `wsnn-layers/src/test/python/make_fixtures.py` from `ref_wsnn.py`, the project's",
        "independent PyTorch reference implementation, which lives outside this repository in",
        "`../shared/bench` (written from the paper, arXiv 2412.04594; see `../shared/docs/method.md`).",
        "",
        "Regenerate from the repository root with:",
        "",
        "```",
        COMMAND,
        "```",
        "",
        f"Generated with torch {torch.__version__}, numpy {np.__version__}, Python "
        f"{sys.version.split()[0]} (Debian python3-torch), CPU, 1 thread.",
        "",
        "All arrays are float64, C order (`np.save`); scalars are shape-[1] arrays. Everything was computed",
        "in float64 with fixed seeds (torch.manual_seed 1001/2001/3001/4001 per section, numpy",
        "RandomState 1002 for the extreme logits).",
        "",
        "## Layouts and settings",
        "",
        "- Sinkhorn: log domain, per iteration rows (`Θ −= LSE over last axis`) then columns",
        "  (`Θ −= LSE over second-to-last axis`), result `exp(Θ)`; 20 iterations unless stated.",
        "- Lifting layer (`ref_wsnn.Lift`): Cin=2, Cout=3, k=3, G=4, n_iter=20, fix_identity=True unless",
        "  stated. W element order `[nOut, nIn, k, k]` (flattened taps d = k², row-major).",
        "- Group convolution (`ref_wsnn.GConv`): Cin=2, Cout=3, k=3, Gin=Gout=4, n_iter=20,",
        "  fix_identity=True. W element order `[nOut, nIn, Gin, k, k]` (flat d = Gin·k², order (Gin, ky, kx)).",
        "- R logits are `[G', d, d]` with G' = G−1 because the identity is fixed as group element 0 (the",
        "  stack is `(I, Sinkhorn(R_1..R_{G-1}))`); with fix_identity=False, G' = G and all elements are",
        "  Sinkhorn-normalised. Note: the reference's fixed identity is `eye(d) + 1e-16` (every entry, also",
        "  off-diagonal), so element 0 differs from an exact identity by ~1e-16·Σ|W| per kernel entry — far",
        "  below any sensible float64 tolerance, irrelevant in float32.",
        "- kernel[o, g, i, :] = R_g · W[o, i, :]; filters indexed o·G + g (channel-major, group-minor).",
        "- Layer outputs are `[B, Cout, G, H', W']`, bias (one per Cout) added over group and space.",
        "  padding 0 (\"valid\"): H' = H−k+1, W' = W−k+1; padding 1 with k=3 (\"same\"): H' = H, W' = W.",
        "  Convolution is PyTorch conv2d, i.e. cross-correlation, stride 1.",
        "",
        "## Files",
        "",
        "| file | shape | meaning |",
        "|---|---|---|",
    ]
    for name, shape in w.rows:
        lines.append(f"| `{name}` | {list(shape)} | {DESCRIPTIONS[name]} |")
    lines.append("")
    with open(os.path.join(w.out, "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
