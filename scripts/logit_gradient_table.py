#!/usr/bin/env python3
"""Condenses scripts/logit-gradient-probe.sh logs into the table of docs/discovery.md section 6: per run and
step, the rotations' z (mean and range over 3 elements x 3 rotations), the shell-preserving permutations'
mean z, the largest rotation z among shell-preserving permutations, and the steepest permutation's z.
    /usr/bin/python3 scripts/logit_gradient_table.py docs/discovery/probes/logit-gradient-*.txt
"""
import re, sys
for f in sys.argv[1:]:
    run = None
    for line in open(f):
        if line.startswith('==='):
            run = line.split()[1:3]
        m = re.match(r'step (\d+):', line)
        if m:
            step = int(m.group(1)); rz=[]; rs=[]; sh=[]; st=[]; taps=[]
        if line.strip().startswith('element'):
            rz += [float(x) for x in re.findall(r'rot\d mu \S+ s \S+ z (-?[\d.]+)', line)]
            rs += [float(x) for x in re.findall(r'\((-?[\d.]+) among', line)]
            sh += [float(x) for x in re.findall(r'shell-preserving permutations: mean z (-?[\d.]+)', line)]
            st += [float(x) for x in re.findall(r'steepest permutation mu \S+ z (-?[\d.]+)', line)]
            taps += [int(x) for x in re.findall(r'\((\d+)/25 taps', line)]
            if line.strip().startswith('element 3'):
                print(f"| {' '.join(run)} | {step} | {sum(rz)/len(rz):.1f} ({min(rz):.1f} … {max(rz):.1f}) | {f'{sum(sh)/len(sh):.1f}' if sh else '—'} | {f'{max(rs):.1f}' if rs else '—'} | {sum(st)/len(st):.1f} ({min(taps)}–{max(taps)}/25) |")
