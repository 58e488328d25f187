# numpy's judgement of the matrix fuzzer's answers (bench/fuzz/matrix.ts): for each case, at up to 4
# drawn points where the source is finite and smooth, the printed gradient against central differences
# of the source, both evaluated by numpy. A second-order case brings its gradient too (`gradient`): it
# is judged so first, then the printed Hessian against central differences of that gradient.
# With "library": "tf" the sources and results are TensorFlow code, evaluated by TensorFlow on float64 tensors.
# Reads {"cases", "sizes", "shapes", "seed", "library"} on stdin; prints one {"id", "verdict", "detail"} line per case.
import json, math, sys, warnings
import numpy as np
warnings.filterwarnings('ignore')
question = json.loads(sys.stdin.read())
sizes, shapes = question['sizes'], question['shapes']
rng = np.random.default_rng(question['seed'])
if question.get('library') == 'tf':
    import tensorflow as tf
    names = {'tf': tf, 'math': math}
    tensor = lambda v: v if np.ndim(v) == 0 else tf.constant(v, dtype=tf.float64)  # noqa: E731
else:
    names = {'np': np}
    tensor = lambda v: v  # noqa: E731


def differences(f, x0):
    """Central differences of f (scalar or array valued) in every entry of x0, stacked after f's own
    axes; None where f is not finite or the differences of two steps disagree (a kink in between)."""
    columns = []
    for i in np.ndindex(x0.shape):
        h = 1e-6 * max(1.0, abs(x0[i]))
        step = np.zeros_like(x0)
        step[i] = h
        coarse = (np.asarray(f(x0 + step), dtype=float) - np.asarray(f(x0 - step), dtype=float)) / (2 * h)
        fine = (np.asarray(f(x0 + step / 10), dtype=float) - np.asarray(f(x0 - step / 10), dtype=float)) / (2 * h / 10)
        if not (np.all(np.isfinite(coarse)) and np.all(np.isfinite(fine))):
            return None
        if np.max(np.abs(coarse - fine)) > 1e-4 * max(1.0, float(np.max(np.abs(coarse)))):
            return None
        columns.append(coarse)
    stacked = np.stack(columns, axis=-1)
    return stacked.reshape(np.asarray(f(x0)).shape + x0.shape)


def compare(printed_text, env, reference, what):
    """None when the printed value equals the reference; else the verdict and its detail."""
    try:
        printed = np.asarray(eval(printed_text, env), dtype=float)
    except Exception as e:
        return 'misprinted', f'{what}: {type(e).__name__}: {e}'
    if printed.shape != reference.shape:
        return 'wrong', f'{what}: shape {printed.shape} vs {reference.shape}'
    if not np.all(np.isfinite(printed)):
        return 'not-finite', f'the printed {what} is not finite where the source and its differences are'
    # as close as the two difference quotients agree (1e-4): a wrong derivative is off by far more
    err = float(np.max(np.abs(printed - reference))) / max(1.0, float(np.max(np.abs(reference))))
    return None if err < 1e-4 else ('wrong', f'{what}: relative error {err:.3g}')


for c in question['cases']:
    verdict, detail = 'undecided', ''
    for attempt in range(12):
        env = dict(names)
        for name, shape in shapes.items():
            dims = tuple(sizes[s] for s in shape)
            v = rng.uniform(0.4, 1.6, dims) * (1 if attempt % 2 == 0 else rng.choice([-1, 1], dims))
            env[name] = float(v) if dims == () else tensor(v)
        try:
            f0 = float(eval(c['source'], env))
        except Exception:
            continue
        if not np.isfinite(f0):
            continue
        x0 = np.array(env[c['wrt']], dtype=float)
        at = lambda text: (lambda x: eval(text, {**env, c['wrt']: tensor(x)}))
        gradient_text = c.get('gradient', c['result'])
        reference = differences(at(c['source']), x0)
        if reference is None:
            continue
        bad = compare(gradient_text, env, reference, 'gradient')
        if bad is None and 'gradient' in c:
            try:
                hessian = differences(at(gradient_text), x0)
            except Exception:
                hessian = None
            if hessian is None:
                continue
            bad = compare(c['result'], env, hessian, 'Hessian')
        if bad is not None:
            verdict, detail = bad
            break
        verdict = 'correct'
        if attempt >= 3:
            break
    print(json.dumps({'id': c['id'], 'verdict': verdict, 'detail': detail}))
