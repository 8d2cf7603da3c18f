// Logistic regression over named features: the reader's one kind of learned decision. A model is
// plain data (named weights and a bias) so that it can be stored as JSON in data/, read back, and
// shown: every decision can list the features that moved it. Training is deterministic — full-batch
// Adam from zero weights for a fixed number of steps — so the same examples give the same model.

/** Named feature values of one example. Absent features are 0. */
export type Features = Record<string, number>;

export interface Example {
  features: Features;
  label: 0 | 1;
  /** How much the example counts (default 1). */
  weight?: number;
}

export interface LogisticModel {
  bias: number;
  weights: Record<string, number>;
}

export interface TrainOptions {
  /** L2 penalty per example-weight unit (default 1e-3). */
  l2?: number;
  /** Full-batch steps (default 400). */
  steps?: number;
  /** Adam's step size (default 0.1). */
  rate?: number;
  /** Weights whose magnitude stays below this are dropped from the model (default 1e-4). */
  prune?: number;
  /** Give both classes the same total weight, so that a rare class is not ignored (default true). */
  balance?: boolean;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** The model's probability that the example is positive. */
export function probability(model: LogisticModel, features: Features): number {
  return sigmoid(logit(model, features));
}

export function logit(model: LogisticModel, features: Features): number {
  let z = model.bias;
  for (const name in features) {
    const w = model.weights[name];
    if (w !== undefined) z += w * (features[name] as number);
  }
  return z;
}

/** What each feature added to the logit, largest magnitude first: the evidence of one decision. */
export function contributions(
  model: LogisticModel,
  features: Features,
  limit = 5,
): { feature: string; value: number; weight: number }[] {
  const out: { feature: string; value: number; weight: number }[] = [];
  for (const name in features) {
    const w = model.weights[name];
    const value = features[name] as number;
    if (w !== undefined && value !== 0) out.push({ feature: name, value, weight: w });
  }
  out.sort((a, b) => Math.abs(b.weight * b.value) - Math.abs(a.weight * a.value));
  return out.slice(0, limit);
}

interface Compiled {
  names: string[];
  rows: { index: Int32Array; value: Float64Array; label: number; weight: number }[];
}

function compile(examples: readonly Example[], balance: boolean): Compiled {
  const indexOf = new Map<string, number>();
  const names: string[] = [];
  let positive = 0;
  let negative = 0;
  for (const e of examples) {
    if (e.label === 1) positive += e.weight ?? 1;
    else negative += e.weight ?? 1;
  }
  const total = positive + negative;
  const rows = examples.map((e) => {
    const keys = Object.keys(e.features).sort();
    const index = new Int32Array(keys.length);
    const value = new Float64Array(keys.length);
    keys.forEach((key, i) => {
      let at = indexOf.get(key);
      if (at === undefined) {
        at = names.length;
        names.push(key);
        indexOf.set(key, at);
      }
      index[i] = at;
      value[i] = e.features[key] as number;
    });
    const classWeight =
      balance && positive > 0 && negative > 0 ? total / (2 * (e.label === 1 ? positive : negative)) : 1;
    return { index, value, label: e.label, weight: (e.weight ?? 1) * classWeight };
  });
  return { names, rows };
}

export function train(examples: readonly Example[], options: TrainOptions = {}): LogisticModel {
  const { l2 = 1e-3, steps = 400, rate = 0.1, prune = 1e-4, balance = true } = options;
  const { names, rows } = compile(examples, balance);
  const n = names.length + 1; // the last slot is the bias
  const w = new Float64Array(n);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  const grad = new Float64Array(n);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const totalWeight = rows.reduce((sum, r) => sum + r.weight, 0) || 1;
  for (let step = 1; step <= steps; step++) {
    grad.fill(0);
    for (const row of rows) {
      let z = w[n - 1] as number;
      for (let i = 0; i < row.index.length; i++) z += (w[row.index[i] as number] as number) * (row.value[i] as number);
      const error = (sigmoid(z) - row.label) * row.weight;
      for (let i = 0; i < row.index.length; i++) {
        const at = row.index[i] as number;
        grad[at] = (grad[at] as number) + error * (row.value[i] as number);
      }
      grad[n - 1] = (grad[n - 1] as number) + error;
    }
    for (let i = 0; i < n; i++) {
      const g = (grad[i] as number) / totalWeight + (i < n - 1 ? l2 * (w[i] as number) : 0);
      m[i] = beta1 * (m[i] as number) + (1 - beta1) * g;
      v[i] = beta2 * (v[i] as number) + (1 - beta2) * g * g;
      const mHat = (m[i] as number) / (1 - beta1 ** step);
      const vHat = (v[i] as number) / (1 - beta2 ** step);
      w[i] = (w[i] as number) - (rate * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
  const weights: Record<string, number> = {};
  names.forEach((name, i) => {
    const value = w[i] as number;
    if (Math.abs(value) >= prune) weights[name] = round(value);
  });
  return { bias: round(w[n - 1] as number), weights };
}

/** Six significant digits: the model file stays readable and diffs stay small. */
const round = (x: number) => Number(x.toPrecision(6));
