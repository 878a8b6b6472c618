"""Variants of the shift-1d oracle (../shared/bench/toy_shift.py) over seeds: initialisation, L2 on W and/or the logits,
learning rates, entropy schedules. Each configuration is a dict of run() keywords; prints how many seeds recover all
12 shifts (every element overlap trace(P_g^T R_g)/d >= 0.9) and which fail. Debian python3-torch:
  /usr/bin/python3 scripts/oracle/shift_variants.py "[dict(), dict(wd=0.1), dict(wd=0.1, rwd=0.1)]" 20
Used for docs/discovery.md section 1."""
import os, sys, math, itertools
import torch
BENCH = os.environ.get("WSNN_BENCH", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench"))
sys.path.insert(0, BENCH)
from ref_wsnn import sinkhorn, norm_loss
torch.set_num_threads(1)
def run(seed, winit="uniform", steps=250, lr=0.05, rlr=None, ent=0.003, sched="const", wd=0.0, noise=0.05, half=False, tau0=1.0, K=16, wnorm=False, rwd=0.0):
    n=12
    torch.manual_seed(seed)
    P = torch.stack([torch.roll(torch.eye(n), s, 0) for s in range(n)])
    xhat = torch.randn(K, n)
    shifts = torch.arange(n//2) if half else torch.arange(n)
    N = 4000
    k = torch.randint(K, (N,)); g = shifts[torch.randint(len(shifts), (N,))]
    x = torch.stack([torch.roll(xhat[a], int(s)) for a, s in zip(k, g)]) + noise * torch.randn(N, n)
    G=len(shifts); y = k * G + g
    if winit=="normal": w = torch.nn.Parameter(torch.randn(K, n) * 0.1)
    else: w = torch.nn.Parameter((torch.rand(K, n)*2-1)/math.sqrt(n))
    logits = torch.nn.Parameter(torch.rand(G - 1, n, n))
    opt = torch.optim.Adam([{"params":[w],"lr":lr,"weight_decay":wd},{"params":[logits],"lr":rlr or lr,"weight_decay":rwd}])
    for step in range(steps):
        f=step/steps
        e_c = ent if sched=="const" else ent*f if sched=="ramp" else (ent if f>=0.5 else 0)
        tau = tau0**(1-f)
        R = torch.cat([torch.eye(n)[None], sinkhorn(logits/tau, 20)])
        ww = w/w.norm(dim=1,keepdim=True)*3 if wnorm else w
        kern = torch.einsum("gnm,km->kgn", R, ww).reshape(K * G, n)
        out = x @ kern.T
        e = -(R * R.clamp(min=1e-16).log()).sum()
        loss = torch.nn.functional.cross_entropy(out, y) + 0.1 * norm_loss(logits) + e_c * e
        opt.zero_grad(); loss.backward(); opt.step()
    R = torch.cat([torch.eye(n)[None], sinkhorn(logits, 20)]).detach()
    coef=[float((R[i]*P[int(shifts[i])]).sum()/n) for i in range(G)]
    return sum(c>=0.9 for c in coef)==G, min(coef)
cfgs = eval(sys.argv[1])
seeds = range(int(sys.argv[2]) if len(sys.argv)>2 else 20)
for cfg in cfgs:
    res=[run(s, **cfg) for s in seeds]
    print(cfg, "ok", sum(r[0] for r in res), "/", len(res), "fails", [s for s,r in zip(seeds,res) if not r[0]], flush=True)
