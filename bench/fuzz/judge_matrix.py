# numpy's judgement of the matrix fuzzer's answers (bench/fuzz/matrix.ts): for each case, at up to 4
# drawn points where the source is finite and smooth, the printed gradient against central differences
# of the source, both evaluated by numpy. Reads {"cases", "sizes", "shapes", "seed"} on stdin; prints
# one {"id", "verdict", "detail"} line per case.
import json, sys, warnings
import numpy as np
warnings.filterwarnings('ignore')
question = json.loads(sys.stdin.read())
sizes, shapes = question['sizes'], question['shapes']
rng = np.random.default_rng(question['seed'])
for c in question['cases']:
    verdict, detail = 'undecided', ''
    for attempt in range(12):
        env = {'np': np}
        for name, shape in shapes.items():
            dims = tuple(sizes[s] for s in shape)
            v = rng.uniform(0.4, 1.6, dims) * (1 if attempt % 2 == 0 else rng.choice([-1, 1], dims))
            env[name] = float(v) if dims == () else v
        try:
            f0 = float(eval(c['source'], env))
        except Exception:
            continue
        if not np.isfinite(f0):
            continue
        x0 = np.array(env[c['wrt']], dtype=float)
        ref = np.zeros_like(x0)
        ok = True
        for i in np.ndindex(x0.shape):
            h = 1e-6 * max(1.0, abs(x0[i]))
            up, down = x0.copy(), x0.copy()
            up[i] += h; down[i] -= h
            a = float(eval(c['source'], {**env, c['wrt']: up})); b = float(eval(c['source'], {**env, c['wrt']: down}))
            # a kink between the two points (abs, maximum) makes the difference meaningless
            a2 = float(eval(c['source'], {**env, c['wrt']: x0 + (up - x0) / 10})); b2 = float(eval(c['source'], {**env, c['wrt']: x0 - (x0 - down) / 10}))
            ref[i] = (a - b) / (2 * h)
            coarse, fine = ref[i], (a2 - b2) / (2 * h / 10)
            if not (np.isfinite(a) and np.isfinite(b)) or abs(coarse - fine) > 1e-4 * max(1.0, abs(coarse)):
                ok = False
        if not ok:
            continue
        try:
            printed = np.asarray(eval(c['result'], env), dtype=float)
        except Exception as e:
            verdict, detail = 'misprinted', f'{type(e).__name__}: {e}'
            break
        if printed.shape == ref.shape and not np.all(np.isfinite(printed)):
            verdict, detail = 'not-finite', 'the printed gradient is not finite where the source and its differences are'
            break
        if printed.shape != ref.shape:
            verdict, detail = 'wrong', f'shape {printed.shape} vs {ref.shape}'
            break
        # as close as the two difference quotients agree (1e-4): a wrong gradient is off by far more
        err = float(np.max(np.abs(printed - ref))) / max(1.0, float(np.max(np.abs(ref))))
        if not err < 1e-4:
            verdict, detail = 'wrong', f'relative error {err:.3g}'
            break
        verdict = 'correct'
        if attempt >= 3:
            break
    print(json.dumps({'id': c['id'], 'verdict': verdict, 'detail': detail}))
