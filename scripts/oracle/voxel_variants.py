"""The voxel tasks (C4xC4 products, the 24 cube rotations on 3x3x3 voxels) and the shifts in an independent PyTorch
re-implementation of `learn-symmetry` (48 signals, 8,000 samples, noise 0.05, W ~ U(+-1/sqrt(d)), bias, Adam 0.1,
norm 0.1, entropy 0.003 constant or ramped, 300 full-batch steps), over seeds. Prints per configuration the seeds whose
every element has overlap >= 0.9, the minimum overlap per seed (1.0 = exact) and the training accuracy:
  /usr/bin/python3 scripts/oracle/voxel_variants.py "[dict(task=\"cube24\", wd=0.01, sched=\"ramp\")]" 5
Used for docs/discovery.md section 1."""
import os, sys, math, itertools
import numpy as np
import torch
BENCH = os.environ.get("WSNN_BENCH", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench"))
sys.path.insert(0, BENCH)
from ref_wsnn import sinkhorn, norm_loss
torch.set_num_threads(1)

def perm_matrix(images):
    n=len(images); P=torch.zeros(n,n)
    for i,j in enumerate(images): P[i,j]=1
    return P

def cube_perms():
    idx=np.arange(27).reshape(3,3,3)
    rz=lambda a: np.rot90(a,1,(0,1)); rx=lambda a: np.rot90(a,1,(1,2))
    def img(a): return tuple(a.reshape(-1))
    return idx, rz, rx, img

def group(task):
    if task=="shift":
        return [perm_matrix([(i-s)%12 for i in range(12)]) for s in range(12)]
    idx, rz, rx, img = cube_perms()
    if task=="c4xc4":
        out=[]
        for a in range(4):
            for b in range(4):
                t=idx
                for _ in range(b): t=rx(t)
                for _ in range(a): t=rz(t)
                out.append(perm_matrix(img(t)))
        return out
    if task=="cube24":
        seen={img(idx):None}; frontier=[idx]
        while frontier:
            nf=[]
            for t in frontier:
                for f in (rz,rx):
                    u=f(t)
                    if img(u) not in seen: seen[img(u)]=None; nf.append(u)
            frontier=nf
        return [perm_matrix(k) for k in seen]

def run(seed, task="c4xc4", steps=300, lr=0.1, ent=0.003, wd=0.0, noise=0.05, K=48, N=8000, sched="const"):
    Ps=torch.stack(group(task)); G,n,_=Ps.shape
    torch.manual_seed(seed)
    xhat=torch.randn(K,n)
    k=torch.randint(K,(N,)); g=torch.randint(G,(N,))
    x=torch.einsum("snm,sm->sn", Ps[g], xhat[k]) + noise*torch.randn(N,n)
    y=k*G+g
    w=torch.nn.Parameter((torch.rand(K,n)*2-1)/math.sqrt(n))
    b=torch.nn.Parameter(torch.zeros(K))
    logits=torch.nn.Parameter(torch.rand(G-1,n,n))
    opt=torch.optim.Adam([{"params":[w],"lr":lr,"weight_decay":wd},{"params":[logits,b],"lr":lr}])
    for step in range(steps):
        f=step/steps
        e_c = ent if sched=="const" else ent*f
        R=torch.cat([torch.eye(n)[None], sinkhorn(logits,20)])
        kern=torch.einsum("gnm,km->kgn",R,w).reshape(K*G,n)
        out=x@kern.T + b.repeat_interleave(G)
        e=-(R*R.clamp(min=1e-16).log()).sum()
        loss=torch.nn.functional.cross_entropy(out,y)+0.1*norm_loss(logits)+e_c*e
        opt.zero_grad(); loss.backward(); opt.step()
    R=torch.cat([torch.eye(n)[None], sinkhorn(logits,20)]).detach()
    acc=((x@torch.einsum("gnm,km->kgn",R,w).reshape(K*G,n).T + b.repeat_interleave(G)).argmax(1)==y).float().mean().item()
    coef=[float((R[i]*Ps[i]).sum()/n) for i in range(G)]
    return sum(c>=0.9 for c in coef)==G, min(coef), acc
cfgs=eval(sys.argv[1]); seeds=range(int(sys.argv[2]))
for cfg in cfgs:
    res=[run(s,**cfg) for s in seeds]
    print(cfg,"ok",sum(r[0] for r in res),"/",len(res),"min",[round(r[1],2) for r in res],"acc",[round(r[2],2) for r in res],flush=True)
